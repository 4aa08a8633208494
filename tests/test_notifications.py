"""The in-app notifications inbox: each user sees and marks only their own."""

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from apps.notifications.models import Notification
from apps.notifications.selectors import unread_count
from apps.notifications.services import notification_create

pytestmark = pytest.mark.django_db


def test_a_user_sees_only_their_own_notifications(login, users):
    notification_create(user=users[Role.DEPARTMENT_HEAD], title="PK 2026 jatuh tempo")
    notification_create(user=users[Role.MAYOR_OFFICE], title="Rahasia kantor")
    page = login(users[Role.DEPARTMENT_HEAD]).get(reverse("notifications:list")).content.decode()
    assert "PK 2026 jatuh tempo" in page and "Rahasia kantor" not in page


def test_a_keyed_notification_is_created_once_per_user():
    from tests.factories import UserFactory

    user = UserFactory()
    assert notification_create(user=user, title="a", key="k") is not None
    assert notification_create(user=user, title="a", key="k") is None
    assert notification_create(user=user, title="b") is not None
    assert notification_create(user=user, title="b") is not None
    assert Notification.objects.filter(user=user).count() == 3


def test_opening_a_notification_marks_it_read_and_follows_its_link(login, users):
    head = users[Role.DEPARTMENT_HEAD]
    notification = notification_create(user=head, title="PK", url="/notifications/?unread=1")
    response = login(head).post(reverse("notifications:read", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/notifications/?unread=1"
    assert unread_count(head) == 0


def test_an_outside_link_is_not_followed(login, users):
    head = users[Role.DEPARTMENT_HEAD]
    notification = notification_create(user=head, title="PK", url="https://evil.example/")
    response = login(head).post(reverse("notifications:read", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_nobody_marks_another_users_notification(login, users):
    notification = notification_create(user=users[Role.MAYOR_OFFICE], title="PK")
    response = login(users[Role.DEPARTMENT_HEAD]).post(reverse("notifications:read", args=[notification.pk]))
    assert response.status_code == 404
    assert unread_count(users[Role.MAYOR_OFFICE]) == 1


def test_mark_all_read(login, users):
    head = users[Role.DEPARTMENT_HEAD]
    for n in range(3):
        notification_create(user=head, title=f"PK {n}")
    login(head).post(reverse("notifications:read_all"))
    assert unread_count(head) == 0


def test_the_inbox_takes_a_bounded_number_of_queries(login, users, django_assert_max_num_queries):
    head = users[Role.DEPARTMENT_HEAD]
    client = login(head)
    for size in (2, 30):
        for n in range(size):
            notification_create(user=head, title=f"PK {n}")
        with django_assert_max_num_queries(10):
            assert client.get(reverse("notifications:list")).status_code == 200
