"""The API of the realisasi (issue 5): the contract, the workflow's 409/403/404 answers, evidence, the optimistic
lock, bounded queries, and the capaian of a PK end to end."""

import hashlib
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from apps.accounts.models import Role
from apps.progress import services
from apps.progress.models import BudgetRealisation, Evidence, ProgressReport
from apps.progress.models import ReportStatus as S

from .factories_progress import executable_file
from .factories_scores import indicators_of, make_report, make_scored_agreement

# ruff: noqa: F811 - the fixtures imported from tests/progress_fixtures.py are the parameters of the tests
from .progress_fixtures import agreement, draft, in_april_2026, indicator, on, people, program  # noqa: F401

pytestmark = pytest.mark.usefixtures("in_april_2026")

REPORTS = "/api/v1/progress-reports/"
REPORT_FIELDS = {
    "id",
    "indicator",
    "quarter",
    "actual",
    "analysis",
    "supporting_factors",
    "hindering_factors",
    "follow_up",
    "status",
    "evidence",
    "achievement_percent",
    "achievement_capped",
    "predicate",
    "row_version",
}
# A small, well-formed PDF (one empty page).
PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


@pytest.fixture
def api():
    return APIClient()


def as_(api, user):
    api.force_authenticate(user)
    return api


def url(report, action=""):
    return f"{REPORTS}{report.pk}/{action + '/' if action else ''}"


def submitted(indicator, people):
    return services.report_submit(report=draft(indicator, people), by=people["head"])


# --- The contract ---------------------------------------------------------------------------------------------------
def test_staff_create_a_report_and_get_the_contract_fields(api, indicator, people):
    payload = {
        "indicator": indicator.pk,
        "quarter": 1,
        "actual": "92.5",
        "analysis": "Sesuai rencana",
        "supporting_factors": "Dukungan sekolah",
        "hindering_factors": "Cuaca",
        "follow_up": "Sosialisasi",
    }
    response = as_(api, people["staff"]).post(REPORTS, payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == REPORT_FIELDS
    assert {key: body[key] for key in payload} == payload
    assert (body["status"], body["evidence"], body["row_version"]) == ("draft", [], 1)
    # 92.5 of 96.5: the row's own value counts (a preview of what it will give)
    assert (body["achievement_percent"], body["achievement_capped"], body["predicate"]) == (
        "95.85",
        "95.85",
        "sangat_tinggi",
    )
    report = ProgressReport.objects.get(pk=body["id"])
    assert (report.actual, report.created_by) == (D("92.5"), people["staff"])


def test_a_report_without_a_value_has_no_capaian(api, indicator, people):
    body = as_(api, people["staff"]).post(REPORTS, {"indicator": indicator.pk, "quarter": 1}, format="json").json()
    assert (body["actual"], body["achievement_percent"], body["predicate"]) == (None, None, None)


def test_posting_a_report_that_exists_is_400_and_suggests_patch(api, indicator, people, english_messages):
    draft(indicator, people)
    response = as_(api, people["head"]).post(REPORTS, {"indicator": indicator.pk, "quarter": 1}, format="json")
    assert response.status_code == 400
    assert "PATCH" in str(response.json())


def test_read_only_roles_may_not_create_reports(api, indicator, people, make_user):
    for user in (people["bappeda"], people["mayor"], make_user(Role.INSPECTORATE)):
        response = as_(api, user).post(REPORTS, {"indicator": indicator.pk, "quarter": 1}, format="json")
        assert response.status_code == 403
    assert not ProgressReport.objects.exists()


def test_another_departments_indicator_cannot_be_reported(api, indicator, people):
    response = as_(api, people["other_staff"]).post(REPORTS, {"indicator": indicator.pk, "quarter": 1}, format="json")
    assert response.status_code == 400
    assert "indicator" in response.json()


def test_the_list_filters_by_agreement_indicator_quarter_and_status(api, agreement, people):
    first, second = agreement.indicators.order_by("order")
    services.report_submit(report=draft(first, people), by=people["head"])
    draft(second, people)
    client = as_(api, people["bappeda"])
    assert client.get(REPORTS, {"agreement": agreement.pk}).json()["count"] == 2
    assert client.get(REPORTS, {"agreement": agreement.pk + 1000}).json()["count"] == 0
    assert [r["indicator"] for r in client.get(REPORTS, {"indicator": second.pk}).json()["results"]] == [second.pk]
    assert client.get(REPORTS, {"quarter": 2}).json()["count"] == 0
    assert [r["status"] for r in client.get(REPORTS, {"status": "submitted"}).json()["results"]] == ["submitted"]


def test_another_departments_reports_are_not_listed_and_are_404(api, indicator, people):
    report = draft(indicator, people)
    client = as_(api, people["other_head"])
    assert client.get(REPORTS).json()["count"] == 0
    assert client.get(url(report)).status_code == 404
    assert client.patch(url(report), {"actual": "1"}, format="json").status_code == 404


# --- Editing and the optimistic lock -------------------------------------------------------------------------------
def test_patch_changes_a_draft_and_keeps_what_it_does_not_name(api, indicator, people):
    report = draft(indicator, people, hindering_factors="Cuaca")
    response = as_(api, people["staff"]).patch(url(report), {"actual": "94", "row_version": 1}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["actual"], body["hindering_factors"], body["row_version"]) == ("94", "Cuaca", 2)


def test_a_stale_row_version_is_409_and_changes_nothing(api, indicator, people, english_messages):
    report = draft(indicator, people)
    draft(indicator, people, actual="93", row_version=1)  # someone else saved meanwhile
    response = as_(api, people["head"]).patch(url(report), {"actual": "50", "row_version": 1}, format="json")
    assert response.status_code == 409
    assert "Someone else saved" in response.json()["detail"]
    report.refresh_from_db()
    assert (report.actual, report.row_version) == (D(93), 2)


def test_a_submitted_report_cannot_be_patched(api, indicator, people):
    report = submitted(indicator, people)
    response = as_(api, people["head"]).patch(url(report), {"actual": "1"}, format="json")
    assert response.status_code == 409
    report.refresh_from_db()
    assert report.actual == D("92.5")


def test_indicator_and_quarter_are_not_changed_by_patch(api, agreement, people):
    first, second = agreement.indicators.order_by("order")
    report = draft(first, people)
    response = as_(api, people["staff"]).patch(url(report), {"indicator": second.pk, "quarter": 2}, format="json")
    assert response.status_code == 200
    report.refresh_from_db()
    assert (report.indicator_id, report.quarter) == (first.pk, 1)


def test_put_is_not_offered(api, indicator, people):
    report = draft(indicator, people)
    assert as_(api, people["staff"]).put(url(report), {}, format="json").status_code == 405


# --- The workflow --------------------------------------------------------------------------------------------------
def test_the_head_submits_and_bappeda_verifies(api, indicator, people):
    report = draft(indicator, people)
    response = as_(api, people["head"]).post(url(report, "submit"))
    assert (response.status_code, response.json()["status"]) == (200, "submitted")
    response = as_(api, people["bappeda"]).post(url(report, "verify"), {"comment": "Lengkap"}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "verified")
    assert report.reviews.get(to_status=S.VERIFIED).comment == "Lengkap"


def test_bappeda_returns_with_a_comment(api, indicator, people):
    report = submitted(indicator, people)
    client = as_(api, people["bappeda"])
    assert client.post(url(report, "return"), {"comment": ""}, format="json").status_code == 400
    response = client.post(url(report, "return"), {"comment": "Lampirkan bukti"}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "returned")


@pytest.mark.parametrize(
    ("action", "role"),
    [("submit", "staff"), ("submit", "bappeda"), ("verify", "head"), ("return", "head"), ("verify", "mayor")],
)
def test_a_role_that_may_not_act_gets_403(api, indicator, people, action, role):
    report = draft(indicator, people) if action == "submit" else submitted(indicator, people)
    before = report.status
    response = as_(api, people[role]).post(url(report, action), {"comment": "x"}, format="json")
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == before


@pytest.mark.parametrize("action", ["submit", "verify", "return"])
def test_another_departments_head_gets_404_for_every_action(api, indicator, people, action):
    report = submitted(indicator, people) if action != "submit" else draft(indicator, people)
    response = as_(api, people["other_head"]).post(url(report, action), {"comment": "x"}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize(("action", "role"), [("submit", "head"), ("verify", "bappeda"), ("return", "bappeda")])
def test_an_illegal_step_is_409(api, indicator, people, action, role, english_messages):
    report = services.report_verify(report=submitted(indicator, people), by=people["bappeda"])
    response = as_(api, people[role]).post(url(report, action), {"comment": "x"}, format="json")
    assert response.status_code == 409
    assert "verified" in response.json()["detail"]


def test_submitting_after_the_window_closed_is_409(api, indicator, people, english_messages):
    report = draft(indicator, people)
    with on(2026, 4, 11):
        response = as_(api, people["head"]).post(url(report, "submit"))
    assert response.status_code == 409
    assert "closed on" in response.json()["detail"]
    report.refresh_from_db()
    assert report.status == S.DRAFT


# --- Evidence ------------------------------------------------------------------------------------------------------
def test_a_pdf_is_attached_and_downloaded_as_an_attachment(api, indicator, people):
    report = draft(indicator, people)
    client = as_(api, people["staff"])
    upload = SimpleUploadedFile("Laporan TW1.pdf", PDF, "application/pdf")
    response = client.post(url(report, "evidence"), {"file": upload}, format="multipart")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {"id", "name", "size", "sha256", "url"}
    assert (body["name"], body["size"], body["sha256"]) == (
        "Laporan TW1.pdf",
        len(PDF),
        hashlib.sha256(PDF).hexdigest(),
    )
    assert body["url"].startswith("http://testserver/api/v1/progress-reports/")
    assert client.get(url(report)).json()["evidence"] == [body]

    download = client.get(body["url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == PDF
    # a client that asks for the file's own type gets it too
    asked = client.get(body["url"], HTTP_ACCEPT="application/pdf")
    assert asked.status_code == 200 and b"".join(asked.streaming_content) == PDF


def test_a_renamed_executable_is_refused(api, indicator, people):
    report = draft(indicator, people)
    response = as_(api, people["staff"]).post(
        url(report, "evidence"), {"file": executable_file("bukti.pdf")}, format="multipart"
    )
    assert response.status_code == 400
    assert "file" in response.json()
    assert not Evidence.objects.exists()


def test_a_file_over_the_limit_is_refused_naming_the_limit(api, indicator, people, settings, english_messages):
    settings.PROGRESS_EVIDENCE_MAX_MB = 1
    report = draft(indicator, people)
    upload = SimpleUploadedFile("besar.pdf", PDF + b"0" * (1024 * 1024), "application/pdf")
    response = as_(api, people["staff"]).post(url(report, "evidence"), {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert "1 MB" in str(response.json()["file"])


def test_another_departments_evidence_is_404_for_a_head(api, indicator, people):
    report = draft(indicator, people)
    evidence = services.evidence_add(
        report=report, file=SimpleUploadedFile("a.pdf", PDF, "application/pdf"), by=people["staff"]
    )
    client = as_(api, people["other_head"])
    assert client.get(f"{url(report)}evidence/{evidence.pk}/download/").status_code == 404
    assert client.get(f"{url(report)}evidence/{evidence.pk}/").status_code == 404
    assert client.post(url(report, "evidence"), {"file": SimpleUploadedFile("b.pdf", PDF)}).status_code == 404


def test_evidence_of_another_report_is_404_under_this_one(api, agreement, people):
    first, second = agreement.indicators.order_by("order")
    report, other = draft(first, people), draft(second, people)
    evidence = services.evidence_add(report=other, file=SimpleUploadedFile("a.pdf", PDF), by=people["staff"])
    assert as_(api, people["staff"]).get(f"{url(report)}evidence/{evidence.pk}/").status_code == 404


def test_evidence_is_removed_from_a_draft_but_not_from_a_submitted_report(api, indicator, people):
    report = draft(indicator, people)
    client = as_(api, people["staff"])
    first = services.evidence_add(report=report, file=SimpleUploadedFile("a.pdf", PDF), by=people["staff"])
    second = services.evidence_add(report=report, file=SimpleUploadedFile("b.pdf", PDF + b" "), by=people["staff"])
    assert client.delete(f"{url(report)}evidence/{first.pk}/").status_code == 204
    services.report_submit(report=report, by=people["head"])
    assert client.delete(f"{url(report)}evidence/{second.pk}/").status_code == 409
    assert list(Evidence.objects.values_list("pk", flat=True)) == [second.pk]


# --- Queries -------------------------------------------------------------------------------------------------------
def test_the_list_takes_a_bounded_number_of_queries(api, department, people, django_assert_max_num_queries):
    client = as_(api, people["bappeda"])
    for size in (2, 15):
        agreement = make_scored_agreement(department, [[{"polarity": "positive", "target": "100"}] * size])
        for row in indicators_of(agreement):
            for quarter in (1, 2):
                report = make_report(row, quarter, "90", status=S.SUBMITTED)
                Evidence.objects.create(
                    report=report,
                    file="progress/evidence/x.pdf",
                    original_name="x.pdf",
                    size=1,
                    content_type="application/pdf",
                    sha256=hashlib.sha256(str(report.pk).encode()).hexdigest(),
                    uploaded_by=people["staff"],
                )
        with django_assert_max_num_queries(6):  # region time zone, fingerprint, count, page, evidence, capaian
            body = client.get(REPORTS, {"agreement": agreement.pk}).json()
        assert body["count"] == 2 * size
        assert {row["achievement_percent"] for row in body["results"]} == {"90.00"}


# --- The capaian of a PK -------------------------------------------------------------------------------------------
def test_the_achievement_endpoint_gives_the_worked_cases_of_the_domain(api, department, people):
    cases = [
        ({"polarity": "positive", "target": "80"}, "92", "115.00", "sangat_tinggi"),
        ({"polarity": "negative", "target": "10"}, "9", "110.00", "sangat_tinggi"),
        ({"polarity": "negative", "target": "10"}, "25", "0.00", "sangat_rendah"),
        ({"polarity": "positive", "band": ("80", "90")}, "70", "87.50", "tinggi"),
        ({"polarity": "negative", "band": ("7", "8")}, "6.5", "107.14", "sangat_tinggi"),
        ({"polarity": "stabilize", "band": ("2", "4")}, "5", "75.00", "sedang"),
        ({"polarity": "stabilize", "band": ("2", "4")}, "3", "100.00", "sangat_tinggi"),
    ]
    agreement = make_scored_agreement(department, [[spec for spec, *_ in cases]])
    for row, (_, actual, *_) in zip(indicators_of(agreement), cases, strict=True):
        make_report(row, 1, actual)
    response = as_(api, people["head"]).get(f"/api/v1/agreements/{agreement.pk}/achievement/")
    assert response.status_code == 200
    body = response.json()
    got = [(i["actual_year"], i["achievement_percent"], i["predicate"]) for i in body["indicators"]]
    assert got == [(actual, percent, grade) for _, actual, percent, grade in cases]
    assert body["indicators"][0]["achievement_capped"] == "115.00"
    assert body["indicators"][0]["quarters"] == [
        {"actual": "92", "progress_percent": "115.00"},
        {"actual": None, "progress_percent": None},
        {"actual": None, "progress_percent": None},
        {"actual": None, "progress_percent": None},
    ]
    capped = [D(p).min(D(120)) for _, _, p, _ in cases]
    expected = (sum(capped) / len(capped)).quantize(D("0.01"))
    assert body["objectives"] == [{"id": agreement.objectives.get().pk, "achievement_percent": str(expected)}]
    assert body["overall"] == {"achievement_percent": str(expected), "predicate": "tinggi"}


def test_the_achievement_endpoint_averages_over_sasaran_and_leaves_drafts_out(api, department, people):
    agreement = make_scored_agreement(
        department,
        [
            [{"polarity": "positive", "target": "100"}, {"polarity": "positive", "target": "100"}],
            [{"polarity": "positive", "target": "100", "aggregation": "sum"}],
        ],
    )
    a, b, c = indicators_of(agreement)
    make_report(a, 1, "150")  # 150, capped at 120
    make_report(b, 1, "80")
    make_report(c, 1, "30")
    make_report(c, 2, "30", status=S.DRAFT)
    client = as_(api, people["staff"])
    body = client.get(f"/api/v1/agreements/{agreement.pk}/achievement/").json()
    assert [o["achievement_percent"] for o in body["objectives"]] == ["100.00", "30.00"]
    assert body["overall"] == {"achievement_percent": "65.00", "predicate": "rendah"}
    assert body["indicators"][2]["quarters"][1] == {"actual": None, "progress_percent": None}
    preview = client.get(f"/api/v1/agreements/{agreement.pk}/achievement/", {"include_drafts": "true"}).json()
    assert preview["overall"]["achievement_percent"] == "80.00"  # (100 + 60) / 2


def test_another_departments_achievement_is_404(api, department, people):
    agreement = make_scored_agreement(department, [[{"polarity": "positive", "target": "100"}]])
    assert as_(api, people["other_head"]).get(f"/api/v1/agreements/{agreement.pk}/achievement/").status_code == 404
    assert as_(api, people["mayor"]).get(f"/api/v1/agreements/{agreement.pk}/achievement/").status_code == 200


# --- Budget realisation --------------------------------------------------------------------------------------------
def test_budget_realisation_is_created_patched_and_locked_optimistically(api, program, people):
    client = as_(api, people["staff"])
    response = client.post(
        "/api/v1/budget-realisations/", {"program": program.pk, "quarter": 1, "amount": "250000"}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["amount"], body["row_version"]) == ("250000", 1)
    again = client.post("/api/v1/budget-realisations/", {"program": program.pk, "quarter": 1, "amount": "1"})
    assert again.status_code == 400
    detail = f"/api/v1/budget-realisations/{body['id']}/"
    assert client.patch(detail, {"amount": "300000", "row_version": 1}, format="json").status_code == 200
    assert client.patch(detail, {"amount": "1", "row_version": 1}, format="json").status_code == 409
    assert BudgetRealisation.objects.get().amount == D(300000)
    assert as_(api, people["bappeda"]).patch(detail, {"amount": "1"}, format="json").status_code == 403
    assert as_(api, people["other_head"]).get(detail).status_code == 404
