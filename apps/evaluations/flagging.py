"""The flag job (DOMAIN.md §5): every head whose deadline has passed with targets unmet gets one flag.

`flag_overdue(today=…, dry_run=…)` is what the daily Celery beat task (`evaluations.flag_overdue`, 01:00 region
time) and `manage.py flag_overdue` run. Set-based: one query finds the PKs past their deadline and not yet flagged
or evaluated, one the improvement periods that have ended without a flag, a bounded number judge them all
(assessment.assess_many, without the indicators' detail), one `INSERT … ON CONFLICT DO NOTHING RETURNING id` writes
the flags and one `INSERT … SELECT` the notifications of the new flags to every person of the mayor's office: the
number of queries does not grow with the heads or the people. The partial unique constraints of `Flag` make it
idempotent and safe under concurrency: a second run, or a second worker running at the same moment, inserts nothing
and so notifies nobody. A row that cannot be judged or written is logged and skipped; the others go on.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Role, User
from apps.agreements.models import Agreement, AgreementStatus
from apps.core.audit import set_trigger_ignore_list
from apps.notifications.models import Notification

from .assessment import (
    Assessment,
    assess_many,
    deadline_item,
    deadline_of,
    improvement_item,
    judged_from,
    last_due_quarter,
)
from .models import Evaluation, EvaluationStatus, Flag, FlagKind
from .projection import ids_in

logger = logging.getLogger(__name__)

INSERT_COLUMNS = (
    "official_id",
    "agreement_id",
    "department_id",
    "kind",
    "evaluation_id",
    "deadline",
    "reasons",
    "achievement_percent",
    "missing_quarters",
    "innovation_count",
    "threshold",
    "created_at",
)


@dataclass
class FlagRun:
    """What a run found: the unmet heads (flagged now, or that would be with --dry-run) and the rows that failed."""

    today: datetime.date
    dry_run: bool
    unmet: list[tuple[Assessment, str, datetime.date]] = field(default_factory=list)  # (assessment, kind, deadline)
    created: list[Flag] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


# --- Who is due ---------------------------------------------------------------------------------------------------
def newest_signed() -> Q:
    newer = Agreement.objects.filter(
        official_id=OuterRef("official_id"),
        department_id=OuterRef("department_id"),
        year=OuterRef("year"),
        version__gt=OuterRef("version"),
        status=AgreementStatus.SIGNED,
    )
    return Q(status=AgreementStatus.SIGNED) & ~Q(Exists(newer))


def deadline_candidates(today: datetime.date) -> list[Agreement]:
    """Signed PKs (the newest signed version of each) judgeable by `today`, neither flagged nor evaluated: one
    query (the bound on the period start is loose; `judged_from` decides)."""
    flagged = Flag.objects.filter(agreement_id=OuterRef("pk"), kind=FlagKind.DEADLINE)
    evaluated = Evaluation.objects.filter(agreement_id=OuterRef("pk"), previous__isnull=True)
    queryset = (
        Agreement.objects.filter(newest_signed(), period_start__lte=today - datetime.timedelta(days=365))
        .exclude(Exists(flagged))
        .exclude(Exists(evaluated))
        .select_related("official", "department")
        .order_by("department__code", "year", "pk")
    )
    return [agreement for agreement in queryset if judged_from(agreement) <= today]


def improvement_candidates(today: datetime.date) -> list[tuple[Evaluation, Agreement]]:
    """Improvement periods ended before `today` without a flag or a follow-up evaluation, each with the PK it is
    measured on (the head's newest signed PK of the deadline's year, else the one evaluated): two queries."""
    flagged = Flag.objects.filter(evaluation_id=OuterRef("pk"), kind=FlagKind.IMPROVEMENT)
    evaluations = list(
        Evaluation.objects.filter(status=EvaluationStatus.IMPROVEMENT, improvement_deadline__lt=today)
        .exclude(Exists(flagged))
        .exclude(follow_up__isnull=False)
        .select_related("agreement__official", "agreement__department", "official")
        .order_by("improvement_deadline", "pk")
    )
    measured = measured_agreements(evaluations)
    return [(e, measured[e.pk]) for e in evaluations]


def measured_agreements(evaluations: list[Evaluation]) -> dict[int, Agreement]:
    """{evaluation id: the PK its improvement period is measured on}: the head's newest signed PK of the year of the
    last quarter due in the period (a period ending in February is measured on the year before), else the PK
    evaluated. One query."""
    if not evaluations:
        return {}
    current = {}
    for agreement in (
        Agreement.objects.filter(
            newest_signed(),
            official_id__in={e.official_id for e in evaluations},
            year__in={last_due_quarter(e.improvement_deadline)[0] for e in evaluations},
        )
        .select_related("official", "department")
        .order_by("official_id", "year", "-period_start", "-version")
    ):
        current.setdefault((agreement.official_id, agreement.year), agreement)
    return {
        e.pk: current.get((e.official_id, last_due_quarter(e.improvement_deadline)[0]), e.agreement)
        for e in evaluations
    }


# --- Writing ------------------------------------------------------------------------------------------------------
def _row(assessment: Assessment, kind: str, deadline: datetime.date, now) -> tuple:
    agreement = assessment.item.agreement
    evaluation = assessment.item.key
    return (
        agreement.official_id,
        agreement.pk,
        agreement.department_id,
        kind,
        evaluation.pk if evaluation is not None else None,
        deadline,
        assessment.reasons,
        assessment.achievement_percent,
        list(assessment.missing_quarters),
        assessment.innovation_count,
        assessment.policy.threshold,
        now,
    )


def _insert(rows: list[tuple]) -> list[int]:
    """INSERT … ON CONFLICT DO NOTHING RETURNING id: the ids of the flags this statement created."""
    if not rows:
        return []
    placeholders = "(" + ", ".join(["%s"] * len(INSERT_COLUMNS)) + ")"
    sql = (
        f"INSERT INTO {Flag._meta.db_table} ({', '.join(INSERT_COLUMNS)}) "  # noqa: S608 - constants only
        f"VALUES {', '.join([placeholders] * len(rows))} ON CONFLICT DO NOTHING RETURNING id"
    )
    with connection.cursor() as cursor:
        set_trigger_ignore_list()
        cursor.execute(sql, [value for row in rows for value in row])
        return [pk for (pk,) in cursor.fetchall()]


def _write(rows: list[tuple], run: FlagRun) -> list[int]:
    """All the rows in one statement; if that fails, row by row so that one bad row does not stop the others."""
    try:
        with transaction.atomic():
            return _insert(rows)
    except DatabaseError:
        logger.exception("Writing %d flags at once failed; writing them one by one", len(rows))
    created = []
    for row in rows:
        try:
            with transaction.atomic():
                created += _insert([row])
        except DatabaseError:
            logger.exception("Could not flag official %s for agreement %s", row[0], row[1])
            run.failed.append(f"agreement {row[1]}")
    return created


# --- Notifying ----------------------------------------------------------------------------------------------------
def _mayor_office() -> list[User]:
    return list(User.objects.filter(role=Role.MAYOR_OFFICE, is_active=True).order_by("pk"))


def _notifications_insert(rows: list[tuple[str, str, str]], people: list[User], url: str) -> int:
    """One notification per (title, body, key) row and person, in the order flag by flag, person by person: one
    `INSERT … SELECT … ON CONFLICT DO NOTHING` of the rows × the people (a (user, key) already notified is skipped,
    as in notifications.services). Each row is validated once as notifications.services validates it (the people
    were just read, so the per-row query of full_clean's user check is left out). Returns how many are new."""
    for title, body, key in rows:
        Notification(title=title, body=body, url=url, key=key).full_clean(exclude=["user"], validate_constraints=False)
    table = Notification._meta.db_table
    sql = (
        f"INSERT INTO {table} (user_id, title, body, url, key, created_at) "  # noqa: S608 - constants only
        "SELECT person.id, flag.title, flag.body, %s, flag.key, %s "
        "FROM unnest(%s::text[], %s::text[], %s::text[]) WITH ORDINALITY AS flag (title, body, key, n) "
        "CROSS JOIN unnest(%s::bigint[]) WITH ORDINALITY AS person (id, m) "
        "ORDER BY flag.n, person.m ON CONFLICT DO NOTHING"
    )
    titles, bodies, keys = (list(column) for column in zip(*rows, strict=True))
    with transaction.atomic(), connection.cursor() as cursor:
        set_trigger_ignore_list()
        cursor.execute(sql, [url, timezone.now(), titles, bodies, keys, [user.pk for user in people]])
        return cursor.rowcount


DIGEST_LINES = 20  # the heads a notification of several new flags names; the evaluations page lists them all


def notify(flags: list[Flag], *, mail: bool = True) -> int:
    """To each active mayor's office account, one in-app notification of the run's new flags (the flag itself when
    there is one; else how many, naming the first DIGEST_LINES: a hundred people told of 4,560 flags one by one
    would be 456,000 notifications nobody reads) and (with `mail`) a mail listing them all."""
    if not flags:
        return 0
    url = reverse("evaluations:home")
    people = _mayor_office()
    lines, rows = [], []
    for flag in flags:
        title = _("Target unmet: %(official)s (%(department)s)") % {
            "official": flag.official.name,
            "department": flag.department.short_name,
        }
        body = _("%(agreement)s, deadline %(deadline)s: %(reasons)s.") % {
            "agreement": flag.agreement,
            "deadline": formats.date_format(flag.deadline, "j F Y"),
            "reasons": ", ".join(str(label) for label in flag.reason_labels()),
        }
        lines.append(f"- {title}. {body}")
        rows.append((title, body, f"evaluations.flag.{flag.pk}"))
    subject = _("%(count)d heads flagged: targets unmet after the deadline") % {"count": len(flags)}
    if len(rows) > 1:
        shown = lines[:DIGEST_LINES]
        if len(lines) > len(shown):
            shown.append(_("… and %(count)d more: see the evaluations page.") % {"count": len(lines) - len(shown)})
        # the run's first flag names the digest: two runs at once (each with its own new flags) notify apart
        rows = [(subject, "\n".join(shown), f"evaluations.flags.{min(flag.pk for flag in flags)}")]
    # One statement whatever the number of people (one by one, 4,560 rows at size M took 39 s).
    sent = _notifications_insert(rows, people, url) if people else 0
    message = "\n".join([*lines, "", settings.SITE_URL.rstrip("/") + url])
    recipients = [user.email for user in people if user.email] if mail else []
    if recipients:
        try:
            send_mail(subject, message, settings.DEFAULT_FROM_EMAIL, recipients)
        except Exception:  # the in-app notifications stand; the mail is logged as lost
            logger.exception("Could not email the new flags")
    return sent


# --- The job ------------------------------------------------------------------------------------------------------
def _judge(run: FlagRun, items_with_kind: list[tuple]) -> list[tuple[Assessment, str, datetime.date]]:
    """Judge all the items at once; if that fails, one by one so that a bad row is logged and skipped."""
    items = [item for item, _, _ in items_with_kind]
    try:
        assessments = assess_many(items, detail=False)
        return [(a, kind, deadline) for a, (_, kind, deadline) in zip(assessments, items_with_kind, strict=True)]
    except Exception:
        logger.exception("Judging %d heads at once failed; judging them one by one", len(items))
    judged = []
    for item, kind, deadline in items_with_kind:
        try:
            judged.append((assess_many([item], detail=False)[0], kind, deadline))
        except Exception:
            logger.exception("Could not judge agreement %s", item.agreement.pk)
            run.failed.append(f"agreement {item.agreement.pk}")
    return judged


def flag_overdue(*, today: datetime.date, dry_run: bool = False, mail: bool = True) -> FlagRun:
    """Flag every head past a deadline (one-year or improvement period) with targets unmet, once. `mail=False`
    (the demo loader) notifies in the app only."""
    run = FlagRun(today=today, dry_run=dry_run)
    todo = [
        (deadline_item(a), FlagKind.DEADLINE.value, deadline_of(a.period_start)) for a in deadline_candidates(today)
    ]
    todo += [
        (improvement_item(evaluation, measured), FlagKind.IMPROVEMENT.value, evaluation.improvement_deadline)
        for evaluation, measured in improvement_candidates(today)
    ]
    run.unmet = [judged for judged in _judge(run, todo) if not judged[0].met]
    if dry_run or not run.unmet:
        return run
    now = timezone.now()
    created_ids = _write([_row(a, kind, deadline, now) for a, kind, deadline in run.unmet], run)
    run.created = list(
        Flag.objects.filter(pk__in=ids_in(created_ids)).select_related(
            "official", "agreement__department", "department"
        )
    )
    try:
        notify(run.created, mail=mail)
    except Exception:
        logger.exception("Could not notify the mayor's office of %d new flags", len(run.created))
    return run
