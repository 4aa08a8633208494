"""Issue 8, reports: who may have which report (pages), the background job with its progress and expiry (a real
Celery worker), and the public accountability page."""

import datetime
import os
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Role
from apps.agreements.models import Agreement, AgreementIndicator, AgreementObjective
from apps.reports import services
from apps.reports.models import JobStatus, ReportJob, ReportKind

from .factories import OfficialFactory, UserFactory
from .factories_scores import indicators_of, make_report, make_scored_agreement

pytestmark = pytest.mark.django_db
CITYWIDE = [Role.ADMIN, Role.MAYOR_OFFICE, Role.BAPPEDA, Role.INSPECTORATE]


def scored(department, *, year=2026, name="Indikator 1.1"):
    agreement = make_scored_agreement(department, [[{"polarity": "positive", "target": "80", "name": name}]], year=year)
    make_report(indicators_of(agreement)[0], 1, "92")
    return agreement


def direct_url(kind, department, year=2026):
    return f"{reverse('reports:direct')}?kind={kind}&year={year}&department={department.pk}"


def build(login, user, **data):
    return login(user).post(reverse("reports:home"), data)


# --- Who may have which report -----------------------------------------------------------------------------------
def test_a_department_head_downloads_their_own_departments_capaian_table(region, login, users, department):
    scored(department)
    response = build(login, users[Role.DEPARTMENT_HEAD], year=2026, scope=department.pk, kind=ReportKind.CAPAIAN_PDF)
    assert response.status_code == 302 and response["Location"] == direct_url(ReportKind.CAPAIAN_PDF, department)
    download = login(users[Role.DEPARTMENT_HEAD]).get(response["Location"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf" and download.content.startswith(b"%PDF")
    assert 'filename="capaian-kinerja-2026-disdik.pdf"' in download["Content-Disposition"]


@pytest.mark.parametrize("role", [Role.DEPARTMENT_HEAD, Role.DEPARTMENT_STAFF])
def test_a_department_role_gets_404_for_another_departments_report(role, login, users, other_department):
    scored(other_department)
    client = login(users[role])
    for kind in (ReportKind.CAPAIAN_XLSX, ReportKind.CAPAIAN_PDF):
        assert client.get(direct_url(kind, other_department)).status_code == 404
    # The form offers neither the other department nor the region, and refuses them.
    page = client.get(reverse("reports:home")).content.decode()
    assert other_department.name not in page and 'value="region"' not in page
    for scope in (other_department.pk, "region"):
        response = client.post(reverse("reports:home"), {"year": 2026, "scope": scope, "kind": ReportKind.E81_XLSX})
        assert response.status_code == 200 and response.context["form"].errors["scope"]
    assert not ReportJob.objects.exists()


def test_a_department_role_may_not_queue_the_regions_report(users, department):
    with pytest.raises(PermissionDenied):
        services.report_job_create(by=users[Role.DEPARTMENT_HEAD], kind=ReportKind.E81_XLSX, year=2026, department=None)
    with pytest.raises(Http404):
        services.report_job_create(
            by=users[Role.DEPARTMENT_HEAD],
            kind=ReportKind.E81_XLSX,
            year=2026,
            department=UserFactory(role="department_head").department,
        )


@pytest.mark.parametrize("role", CITYWIDE)
def test_the_regions_report_is_for_the_mayors_office_bappeda_inspektorat_and_admin(
    role, login, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:  # the task is queued only after the commit
        response = build(login, users[role], year=2026, scope="region", kind=ReportKind.CAPAIAN_XLSX)
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("reports:job", kwargs={"pk": job.pk})
    assert (job.department, job.requested_by, job.status) == (None, users[role], JobStatus.PENDING)
    assert len(callbacks) == 1


def test_the_page_shows_a_citywide_role_every_department_and_the_region(login, users, department, other_department):
    page = login(users[Role.INSPECTORATE]).get(reverse("reports:home")).content.decode()
    assert 'value="region"' in page and department.name in page and other_department.name in page


@pytest.mark.parametrize("jobs", [1, 8])
def test_the_reports_page_costs_the_same_queries_for_few_or_many_jobs(
    jobs, login, users, department, django_assert_max_num_queries
):
    for _ in range(jobs):
        _job(users[Role.BAPPEDA], department)
    client = login(users[Role.BAPPEDA])
    with django_assert_max_num_queries(10):
        assert client.get(reverse("reports:home")).status_code == 200


# --- The background job -----------------------------------------------------------------------------------------
def _job(user, department=None, kind=ReportKind.E81_XLSX, **fields):
    return ReportJob.objects.create(kind=kind, year=2026, department=department, requested_by=user, **fields)


def test_a_job_is_seen_only_by_its_requester(login, users):
    job = _job(users[Role.MAYOR_OFFICE])
    assert login(users[Role.MAYOR_OFFICE]).get(reverse("reports:job", kwargs={"pk": job.pk})).status_code == 200
    for role in (Role.ADMIN, Role.BAPPEDA, Role.DEPARTMENT_HEAD):
        for name in ("reports:job", "reports:job_status", "reports:download"):
            assert login(users[role]).get(reverse(name, kwargs={"pk": job.pk})).status_code == 404


def test_the_job_page_polls_while_the_job_runs_and_offers_the_download_when_done(region, login, users, department):
    scored(department)
    job = _job(users[Role.DEPARTMENT_HEAD], department)
    client = login(users[Role.DEPARTMENT_HEAD])
    page = client.get(reverse("reports:job", kwargs={"pk": job.pk})).content.decode()
    assert 'hx-trigger="every 1s"' in page and reverse("reports:job_status", kwargs={"pk": job.pk}) in page
    assert client.get(reverse("reports:download", kwargs={"pk": job.pk})).status_code == 404  # not built yet

    services.report_job_run(job)
    job.refresh_from_db()
    assert (job.status, job.progress, job.filename) == (JobStatus.DONE, 100, "tabel-e81-2026-disdik.xlsx")
    hours = (job.expires_at - job.finished_at).total_seconds() / 3600
    assert hours == 24
    status = client.get(reverse("reports:job_status", kwargs={"pk": job.pk})).content.decode()
    assert "hx-trigger" not in status and reverse("reports:download", kwargs={"pk": job.pk}) in status
    download = client.get(reverse("reports:download", kwargs={"pk": job.pk}))
    assert download.status_code == 200 and download.content.startswith(b"PK")
    assert 'filename="tabel-e81-2026-disdik.xlsx"' in download["Content-Disposition"]


def test_the_worker_checks_the_permission_again(users, department, other_department):
    head = users[Role.DEPARTMENT_HEAD]
    job = _job(head, department)
    head.department = other_department  # moved before the worker got to the job
    head.save()
    services.report_job_run(job)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.file
    assert job.error


def test_the_worker_refuses_the_regions_report_to_a_role_that_lost_it(users):
    user = users[Role.BAPPEDA]
    job = _job(user)
    user.is_active = False
    user.save()
    services.report_job_run(job)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.file


def test_a_job_runs_once_even_if_queued_twice(region, users, department):
    job = _job(users[Role.DEPARTMENT_HEAD], department)
    services.report_job_run(job)
    finished = ReportJob.objects.get(pk=job.pk).finished_at
    services.report_job_run(ReportJob.objects.get(pk=job.pk))
    assert ReportJob.objects.get(pk=job.pk).finished_at == finished


def test_the_file_expires_after_the_settings_hours_and_the_cleanup_deletes_it(
    region, settings, login, users, department
):
    settings.REPORT_FILE_HOURS = 2
    job = _job(users[Role.DEPARTMENT_HEAD], department)
    services.report_job_run(job)
    job.refresh_from_db()
    assert job.expires_at - job.finished_at == datetime.timedelta(hours=2)
    path = job.file.path
    assert services.report_jobs_cleanup() == 0  # not yet
    ReportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    client = login(users[Role.DEPARTMENT_HEAD])
    assert client.get(reverse("reports:download", kwargs={"pk": job.pk})).status_code == 410
    assert "report-expired" in client.get(reverse("reports:job", kwargs={"pk": job.pk})).content.decode()
    assert services.report_jobs_cleanup() == 1
    job.refresh_from_db()
    assert not job.file
    assert not os.path.exists(path)
    assert services.report_jobs_cleanup() == 0


def test_a_real_worker_builds_the_regions_report_and_the_page_offers_it(
    worker, region, login, users, department, other_department
):
    scored(department)
    scored(other_department)
    client = login(users[Role.MAYOR_OFFICE])
    response = client.post(reverse("reports:home"), {"year": 2026, "scope": "region", "kind": ReportKind.CAPAIAN_PDF})
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("reports:job", kwargs={"pk": job.pk})
    deadline = time.monotonic() + 60
    while job.is_running and time.monotonic() < deadline:
        time.sleep(0.3)
        job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.progress == 100
    status = client.get(reverse("reports:job_status", kwargs={"pk": job.pk})).content.decode()
    assert 'data-status="done"' in status
    download = client.get(reverse("reports:download", kwargs={"pk": job.pk}))
    assert download.status_code == 200 and download.content.startswith(b"%PDF")


# --- The public accountability page --------------------------------------------------------------------------
def test_the_public_page_is_off_by_default(client, login, users, department):
    agreement = scored(department)
    assert "public-page-note" not in login(users[Role.MAYOR_OFFICE]).get(reverse("reports:home")).content.decode()
    client.logout()
    assert client.get(reverse("reports:public")).status_code == 404
    assert client.get(reverse("reports:public_agreement", kwargs={"pk": agreement.pk})).status_code == 404


def test_the_public_page_shows_signed_pks_and_capaian_without_sign_in_and_nothing_else(
    settings, client, region, department, other_department, users
):
    from tests.factories_agreement_documents import make_agreement

    settings.PUBLIC_ACCOUNTABILITY_PAGE = True
    signed = make_agreement(department, signed_on=datetime.date(2026, 1, 31))
    make_report(signed.indicators.get(name="Indeks literasi"), 1, "71.25", analysis="Analisis rahasia internal")
    draft = Agreement.objects.create(
        department=other_department,
        official=OfficialFactory(),
        year=2026,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        created_by=users[Role.ADMIN],
    )
    objective = AgreementObjective.objects.create(agreement=draft, name="Sasaran draf")
    AgreementIndicator.objects.create(
        agreement=draft,
        objective=objective,
        name="Indikator draf rahasia",
        unit="%",
        polarity="positive",
        aggregation="last",
        target=80,
    )

    response = client.get(reverse("reports:public"))
    assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated
    page = response.content.decode()
    assert department.name in page and "Indeks literasi" in page and "100,00%" in page
    assert "belum dilaporkan" in page or "not reported yet" in page  # the other indicators
    # Nothing else: no draft, no narrative, no staff or account names.
    assert "Indikator draf rahasia" not in page and other_department.name not in page
    assert "Analisis rahasia internal" not in page
    assert users[Role.DEPARTMENT_STAFF].first_name not in page and users[Role.DEPARTMENT_HEAD].username not in page
    pdf = client.get(reverse("reports:public_agreement", kwargs={"pk": signed.pk}))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("reports:public_agreement", kwargs={"pk": draft.pk})).status_code == 404


def test_the_reports_page_points_to_the_public_page_when_it_is_on(settings, login, users):
    settings.PUBLIC_ACCOUNTABILITY_PAGE = True
    page = login(users[Role.MAYOR_OFFICE]).get(reverse("reports:home")).content.decode()
    assert "public-page-note" in page and reverse("reports:public") in page


def test_the_public_page_links_only_the_current_signed_version(settings, client, department):
    settings.PUBLIC_ACCOUNTABILITY_PAGE = True
    older = scored(department)
    newer = Agreement.objects.create(
        department=department,
        official=older.official,
        year=2026,
        version=2,
        previous=older,
        amendment_reason="program_change",
        period_start=older.period_start,
        period_end=older.period_end,
        created_by=older.created_by,
    )
    Agreement.objects.filter(pk=newer.pk).update(status="signed", signed_on=datetime.date(2026, 6, 30))
    page = client.get(reverse("reports:public")).content.decode()
    assert reverse("reports:public_agreement", kwargs={"pk": newer.pk}) in page
    assert reverse("reports:public_agreement", kwargs={"pk": older.pk}) not in page
    assert client.get(reverse("reports:public_agreement", kwargs={"pk": older.pk})).status_code == 404


def test_the_public_page_costs_the_same_queries_for_one_or_four_departments(
    settings, client, django_assert_max_num_queries
):
    from .factories import DepartmentFactory

    settings.PUBLIC_ACCOUNTABILITY_PAGE = True
    for count in (1, 4):
        for _ in range(count):
            scored(DepartmentFactory())
        with django_assert_max_num_queries(8):
            assert client.get(reverse("reports:public")).status_code == 200
