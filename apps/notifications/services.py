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


def notifications_create_many(rows: list[dict]) -> int:
    """Many notifications (dicts of user, title, body, url, key) in one INSERT … ON CONFLICT DO NOTHING: a (user,
    key) already notified is skipped, as in notification_create. Returns how many are new."""
    if not rows:
        return 0
    notifications = [Notification(**row) for row in rows]
    for notification in notifications:
        notification.full_clean(validate_constraints=False)
    keys = {row["key"] for row in rows}
    before = Notification.objects.filter(key__in=keys).count()
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    return Notification.objects.filter(key__in=keys).count() - before


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications (or all of them) read; returns how many changed."""
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        queryset = queryset.filter(pk=notification_id)
    return queryset.update(read_at=timezone.now())
