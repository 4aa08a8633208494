"""Realisasi as DOMAIN.md §4 gives it, through the services every page and the API will call: the workflow, who may
act, the reporting window and its reopening, the optimistic lock, evidence files and the budget spent."""

import datetime
import hashlib
import threading
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import formats

from apps.accounts.models import Role
from apps.progress import services
from apps.progress.models import BudgetRealisation, Evidence, ProgressReport, ProgressReview, ReportingReopen
from apps.progress.models import ReportStatus as S
from apps.progress.selectors import evidence_for, reportable_agreements_for, reports_for

from .factories import DepartmentFactory, UserFactory
from .factories_progress import (
    executable_file,
    jpeg_file,
    make_signed_agreement,
    office_file,
    ole_file,
    pdf_file,
    png_file,
)

WITA = zoneinfo.ZoneInfo("Asia/Makassar")


def on(year, month, day, hour=10):
    """Travel to a moment in the region's time (WITA)."""
    return time_machine.travel(datetime.datetime(year, month, day, hour, tzinfo=WITA), tick=False)


@pytest.fixture
def people(make_user, other_department):
    return {
        "staff": make_user(Role.DEPARTMENT_STAFF),
        "head": make_user(Role.DEPARTMENT_HEAD),
        "bappeda": make_user(Role.BAPPEDA),
        "mayor": make_user(Role.MAYOR_OFFICE),
        "other_staff": make_user(Role.DEPARTMENT_STAFF, department=other_department),
        "other_head": make_user(Role.DEPARTMENT_HEAD, department=other_department),
    }


@pytest.fixture
def agreement(department):
    return make_signed_agreement(department, year=2026)


@pytest.fixture
def indicator(agreement):
    return agreement.indicators.order_by("order").first()


@pytest.fixture
def program(agreement):
    return agreement.programs.get()


@pytest.fixture(autouse=True)
def _in_april_2026():
    """Inside the reporting window of TW I 2026 (1 January–10 April) unless a test travels elsewhere."""
    with on(2026, 4, 5):
        yield


def draft(indicator, people, **values):
    values = {"actual": "92,5", "analysis": "Sesuai rencana", **values}
    return services.report_save(indicator=indicator, quarter=1, by=people["staff"], **values)


# --- The workflow --------------------------------------------------------------------------------------------------
def test_staff_drafts_the_head_submits_and_bappeda_verifies(indicator, people):
    report = draft(
        indicator,
        people,
        actual="1.234,5",
        supporting_factors="Dukungan sekolah",
        hindering_factors="Cuaca",
        follow_up="Sosialisasi",
    )
    assert (report.status, report.actual, report.row_version) == (S.DRAFT, Decimal("1234.5"), 1)
    assert report.created_by == people["staff"]

    report = services.report_submit(report=report, by=people["head"])
    assert (report.status, report.submitted_by) == (S.SUBMITTED, people["head"])
    assert report.submitted_at is not None

    report = services.report_verify(report=report, by=people["bappeda"], comment="Lengkap")
    assert (report.status, report.verified_by) == (S.VERIFIED, people["bappeda"])
    steps = list(report.reviews.values_list("from_status", "to_status", "by", "comment"))
    assert steps == [
        (S.DRAFT, S.SUBMITTED, people["head"].pk, ""),
        (S.SUBMITTED, S.VERIFIED, people["bappeda"].pk, "Lengkap"),
    ]


def test_every_change_of_a_report_is_in_its_history(indicator, people):
    report = draft(indicator, people)
    draft(indicator, people, actual="93", row_version=1)
    services.report_submit(report=report, by=people["head"])
    events = ProgressReport.pgh_event_model.objects.filter(pgh_obj_id=report.pk)
    assert list(events.order_by("pgh_id").values_list("pgh_label", "status", "actual")) == [
        ("insert", S.DRAFT, Decimal("92.5")),
        ("update", S.DRAFT, Decimal("93")),
        ("update", S.SUBMITTED, Decimal("93")),
    ]


def test_a_returned_report_is_corrected_and_submitted_again(indicator, people):
    report = draft(indicator, people)
    services.report_submit(report=report, by=people["head"])
    report = services.report_return(report=report, by=people["bappeda"], comment="Lampirkan bukti kegiatan")
    assert (report.status, report.returned_by) == (S.RETURNED, people["bappeda"])
    assert report.reviews.get(to_status=S.RETURNED).comment == "Lampirkan bukti kegiatan"

    report = draft(indicator, people, actual="95", row_version=report.row_version)
    assert (report.status, report.actual) == (S.RETURNED, Decimal(95))
    report = services.report_submit(report=report, by=people["head"])
    assert report.status == S.SUBMITTED


def test_bappeda_must_say_what_to_correct_when_returning(indicator, people):
    report = draft(indicator, people)
    services.report_submit(report=report, by=people["head"])
    with pytest.raises(ValidationError) as error:
        services.report_return(report=report, by=people["bappeda"], comment="  ")
    assert "comment" in error.value.message_dict
    report.refresh_from_db()
    assert report.status == S.SUBMITTED


def test_a_report_without_realisasi_cannot_be_submitted(indicator, people):
    report = draft(indicator, people, actual="")
    assert report.actual is None  # missing, never zero
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=report, by=people["head"])
    assert "actual" in error.value.message_dict


def test_a_number_that_is_not_one_is_refused(indicator, people):
    with pytest.raises(ValidationError) as error:
        draft(indicator, people, actual="sembilan puluh")
    assert "actual" in error.value.message_dict
    assert not ProgressReport.objects.exists()


# --- Who may act ---------------------------------------------------------------------------------------------------
def test_the_head_may_also_draft(indicator, people):
    report = services.report_save(indicator=indicator, quarter=1, by=people["head"], actual="90")
    assert report.created_by == people["head"]


def test_staff_may_not_submit(indicator, people):
    report = draft(indicator, people)
    with pytest.raises(PermissionDenied):
        services.report_submit(report=report, by=people["staff"])
    report.refresh_from_db()
    assert report.status == S.DRAFT


def test_the_head_may_not_verify_or_return(indicator, people):
    report = services.report_submit(report=draft(indicator, people), by=people["head"])
    with pytest.raises(PermissionDenied):
        services.report_verify(report=report, by=people["head"])
    with pytest.raises(PermissionDenied):
        services.report_return(report=report, by=people["head"], comment="Cek lagi")
    report.refresh_from_db()
    assert report.status == S.SUBMITTED


@pytest.mark.parametrize("role", ["bappeda", "mayor", "other_staff", "other_head"])
def test_only_the_departments_own_people_enter_realisasi(indicator, program, people, role):
    with pytest.raises(PermissionDenied):
        services.report_save(indicator=indicator, quarter=1, by=people[role], actual="90")
    with pytest.raises(PermissionDenied):
        services.budget_realisation_save(program=program, quarter=1, amount="100", by=people[role])
    assert not ProgressReport.objects.exists()
    assert not BudgetRealisation.objects.exists()


def test_another_departments_head_may_not_submit_or_touch_evidence(indicator, people):
    report = draft(indicator, people)
    evidence = services.evidence_add(report=report, file=pdf_file(), by=people["staff"])
    with pytest.raises(PermissionDenied):
        services.report_submit(report=report, by=people["other_head"])
    with pytest.raises(PermissionDenied):
        services.evidence_add(report=report, file=png_file(), by=people["other_staff"])
    with pytest.raises(PermissionDenied):
        services.evidence_delete(evidence=evidence, by=people["other_head"])
    assert report.evidence.count() == 1


def test_the_mayors_office_may_not_verify(indicator, people):
    report = services.report_submit(report=draft(indicator, people), by=people["head"])
    with pytest.raises(PermissionDenied):
        services.report_verify(report=report, by=people["mayor"])


def test_users_see_only_their_departments_reports(indicator, people, other_department):
    mine = draft(indicator, people)
    theirs_agreement = make_signed_agreement(other_department, year=2026)
    theirs = services.report_save(
        indicator=theirs_agreement.indicators.first(), quarter=1, by=people["other_staff"], actual="1"
    )
    assert list(reports_for(people["staff"])) == [mine]
    assert list(reports_for(people["other_head"])) == [theirs]
    assert set(reports_for(people["bappeda"])) == {mine, theirs}


def test_evidence_is_seen_only_by_its_department_and_the_citywide_roles(indicator, people):
    evidence = services.evidence_add(report=draft(indicator, people), file=pdf_file(), by=people["staff"])
    assert list(evidence_for(people["head"])) == [evidence]
    assert list(evidence_for(people["bappeda"])) == [evidence]
    assert not evidence_for(people["other_head"]).exists()


# --- Illegal transitions -------------------------------------------------------------------------------------------
def test_a_draft_cannot_be_verified_or_returned(indicator, people):
    report = draft(indicator, people)
    with pytest.raises(services.TransitionError):
        services.report_verify(report=report, by=people["bappeda"])
    with pytest.raises(services.TransitionError):
        services.report_return(report=report, by=people["bappeda"], comment="Cek")
    assert not ProgressReview.objects.exists()


def test_a_verified_report_can_be_neither_submitted_returned_nor_edited(indicator, people):
    report = services.report_submit(report=draft(indicator, people), by=people["head"])
    report = services.report_verify(report=report, by=people["bappeda"])
    with pytest.raises(services.TransitionError):
        services.report_submit(report=report, by=people["head"])
    with pytest.raises(services.TransitionError):
        services.report_return(report=report, by=people["bappeda"], comment="Cek")
    with pytest.raises(services.TransitionError):
        services.report_verify(report=report, by=people["bappeda"])
    with pytest.raises(services.TransitionError):
        draft(indicator, people, actual="1")
    with pytest.raises(services.TransitionError):
        services.evidence_add(report=report, file=pdf_file(), by=people["staff"])
    report.refresh_from_db()
    assert (report.status, report.actual) == (S.VERIFIED, Decimal("92.5"))


def test_a_submitted_report_cannot_be_edited_until_returned(indicator, people):
    report = services.report_submit(report=draft(indicator, people), by=people["head"])
    with pytest.raises(services.TransitionError):
        draft(indicator, people, actual="1", row_version=report.row_version)
    with pytest.raises(services.TransitionError):
        services.report_submit(report=report, by=people["head"])


def test_the_database_refuses_any_change_to_a_verified_report(indicator, people):
    report = services.report_submit(report=draft(indicator, people), by=people["head"])
    report = services.report_verify(report=report, by=people["bappeda"])
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReport.objects.filter(pk=report.pk).update(actual=Decimal(1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReport.objects.filter(pk=report.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(
            report=report,
            file="x.pdf",
            original_name="x.pdf",
            size=1,
            content_type="application/pdf",
            sha256="0" * 64,
            uploaded_by=people["staff"],
        )


# --- Only against the newest signed PK -------------------------------------------------------------------------------
def test_realisasi_is_refused_for_a_pk_not_yet_signed(department, people):
    unsigned = make_signed_agreement(department, year=2026, signed=False)
    with pytest.raises(services.TransitionError):
        services.report_save(indicator=unsigned.indicators.first(), quarter=1, by=people["staff"], actual="1")
    with pytest.raises(services.TransitionError):
        services.budget_realisation_save(program=unsigned.programs.get(), quarter=1, amount="1", by=people["staff"])


def test_once_an_amendment_is_signed_realisasi_goes_to_it(agreement, department, people):
    amendment = make_signed_agreement(department, year=2026, previous=agreement)
    with pytest.raises(services.TransitionError):
        services.report_save(indicator=agreement.indicators.first(), quarter=1, by=people["staff"], actual="1")
    report = services.report_save(indicator=amendment.indicators.first(), quarter=1, by=people["staff"], actual="1")
    assert report.indicator.agreement == amendment
    assert list(reportable_agreements_for(people["staff"])) == [amendment]


def test_an_amendment_still_in_draft_leaves_the_signed_version_reportable(agreement, department, people):
    make_signed_agreement(department, year=2026, previous=agreement, signed=False)
    report = services.report_save(indicator=agreement.indicators.first(), quarter=1, by=people["staff"], actual="1")
    assert report.indicator.agreement == agreement


# --- The optimistic lock -------------------------------------------------------------------------------------------
def test_the_second_of_two_editors_gets_a_conflict_and_nothing_is_overwritten(indicator, people):
    opened = draft(indicator, people, actual="90")
    seen = opened.row_version
    draft(indicator, people, actual="91", analysis="Disimpan pertama", row_version=seen)
    with pytest.raises(services.ConflictError):
        services.report_save(
            indicator=indicator, quarter=1, by=people["head"], actual="99", analysis="Kedua", row_version=seen
        )
    stored = ProgressReport.objects.get(pk=opened.pk)
    assert (stored.actual, stored.analysis, stored.row_version) == (Decimal(91), "Disimpan pertama", seen + 1)


def test_two_editors_creating_the_same_report_conflict(indicator, people):
    draft(indicator, people, actual="90", row_version=0)
    with pytest.raises(services.ConflictError):
        draft(indicator, people, actual="80", row_version=0)
    assert ProgressReport.objects.get().actual == Decimal(90)


def test_a_workflow_step_makes_an_open_editor_stale(indicator, people):
    seen = draft(indicator, people).row_version
    report = services.report_submit(report=ProgressReport.objects.get(), by=people["head"])
    report = services.report_return(report=report, by=people["bappeda"], comment="Perbaiki")
    with pytest.raises(services.ConflictError):
        draft(indicator, people, actual="1", row_version=seen)
    assert ProgressReport.objects.get().row_version == report.row_version


# --- The reporting window ------------------------------------------------------------------------------------------
def test_the_deadline_is_the_tenth_day_after_the_quarter_ends(settings):
    assert services.reporting_deadline(2026, 1) == datetime.date(2026, 4, 10)
    assert services.reporting_deadline(2026, 2) == datetime.date(2026, 7, 10)
    assert services.reporting_deadline(2026, 4) == datetime.date(2027, 1, 10)
    settings.PROGRESS_REPORTING_DAYS = 15
    assert services.reporting_deadline(2026, 3) == datetime.date(2026, 10, 15)


def test_a_quarter_is_open_from_its_first_day_until_its_deadline(department):
    is_open = services.is_open
    assert not is_open(department=department, year=2026, quarter=2, day=datetime.date(2026, 3, 31))
    assert is_open(department=department, year=2026, quarter=2, day=datetime.date(2026, 4, 1))
    assert is_open(department=department, year=2026, quarter=2, day=datetime.date(2026, 7, 10))
    assert not is_open(department=department, year=2026, quarter=2, day=datetime.date(2026, 7, 11))


def test_realisasi_is_locked_after_the_tenth_day(indicator, program, people):
    with on(2026, 4, 10, hour=23):
        report = draft(indicator, people)
    with on(2026, 4, 11, hour=0):
        with pytest.raises(services.ReportingClosedError):
            draft(indicator, people, actual="1", row_version=report.row_version)
        with pytest.raises(services.ReportingClosedError):
            services.report_submit(report=report, by=people["head"])
        with pytest.raises(services.ReportingClosedError):
            services.evidence_add(report=report, file=pdf_file(), by=people["staff"])
        with pytest.raises(services.ReportingClosedError):
            services.budget_realisation_save(program=program, quarter=1, amount="1", by=people["staff"])
    report.refresh_from_db()
    assert (report.status, report.actual) == (S.DRAFT, Decimal("92.5"))


def test_the_window_follows_the_setting(indicator, people, settings):
    settings.PROGRESS_REPORTING_DAYS = 15
    with on(2026, 4, 15):
        assert draft(indicator, people).status == S.DRAFT


def test_the_closed_message_names_the_deadline(indicator, people, english_messages):
    with on(2026, 4, 11), pytest.raises(services.ReportingClosedError) as error:
        draft(indicator, people)
    assert f"closed on {formats.date_format(datetime.date(2026, 4, 10))}." in str(error.value)


def test_bappeda_reopens_a_closed_quarter_and_it_is_recorded(indicator, department, people):
    with on(2026, 4, 15):
        reopen = services.reporting_reopen(
            department=department,
            year=2026,
            quarter=1,
            until=datetime.date(2026, 4, 20),
            reason="Server dinas rusak",
            by=people["bappeda"],
        )
        report = draft(indicator, people)
        services.report_submit(report=report, by=people["head"])
    stored = ReportingReopen.objects.get()
    assert (stored.department, stored.year, stored.quarter, stored.until, stored.reason, stored.by) == (
        department,
        2026,
        1,
        datetime.date(2026, 4, 20),
        "Server dinas rusak",
        people["bappeda"],
    )
    assert stored.at == reopen.at
    assert stored.at.astimezone(WITA).date() == datetime.date(2026, 4, 15)
    with on(2026, 4, 21):
        assert not services.is_open(department=department, year=2026, quarter=1)


def test_a_report_returned_after_the_deadline_can_still_be_corrected_and_resubmitted(indicator, people):
    with on(2026, 4, 9):
        report = draft(indicator, people)
        services.report_submit(report=report, by=people["head"])
    with on(2026, 4, 14):  # the window closed on 10 April; Bappeda returns it anyway
        services.report_return(report=report, by=people["bappeda"], comment="Lampirkan bukti")
        report = draft(indicator, people, actual="93", row_version=ProgressReport.objects.get().row_version)
        services.evidence_add(report=report, file=pdf_file(), by=people["staff"])
        services.report_submit(report=report, by=people["head"])
        assert ProgressReport.objects.get().status == S.SUBMITTED
        with pytest.raises(services.ReportingClosedError):  # … but not once it is submitted again
            draft(indicator, people, actual="94")


def test_a_reopening_is_for_one_department(indicator, department, other_department, people):
    with on(2026, 4, 15):
        services.reporting_reopen(
            department=other_department,
            year=2026,
            quarter=1,
            until=datetime.date(2026, 4, 20),
            reason="Banjir",
            by=people["bappeda"],
        )
        with pytest.raises(services.ReportingClosedError):
            draft(indicator, people)


def test_only_bappeda_reopens_and_says_why_until_a_later_date(department, people):
    def reopen(by, **overrides):
        values = {"until": datetime.date(2026, 4, 20), "reason": "Server rusak", **overrides}
        return services.reporting_reopen(department=department, year=2026, quarter=1, by=by, **values)

    with on(2026, 4, 15):
        for role in ("head", "staff", "mayor"):
            with pytest.raises(PermissionDenied):
                reopen(people[role])
        with pytest.raises(ValidationError) as error:
            reopen(people["bappeda"], reason=" ")
        assert "reason" in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            reopen(people["bappeda"], until=datetime.date(2026, 4, 14))
        assert "until" in error.value.message_dict
    with on(2026, 4, 2), pytest.raises(ValidationError) as error:
        reopen(people["bappeda"], until=datetime.date(2026, 4, 9))  # it is open until the 10th anyway
    assert "until" in error.value.message_dict
    assert not ReportingReopen.objects.exists()


def test_a_quarter_cannot_be_reported_before_it_starts(indicator, program, people):
    with pytest.raises(ValidationError) as error:
        services.report_save(indicator=indicator, quarter=3, by=people["staff"], actual="1")
    assert "quarter" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.budget_realisation_save(program=program, quarter=3, amount="1", by=people["staff"])
    assert services.report_save(indicator=indicator, quarter=2, by=people["staff"], actual="1").quarter == 2
    assert not ProgressReport.objects.filter(quarter=3).exists()


def test_there_is_no_fifth_quarter(indicator, people):
    with pytest.raises(ValidationError):
        services.report_save(indicator=indicator, quarter=5, by=people["staff"], actual="1")


# --- Evidence ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("upload", "content_type", "extension"),
    [
        (pdf_file, "application/pdf", "pdf"),
        (png_file, "image/png", "png"),
        (jpeg_file, "image/jpeg", "jpg"),
        (office_file, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
        (
            lambda: office_file("data.xlsx", parts=["xl/workbook.xml"]),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        (ole_file, "application/msword", "doc"),
        (lambda: ole_file("data.xls", stream="Workbook"), "application/vnd.ms-excel", "xls"),
    ],
)
def test_evidence_is_accepted_by_its_content_with_its_sha256(indicator, people, upload, content_type, extension):
    report = draft(indicator, people)
    file = upload()
    body = file.read()
    evidence = services.evidence_add(report=report, file=file, by=people["staff"])
    evidence.refresh_from_db()
    assert evidence.sha256 == hashlib.sha256(body).hexdigest()
    assert (evidence.content_type, evidence.size, evidence.original_name) == (content_type, len(body), file.name)
    assert evidence.file.name.startswith("progress/evidence/2026/")
    assert evidence.file.name.endswith(f".{extension}")  # stored under its real type, whatever its name said
    with default_storage.open(evidence.file.name, "rb") as stored:
        assert stored.read() == body


def test_a_pdf_named_as_a_picture_is_stored_as_a_pdf(indicator, people):
    evidence = services.evidence_add(report=draft(indicator, people), file=pdf_file("foto.jpg"), by=people["staff"])
    assert (evidence.content_type, evidence.original_name) == ("application/pdf", "foto.jpg")
    assert evidence.file.name.endswith(".pdf")


@pytest.mark.parametrize(
    "upload",
    [
        executable_file,
        lambda: executable_file("laporan.docx", magic=b"\x7fELF"),
        lambda: executable_file("foto.png", magic=b"#!/bin/sh\n"),
        lambda: office_file("arsip.docx", content_types=False),
        lambda: office_file("makro.docm", parts=["word/document.xml", "word/vbaProject.bin"]),
        lambda: ole_file("setup.doc", stream="SummaryInformation"),
        lambda: ole_file("makro.doc", stream="_VBA_PROJECT"),
        lambda: SimpleUploadedFile("catatan.pdf", b"hanya teks biasa"),
        lambda: SimpleUploadedFile("kosong.pdf", b""),
    ],
)
def test_files_that_are_not_accepted_types_are_refused_whatever_their_name(indicator, people, upload):
    report = draft(indicator, people)
    with pytest.raises(ValidationError) as error:
        services.evidence_add(report=report, file=upload(), by=people["staff"])
    assert "file" in error.value.message_dict
    assert not Evidence.objects.exists()


def test_a_renamed_executable_is_refused_as_a_program(indicator, people, english_messages):
    with pytest.raises(ValidationError) as error:
        services.evidence_add(report=draft(indicator, people), file=executable_file(), by=people["staff"])
    assert error.value.message_dict["file"] == ["Programs and scripts are not accepted as evidence."]


def test_a_file_over_the_limit_is_refused_naming_the_limit(indicator, people, settings, english_messages):
    settings.PROGRESS_EVIDENCE_MAX_MB = 1
    report = draft(indicator, people)
    with pytest.raises(ValidationError) as error:
        services.evidence_add(report=report, file=pdf_file(body=b"0" * 1024 * 1024), by=people["staff"])
    assert error.value.message_dict["file"] == ["The file is larger than 1 MB."]
    assert services.evidence_add(report=report, file=pdf_file(body=b"0" * 1000), by=people["staff"])


def test_the_same_file_is_attached_once(indicator, people):
    report = draft(indicator, people)
    services.evidence_add(report=report, file=pdf_file(), by=people["staff"])
    with pytest.raises(ValidationError):
        services.evidence_add(report=report, file=pdf_file("salinan.pdf"), by=people["head"])
    assert report.evidence.count() == 1


def test_evidence_is_removed_from_a_draft_and_from_the_disk(indicator, people, django_capture_on_commit_callbacks):
    report = draft(indicator, people)
    evidence = services.evidence_add(report=report, file=png_file(), by=people["staff"])
    name = evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_delete(evidence=evidence, by=people["head"])
    assert not report.evidence.exists()
    assert not default_storage.exists(name)


def test_evidence_of_a_submitted_report_cannot_be_removed(indicator, people):
    report = draft(indicator, people)
    evidence = services.evidence_add(report=report, file=png_file(), by=people["staff"])
    services.report_submit(report=report, by=people["head"])
    with pytest.raises(services.TransitionError):
        services.evidence_delete(evidence=evidence, by=people["staff"])
    assert default_storage.exists(evidence.file.name)
    assert report.evidence.count() == 1


# --- The budget spent ----------------------------------------------------------------------------------------------
def test_budget_realisation_is_recorded_per_program_and_quarter(program, people):
    row = services.budget_realisation_save(program=program, quarter=1, amount="250.000,50", by=people["staff"])
    assert (row.amount, row.row_version, row.created_by) == (Decimal("250000.50"), 1, people["staff"])
    row = services.budget_realisation_save(
        program=program, quarter=1, amount=Decimal(300000), by=people["head"], row_version=1
    )
    assert (row.amount, row.row_version, row.updated_by) == (Decimal(300000), 2, people["head"])
    assert services.budget_realisation_save(program=program, quarter=2, amount="0", by=people["staff"]).amount == 0
    assert BudgetRealisation.objects.count() == 2


def test_budget_realisation_refuses_a_negative_amount_and_a_stale_edit(program, people):
    with pytest.raises(ValidationError) as error:
        services.budget_realisation_save(program=program, quarter=1, amount="-5", by=people["staff"])
    assert "amount" in error.value.message_dict
    services.budget_realisation_save(program=program, quarter=1, amount="100", by=people["staff"], row_version=0)
    services.budget_realisation_save(program=program, quarter=1, amount="200", by=people["staff"], row_version=1)
    with pytest.raises(services.ConflictError):
        services.budget_realisation_save(program=program, quarter=1, amount="300", by=people["head"], row_version=1)
    assert BudgetRealisation.objects.get().amount == Decimal(200)


# --- Concurrency ---------------------------------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_two_bappeda_verifying_at_once_move_it_once(department):
    staff = UserFactory(role=Role.DEPARTMENT_STAFF, department=department)
    head = UserFactory(role=Role.DEPARTMENT_HEAD, department=department)
    verifiers = [UserFactory(role=Role.BAPPEDA) for _ in range(4)]
    agreement = make_signed_agreement(department, year=2026)
    report = services.report_save(indicator=agreement.indicators.first(), quarter=1, by=staff, actual="90")
    services.report_submit(report=report, by=head)
    outcomes = []

    def verify(user):
        try:
            services.report_verify(report=ProgressReport.objects.get(pk=report.pk), by=user)
            outcomes.append("verified")
        except services.TransitionError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=verify, args=(user,)) for user in verifiers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "refused", "verified"]
    assert ProgressReview.objects.filter(report=report, to_status=S.VERIFIED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_at_once_save_once(department):
    editors = [UserFactory(role=Role.DEPARTMENT_STAFF, department=department) for _ in range(3)]
    agreement = make_signed_agreement(department, year=2026)
    indicator = agreement.indicators.first()
    report = services.report_save(indicator=indicator, quarter=1, by=editors[0], actual="1")
    outcomes = []

    def save(user, value):
        try:
            services.report_save(indicator=indicator, quarter=1, by=user, actual=value, row_version=1)
            outcomes.append("saved")
        except services.ConflictError:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(user, str(n))) for n, user in enumerate(editors, start=10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "conflict", "saved"]
    report.refresh_from_db()
    assert report.row_version == 2


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.DEPARTMENT_STAFF, {"progress.view", "progress.report"}),
        (Role.DEPARTMENT_HEAD, {"progress.view", "progress.report", "progress.submit"}),
        (Role.BAPPEDA, {"progress.view", "progress.verify", "progress.reopen"}),
        (Role.MAYOR_OFFICE, {"progress.view"}),
        (Role.INSPECTORATE, {"progress.view"}),
        (Role.ADMIN, {"progress.view"}),
    ],
)
def test_each_role_has_its_progress_permissions(make_user, role, allowed):
    # Bappeda may belong to its own department (it is one) and still acts for every department.
    user = make_user(role, **({"department": DepartmentFactory(name="Bappeda")} if role == Role.BAPPEDA else {}))
    permissions = ("progress.view", "progress.report", "progress.submit", "progress.verify", "progress.reopen")
    assert {name for name in permissions if user.has_perm(name)} == allowed
