"""Celery tasks of realisasi: thin wrappers around notifications.py (the schedule is CELERY_BEAT_SCHEDULE)."""

import datetime
import zoneinfo

from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation

from apps.core.audit import audit_context
from apps.departments.middleware import region_time_zone

from . import notifications
from .models import ProgressReport


@shared_task(name="progress.deadline_reminders")
def deadline_reminders_task(today: str | None = None) -> int:
    """Daily: remind departments whose quarter is due in five days or today. `today` (ISO) only for a re-run."""
    day = (
        datetime.date.fromisoformat(today)
        if today
        else timezone.localdate(timezone=zoneinfo.ZoneInfo(region_time_zone() or settings.TIME_ZONE))
    )
    with translation.override(settings.LANGUAGE_CODE), audit_context(source="task:progress.deadline_reminders"):
        return notifications.send_deadline_reminders(today=day)


@shared_task(name="progress.notify_returned")
def notify_returned_task(report_id: int) -> int:
    """Tell the department a report was returned (enqueue with transaction.on_commit after report_return)."""
    report = ProgressReport.objects.select_related("indicator__agreement").filter(pk=report_id).first()
    if report is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE), audit_context(source="task:progress.notify_returned"):
        return notifications.notify_returned(report)
