"""Reads of notifications: a user sees only their own."""

from django.db.models import QuerySet

from .models import Notification


def notifications_for(user) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def unread_count(user) -> int:
    """For the navbar bell."""
    return notifications_for(user).filter(read_at__isnull=True).count()
