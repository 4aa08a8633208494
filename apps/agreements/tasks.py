"""Celery tasks of agreements: thin wrappers around deadlines.py (the schedule is CELERY_BEAT_SCHEDULE in settings)."""

import datetime
import zoneinfo

from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation

from apps.core.audit import audit_context
from apps.departments.middleware import region_time_zone

from . import deadlines


@shared_task(name="agreements.deadline_reminders")
def deadline_reminders_task(today: str | None = None) -> int:
    """Daily: remind heads whose PK is due in a week or today. `today` (ISO) only for a manual re-run."""
    day = (
        datetime.date.fromisoformat(today)
        if today
        else timezone.localdate(timezone=zoneinfo.ZoneInfo(region_time_zone() or settings.TIME_ZONE))
    )
    with translation.override(settings.LANGUAGE_CODE), audit_context(source="task:agreements.deadline_reminders"):
        return deadlines.send_deadline_reminders(today=day)
