"""Celery tasks of core: thin wrappers that take a job id and call the import framework (importing.py)."""

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.utils import translation

from . import importing
from .audit import audit_context
from .models import ImportJob

logger = logging.getLogger(__name__)


def _run(job_id: int, step) -> None:
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None:
        logger.warning("Import job %s does not exist (deleted?)", job_id)
        return
    # Messages stored on the job are written in the site's language; row changes are attributed to the uploader.
    with translation.override(settings.LANGUAGE_CODE), audit_context(user=job.created_by, source=f"import:{job.kind}"):
        step(job)


@shared_task(name="core.import_validate", ignore_result=True)
def import_validate_task(job_id: int) -> None:
    """Check every row of an uploaded file and store the errors or the preview on the job."""
    _run(job_id, importing.import_validate)


@shared_task(name="core.import_apply", ignore_result=True)
def import_apply_task(job_id: int) -> None:
    """Write a confirmed import in one transaction (after checking every row again)."""
    _run(job_id, importing.import_apply)


@shared_task(name="core.flush_queued", ignore_result=True)
def flush_queued_task() -> int:
    """Send the tasks kept while the broker was down (apps/core/queue.py)."""
    from . import queue

    return queue.flush()


@worker_ready.connect(dispatch_uid="core.flush_on_worker_start")
def _flush_on_start(**kwargs) -> None:
    from . import queue

    try:
        queue.flush()
    except Exception:  # a worker starts even if the flush cannot run now; the beat task tries again
        logger.exception("Could not send the kept tasks at worker start")
