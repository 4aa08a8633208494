"""Issue 4: the in-app notifications inbox (each user sees only their own; a juror too: their assignments)."""

from . import JURY, everyone


def objects(shared):
    from apps.notifications.models import Notification

    shared["notification"] = Notification.objects.create(user=shared["own_user"], title="PK 2026")


EXPECTED = {
    "notifications:list": (None, everyone(200) | {JURY: 200}),
    "notifications:read": (lambda o: {"pk": o["notification"].pk}, everyone(405)),  # POST only
    "notifications:read_all": (None, everyone(405)),
}
