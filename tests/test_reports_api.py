"""Issue 8, reports over the API: queue a report, follow it, download it, with the pages' permissions."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.accounts.models import Role
from apps.reports import services
from apps.reports.models import JobStatus, ReportJob, ReportKind

from .factories_scores import indicators_of, make_report, make_scored_agreement

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/"


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user)
    return api


def test_a_department_head_queues_their_departments_e81_and_downloads_it(
    api, region, users, department, django_capture_on_commit_callbacks
):
    agreement = make_scored_agreement(department, [[{"target": "80"}]])
    make_report(indicators_of(agreement)[0], 1, "92")
    client = as_user(api, users[Role.DEPARTMENT_HEAD])
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(URL, {"kind": "e81_xlsx", "year": 2026, "department": department.pk}, format="json")
    assert response.status_code == 202, response.json()
    body = response.json()
    assert (body["status"], body["progress"], body["download_url"], body["department"]) == (
        "pending",
        0,
        None,
        department.pk,
    )
    assert len(callbacks) == 1
    job = ReportJob.objects.get(pk=body["id"])
    assert client.get(f"{URL}{job.pk}/download/").status_code == 404  # not built yet

    services.report_job_run(job)
    body = client.get(f"{URL}{job.pk}/").json()
    assert (body["status"], body["progress"], body["filename"]) == ("done", 100, "tabel-e81-2026-disdik.xlsx")
    assert body["download_url"].endswith(reverse("api-report-download", kwargs={"pk": job.pk}))
    download = client.get(body["download_url"])
    assert download.status_code == 200 and download.content.startswith(b"PK")
    assert download["Content-Type"] == services.XLSX_MIME


def test_the_regions_report_is_403_for_a_department_role_and_another_department_404(
    api, users, department, other_department
):
    for role in (Role.DEPARTMENT_HEAD, Role.DEPARTMENT_STAFF):
        client = as_user(api, users[role])
        region = client.post(URL, {"kind": "capaian_xlsx", "year": 2026, "department": None}, format="json")
        assert region.status_code == 403
        other = client.post(
            URL, {"kind": "capaian_pdf", "year": 2026, "department": other_department.pk}, format="json"
        )
        assert other.status_code == 404
    assert not ReportJob.objects.exists()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MAYOR_OFFICE, Role.BAPPEDA, Role.INSPECTORATE])
def test_the_citywide_roles_queue_the_regions_report(api, users, role):
    response = as_user(api, users[role]).post(URL, {"kind": "capaian_pdf", "year": 2026}, format="json")
    assert response.status_code == 202
    assert ReportJob.objects.get().department is None


def test_jobs_are_listed_and_shown_only_to_their_requester(api, users):
    mine = ReportJob.objects.create(kind=ReportKind.E81_XLSX, year=2026, requested_by=users[Role.BAPPEDA])
    ReportJob.objects.create(kind=ReportKind.E81_XLSX, year=2026, requested_by=users[Role.ADMIN])
    client = as_user(api, users[Role.BAPPEDA])
    assert [job["id"] for job in client.get(URL).json()["results"]] == [mine.pk]
    other = as_user(APIClient(), users[Role.MAYOR_OFFICE])
    assert other.get(f"{URL}{mine.pk}/").status_code == 404
    assert other.get(f"{URL}{mine.pk}/download/").status_code == 404


def test_a_bad_kind_or_year_is_refused(api, users):
    client = as_user(api, users[Role.MAYOR_OFFICE])
    assert client.post(URL, {"kind": "lkjip_docx", "year": 2026}, format="json").status_code == 400
    assert client.post(URL, {"kind": "e81_xlsx", "year": 1999}, format="json").status_code == 400
    assert not ReportJob.objects.exists()


def test_an_expired_file_answers_410(api, region, users, department):
    job = ReportJob.objects.create(
        kind=ReportKind.E81_XLSX, year=2026, department=department, requested_by=users[Role.DEPARTMENT_HEAD]
    )
    services.report_job_run(job)
    ReportJob.objects.filter(pk=job.pk).update(expires_at="2000-01-01T00:00:00Z")
    client = as_user(api, users[Role.DEPARTMENT_HEAD])
    assert client.get(f"{URL}{job.pk}/download/").status_code == 410
    assert client.get(f"{URL}{job.pk}/").json()["download_url"] is None
    assert ReportJob.objects.get(pk=job.pk).status == JobStatus.DONE


def test_anonymous_gets_401(api):
    assert api.get(URL).status_code == 401
    assert api.post(URL, {"kind": "e81_xlsx", "year": 2026}, format="json").status_code == 401
