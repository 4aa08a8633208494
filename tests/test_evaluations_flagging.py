"""The flag job (apps/evaluations/flagging.py, DOMAIN.md §5): who is flagged, when, once, with which reasons and
figures; the notification of the mayor's office; the command; two runs at once; a row that fails."""

import datetime
import threading
from decimal import Decimal as D

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections

from apps.accounts.models import Role
from apps.agreements.models import Agreement
from apps.evaluations import flagging
from apps.evaluations.assessment import deadline_of, judged_from
from apps.evaluations.models import EvaluationPolicy, Flag
from apps.notifications.models import Notification

from .factories import UserFactory
from .factories_evaluations import make_head, make_head_agreement
from .factories_progress import make_signed_agreement

pytestmark = pytest.mark.django_db
JUDGED = datetime.date(2026, 1, 11)  # 2025's fourth quarter could be reported until 10 January


@pytest.fixture
def mayor_office(db):
    return UserFactory(role=Role.MAYOR_OFFICE, email="organisasi@example.go.id")


@pytest.fixture
def heads(db):
    """Four heads of 2025: one who met every target, one low, one with a quarter missing, one without innovation."""
    return {
        "met": make_head_agreement(),
        "low": make_head_agreement(values=("80", "20")),
        "missing": make_head_agreement(quarters=(1, 2, 3), values=("95", "34")),
        "no_innovation": make_head_agreement(innovation=False),
    }


def test_the_deadline_is_a_year_after_the_period_start_and_judging_waits_for_the_last_report(heads):
    agreement = heads["met"]
    assert deadline_of(agreement.period_start) == datetime.date(2026, 1, 1)
    assert judged_from(agreement) == JUDGED
    assert deadline_of(datetime.date(2025, 7, 15)) == datetime.date(2026, 7, 15)


def test_the_job_flags_exactly_the_unmet_heads_with_their_reasons_and_figures(heads, mayor_office):
    run = flagging.flag_overdue(today=JUDGED)

    flags = {flag.agreement_id: flag for flag in Flag.objects.all()}
    assert set(flags) == {heads["low"].pk, heads["missing"].pk, heads["no_innovation"].pk}
    assert len(run.created) == 3
    low = flags[heads["low"].pk]
    assert low.reasons == ["low_achievement"]
    assert low.achievement_percent == D("80.00")  # (80 + 80) / 2
    assert low.official_id == heads["low"].official_id
    assert low.deadline == datetime.date(2026, 1, 1)
    assert low.threshold == D(91)
    assert low.resolved_at is None
    missing = flags[heads["missing"].pk]
    assert missing.reasons == ["missing_reports"]
    assert missing.missing_quarters == [4]
    assert missing.achievement_percent == D("98.50")  # (95 + 102) / 2: TW IV is missing, not zero
    no_innovation = flags[heads["no_innovation"].pk]
    assert no_innovation.reasons == ["no_innovation"]
    assert no_innovation.innovation_count == 0


def test_a_second_run_adds_nothing_and_notifies_nobody(heads, mayor_office):
    flagging.flag_overdue(today=JUDGED)
    notified = Notification.objects.count()
    mails = len(mail.outbox)

    again = flagging.flag_overdue(today=JUDGED + datetime.timedelta(days=1))

    assert again.created == []
    assert Flag.objects.count() == 3
    assert Notification.objects.count() == notified
    assert len(mail.outbox) == mails


def test_the_mayors_office_is_notified_in_the_app_and_by_mail(heads, mayor_office):
    UserFactory(role=Role.DEPARTMENT_HEAD)  # not told
    flagging.flag_overdue(today=JUDGED)

    notes = Notification.objects.filter(user=mayor_office)
    assert notes.count() == 1  # one for the run's three new flags, naming each head
    flags = Flag.objects.select_related("official")
    assert notes.get().key == f"evaluations.flags.{min(f.pk for f in flags)}"
    assert all(flag.official.name in notes.get().body for flag in flags)
    assert Notification.objects.exclude(user=mayor_office).count() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["organisasi@example.go.id"]
    assert heads["low"].official.name in mail.outbox[0].body


def test_nobody_is_flagged_before_the_last_quarter_can_no_longer_be_reported(heads):
    assert flagging.flag_overdue(today=datetime.date(2026, 1, 5)).unmet == []
    assert flagging.flag_overdue(today=JUDGED - datetime.timedelta(days=1)).unmet == []
    assert not Flag.objects.exists()


def test_a_head_appointed_mid_year_is_judged_a_year_after_their_start():
    official = make_head(start=datetime.date(2025, 7, 1))
    agreement = make_signed_agreement(official.assignments.get().department, year=2025, official=official, signed=False)
    Agreement.objects.filter(pk=agreement.pk).update(period_start=datetime.date(2025, 7, 1))
    Agreement.objects.filter(pk=agreement.pk).update(status="signed", signed_on=datetime.date(2025, 7, 31))

    assert flagging.flag_overdue(today=JUDGED).created == []
    assert flagging.flag_overdue(today=datetime.date(2026, 6, 30)).created == []
    (flag,) = flagging.flag_overdue(today=datetime.date(2026, 7, 1)).created
    assert flag.deadline == datetime.date(2026, 7, 1)
    assert flag.missing_quarters == [3, 4]  # the quarters of their own period
    assert flag.reasons == ["low_achievement", "missing_reports", "no_innovation"]
    assert flag.achievement_percent is None


def test_only_the_newest_signed_version_of_an_amended_pk_is_judged():
    first = make_head_agreement(values=("50", "10"))
    amendment = make_signed_agreement(first.department, year=2025, previous=first)
    flagging.flag_overdue(today=JUDGED)
    assert list(Flag.objects.values_list("agreement_id", flat=True)) == [amendment.pk]


def test_the_policy_of_the_year_decides_what_met_means(heads):
    EvaluationPolicy.objects.create(
        year=2025, threshold=D(75), above_expectation=D(110), require_all_quarters=False, require_innovation=False
    )
    flagging.flag_overdue(today=JUDGED)
    assert not Flag.objects.exists()


def test_dry_run_writes_nothing(heads):
    run = flagging.flag_overdue(today=JUDGED, dry_run=True)
    assert len(run.unmet) == 3
    assert not Flag.objects.exists()


def test_the_command_prints_what_it_flags(heads, capsys):
    call_command("flag_overdue", "--today", "2026-01-11", "--dry-run")
    out = capsys.readouterr().out
    assert out.count("would flag:") == 3
    assert "3 would be flagged on 2026-01-11." in out
    assert not Flag.objects.exists()

    call_command("flag_overdue", "--today", "2026-01-11")
    out = capsys.readouterr().out
    assert out.count("flagged: ") == 3
    assert heads["low"].official.name in out
    assert "low_achievement" in out
    assert Flag.objects.count() == 3

    call_command("flag_overdue", "--today", "2026-01-12")
    assert "0 flagged on 2026-01-12." in capsys.readouterr().out


def test_the_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("flag_overdue", "--today", "11/01/2026")


def test_judging_and_writing_make_a_bounded_number_of_queries(django_assert_max_num_queries):
    # (with nobody in the mayor's office to notify: each new flag is then notified once per person)
    for size in (2, 8):
        Flag.objects.all().delete()
        for _ in range(size - Flag.objects.count()):
            make_head_agreement(values=("50", "10"))
        with django_assert_max_num_queries(12):
            run = flagging.flag_overdue(today=JUDGED)
        assert len(run.created) >= size


def test_a_row_that_fails_is_logged_and_the_others_are_flagged(heads, caplog):
    # A real refusal by the database for one row (a trigger), not a mock.
    bad = heads["low"].pk
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION test_refuse_flag() RETURNS trigger AS $$ BEGIN "
            f"IF NEW.agreement_id = {bad} THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER test_refuse_flag BEFORE INSERT ON evaluations_flag "
            "FOR EACH ROW EXECUTE FUNCTION test_refuse_flag()"
        )
    run = flagging.flag_overdue(today=JUDGED)
    assert set(Flag.objects.values_list("agreement_id", flat=True)) == {
        heads["missing"].pk,
        heads["no_innovation"].pk,
    }
    assert run.failed == [f"agreement {bad}"]
    assert "Could not flag" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_make_one_flag_per_head():
    agreements = [make_head_agreement(values=("50", "10")) for _ in range(3)]
    UserFactory(role=Role.MAYOR_OFFICE)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(flagging.flag_overdue(today=JUDGED))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert Flag.objects.count() == 3
    assert set(Flag.objects.values_list("agreement_id", flat=True)) == {a.pk for a in agreements}
    assert len(results) == 2
    assert sum(len(r.created) for r in results) == 3  # each flag created (and notified) by exactly one run
    assert Notification.objects.count() == len([r for r in results if r.created])  # one per run that created


def test_the_database_itself_refuses_a_second_deadline_flag_for_a_pk(heads):
    from django.db import IntegrityError, transaction

    flagging.flag_overdue(today=JUDGED)
    flag = Flag.objects.get(agreement=heads["low"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.create(
            official=flag.official,
            agreement=flag.agreement,
            department=flag.department,
            deadline=flag.deadline,
            reasons=["low_achievement"],
            threshold=D(91),
        )


def test_the_beat_schedule_runs_the_registered_task_daily_at_one_in_the_region(settings):
    from kinerja.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["evaluations-flag-overdue"]
    assert entry["task"] == "evaluations.flag_overdue"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({1}, {0})
    assert settings.CELERY_TIMEZONE == settings.TIME_ZONE
    app.loader.import_default_modules()
    assert "evaluations.flag_overdue" in app.tasks


def test_without_mail_the_job_notifies_in_the_app_only(heads, mayor_office):
    flagging.flag_overdue(today=JUDGED, mail=False)
    assert Notification.objects.filter(user=mayor_office).count() == 1
    assert mail.outbox == []
