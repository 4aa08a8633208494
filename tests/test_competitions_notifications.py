"""The competition's notices, in the application and by e-mail (Django's locmem outbox): a juror when assigned and
when judging opens; the entrant department's head (and whoever entered) when the entry is rejected or reinstated
and when the results are published. The services enqueue them for a worker once they commit; each is sent once."""

import time

import pytest
from django.core import mail

from apps.accounts.models import Role
from apps.competitions import notifications, services
from apps.competitions.models import RoundStatus
from apps.competitions.tasks import notify_task
from apps.notifications.models import Notification
from tests.factories import UserFactory
from tests.factories_competitions import make_entry, make_juror, make_round, score_all

FIVE = ("kebaruan", "kemanfaatan", "keberlanjutan", "kemudahan_replikasi", "presentasi")


@pytest.fixture
def people(db, department, other_department):
    bappeda = UserFactory(role=Role.BAPPEDA, email="bappeda@example.go.id")
    head = UserFactory(role=Role.DEPARTMENT_HEAD, department=department, email="kadis@example.go.id")
    staff = UserFactory(role=Role.DEPARTMENT_STAFF, department=department, email="staf@example.go.id")
    other_head = UserFactory(role=Role.DEPARTMENT_HEAD, department=other_department, email="lain@example.go.id")
    juror_user = UserFactory(role=Role.JURY, email="juri@example.ac.id", first_name="Rahmat", last_name="Hidayat")
    return {"bappeda": bappeda, "head": head, "staff": staff, "other_head": other_head, "juror": juror_user}


@pytest.fixture
def round_(people):
    return make_round(by=people["bappeda"], status=RoundStatus.REGISTRATION)


def _queued(callbacks) -> list[tuple]:
    """(task name, args) of the tasks the committed transaction would send."""
    return [(callback.args[0], tuple(callback.args[1])) for callback in callbacks if hasattr(callback, "args")]


def test_a_juror_is_told_when_assigned_and_when_judging_opens(
    people, round_, department, django_capture_on_commit_callbacks
):
    make_entry(round_, department, by=people["staff"])
    with django_capture_on_commit_callbacks() as callbacks:
        juror = services.juror_assign(round_=round_, user=people["juror"], by=people["bappeda"])
    assert _queued(callbacks) == [("competitions.notify", (notifications.JUROR_ASSIGNED, juror.pk, ""))]
    mail.outbox = []
    assert notify_task(notifications.JUROR_ASSIGNED, juror.pk) == 1
    assert notify_task(notifications.JUROR_ASSIGNED, juror.pk) == 0  # a task run twice tells once
    assert [m.to for m in mail.outbox] == [["juri@example.ac.id"]]
    assert round_.name in mail.outbox[0].subject and round_.get_absolute_url() in mail.outbox[0].body
    with django_capture_on_commit_callbacks() as callbacks:
        services.round_advance(round_=round_, target=RoundStatus.JUDGING, by=people["bappeda"])
    assert ("competitions.notify", (notifications.JUDGING_OPENED, round_.pk, "")) in _queued(callbacks)
    assert notify_task(notifications.JUDGING_OPENED, round_.pk) == 1
    assert notify_task(notifications.JUDGING_OPENED, round_.pk) == 0
    assert len(mail.outbox) == 2 and round_.name in mail.outbox[1].subject
    assert people["juror"].notifications.count() == 2


def test_a_juror_assigned_while_judging_is_also_told_it_is_open(
    people, round_, department, django_capture_on_commit_callbacks
):
    make_entry(round_, department, by=people["staff"])
    make_juror(round_, bappeda=people["bappeda"])
    services.round_advance(round_=round_, target=RoundStatus.JUDGING, by=people["bappeda"])
    with django_capture_on_commit_callbacks() as callbacks:
        juror = services.juror_assign(round_=round_, user=people["juror"], by=people["bappeda"])
    kinds = [args[0] for _name, args in _queued(callbacks)]
    assert kinds == [notifications.JUROR_ASSIGNED, notifications.JUDGING_OPENED]
    mail.outbox = []
    notify_task(notifications.JUROR_ASSIGNED, juror.pk)
    notify_task(notifications.JUDGING_OPENED, round_.pk)
    assert [m.to for m in mail.outbox if m.to == ["juri@example.ac.id"]] == [["juri@example.ac.id"]] * 2


def test_the_department_head_hears_of_a_rejection_and_a_reinstatement_by_email(
    people, round_, department, django_capture_on_commit_callbacks
):
    entry = make_entry(round_, department, by=people["staff"], name="Inovasi Layanan Cepat")
    mail.outbox = []
    with django_capture_on_commit_callbacks() as callbacks:
        entry = services.entry_reject(entry=entry, reason="Belum diterapkan satu tahun.", by=people["bappeda"])
    [(_name, args)] = _queued(callbacks)
    assert args[:2] == (notifications.ENTRY_REJECTED, entry.pk)
    assert notify_task(*args) == 2  # the head and the staff member who entered it
    assert notify_task(*args) == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["kadis@example.go.id", "staf@example.go.id"]
    assert all("Belum diterapkan satu tahun." in m.body and "Inovasi Layanan Cepat" in m.subject for m in mail.outbox)
    assert "lain@example.go.id" not in [m.to[0] for m in mail.outbox]
    mail.outbox = []
    with django_capture_on_commit_callbacks() as callbacks:
        services.entry_reinstate(entry=entry, by=people["bappeda"])
    [(_name, args)] = _queued(callbacks)
    assert args[:2] == (notifications.ENTRY_REINSTATED, entry.pk)
    assert notify_task(*args) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["kadis@example.go.id", "staf@example.go.id"]
    # a second rejection is a new event: told again
    mail.outbox = []
    with django_capture_on_commit_callbacks() as callbacks:
        services.entry_reject(entry=entry, reason="Data tidak lengkap.", by=people["bappeda"])
    [(_name, args)] = _queued(callbacks)
    assert notify_task(*args) == 2
    assert all("Data tidak lengkap." in m.body for m in mail.outbox) and len(mail.outbox) == 2


def test_a_notice_of_a_rejection_undone_before_the_worker_ran_is_not_sent(people, round_, department):
    entry = make_entry(round_, department, by=people["staff"])
    entry = services.entry_reject(entry=entry, reason="Salah kirim.", by=people["bappeda"])
    stamp = services._stamp(entry)
    services.entry_reinstate(entry=entry, by=people["bappeda"])
    mail.outbox = []
    assert notify_task(notifications.ENTRY_REJECTED, entry.pk, stamp) == 0
    assert mail.outbox == []


def test_the_entrants_hear_their_results_when_published(
    people, round_, department, other_department, django_capture_on_commit_callbacks
):
    own = make_entry(round_, department, by=people["staff"], name="Inovasi Juara")
    other = make_entry(round_, other_department, name="Inovasi Kedua")
    juror = make_juror(round_, user=people["juror"], bappeda=people["bappeda"])
    round_ = services.round_advance(round_=round_, target=RoundStatus.JUDGING, by=people["bappeda"])
    score_all(juror, own, dict.fromkeys(FIVE, 90))
    score_all(juror, other, dict.fromkeys(FIVE, 60))
    round_ = services.round_advance(round_=round_, target=RoundStatus.CLOSED, by=people["bappeda"])
    with django_capture_on_commit_callbacks() as callbacks:
        services.round_advance(round_=round_, target=RoundStatus.PUBLISHED, by=people["bappeda"])
    assert _queued(callbacks) == [("competitions.notify", (notifications.RESULTS_PUBLISHED, round_.pk, ""))]
    mail.outbox = []
    # each entry: its department's head and whoever entered it
    assert notify_task(notifications.RESULTS_PUBLISHED, round_.pk) == 4
    assert notify_task(notifications.RESULTS_PUBLISHED, round_.pk) == 0
    mine = {m.to[0]: m for m in mail.outbox}
    assert {"kadis@example.go.id", "staf@example.go.id", "lain@example.go.id", other.entered_by.email} == set(mine)
    assert "Inovasi Juara" in mine["kadis@example.go.id"].body and "90" in mine["kadis@example.go.id"].body
    assert "Inovasi Kedua" not in mine["kadis@example.go.id"].body
    assert "Non-fisik" in mine["kadis@example.go.id"].body  # the category by its name
    assert "Rahmat" not in mine["lain@example.go.id"].body  # no juror's name


def test_a_lost_mail_leaves_the_in_app_notice(people, round_, settings):
    settings.EMAIL_BACKEND = "tests.test_competitions_notifications.BrokenBackend"
    juror = services.juror_assign(round_=round_, user=people["juror"], by=people["bappeda"])
    assert notifications.juror_assigned(juror.pk) == 1
    assert Notification.objects.filter(user=people["juror"], key=f"competition-juror-{juror.pk}").exists()


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no SMTP server")


def test_a_worker_sends_the_juror_notice_once_the_assignment_commits(worker, people, round_):
    """End to end: the service enqueues on commit, a real Celery worker (Redis) sends it."""
    mail.outbox = []
    juror = services.juror_assign(round_=round_, user=people["juror"], by=people["bappeda"])
    deadline = time.monotonic() + 30
    key = f"competition-juror-{juror.pk}"
    while not Notification.objects.filter(key=key).exists():
        assert time.monotonic() < deadline, "the juror was not told"
        time.sleep(0.1)
    assert [m.to for m in mail.outbox] == [["juri@example.ac.id"]]
