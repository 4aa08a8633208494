"""Issue 4: Excel import of an RPJMD and of a Renstra (template → fill → preview → confirm) and their export, which
re-imports with no change. Plan objects are made with the ORM here (no factories of the plan pages needed)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from apps.accounts.models import Role
from apps.core import importing
from apps.core.models import ImportJob
from apps.plans.importers import parse_target
from apps.plans.models import (
    Activity,
    Goal,
    Indicator,
    IndicatorTarget,
    Mission,
    Objective,
    ObjectiveIndicator,
    ObjectiveTarget,
    Program,
    ProgramBudget,
    Renstra,
    RpjmdPeriod,
    StrategicObjective,
    SubActivity,
)

from .factories import UserFactory

pytestmark = pytest.mark.usefixtures("english_messages")

YEARS = range(2025, 2030)
RPJMD_HEADERS = [
    "Misi no.",
    "Misi",
    "Kode tujuan",
    "Tujuan",
    "Kode sasaran",
    "Sasaran",
    "Indikator",
    "Satuan",
    "Polaritas",
    "Agregasi",
    "Baseline",
    *[f"Target {year}" for year in YEARS],
]
INDICATOR_HEADERS = [
    "Kode tujuan",
    "Tujuan",
    "Kode sasaran strategis",
    "Sasaran strategis",
    "Kode sasaran RPJMD",
    "Indikator",
    "Satuan",
    "Polaritas",
    "Agregasi",
    "Baseline",
    "Bobot",
    "IKU",
    *[f"Target {year}" for year in YEARS],
]
PROGRAM_HEADERS = [
    "Kode program",
    "Program",
    "Kode kegiatan",
    "Kegiatan",
    "Kode sub kegiatan",
    "Sub kegiatan",
    *[f"Pagu {year}" for year in YEARS],
]
MISI = "Mewujudkan SDM unggul"


def rpjmd_row(goal="T1", objective="S1.1", indicator="Angka harapan hidup", polarity="positif", targets=None):
    targets = targets if targets is not None else ["72,6", "72,8", 73, 73.2, "73,4"]
    return [1, MISI, goal, f"Tujuan {goal}", objective, f"Sasaran {objective}", indicator, "tahun", polarity,
            "terakhir", "72,5", *targets]  # fmt: skip


def workbook_file(sheets: dict[str, tuple[list, list]]) -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, (headers, rows) in sheets.items():
        sheet = workbook.create_sheet(name)
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("plan.xlsx", buffer.getvalue(), content_type="application/octet-stream")


def rpjmd_file(rows, headers=RPJMD_HEADERS):
    return workbook_file({"Data": (headers, rows)})


def renstra_file(indicators=(), programs=()):
    return workbook_file(
        {"Indikator": (INDICATOR_HEADERS, list(indicators)), "Program": (PROGRAM_HEADERS, list(programs))}
    )


def validated(kind, upload, user, target) -> ImportJob:
    job = importing.import_job_create(importer=importing.get_importer(kind), upload=upload, by=user, target=target)
    importing.import_validate(job)
    job.refresh_from_db()
    return job


def applied(job) -> ImportJob:
    assert importing.import_job_confirm(job=job)
    job.refresh_from_db()
    importing.import_apply(job)
    job.refresh_from_db()
    return job


def counts():
    models = (Mission, Goal, Objective, ObjectiveIndicator, ObjectiveTarget, Indicator, IndicatorTarget, Program)
    return [model.objects.count() for model in (*models, ProgramBudget, Activity, SubActivity)]


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("export.xlsx", content, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def period(db):
    return RpjmdPeriod.objects.create(start_year=2025, end_year=2029, vision="Banjarbaru maju")


@pytest.fixture
def rpjmd_objective(period):
    mission = Mission.objects.create(period=period, number=1, text=MISI)
    goal = Goal.objects.create(mission=mission, code="T1", text="Tujuan T1")
    return Objective.objects.create(goal=goal, code="S1.1", text="Sasaran S1.1")


@pytest.fixture
def renstra(department, period):
    return Renstra.objects.create(department=department, period=period)


@pytest.fixture
def other_renstra(other_department, period):
    return Renstra.objects.create(department=other_department, period=period)


@pytest.fixture
def bappeda(db):
    return UserFactory(role=Role.BAPPEDA)


@pytest.fixture
def head(department):
    return UserFactory(role=Role.DEPARTMENT_HEAD, department=department)


def indicator_row(goal="T1", objective="SS1.1", rpjmd="S1.1", name="APM SD", targets=None, iku="Ya"):
    targets = targets if targets is not None else [97, "97,5", 98, 98.5, 99]
    return [goal, f"Tujuan {goal}", objective, f"Sasaran strategis {objective}", rpjmd, name, "%", "positif",
            "terakhir", "96,5", None, iku, *targets]  # fmt: skip


def program_row(program="1.01.02", activity=None, sub=None, budgets=()):
    return [program, f"Program {program}", activity, activity and f"Kegiatan {activity}", sub,
            sub and f"Sub {sub}", *budgets]  # fmt: skip


# --- Round trips: template → fill → import; export → import with no change --------------------------------------
def test_bappeda_fills_the_rpjmd_template_imports_it_and_its_export_reimports_unchanged(bappeda, period, client):
    client.force_login(bappeda)
    page = client.get(reverse("core:import", args=["rpjmd"]) + f"?target={period.pk}")
    assert page.status_code == 200 and "Target 2029" in page.content.decode()
    template = client.get(reverse("core:import_template", args=["rpjmd"]) + f"?target={period.pk}")
    sheet = load_workbook(io.BytesIO(template.content))["Data"]
    assert [cell.value for cell in sheet[1]] == RPJMD_HEADERS

    job = applied(validated("rpjmd", upload(template.content), bappeda, period))
    assert job.status == ImportJob.Status.DONE, job.errors or job.message
    assert job.message == importing.summary_text({"create": 2})
    inflation = ObjectiveIndicator.objects.get(name="Inflasi")
    assert (inflation.polarity, inflation.objective.goal.mission.period) == ("stabilize", period)
    band = inflation.targets.get(year=2027)
    assert (band.value, band.low, band.high) == (None, 2, 4)

    export = client.get(reverse("plans_exchange:rpjmd_export", args=[period.pk]))
    assert export.status_code == 200 and export["Content-Type"].endswith("spreadsheetml.sheet")
    exported = load_workbook(io.BytesIO(export.content))
    assert exported.sheetnames == load_workbook(io.BytesIO(template.content)).sheetnames
    assert [cell.value for cell in exported["Data"][1]] == RPJMD_HEADERS
    before = counts()
    again = validated("rpjmd", upload(export.content), bappeda, period)
    assert importing.preview_counts(again.preview) == {"create": 0, "update": 0, "unchanged": 2}, again.errors
    assert applied(again).status == ImportJob.Status.DONE and counts() == before


def test_a_reimport_updates_texts_and_targets_and_shows_what_changes(bappeda, period):
    applied(validated("rpjmd", rpjmd_file([rpjmd_row()]), bappeda, period))
    row = rpjmd_row(targets=["72,6", "72,8", 73, 73.2, "74"])
    row[1] = "Misi baru"
    job = validated("rpjmd", rpjmd_file([row]), bappeda, period)
    [plan] = job.preview
    assert plan["action"] == "update"
    assert {c["column"]: c["new"] for c in plan["changes"]} == {"Misi": "Misi baru", "Target 2029": "74"}
    applied(job)
    assert Mission.objects.get().text == "Misi baru"
    assert ObjectiveTarget.objects.get(year=2029).value == 74


def test_a_department_head_fills_the_renstra_template_and_its_export_reimports_unchanged(
    head, renstra, rpjmd_objective, client
):
    client.force_login(head)
    url = reverse("core:import_template", args=["renstra"]) + f"?target={renstra.pk}"
    template = client.get(url)
    assert template.status_code == 200
    book = load_workbook(io.BytesIO(template.content))
    assert [c.value for c in book["Indikator"][1]] == INDICATOR_HEADERS
    assert [c.value for c in book["Program"][1]] == PROGRAM_HEADERS

    job = applied(validated("renstra", upload(template.content), head, renstra))
    assert job.status == ImportJob.Status.DONE, job.errors or job.message
    objective = StrategicObjective.objects.get()
    assert objective.rpjmd_objective == rpjmd_objective and objective.goal.renstra == renstra
    assert SubActivity.objects.get().activity.program.renstra == renstra
    assert ProgramBudget.objects.filter(program__renstra=renstra).count() == 5

    # more of it by hand, then the export of the whole Renstra
    applied(
        validated(
            "renstra",
            renstra_file(
                [indicator_row(name="Angka putus sekolah", iku="Tidak", targets=["1–2", None, None, None, "0,5"])],
                [program_row("1.01.03", budgets=[5_000_000]), program_row("1.01.03", "1.01.03.2.01")],
            ),
            head,
            renstra,
        )
    )
    export = client.get(reverse("plans_exchange:renstra_export", args=[renstra.pk]))
    assert export.status_code == 200
    before = counts()
    again = validated("renstra", upload(export.content), head, renstra)
    assert again.status == ImportJob.Status.READY, again.errors
    assert importing.preview_counts(again.preview) == {"create": 0, "update": 0, "unchanged": 4}
    assert applied(again).status == ImportJob.Status.DONE and counts() == before


# --- Bad rows: each with its line and reason, nothing imported ------------------------------------------------
def test_every_bad_rpjmd_row_is_reported_with_its_line_and_nothing_is_imported(bappeda, period):
    headers = [*RPJMD_HEADERS, "Target 2031"]
    rows = [
        [*rpjmd_row(), None],  # 2 good
        [*rpjmd_row(objective="S1.2", targets=["4–2", None, None, None, None]), None],  # 3 band low > high
        [*rpjmd_row(objective="S1.3", polarity="stabil", targets=[3, None, None, None, None]), None],  # 4
        [*rpjmd_row(objective="S1.4"), 75],  # 5 a year outside the period
        [*rpjmd_row(), None],  # 6 repeats line 2
        [*rpjmd_row(objective="S1.5", polarity="naik"), None],  # 7 unknown polarity
    ]
    before = counts()
    job = validated("rpjmd", rpjmd_file(rows, headers), bappeda, period)
    assert job.status == ImportJob.Status.INVALID
    by_line = {error["line"]: error for error in job.errors}
    assert sorted(by_line) == [3, 4, 5, 6, 7], job.errors
    assert by_line[3]["column"] == "Target 2025" and "4–2" in by_line[3]["message"]
    assert by_line[4]["column"] == "Target 2025" and "2–4" in by_line[4]["message"]
    assert by_line[5]["column"] == "Target 2031" and "2031" in by_line[5]["message"]
    assert (by_line[6]["column"] == "Indikator" and "line 2" in by_line[6]["text"]) or "2" in by_line[6]["message"]
    assert by_line[7]["column"] == "Polaritas" and "naik" in by_line[7]["message"]
    assert by_line[3]["text"].startswith("Line 3") or "3" in by_line[3]["text"]
    assert counts() == before and job.preview == []


def test_one_bad_last_rpjmd_row_blocks_the_whole_file(bappeda, period):
    rows = [rpjmd_row(objective=f"S1.{n}") for n in range(1, 40)]
    rows.append(rpjmd_row(objective="S9.9", targets=["abc", None, None, None, None]))
    job = validated("rpjmd", rpjmd_file(rows), bappeda, period)
    assert job.status == ImportJob.Status.INVALID
    [error] = job.errors
    assert (error["line"], error["column"]) == (41, "Target 2025")
    assert ObjectiveIndicator.objects.count() == 0


def test_a_misi_with_two_texts_and_a_sasaran_under_two_tujuan_are_refused(bappeda, period):
    second = rpjmd_row(goal="T2", objective="S1.1", indicator="Lain")
    second[1] = "Misi lain"
    job = validated("rpjmd", rpjmd_file([rpjmd_row(), second]), bappeda, period)
    assert {error["column"] for error in job.errors if error["line"] == 3} == {"Misi", "Kode sasaran"}


def test_every_bad_renstra_row_is_reported_with_its_sheet_line_and_reason(head, renstra, rpjmd_objective):
    indicators = [
        indicator_row(),  # Indikator 2 good
        indicator_row(objective="SS1.2", rpjmd="S9.9"),  # 3 unknown RPJMD sasaran
        indicator_row(),  # 4 repeats line 2
    ]
    programs = [
        program_row("1.01.02", "1.01.02.2.01", "1.01.02.2.01.0001", budgets=[1000]),  # Program 2 good
        program_row("1.1.02"),  # 3 bad program code
        program_row("1.01.02", "1.01.03.2.01"),  # 4 kegiatan not under its program
        program_row("1.01.02", "1.01.02.2.01", "1.01.02.2.02.0001"),  # 5 sub kegiatan not under its kegiatan
        program_row("1.01.02", "1.01.02.2.01", "1.01.02.2.01.0001"),  # 6 repeats line 2
        program_row("1.01.02", budgets=[2000]),  # 7 another pagu for the same program and year
    ]
    before = counts()
    job = validated("renstra", renstra_file(indicators, programs), head, renstra)
    assert job.status == ImportJob.Status.INVALID
    found = {(e.get("sheet"), e["line"], e["column"]) for e in job.errors}
    assert found == {
        ("Indikator", 3, "Kode sasaran RPJMD"),
        ("Indikator", 4, "Indikator"),
        ("Program", 3, "Kode program"),
        ("Program", 4, "Kode kegiatan"),
        ("Program", 5, "Kode sub kegiatan"),
        ("Program", 6, "Kode sub kegiatan"),
        ("Program", 7, "Pagu 2025"),
    }, job.errors
    by_place = {(e["sheet"], e["line"]): e for e in job.errors}
    assert "U.BB.PP" in by_place[("Program", 3)]["message"]
    assert "S9.9" in by_place[("Indikator", 3)]["message"]
    assert by_place[("Program", 4)]["text"].startswith("Sheet Program, line 4, column Kode kegiatan: ")
    assert counts() == before


def test_one_bad_last_renstra_row_blocks_the_whole_file(head, renstra, rpjmd_objective):
    programs = [program_row(f"1.01.{n:02d}") for n in range(1, 30)] + [program_row("1.01.99", "1.01.99.3.01")]
    job = validated("renstra", renstra_file([indicator_row()], programs), head, renstra)
    assert [(e["sheet"], e["line"]) for e in job.errors] == [("Program", 31)]
    assert Program.objects.count() == 0 and Indicator.objects.count() == 0


def test_targets_are_read_as_people_write_them():
    assert parse_target("2–4") == parse_target("2-4") == parse_target("2 - 4") == (None, 2, 4)
    assert parse_target("1.234,5") == (Decimal("1234.5"), None, None)
    assert parse_target(12.5) == (Decimal("12.5"), None, None)
    for bad in ("4–2", "tinggi", datetime.datetime(2025, 2, 4)):
        with pytest.raises(ValueError):
            parse_target(bad)


# --- Who may ---------------------------------------------------------------------------------------------------
def test_a_department_head_imports_into_their_own_renstra_only(head, renstra, other_renstra, client):
    client.force_login(head)
    own = client.get(reverse("core:import", args=["renstra"]) + f"?target={renstra.pk}")
    assert own.status_code == 200 and str(renstra) in own.content.decode()
    assert client.get(reverse("core:import", args=["renstra"]) + f"?target={other_renstra.pk}").status_code == 404
    template = reverse("core:import_template", args=["renstra"]) + f"?target={other_renstra.pk}"
    assert client.get(template).status_code == 404
    assert client.get(reverse("core:import", args=["rpjmd"])).status_code == 403
    response = client.post(
        reverse("core:import", args=["renstra"]), {"target": other_renstra.pk, "file": renstra_file()}
    )
    assert response.status_code == 200 and not ImportJob.objects.exists()


def test_a_job_of_another_departments_renstra_is_404(head, bappeda, other_renstra, client):
    job = importing.import_job_create(
        importer=importing.get_importer("renstra"), upload=renstra_file(), by=head, target=other_renstra
    )
    client.force_login(head)
    assert client.get(reverse("core:import_job", args=[job.pk])).status_code == 404
    assert client.post(reverse("core:import_confirm", args=[job.pk])).status_code == 404
    client.force_login(bappeda)  # not the uploader
    assert client.get(reverse("core:import_job", args=[job.pk])).status_code == 404


def test_a_locked_renstra_refuses_imports_with_a_clear_message(head, renstra, bappeda, client, rpjmd_objective):
    job = importing.import_job_create(
        importer=importing.get_importer("renstra"), upload=renstra_file([indicator_row()]), by=head, target=renstra
    )
    Renstra.objects.filter(pk=renstra.pk).update(locked_at=timezone.now(), locked_by=bappeda)
    importing.import_validate(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "locked" in job.message
    client.force_login(head)
    response = client.post(reverse("core:import", args=["renstra"]), {"target": renstra.pk, "file": renstra_file()})
    assert response.status_code == 200 and "locked" in response.content.decode()
    assert Indicator.objects.count() == 0


def test_exports_follow_the_read_scope_of_the_plans(users, renstra, other_renstra, period, client):
    for role, user in users.items():
        client.force_login(user)
        if role == Role.JURY:  # an external juror sees no plan
            assert client.get(reverse("plans_exchange:rpjmd_export", args=[period.pk])).status_code == 403
            continue
        assert client.get(reverse("plans_exchange:rpjmd_export", args=[period.pk])).status_code == 200
        own = client.get(reverse("plans_exchange:renstra_export", args=[renstra.pk])).status_code
        other = client.get(reverse("plans_exchange:renstra_export", args=[other_renstra.pk])).status_code
        department_role = role in (Role.DEPARTMENT_HEAD, Role.DEPARTMENT_STAFF, Role.OFFICIAL)
        assert (own, other) == ((200, 404) if department_role else (200, 200)), role


def test_checking_a_renstra_takes_the_same_few_queries_whatever_its_length(
    head, renstra, rpjmd_objective, django_assert_max_num_queries
):
    indicators = [indicator_row(objective=f"SS1.{n}", name=f"Indikator {n}") for n in range(1, 61)]
    programs = [program_row("1.01.02", "1.01.02.2.01", f"1.01.02.2.01.{n:04d}", budgets=[1000]) for n in range(1, 61)]
    job = importing.import_job_create(
        importer=importing.get_importer("renstra"), upload=renstra_file(indicators, programs), by=head, target=renstra
    )
    with django_assert_max_num_queries(20):
        importing.import_validate(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY, job.errors[:3]


# --- The API ----------------------------------------------------------------------------------------------------
def test_the_import_api_runs_a_renstra_import_with_a_worker(worker, media, department, other_department):
    from rest_framework.test import APIClient

    from .test_imports import wait_for

    period = RpjmdPeriod.objects.create(start_year=2025, end_year=2029, vision="Visi")
    mission = Mission.objects.create(period=period, number=1, text=MISI)
    Objective.objects.create(goal=Goal.objects.create(mission=mission, code="T1", text="T"), code="S1.1", text="S")
    renstra = Renstra.objects.create(department=department, period=period)
    other = Renstra.objects.create(department=other_department, period=period)
    api = APIClient()
    api.force_authenticate(UserFactory(role=Role.DEPARTMENT_HEAD, department=department))
    file = renstra_file([indicator_row()], [program_row("1.01.02", budgets=[1000])])
    response = api.post("/api/v1/imports/renstra/", {"file": file, "target": renstra.pk}, format="multipart")
    assert response.status_code == 202, response.json()
    job = wait_for(ImportJob.objects.get(pk=response.json()["id"]))
    assert job.status == ImportJob.Status.READY, job.errors
    job_url = f"/api/v1/imports/jobs/{job.pk}/"
    assert api.post(job_url + "confirm/").status_code == 202
    assert wait_for(job).status == ImportJob.Status.DONE
    assert Indicator.objects.filter(objective__goal__renstra=renstra).count() == 1

    response = api.post("/api/v1/imports/renstra/", {"file": renstra_file(), "target": other.pk}, format="multipart")
    assert response.status_code == 404
    assert api.post("/api/v1/imports/rpjmd/", {"file": renstra_file(), "target": period.pk}).status_code == 403
