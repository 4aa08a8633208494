"""Reminders and notices of realisasi: before each quarter's reporting deadline, and when Bappeda returns a report.

Before a quarter's deadline (apps/progress/window.py) the head and staff of every department whose reportable PK
still has indicators not submitted for the quarter get an in-app notification and an email, five days before and on
the day (WINDOWS), each at most once per person, quarter and kind: the notification's unique key decides, so a task
run twice (or two workers) still reminds once. A returned report notifies the department's head and staff once per
return, with Bappeda's comment.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.translation import gettext as _

from apps.accounts.models import Role, User
from apps.agreements.models import Agreement
from apps.notifications.services import notification_create

from .models import ProgressReport, ProgressReview, ReportStatus
from .selectors import reportable_agreements
from .window import reporting_deadline

logger = logging.getLogger(__name__)

BEFORE, ON_THE_DAY = "before", "day"
# Days relative to the deadline; a reminder missed because no worker ran that day is sent on the next run inside
# its window. (The window after the deadline is the day itself: a quarter closed is no longer to be reminded.)
WINDOWS = {BEFORE: (-5, -1), ON_THE_DAY: (0, 0)}
DONE = (ReportStatus.SUBMITTED, ReportStatus.VERIFIED)


def _home_url() -> str:
    try:
        return reverse("progress:home")
    except NoReverseMatch:  # the pages are wired by another part of issue 5
        return ""


def _send(user: User, *, title: str, body: str, key: str) -> bool:
    """The in-app notification, once per user and key, and its email; False if it was sent before."""
    with transaction.atomic():
        notification = notification_create(user=user, title=title, body=body, url=_home_url(), key=key)
    if notification is None:
        return False
    if user.email:
        try:
            send_mail(title, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except Exception:  # the in-app notification stands; the mail is logged as lost
            logger.exception("Could not email the realisasi notice to %s", user.email)
    return True


def _department_people(department_id: int) -> QuerySet[User]:
    return User.objects.filter(
        department_id=department_id,
        role__in=[Role.DEPARTMENT_HEAD, Role.DEPARTMENT_STAFF],
        is_active=True,
    ).order_by("pk")


def _people_of(agreement: Agreement) -> QuerySet[User]:
    """Who is told about a PK's realisasi: the department's head and staff for the head's PK; the official whose
    PK it is (their own account) for an eselon III/IV PK of the cascade."""
    if agreement.is_cascaded:
        return User.objects.filter(official__pk=agreement.official_id, is_active=True).order_by("pk")
    return _department_people(agreement.department_id)


# --- Before the deadline -----------------------------------------------------------------------------------------
def reminder_kinds(*, today: datetime.date) -> list[tuple[int, int, str, datetime.date]]:
    """(year, quarter, kind, deadline) of the reminders whose window contains today."""
    due = []
    for year in (today.year - 1, today.year):
        for quarter in (1, 2, 3, 4):
            deadline = reporting_deadline(year, quarter)
            for kind, (first, last) in WINDOWS.items():
                if deadline + datetime.timedelta(days=first) <= today <= deadline + datetime.timedelta(days=last):
                    due.append((year, quarter, kind, deadline))
    return due


def agreements_owing(*, year: int, quarter: int) -> QuerySet[Agreement]:
    """Reportable PKs of active departments with indicators not yet submitted for the quarter, annotated with
    `outstanding` (how many): one query."""
    done = Q(indicators__progress_reports__quarter=quarter, indicators__progress_reports__status__in=DONE)
    return (
        reportable_agreements(all_levels=True)
        .filter(year=year, department__is_active=True)
        .annotate(
            total=Count("indicators", distinct=True),
            done=Count("indicators", filter=done, distinct=True),
        )
        .annotate(outstanding=F("total") - F("done"))
        .filter(outstanding__gt=0)
        .select_related("department")
        .order_by("department__code")
    )


def send_deadline_reminders(*, today: datetime.date) -> int:
    """Remind the head and staff of every department concerned today; returns how many reminders were sent
    (repeats send nothing)."""
    sent = 0
    for year, quarter, kind, deadline in reminder_kinds(today=today):
        when = formats.date_format(deadline, "DATE_FORMAT")
        values = {"quarter": quarter, "year": year, "date": when}
        if kind == BEFORE:
            title = _("The realisasi of quarter %(quarter)s of %(year)s is due on %(date)s") % values
        else:
            title = _("The realisasi of quarter %(quarter)s of %(year)s is due today, %(date)s") % values
        for agreement in agreements_owing(year=year, quarter=quarter):
            body = _(
                "%(department)s has %(count)s indicator(s) of quarter %(quarter)s of %(year)s not yet submitted. "
                "Reporting closes after %(date)s; later entries need Bappeda to reopen the quarter."
            ) % {**values, "department": agreement.department.name, "count": agreement.outstanding}
            if agreement.is_cascaded:
                key = f"progress-deadline:{year}:{quarter}:{kind}:{agreement.position_id}"
            else:
                key = f"progress-deadline:{year}:{quarter}:{kind}"
            for user in _people_of(agreement):
                sent += _send(user, title=title, body=body, key=key)
    return sent


# --- A returned report -------------------------------------------------------------------------------------------
def notify_returned(report: ProgressReport) -> int:
    """Tell the department's head and staff that Bappeda returned the report, with the comment; once per return
    (call it on commit of services.report_return). Returns how many were notified."""
    review = (
        ProgressReview.objects.filter(report=report, to_status=ReportStatus.RETURNED).order_by("-at", "-pk").first()
    )
    if review is None:
        return 0
    indicator = report.indicator
    agreement = indicator.agreement
    values = {"quarter": report.quarter, "year": agreement.year, "indicator": indicator.name}
    title = _("Realisasi returned: %(indicator)s, quarter %(quarter)s of %(year)s") % values
    title = title if len(title) <= 200 else title[:199] + "…"
    if agreement.is_cascaded:
        body = _("Your superior returned the realisasi for corrections: %(comment)s") % {"comment": review.comment}
    else:
        body = _("Bappeda returned the realisasi for corrections: %(comment)s") % {"comment": review.comment}
    notified = 0
    for user in _people_of(agreement):
        notified += _send(user, title=title, body=body, key=f"progress-returned:{review.pk}")
    return notified
