"""Building reports: directly for the small ones, in a Celery job (with progress) for the large ones.

`report_build` is the one place a report is made (pages, API and worker all call it). `report_job_create` checks
who asks and queues the job; `report_job_run` (the worker) checks again that the requester may still have the
report, moves the progress bar while it builds, stores the file and sets its expiry
(`settings.REPORT_FILE_HOURS`); `report_jobs_cleanup` deletes the files of expired jobs.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apps.core import queue
from apps.departments.models import Department
from apps.departments.selectors import region_get

from . import capaian, e81, excel, pdf
from .models import RUNNING_STATUSES, JobStatus, ReportJob, ReportKind
from .selectors import may_have_report, report_departments_for

logger = logging.getLogger(__name__)

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_MIME = "application/pdf"
CONTENT_TYPES = {ReportKind.CAPAIAN_XLSX: XLSX_MIME, ReportKind.CAPAIAN_PDF: PDF_MIME, ReportKind.E81_XLSX: XLSX_MIME}


@dataclass(frozen=True)
class BuiltReport:
    content: bytes
    filename: str
    content_type: str


def is_direct(*, kind: str, department: Department | None) -> bool:
    """Small reports (one department's capaian table) are built while the page waits; the region's and every
    E.81 table go through a background job."""
    return department is not None and kind in (ReportKind.CAPAIAN_XLSX, ReportKind.CAPAIAN_PDF)


def report_check(*, user, department: Department | None) -> None:
    """Raise unless the user may have the report: 404 for a department outside their scope (nothing leaks),
    403 for the region's report to a department role."""
    if not user.has_perm("reports.view"):
        raise PermissionDenied
    if department is None:
        if not user.has_perm("reports.region"):
            raise PermissionDenied
    elif not report_departments_for(user).filter(pk=department.pk).exists():
        raise Http404


def report_filename(*, kind: str, year: int, department: Department | None) -> str:
    scope = slugify(department.short_name) if department is not None else "pemda"
    name = "tabel-e81" if kind == ReportKind.E81_XLSX else "capaian-kinerja"
    extension = "pdf" if kind == ReportKind.CAPAIAN_PDF else "xlsx"
    return f"{name}-{year}-{scope}.{extension}"


def report_build(
    *, kind: str, year: int, department: Department | None, progress: Callable[[int, int], None] | None = None
) -> BuiltReport:
    """The report's bytes. `progress(done, total)` is called as departments are done."""
    departments = [department] if department is not None else list(Department.objects.filter(is_active=True))
    region = region_get()
    region_name = region.name if region else ""
    is_region = department is None
    if kind == ReportKind.E81_XLSX:
        report = e81.e81_report(year=year, departments=departments, is_region=is_region, progress=progress)
        content = excel.e81_workbook(
            report, region_name=region_name, department_name=department.name if department else ""
        )
    else:
        report = capaian.capaian_report(year=year, departments=departments, is_region=is_region, progress=progress)
        if kind == ReportKind.CAPAIAN_PDF:
            content = pdf.capaian_pdf(report, region)
        else:
            content = excel.capaian_workbook(report, region_name=region_name)
    return BuiltReport(
        content=content,
        filename=report_filename(kind=kind, year=year, department=department),
        content_type=CONTENT_TYPES[kind],
    )


def report_job_create(*, by, kind: str, year: int, department: Department | None) -> ReportJob:
    """Queue a report for the worker (after the transaction commits)."""
    report_check(user=by, department=department)
    job = ReportJob(kind=kind, year=year, department=department, requested_by=by)
    job.full_clean()
    job.save()
    from .tasks import report_build_task  # the task module imports this one

    queue.enqueue(report_build_task, job.pk, key=f"report:{job.pk}")
    return job


class _Progress:
    """Moves the job's progress bar (0–95 while building; 100 when stored). The build runs outside any
    transaction, so each update is seen by the polling page at once."""

    def __init__(self, job: ReportJob):
        self.job = job
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 5 + int(90 * done / total) if total else 95
        if percent != self.last:
            self.last = percent
            ReportJob.objects.filter(pk=self.job.pk).update(progress=percent)


#: The first key of the PostgreSQL advisory locks of report builds (the second is the job's id).
BUILD_LOCK = 0x4B4A_0002


def report_job_run(job: ReportJob) -> ReportJob:
    """Build a queued job's report (the worker). A job that is done or failed is left alone; a requester who may
    no longer have the report (moved, deactivated, role changed) gets a failed job and no file.

    Celery delivers the task again when a worker dies mid-build (acks_late): a lock of the build's database session
    tells a live build (wait for it, then find the job done) from the claim of a dead one (its session, and the
    lock, went with it: build the report)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [BUILD_LOCK, job.pk])
    try:
        return _run(job)
    finally:
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [BUILD_LOCK, job.pk])


def _run(job: ReportJob) -> ReportJob:
    running = ReportJob.objects.filter(pk=job.pk, status__in=RUNNING_STATUSES)
    if not running.update(status=JobStatus.RUNNING, progress=5):
        job.refresh_from_db()
        return job  # done or failed already
    job.refresh_from_db()
    user = job.requested_by
    if not may_have_report(user, job.department):
        return _fail(job, _("You may no longer have this report."))
    try:
        built = report_build(kind=job.kind, year=job.year, department=job.department, progress=_Progress(job))
    except Exception:
        logger.exception("Report job %s failed", job.pk)
        return _fail(job, _("The report could not be built. Try again; if it fails again, tell the administrator."))
    now = timezone.now()
    job.file.save(built.filename, ContentFile(built.content), save=False)
    job.filename = built.filename
    job.status = JobStatus.DONE
    job.progress = 100
    job.finished_at = now
    job.expires_at = now + datetime.timedelta(hours=settings.REPORT_FILE_HOURS)
    job.save(update_fields=["file", "filename", "status", "progress", "finished_at", "expires_at"])
    return job


def _fail(job: ReportJob, message: str) -> ReportJob:
    job.status = JobStatus.FAILED
    job.error = message
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    return job


def report_jobs_cleanup(*, now: datetime.datetime | None = None) -> int:
    """Delete the stored files of expired jobs (the rows stay: who asked for what, when). Returns how many."""
    now = now or timezone.now()
    count = 0
    for job in ReportJob.objects.filter(expires_at__lte=now).exclude(file=""):
        job.file.delete(save=False)
        ReportJob.objects.filter(pk=job.pk).update(file="")
        count += 1
    return count
