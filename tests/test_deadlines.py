"""The PK deadline: one month after the DPA date; reminders to late heads a week before and on the day, once."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse

from apps.accounts.models import Role
from apps.agreements import deadlines
from apps.agreements.models import AgreementDeadline
from apps.agreements.tasks import deadline_reminders_task
from apps.notifications.models import Notification
from kinerja.celery import app as celery_app

from .factories import AssignmentFactory, DepartmentFactory, UserFactory
from .factories_agreement_documents import make_agreement

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
WEEK_BEFORE = datetime.date(2026, 2, 21)  # the default deadline of 2026 is 28 February (31 January + 1 month)
DEADLINE = datetime.date(2026, 2, 28)


def at_seven(day):
    return datetime.datetime.combine(day, datetime.time(7, 0), tzinfo=WITA)


@pytest.fixture
def late_and_signed(department, other_department):
    """The head of `department` (no signed PK) and the head of `other_department` (signed)."""
    late = UserFactory(role=Role.DEPARTMENT_HEAD, department=department, email="kadis@example.go.id")
    signed = UserFactory(role=Role.DEPARTMENT_HEAD, department=other_department, email="kadinkes@example.go.id")
    make_agreement(other_department, signed_on=datetime.date(2026, 2, 10))
    return late, signed


# --- The deadline ------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_deadline_is_one_month_after_the_dpa_date_and_31_january_by_default():
    assert deadlines.deadline_for(2026) == DEADLINE
    assert deadlines.deadline_for(2028) == datetime.date(2028, 2, 29)
    AgreementDeadline.objects.create(year=2027, dpa_date=datetime.date(2026, 12, 30))
    assert deadlines.deadline_for(2027) == datetime.date(2027, 1, 30)
    assert deadlines.add_one_month(datetime.date(2026, 3, 31)) == datetime.date(2026, 4, 30)


@pytest.mark.django_db
def test_the_mayors_office_sets_the_dpa_date_and_sees_who_is_late(late_and_signed, login, users):
    client = login(users[Role.MAYOR_OFFICE])
    url = reverse("agreement_documents:deadlines")
    response = client.post(url, {"year": 2026, "dpa_date": "15/01/2026"})
    assert response.status_code == 302
    assert deadlines.deadline_for(2026) == datetime.date(2026, 2, 15)
    with time_machine.travel(at_seven(datetime.date(2026, 3, 1))):
        page = client.get(url, {"year": 2026}).content.decode()
        late = deadlines.late_departments(year=2026, today=datetime.date(2026, 3, 1))
    assert [d.short_name for d in late] == ["Disdik"]
    assert page.count("text-bg-danger") == 1  # one "late" badge: Disdik


@pytest.mark.django_db
def test_nobody_is_late_before_the_deadline(late_and_signed):
    assert not deadlines.late_departments(year=2026, today=DEADLINE).exists()


@pytest.mark.django_db
def test_a_department_head_may_not_set_the_dpa_date(login, users):
    client = login(users[Role.DEPARTMENT_HEAD])
    response = client.post(reverse("agreement_documents:deadlines"), {"year": 2026, "dpa_date": "15/01/2026"})
    assert response.status_code == 403
    assert not AgreementDeadline.objects.exists()


# --- Reminders ---------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_only_heads_without_a_signed_pk_are_reminded_and_only_in_the_windows(late_and_signed, department):
    late, signed = late_and_signed
    UserFactory(role=Role.DEPARTMENT_STAFF, department=department)  # staff are not reminded
    UserFactory(role=Role.DEPARTMENT_HEAD, department=department, is_active=False)
    assert deadlines.send_deadline_reminders(today=WEEK_BEFORE - datetime.timedelta(days=1)) == 0
    assert deadlines.send_deadline_reminders(today=WEEK_BEFORE) == 1
    assert list(Notification.objects.values_list("user", flat=True)) == [late.pk]
    assert not Notification.objects.filter(user=signed).exists()


def test_the_reminder_task_on_a_real_worker_reminds_a_late_head_a_week_before_and_on_the_day_once(
    worker, late_and_signed
):
    late, signed = late_and_signed
    mail.outbox = []
    with time_machine.travel(at_seven(WEEK_BEFORE), tick=True):
        assert deadline_reminders_task.delay().get(timeout=30) == 1
        assert deadline_reminders_task.delay().get(timeout=30) == 0  # run twice: reminded once
    with time_machine.travel(at_seven(DEADLINE), tick=True):
        assert deadline_reminders_task.delay().get(timeout=30) == 1
        assert deadline_reminders_task.delay().get(timeout=30) == 0

    notifications = Notification.objects.filter(user=late).order_by("created_at")
    assert [n.key for n in notifications] == ["agreement-deadline:2026:week", "agreement-deadline:2026:day"]
    assert "28 Februari 2026" in notifications[0].title
    assert not Notification.objects.filter(user=signed).exists()
    assert [m.to for m in mail.outbox] == [[late.email], [late.email]]


def test_the_reminders_are_scheduled_daily_at_seven_in_the_regions_time():
    entry = settings.CELERY_BEAT_SCHEDULE["agreement-deadline-reminders"]
    assert entry["task"] == "agreements.deadline_reminders" == deadline_reminders_task.name
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}
    assert celery_app.conf.timezone == settings.TIME_ZONE == "Asia/Makassar"


@pytest.mark.django_db
def test_a_department_without_a_head_account_sends_nothing(department):
    AssignmentFactory(department=DepartmentFactory())
    assert deadlines.send_deadline_reminders(today=DEADLINE) == 0
