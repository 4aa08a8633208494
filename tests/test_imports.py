"""Excel imports of departments and officials: check every row, report every bad one, preview, confirm, apply.

The main journeys run through the pages and a real Celery worker (in a thread, on a queue of its own so that no
other worker on the same Redis takes the tasks); the rest call `import_validate` / `import_apply` directly, which is
what the tasks do.
"""

import datetime
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from apps.accounts.models import Role
from apps.core import importing
from apps.core.models import ImportJob
from apps.core.nip import nip_errors
from apps.departments.importers import parse_echelon, parse_rank
from apps.departments.models import Assignment, Department, Official

from .factories import AssignmentFactory, DepartmentFactory, OfficialFactory, UserFactory, make_nip

DEPARTMENT_HEADERS = ["Kode", "Nama", "Nama singkat", "Jenis", "Aktif"]
OFFICIAL_HEADERS = [
    "NIP",
    "Nama (dengan gelar)",
    "Pangkat/golongan",
    "Eselon",
    "Kode perangkat daerah",
    "Jenis jabatan",
    "Jabatan",
    "TMT",
    "Nomor SK",
    "Tanggal SK",
]
GOOD_DEPARTMENTS = [
    ["1.01.0.00", "Dinas Pendidikan", "Disdik", "dinas", "Ya"],
    ["1.02.0.00", "Dinas Kesehatan", "Dinkes", "Dinas", None],
    ["7.01.0.00", "Kecamatan Banjarbaru Utara", "Kec. BJB Utara", "KECAMATAN", "Ya"],
    ["1.05.0.00", "Satuan Polisi Pamong Praja", "Satpol PP", "Satpol PP", "tidak"],
]
NIP_A = "196811151992021002"
NIP_B = "197106151996031001"


def xlsx(headers, rows, name="data.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def line_error(line, column, message) -> str:
    """The sentence the user reads (in the site's language, so these tests hold once the .po is translated)."""
    return _("Line %(line)d, column %(column)s: %(message)s") % {"line": line, "column": column, "message": message}


def summary(created=0, updated=0, unchanged=0) -> str:
    return importing.summary_text({"create": created, "update": updated, "unchanged": unchanged})


def validated(kind, upload, user) -> ImportJob:
    """What the validate task does, without the worker."""
    job = importing.import_job_create(importer=importing.get_importer(kind), upload=upload, by=user)
    importing.import_validate(job)
    job.refresh_from_db()
    return job


def applied(job) -> ImportJob:
    """What the confirm button and the apply task do, without the worker."""
    assert importing.import_job_confirm(job=job)
    job.refresh_from_db()
    importing.import_apply(job)
    job.refresh_from_db()
    return job


def wait_for(job, *, timeout=30) -> ImportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.is_running:
            return job
        time.sleep(0.1)
    raise AssertionError(f"import job {job.pk} still {job.status} after {timeout} s")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def admin(db):
    return UserFactory(role=Role.ADMIN, username="admin-import")


@pytest.fixture
def import_worker(worker, media):
    return worker


# --- The main journey, through the pages and the worker -------------------------------------------------------
def test_admin_imports_departments_through_preview_and_confirm_with_a_worker(import_worker, client):
    admin = UserFactory(role=Role.ADMIN)
    client.force_login(admin)
    page = client.get(reverse("core:import", args=["departments"]))
    assert page.status_code == 200
    assert "Nama singkat" in page.content.decode()

    response = client.post(
        reverse("core:import", args=["departments"]), {"file": xlsx(DEPARTMENT_HEADERS, GOOD_DEPARTMENTS)}
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:import_job", args=[job.pk])
    job = wait_for(job)
    assert job.status == ImportJob.Status.READY, job.message
    assert job.total_rows == job.processed_rows == 4
    assert Department.objects.count() == 0, "nothing is written before the confirm"

    page = client.get(reverse("core:import_job", args=[job.pk])).content.decode()
    assert 'data-testid="confirm-import"' in page and "Dinas Kesehatan" in page
    partial = client.get(reverse("core:import_job_progress", args=[job.pk]))
    assert partial.status_code == 200 and 'id="import-job"' in partial.content.decode()
    assert "hx-trigger" not in partial.content.decode(), "polling stops once the check is done"

    response = client.post(reverse("core:import_confirm", args=[job.pk]))
    assert response.status_code == 302
    job = wait_for(job)
    assert job.status == ImportJob.Status.DONE, job.errors or job.message
    assert job.message == summary(created=4)
    satpol = Department.objects.get(code="1.05.0.00")
    assert (satpol.kind, satpol.is_active) == ("satpol_pp", False)
    assert Department.objects.get(code="1.02.0.00").is_active is True  # Aktif empty → Ya
    assert job.message in client.get(reverse("core:import_job", args=[job.pk])).content.decode()

    # The same file again: every row unchanged, nothing written.
    stamps = dict(Department.objects.values_list("code", "updated_at"))
    client.post(reverse("core:import", args=["departments"]), {"file": xlsx(DEPARTMENT_HEADERS, GOOD_DEPARTMENTS)})
    again = wait_for(ImportJob.objects.latest("pk"))
    assert again.status == ImportJob.Status.READY
    assert importing.preview_counts(again.preview) == {"create": 0, "update": 0, "unchanged": 4}
    client.post(reverse("core:import_confirm", args=[again.pk]))
    again = wait_for(again)
    assert again.message == summary(unchanged=4)
    assert dict(Department.objects.values_list("code", "updated_at")) == stamps


def test_a_running_job_page_polls_its_progress_every_second(admin, client):
    job = ImportJob.objects.create(
        kind="departments", file="x.xlsx", original_name="x.xlsx", created_by=admin, status="validating"
    )
    job.total_rows, job.processed_rows = 200, 50
    job.save()
    client.force_login(admin)
    page = client.get(reverse("core:import_job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and reverse("core:import_job_progress", args=[job.pk]) in page
    assert 'data-width="25"' in page and 'aria-valuenow="25"' in page


# --- Updates --------------------------------------------------------------------------------------------------
def test_reimport_updates_only_the_fields_that_differ(admin):
    DepartmentFactory(code="1.01.0.00", name="Dinas Pendidikan", short_name="Disdik", kind="dinas")
    rows = [["1.01.0.00", "Dinas Pendidikan dan Kebudayaan", "Disdikbud", "dinas", "Ya"]]
    job = validated("departments", xlsx(DEPARTMENT_HEADERS, rows), admin)
    assert job.status == ImportJob.Status.READY
    [row] = job.preview
    assert row["action"] == "update"
    assert {c["column"]: (c["old"], c["new"]) for c in row["changes"]} == {
        "Nama": ("Dinas Pendidikan", "Dinas Pendidikan dan Kebudayaan"),
        "Nama singkat": ("Disdik", "Disdikbud"),
    }
    job = applied(job)
    assert job.message == summary(updated=1)
    assert Department.objects.get(code="1.01.0.00").short_name == "Disdikbud"


def test_a_department_renamed_earlier_in_the_file_frees_its_name_for_a_later_row(admin):
    DepartmentFactory(code="1.01.0.00", name="Dinas Pendidikan", short_name="Disdik")
    rows = [
        ["1.01.0.00", "Dinas Pendidikan dan Kebudayaan", "Disdikbud", "dinas", "Ya"],
        ["1.09.0.00", "Dinas Pendidikan", "Disdik", "dinas", "Ya"],
    ]
    job = applied(validated("departments", xlsx(DEPARTMENT_HEADERS, rows), admin))
    assert job.status == ImportJob.Status.DONE, job.errors
    assert Department.objects.get(code="1.09.0.00").name == "Dinas Pendidikan"


# --- Bad rows: every one reported, nothing imported -----------------------------------------------------------
def test_every_bad_official_row_is_reported_with_its_line_and_reason_and_nothing_is_imported(admin, department):
    OfficialFactory(nip=NIP_B, name="Pejabat Lama")
    counts = (Official.objects.count(), Assignment.objects.count())
    rows = [
        [NIP_A, "Dr. Ahmad", "IV/c", "II.b", "1.01.0.00", "definitive", "Kepala", "06/01/2025", "SK-1", "03/01/2025"],
        ["19681115199202100", "Budi", "IV/a", None, None, None, None, None, None, None],  # line 3: 17 digits
        ["196813351992021003", "Citra", "IV/a", None, None, None, None, None, None, None],  # 4: no 35th day
        ["196811151992023004", "Dedi", "IV/a", None, None, None, None, None, None, None],  # 5: sex digit 3
        [NIP_A, "Ahmad lagi", "IV/c", None, None, None, None, None, None, None],  # 6: repeats line 2
        [NIP_B, "Eko", "III/d", None, "9.99.9.99", None, None, "06/01/2025", "SK-2", "03/01/2025"],  # 7: no dept
        [196811151992021008.0, "Fajar", "IV/b", None, None, None, None, None, None, None],  # 8: a number
        [make_nip(seq=500), "Gita", "IV/b", None, None, None, None, None, None, None],  # 9: good
    ]
    job = validated("officials", xlsx(OFFICIAL_HEADERS, rows), admin)

    assert job.status == ImportJob.Status.INVALID
    assert (Official.objects.count(), Assignment.objects.count()) == counts
    texts = [error["text"] for error in job.errors]
    assert line_error(3, "NIP", nip_errors("19681115199202100")[0]) in texts  # NIP must have 18 digits; …17
    assert line_error(4, "NIP", nip_errors("196813351992021003")[0]) in texts  # … not a real date
    assert line_error(5, "NIP", nip_errors("196811151992023004")[0]) in texts  # digit 15 (sex) must be 1 or 2
    by_line = {error["line"]: error for error in job.errors}
    assert by_line[6]["column"] == "NIP" and "2" in by_line[6]["message"]  # also appears on line 2
    assert by_line[7]["column"] == "Kode perangkat daerah" and "9.99.9.99" in by_line[7]["message"]
    assert by_line[8]["column"] == "NIP" and "1.96811151992021e+17" in by_line[8]["message"]
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8] and len(job.errors) == 6
    assert job.preview == []


def test_one_bad_last_row_blocks_the_whole_file(admin):
    rows = [[f"1.{n:02d}.0.00", f"Dinas Contoh {n}", f"Dc{n}", "dinas", "Ya"] for n in range(1, 60)]
    rows.append(["9.99.0.00", "Dinas Terakhir", "Dt", "kementerian", "Ya"])
    job = validated("departments", xlsx(DEPARTMENT_HEADERS, rows), admin)
    assert job.status == ImportJob.Status.INVALID
    [error] = job.errors
    assert (error["line"], error["column"]) == (61, "Jenis")
    assert "kementerian" in error["message"] and "satpol_pp" in error["message"]
    assert error["text"] == line_error(61, "Jenis", error["message"])
    assert Department.objects.count() == 0
    assert job.processed_rows == job.total_rows == 60


def test_a_row_reports_all_its_mistakes_at_once(admin):
    rows = [["kode salah!", None, "Disdik", "dinas", "mungkin"]]
    job = validated("departments", xlsx(DEPARTMENT_HEADERS, rows), admin)
    columns = {error["column"] for error in job.errors}
    assert columns == {"Kode", "Nama", "Aktif"}


def test_names_already_used_by_another_department_are_refused(admin):
    DepartmentFactory(code="1.01.0.00", name="Dinas Pendidikan", short_name="Disdik")
    job = validated("departments", xlsx(DEPARTMENT_HEADERS, [["1.02.0.00", "dinas pendidikan", "X", "dinas"]]), admin)
    [error] = job.errors
    assert (error["line"], error["column"]) == (2, "Nama") and "1.01.0.00" in error["message"]


def test_apply_checks_again_and_saves_nothing_when_the_data_changed_since_the_preview(admin):
    job = validated("departments", xlsx(DEPARTMENT_HEADERS, GOOD_DEPARTMENTS), admin)
    assert job.status == ImportJob.Status.READY
    DepartmentFactory(code="5.01.0.00", name="Dinas Kesehatan", short_name="Kes")  # meanwhile, by hand
    job = applied(job)
    assert job.status == ImportJob.Status.INVALID
    assert [e["line"] for e in job.errors] == [3]
    assert Department.objects.count() == 1


def test_a_job_is_confirmed_once_even_when_the_button_is_pressed_twice(admin):
    job = validated("departments", xlsx(DEPARTMENT_HEADERS, GOOD_DEPARTMENTS), admin)
    assert importing.import_job_confirm(job=job) is True
    assert importing.import_job_confirm(job=job) is False


# --- Officials: assignments ------------------------------------------------------------------------------------
def official_row(nip, code, start="06/01/2025", kind="definitive", name="Dr. Ahmad, M.Pd."):
    return [nip, name, "Pembina Tingkat I (IV/b)", "II.b", code, kind, "Kepala", start, "SK-1", "03/01/2025"]


def test_an_official_row_moves_the_official_and_a_reimport_adds_nothing(admin, department, other_department):
    old = AssignmentFactory(department=other_department, start_date=datetime.date(2023, 1, 2))
    nip = old.official.nip
    job = applied(validated("officials", xlsx(OFFICIAL_HEADERS, [official_row(nip, department.code)]), admin))
    assert job.status == ImportJob.Status.DONE, job.errors
    assert job.message == summary(updated=1)
    old.refresh_from_db()
    assert old.end_date == datetime.date(2025, 1, 5)
    new = Assignment.objects.get(official=old.official, department=department)
    assert (new.start_date, new.kind, new.sk_date) == (
        datetime.date(2025, 1, 6),
        "definitive",
        datetime.date(2025, 1, 3),
    )
    official = Official.objects.get(nip=nip)
    assert (official.name, official.rank) == ("Dr. Ahmad, M.Pd.", "IV/b")

    again = validated("officials", xlsx(OFFICIAL_HEADERS, [official_row(nip, department.code)]), admin)
    assert importing.preview_counts(again.preview)["unchanged"] == 1
    applied(again)
    assert Assignment.objects.filter(official=official).count() == 2


def test_a_department_with_another_definitive_head_is_an_error_on_that_row(admin, department):
    AssignmentFactory(department=department, start_date=datetime.date(2024, 1, 2))
    job = validated("officials", xlsx(OFFICIAL_HEADERS, [official_row(NIP_A, department.code)]), admin)
    assert job.status == ImportJob.Status.INVALID
    [error] = job.errors
    assert error["line"] == 2 and error["column"] == "Kode perangkat daerah"
    assert "Drs. Pejabat" in error["message"] and "02/01/2024" in error["message"]
    # a Plt beside the definitive head is fine
    job = validated("officials", xlsx(OFFICIAL_HEADERS, [official_row(NIP_A, department.code, kind="Plt")]), admin)
    assert job.status == ImportJob.Status.READY, job.errors


def test_two_definitive_heads_of_one_department_in_the_file_are_refused(admin, department):
    rows = [official_row(NIP_A, department.code), official_row(NIP_B, department.code, start="01/07/2025")]
    job = validated("officials", xlsx(OFFICIAL_HEADERS, rows), admin)
    assert [(e["line"], e["column"]) for e in job.errors] == [(3, "Kode perangkat daerah")]
    assert "Dr. Ahmad, M.Pd." in job.errors[0]["message"]


def test_a_head_moved_out_earlier_in_the_file_frees_the_department(admin, department, other_department):
    leaving = AssignmentFactory(department=department, start_date=datetime.date(2023, 1, 2)).official
    rows = [official_row(leaving.nip, other_department.code), official_row(NIP_A, department.code)]
    job = applied(validated("officials", xlsx(OFFICIAL_HEADERS, rows), admin))
    assert job.status == ImportJob.Status.DONE, job.errors
    assert job.message == summary(created=1, updated=1)


def test_real_excel_date_cells_are_accepted_and_sk_after_tmt_is_refused(admin, department):
    row = official_row(NIP_A, department.code)
    row[7], row[9] = datetime.datetime(2025, 1, 6), datetime.datetime(2025, 1, 3)
    assert validated("officials", xlsx(OFFICIAL_HEADERS, [row]), admin).status == ImportJob.Status.READY
    row[9] = "07/01/2025"
    job = validated("officials", xlsx(OFFICIAL_HEADERS, [row]), admin)
    assert [e["text"] for e in job.errors] == [line_error(2, "Tanggal SK", _("The SK date cannot be after the TMT."))]


def test_assignment_columns_without_a_department_code_are_an_error(admin):
    row = [NIP_A, "Ahmad", "IV/b", None, None, None, None, "06/01/2025", None, None]
    job = validated("officials", xlsx(OFFICIAL_HEADERS, [row]), admin)
    assert [(e["column"], "TMT" in e["message"]) for e in job.errors] == [("Kode perangkat daerah", True)]


def test_rank_and_echelon_are_read_in_the_ways_people_write_them():
    assert parse_rank("IV/b") == parse_rank("iv / B") == parse_rank("Pembina Tingkat I (IV/b)") == "IV/b"
    assert parse_rank("Pembina Utama Muda") == "IV/c"
    for bad in ("Pembina (IV/b)", "II/c", "Kolonel"):
        with pytest.raises(ValueError):
            parse_rank(bad)
    assert parse_echelon("II.b") == parse_echelon("ii/b") == parse_echelon("IIb") == "II.b"
    assert parse_echelon("III.a (Camat)") == "III.a"
    assert parse_echelon(None) == ""
    with pytest.raises(ValueError):
        parse_echelon("V.a")


# --- Files that cannot be read ---------------------------------------------------------------------------------
def test_a_file_that_is_not_xlsx_fails_with_a_clear_message(admin):
    content = b"Kode;Nama\n1.01;Dinas\n"
    job = validated("departments", SimpleUploadedFile("departments.xlsx", content), admin)
    assert job.status == ImportJob.Status.FAILED
    assert job.message == importing.xlsx_problem(io.BytesIO(content))  # not an Excel workbook (.xlsx) …


def test_the_upload_form_refuses_a_renamed_file_and_creates_no_job(admin, client):
    client.force_login(admin)
    content = b"%PDF-1.4 not a workbook"
    response = client.post(
        reverse("core:import", args=["departments"]), {"file": SimpleUploadedFile("departments.xlsx", content)}
    )
    assert response.status_code == 200
    assert escape(importing.xlsx_problem(io.BytesIO(content))) in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_old_xls_file_is_named_as_such(admin, client):
    client.force_login(admin)
    content = importing.XLS_SIGNATURE + b"\0" * 100
    response = client.post(
        reverse("core:import", args=["departments"]), {"file": SimpleUploadedFile("departments.xls", content)}
    )
    message = importing.xlsx_problem(io.BytesIO(content))
    assert "(.xls)" in message and escape(message) in response.content.decode()


def test_the_upload_limit_is_named_in_the_message(admin, client, settings):
    settings.UPLOAD_MAX_MB = 1
    client.force_login(admin)
    big = SimpleUploadedFile("big.xlsx", b"0" * (3 * 1024 * 1024 // 2))
    response = client.post(reverse("core:import", args=["departments"]), {"file": big})
    message = _("The file is %(size)s MB; the limit is %(limit)d MB. Split it into smaller files.")
    assert escape(message % {"size": "1,5", "limit": 1}) in response.content.decode()
    assert not ImportJob.objects.exists()


def test_missing_and_unknown_headers_are_named(admin):
    job = validated("officials", xlsx(["NIP", "Nama lengkap", "Golongan ruang"], [[NIP_A, "Ahmad", "IV/b"]]), admin)
    assert job.status == ImportJob.Status.FAILED
    assert _("Missing columns: %(columns)s.") % {"columns": "Pangkat/golongan"} in job.message
    assert _("Unknown columns: %(columns)s.") % {"columns": "Golongan ruang"} in job.message


def test_an_empty_sheet_and_a_sheet_without_rows_fail_clearly(admin):
    empty = validated("departments", xlsx([], []), admin)
    assert empty.status == ImportJob.Status.FAILED
    assert empty.message == _("The first sheet is empty: its first row must hold the column names of the template.")
    headers_only = validated("departments", xlsx(DEPARTMENT_HEADERS, []), admin)
    assert headers_only.message == _("The first sheet has no data rows under the column names.")


# --- The template --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["departments", "officials"])
def test_the_template_round_trips_its_example_row(kind, admin, client, request):
    if kind == "officials":
        request.getfixturevalue("department")  # the example row heads the first active department
    client.force_login(admin)
    response = client.get(reverse("core:import_template", args=[kind]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f"templat-impor-{kind}.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Data"]
    importer = importing.get_importer(kind)
    assert [cell.value for cell in sheet[1]] == [column.header for column in importer.columns]
    assert sheet.data_validations.dataValidation, "choice columns offer a drop-down list"
    if kind == "officials":
        assert sheet["A2"].number_format == "@" and sheet["A500"].number_format == "@"

    job = applied(validated(kind, SimpleUploadedFile("t.xlsx", response.content), admin))
    assert job.status == ImportJob.Status.DONE, job.errors or job.message
    assert job.message == summary(created=1)


# --- Who may ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["core:import", "core:import_template"])
def test_only_admins_open_the_import_pages(name, client, users):
    url = reverse(name, args=["departments"])
    assert client.get(url).status_code == 302
    for role, user in users.items():
        client.force_login(user)
        assert client.get(url).status_code == (200 if role == Role.ADMIN else 403), role


def test_an_unknown_kind_is_404(admin, client):
    client.force_login(admin)
    assert client.get(reverse("core:import", args=["planets"])).status_code == 404


def test_admins_see_each_others_jobs_and_nobody_else_does(admin, client, users):
    """Admins share the upkeep of master data, so every admin may follow and confirm another admin's import."""
    job = validated("departments", xlsx(DEPARTMENT_HEADERS, GOOD_DEPARTMENTS), admin)
    page, progress, confirm = (
        reverse(name, args=[job.pk]) for name in ("core:import_job", "core:import_job_progress", "core:import_confirm")
    )
    assert [client.get(url).status_code for url in (page, progress, confirm)] == [302, 302, 302]
    for role, user in users.items():
        client.force_login(user)
        expected = [200, 200, 405] if role == Role.ADMIN else [404, 404, 404]
        assert [client.get(url).status_code for url in (page, progress, confirm)] == expected, role
        if role != Role.ADMIN:
            assert client.post(confirm).status_code == 404
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY


def test_checking_a_file_takes_the_same_few_queries_whatever_its_length(
    admin, department, django_assert_max_num_queries
):
    rows = [official_row(make_nip(seq=n), department.code, kind="plt") for n in range(1, 121)]
    job = importing.import_job_create(
        importer=importing.get_importer("officials"), upload=xlsx(OFFICIAL_HEADERS, rows), by=admin
    )
    with django_assert_max_num_queries(12):
        importing.import_validate(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY, job.errors[:3]
    assert importing.preview_counts(job.preview)["create"] == 120


def test_an_import_runs_through_the_api_with_a_worker_and_a_bad_file_is_refused(import_worker):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(UserFactory(role=Role.ADMIN))
    response = api.post(
        "/api/v1/imports/departments/", {"file": xlsx(DEPARTMENT_HEADERS, GOOD_DEPARTMENTS)}, format="multipart"
    )
    assert response.status_code == 202, response.json()
    job_url = f"/api/v1/imports/jobs/{response.json()['id']}/"
    job = wait_for(ImportJob.objects.get(pk=response.json()["id"]))
    body = api.get(job_url).json()
    assert body["status"] == "ready" and body["percent"] == 100
    assert {row["action"] for row in body["preview"]} == {"create"}
    assert api.post(job_url + "confirm/").status_code == 202
    assert api.post(job_url + "confirm/").status_code == 409, "a second confirmation imports nothing twice"
    wait_for(job)
    assert Department.objects.count() == len(GOOD_DEPARTMENTS)

    renamed = SimpleUploadedFile("bad.xlsx", b"not a workbook at all", content_type="application/octet-stream")
    response = api.post("/api/v1/imports/departments/", {"file": renamed}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()
    api.force_authenticate(UserFactory(role=Role.BAPPEDA))  # imports the RPJMD, but this job is nothing of theirs
    assert api.get(job_url).status_code == 404
    api.force_authenticate(UserFactory(role=Role.MAYOR_OFFICE))  # imports nothing at all
    assert api.get(job_url).status_code == 403
