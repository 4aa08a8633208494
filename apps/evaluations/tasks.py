"""Celery tasks of evaluations: thin wrappers around flagging.py (the schedule is CELERY_BEAT_SCHEDULE)."""

import datetime
import zoneinfo

from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation

from apps.core.audit import audit_context
from apps.departments.middleware import region_time_zone

from . import flagging


def region_today() -> datetime.date:
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(region_time_zone() or settings.TIME_ZONE))


@shared_task(name="evaluations.flag_overdue")
def flag_overdue_task(today: str | None = None) -> list[int]:
    """Daily at 01:00 region time: flag the heads past a deadline with targets unmet; returns the new flags' ids.
    `today` (ISO) only for a re-run of a missed day."""
    day = datetime.date.fromisoformat(today) if today else region_today()
    with translation.override(settings.LANGUAGE_CODE), audit_context(source="task:evaluations.flag_overdue"):
        run = flagging.flag_overdue(today=day)
    return [flag.pk for flag in run.created]
