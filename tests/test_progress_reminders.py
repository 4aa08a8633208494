"""Realisasi reminders: before each quarter's deadline (five days before and on the day, once each) to the head and
staff of departments with indicators not submitted; and a notice when Bappeda returns a report."""

import datetime
import time

import pytest
from django.conf import settings
from django.core import mail

from apps.accounts.models import Role
from apps.notifications.models import Notification
from apps.progress import notifications, services
from apps.progress.tasks import deadline_reminders_task, notify_returned_task

from .factories_progress import make_signed_agreement
from .progress_fixtures import on

FIVE_DAYS_BEFORE = datetime.date(2026, 10, 5)  # TW III 2026 closes after 10 October
DEADLINE = datetime.date(2026, 10, 10)


@pytest.fixture
def owing_and_done(make_user, department, other_department):
    """`department` has reported nothing for TW III 2026; `other_department` has submitted every indicator."""
    people = {
        "head": make_user(Role.DEPARTMENT_HEAD, email="kadis@example.go.id"),
        "staff": make_user(Role.DEPARTMENT_STAFF, email="staf@example.go.id"),
        "other_head": make_user(Role.DEPARTMENT_HEAD, department=other_department, email="kadinkes@example.go.id"),
        "bappeda": make_user(Role.BAPPEDA),
    }
    make_signed_agreement(department, year=2026)
    done = make_signed_agreement(other_department, year=2026)
    with on(2026, 10, 2):
        for indicator in done.indicators.all():
            report = services.report_save(indicator=indicator, quarter=3, by=people["other_head"], actual="90")
            services.report_submit(report=report, by=people["other_head"])
    return people


@pytest.mark.django_db
def test_only_departments_owing_are_reminded_and_only_in_the_windows(owing_and_done):
    people = owing_and_done
    assert notifications.send_deadline_reminders(today=FIVE_DAYS_BEFORE - datetime.timedelta(days=1)) == 0
    assert notifications.send_deadline_reminders(today=DEADLINE + datetime.timedelta(days=1)) == 0
    assert notifications.send_deadline_reminders(today=FIVE_DAYS_BEFORE) == 2
    assert set(Notification.objects.values_list("user", flat=True)) == {people["head"].pk, people["staff"].pk}


def test_the_reminder_task_on_a_real_worker_reminds_five_days_before_and_on_the_day_once(worker, owing_and_done):
    people = owing_and_done
    mail.outbox = []
    with on(2026, FIVE_DAYS_BEFORE.month, FIVE_DAYS_BEFORE.day, hour=7):
        assert deadline_reminders_task.delay().get(timeout=30) == 2
        assert deadline_reminders_task.delay().get(timeout=30) == 0  # run twice: reminded once
    with on(2026, DEADLINE.month, DEADLINE.day, hour=7):
        assert deadline_reminders_task.delay().get(timeout=30) == 2
        assert deadline_reminders_task.delay().get(timeout=30) == 0

    keys = Notification.objects.filter(user=people["head"]).order_by("created_at").values_list("key", flat=True)
    assert list(keys) == ["progress-deadline:2026:3:before", "progress-deadline:2026:3:day"]
    assert not Notification.objects.filter(user=people["other_head"]).exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["kadis@example.go.id", "staf@example.go.id"] * 2)


@pytest.mark.django_db
def test_nobody_is_reminded_when_everything_is_submitted(owing_and_done, department):
    head = owing_and_done["head"]
    agreement = department.agreements.get()
    with on(2026, 10, 3):
        for indicator in agreement.indicators.all():
            report = services.report_save(indicator=indicator, quarter=3, by=head, actual="90")
            services.report_submit(report=report, by=head)
    assert notifications.send_deadline_reminders(today=FIVE_DAYS_BEFORE) == 0
    assert notifications.send_deadline_reminders(today=DEADLINE) == 0
    assert not Notification.objects.exists()


def test_a_returned_report_notifies_the_departments_people_once_with_the_comment(worker, owing_and_done, department):
    people = owing_and_done
    indicator = department.agreements.get().indicators.order_by("order").first()
    mail.outbox = []
    with on(2026, 10, 3):
        report = services.report_save(indicator=indicator, quarter=3, by=people["staff"], actual="80")
        report = services.report_submit(report=report, by=people["head"])
        report = services.report_return(report=report, by=people["bappeda"], comment="Lampirkan rekap data.")
        # the return enqueued the notice once committed; the worker sends it
        deadline = time.monotonic() + 30
        while Notification.objects.filter(key__startswith="progress-returned:").count() < 2:
            assert time.monotonic() < deadline, "the return was not notified"
            time.sleep(0.1)
        assert notify_returned_task.delay(report.pk).get(timeout=30) == 0  # the same return: notified once

    notices = Notification.objects.filter(key__startswith="progress-returned:")
    assert set(notices.values_list("user", flat=True)) == {people["head"].pk, people["staff"].pk}
    assert all("Lampirkan rekap data." in n.body for n in notices)
    assert len(mail.outbox) == 2


def test_the_reminders_are_scheduled_daily_in_the_morning():
    entry = settings.CELERY_BEAT_SCHEDULE["progress-deadline-reminders"]
    assert entry["task"] == deadline_reminders_task.name == "progress.deadline_reminders"
    assert entry["schedule"].hour == {7}
