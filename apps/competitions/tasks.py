"""Celery tasks of the competition: a thin wrapper around notifications.py (enqueued by the services through
apps/core/queue.py once their transaction commits)."""

from celery import shared_task
from django.conf import settings
from django.utils import translation

from apps.core.audit import audit_context

from . import notifications


@shared_task(name="competitions.notify")
def notify_task(kind: str, object_id: int, stamp: str = "") -> int:
    """Send the in-app notices and e-mails of one event (see notifications.py); how many people were told."""
    if kind not in notifications.KINDS:
        return 0
    with translation.override(settings.LANGUAGE_CODE), audit_context(source="task:competitions.notify"):
        return notifications.notify(kind, object_id, stamp)
