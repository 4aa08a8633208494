"""Celery tasks of the reports: thin wrappers around services.py (the cleanup runs from celery beat)."""

import logging

from celery import shared_task
from django.conf import settings
from django.utils import translation

from apps.core.audit import audit_context

from . import services
from .models import ReportJob

logger = logging.getLogger(__name__)


@shared_task(name="reports.build", ignore_result=True)
def report_build_task(job_id: int) -> None:
    """Build a queued report (the permission of its requester is checked again first)."""
    job = ReportJob.objects.select_related("requested_by", "department").filter(pk=job_id).first()
    if job is None:
        logger.warning("Report job %s does not exist (deleted?)", job_id)
        return
    with (
        translation.override(settings.LANGUAGE_CODE),
        audit_context(user=job.requested_by, source="task:reports.build"),
    ):
        services.report_job_run(job)


@shared_task(name="reports.cleanup_expired")
def report_cleanup_task() -> int:
    """Hourly: delete the files of reports whose download time has passed."""
    with audit_context(source="task:reports.cleanup_expired"):
        return services.report_jobs_cleanup()
