"""Writes of notifications."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification


def notification_create(*, user, title: str, body: str = "", url: str = "", key: str = "") -> Notification | None:
    """A new notification; with a `key`, at most one per user and key: a repeat returns None and changes nothing
    (the unique constraint decides, so two workers racing still notify once)."""
    notification = Notification(user=user, title=title, body=body, url=url, key=key)
    notification.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            notification.save()
    except IntegrityError:
        if key and Notification.objects.filter(user=user, key=key).exists():
            return None
        raise
    return notification


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications (or all of them) read; returns how many changed."""
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        queryset = queryset.filter(pk=notification_id)
    return queryset.update(read_at=timezone.now())
