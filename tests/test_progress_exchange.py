"""Issue 5: the Excel export of a PK's realisasi and the import of one quarter from the same workbook (preview,
line-numbered errors, all or nothing, through services.report_save); an export re-imports with no change."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from apps.core import importing
from apps.core.models import ImportJob
from apps.progress import services
from apps.progress.models import ProgressReport, ReportStatus

# ruff: noqa: F811 - the fixtures imported from tests/progress_fixtures.py are the parameters of the tests
from .progress_fixtures import agreement, in_april_2026, on, people  # noqa: F401
from .realisasi_workbooks import APM, HEADERS, LITERASI, row, workbook_file

pytestmark = pytest.mark.usefixtures("english_messages", "in_april_2026")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("realisasi.xlsx", content, content_type="application/octet-stream")


def validated(upload, user, agreement, quarter=1) -> ImportJob:
    job = importing.import_job_create(
        importer=importing.get_importer("progress"),
        upload=upload,
        by=user,
        target=agreement,
        params={"quarter": quarter},
    )
    importing.import_validate(job)
    job.refresh_from_db()
    return job


def applied(job) -> ImportJob:
    assert importing.import_job_confirm(job=job)
    job.refresh_from_db()
    importing.import_apply(job)
    job.refresh_from_db()
    return job


def export(client, user, agreement):
    client.force_login(user)
    return client.get(reverse("progress_exchange:export", args=[agreement.pk]))


def test_a_head_exports_the_year_and_the_export_reimports_with_no_change(agreement, people, client):
    apm, literasi = agreement.indicators.order_by("order")
    head = people["head"]
    report = services.report_save(indicator=apm, quarter=1, by=head, actual="95,25", analysis="Naik", follow_up="Jaga")
    services.report_submit(report=report, by=head)
    services.report_save(indicator=literasi, quarter=1, by=people["staff"], actual="70")
    services.budget_realisation_save(program=agreement.programs.get(), quarter=1, amount="250.000", by=head)

    response = export(client, head, agreement)
    assert response.status_code == 200 and response["Content-Type"].endswith("spreadsheetml.sheet")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Realisasi"]
    assert [cell.value for cell in sheet[1]] == HEADERS
    rows = [[cell.value for cell in line] for line in sheet.iter_rows(min_row=2) if line[1].value]
    assert len(rows) == 2 * 4  # every indicator × quarter
    assert rows[0][1:6] == [APM, "%", "96,5", "I", 95.25] and rows[0][6] == "Submitted" and rows[0][10] == "Jaga"
    assert rows[1][4:7] == ["II", None, "Not reported"]
    budget = [[cell.value for cell in line] for line in workbook["Anggaran"].iter_rows(min_row=2)]
    assert budget[0][3:] == ["I", 250000, 25] and budget[1][4] is None

    versions = list(ProgressReport.objects.order_by("pk").values_list("row_version", flat=True))
    job = validated(upload(response.content), head, agreement, quarter=1)
    assert job.status == ImportJob.Status.READY, job.errors or job.message
    assert importing.preview_counts(job.preview) == {"create": 0, "update": 0, "unchanged": 8}
    assert applied(job).status == ImportJob.Status.DONE
    assert list(ProgressReport.objects.order_by("pk").values_list("row_version", flat=True)) == versions


def test_staff_fill_a_quarter_in_the_export_and_import_it_as_drafts(agreement, people, client):
    staff = people["staff"]
    workbook = load_workbook(io.BytesIO(export(client, staff, agreement).content))
    sheet = workbook["Realisasi"]
    sheet["F2"], sheet["H2"] = "95,5", "Sesuai rencana"  # APM, TW I
    sheet["F6"] = 70.25  # Indeks literasi, TW I
    sheet["F3"] = 99  # APM, TW II: not the quarter imported, left as it is
    buffer = io.BytesIO()
    workbook.save(buffer)

    job = validated(upload(buffer.getvalue()), staff, agreement, quarter=1)
    assert importing.preview_counts(job.preview) == {"create": 2, "update": 0, "unchanged": 6}, job.errors
    assert applied(job).status == ImportJob.Status.DONE
    reports = {r.indicator.name: r for r in ProgressReport.objects.select_related("indicator")}
    assert set(reports) == {APM, LITERASI} and {r.quarter for r in reports.values()} == {1}
    assert str(reports[APM].actual.normalize()) == "95.5" and reports[APM].analysis == "Sesuai rencana"
    assert reports[LITERASI].status == ReportStatus.DRAFT and reports[LITERASI].created_by == staff


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_imported(agreement, people):
    head = people["head"]
    apm = agreement.indicators.get(name=APM)
    services.report_submit(report=services.report_save(indicator=apm, quarter=1, by=head, actual="90"), by=head)
    rows = [
        row(indicator=LITERASI),  # 2 good
        row(indicator="Indikator lain"),  # 3 not in the PK
        row(indicator=LITERASI, actual="abc"),  # 4 not a number (and a repeat, but a bad row says its own problem)
        row(quarter="V"),  # 5 no such quarter
        row(indicator=APM, actual="91"),  # 6 changes a submitted report
        row(indicator=LITERASI, actual="72"),  # 7 repeats line 2
    ]
    job = validated(workbook_file(rows), head, agreement)
    assert job.status == ImportJob.Status.INVALID
    by_line = {error["line"]: error for error in job.errors}
    assert sorted(by_line) == [3, 4, 5, 6, 7], job.errors
    assert by_line[3]["column"] == "Indikator" and "Indikator lain" in by_line[3]["message"]
    assert by_line[4]["column"] == "Realisasi" and "abc" in by_line[4]["message"]
    assert by_line[5]["column"] == "Triwulan" and "V" in by_line[5]["message"]
    assert "submitted" in by_line[6]["message"]
    assert "line 2" in by_line[7]["message"]
    assert ProgressReport.objects.count() == 1 and job.preview == []


def test_a_closed_quarter_is_refused_and_a_reopened_one_imported(agreement, people):
    head = people["head"]
    with on(2026, 5, 2):  # TW I closed on 10 April
        job = validated(workbook_file([row()]), head, agreement, quarter=1)
        assert job.status == ImportJob.Status.INVALID and "closed" in job.errors[0]["message"]
        services.reporting_reopen(
            department=agreement.department,
            year=2026,
            quarter=1,
            until=datetime.date(2026, 5, 9),
            reason="Data terlambat",
            by=people["bappeda"],
        )
        job = validated(workbook_file([row()]), head, agreement, quarter=1)
        assert applied(job).status == ImportJob.Status.DONE, job.errors
    assert ProgressReport.objects.get().actual == 95.5


def test_a_quarter_not_started_is_refused(agreement, people):
    job = validated(workbook_file([row(quarter="III")]), people["head"], agreement, quarter=3)
    assert job.status == ImportJob.Status.INVALID and "not started" in job.errors[0]["message"]


def test_the_upload_form_asks_for_the_quarter_and_keeps_it_on_the_job(agreement, people, client):
    client.force_login(people["head"])
    url = reverse("core:import", args=["progress"]) + f"?target={agreement.pk}"
    page = client.get(url)
    assert page.status_code == 200 and 'name="quarter"' in page.content.decode()
    response = client.post(url, {"target": agreement.pk, "quarter": "2", "file": workbook_file([row()])})
    assert response.status_code == 302
    assert ImportJob.objects.get().params == {"target": agreement.pk, "quarter": 2}


def test_the_export_is_404_for_another_department_and_open_to_bappeda(agreement, people, client):
    assert export(client, people["other_head"], agreement).status_code == 404
    assert export(client, people["bappeda"], agreement).status_code == 200
    assert export(client, people["mayor"], agreement).status_code == 200


def test_bappeda_may_not_import_realisasi(agreement, people, client):
    client.force_login(people["bappeda"])
    assert client.get(reverse("core:import", args=["progress"])).status_code == 403
