"""Realisasi as DOMAIN.md §4 gives it, through the services every page and the API call: the workflow, who may act,
the optimistic lock, the budget spent and concurrency."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from apps.accounts.models import Role
from apps.progress import services
from apps.progress.models import BudgetRealisation, Evidence, ProgressReport, ProgressReview
from apps.progress.models import ReportStatus as S
from apps.progress.selectors import evidence_for, reportable_agreements_for, reports_for

from .factories import DepartmentFactory, UserFactory
from .factories_progress import (
    make_signed_agreement,
    pdf_file,
    png_file,
)

# ruff: noqa: F811 - the fixtures imported from tests/progress_fixtures.py are the parameters of the tests
from .progress_fixtures import WITA, agreement, draft, in_april_2026, indicator, on, people, program  # noqa: F401

pytestmark = pytest.mark.usefixtures("in_april_2026")


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
