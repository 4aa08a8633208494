"""The PK deadline (DOMAIN.md §3): no later than one month after the DPA is ratified; reminders to late heads.

The DPA date is a setting per year (AgreementDeadline; 31 January when not set). Heads whose department has no
signed PK for the year get an in-app notification and an email a week before the deadline and on the day, each at
most once per head, year and kind: the notification's unique key decides, so a task run twice (or two workers)
still reminds once.
"""

import calendar
import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.translation import gettext as _

from apps.accounts.models import Role, User
from apps.departments.models import Department
from apps.notifications.services import notification_create

from .models import Agreement, AgreementDeadline, AgreementStatus

logger = logging.getLogger(__name__)

DEFAULT_DPA_MONTH_DAY = (1, 31)
WEEK_BEFORE, ON_THE_DAY = "week", "day"
# A reminder missed because no worker ran that day is still sent on the next run inside its window.
WINDOWS = {WEEK_BEFORE: (-7, -1), ON_THE_DAY: (0, 2)}


def add_one_month(day: datetime.date) -> datetime.date:
    """31 January → 28 (or 29) February; 15 March → 15 April."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def dpa_date_for(year: int) -> datetime.date:
    row = AgreementDeadline.objects.filter(year=year).first()
    return row.dpa_date if row else datetime.date(year, *DEFAULT_DPA_MONTH_DAY)


def deadline_for(year: int) -> datetime.date:
    return add_one_month(dpa_date_for(year))


def deadline_set(*, year: int, dpa_date: datetime.date, by) -> AgreementDeadline:
    """The mayor's office records the date the year's DPA was ratified."""
    if not by.has_perm("agreements.region_review"):
        raise PermissionDenied
    row = AgreementDeadline.objects.filter(year=year).first() or AgreementDeadline(year=year)
    row.dpa_date = dpa_date
    row.full_clean()
    row.save()
    return row


def _signed(year: int) -> QuerySet[Agreement]:
    return Agreement.objects.filter(department=OuterRef("pk"), year=year, status=AgreementStatus.SIGNED)


def departments_by_deadline(*, year: int) -> QuerySet[Department]:
    """Active departments with `signed_on` (their latest signing date for the year, or None): one query."""
    signed = Q(agreements__year=year, agreements__status=AgreementStatus.SIGNED)
    return (
        Department.objects.filter(is_active=True)
        .annotate(signed_on=Max("agreements__signed_on", filter=signed))
        .order_by("code")
    )


def late_departments(*, year: int, today: datetime.date) -> QuerySet[Department]:
    """Active departments without a signed PK for the year once the deadline has passed (none before)."""
    if today <= deadline_for(year):
        return Department.objects.none()
    return Department.objects.filter(is_active=True).filter(~Exists(_signed(year))).order_by("code")


def reminder_kinds(*, today: datetime.date) -> list[tuple[int, str, datetime.date]]:
    """(year, kind, deadline) of the reminders whose window contains today."""
    due = []
    for year in (today.year - 1, today.year, today.year + 1):
        deadline = deadline_for(year)
        for kind, (first, last) in WINDOWS.items():
            if deadline + datetime.timedelta(days=first) <= today <= deadline + datetime.timedelta(days=last):
                due.append((year, kind, deadline))
    return due


def heads_to_remind(*, year: int) -> QuerySet[User]:
    """Active department heads whose (active) department has no signed PK for the year."""
    return (
        User.objects.filter(role=Role.DEPARTMENT_HEAD, is_active=True, department__is_active=True)
        .filter(
            ~Exists(
                Agreement.objects.filter(department=OuterRef("department"), year=year, status=AgreementStatus.SIGNED)
            )
        )
        .select_related("department")
        .order_by("pk")
    )


def _agreements_url() -> str:
    try:
        return reverse("agreements:list")
    except NoReverseMatch:  # the PK pages are wired by another part of issue 4
        return ""


def send_deadline_reminders(*, today: datetime.date) -> int:
    """Remind every head concerned today; returns how many reminders were sent (repeats send nothing)."""
    sent = 0
    for year, kind, deadline in reminder_kinds(today=today):
        when = formats.date_format(deadline, "DATE_FORMAT")
        if kind == WEEK_BEFORE:
            title = _("The Perjanjian Kinerja %(year)s is due on %(date)s") % {"year": year, "date": when}
        else:
            title = _("The Perjanjian Kinerja %(year)s was due on %(date)s") % {"year": year, "date": when}
        for user in heads_to_remind(year=year):
            body = _(
                "%(department)s has no signed Perjanjian Kinerja for %(year)s yet. The deadline is %(date)s, "
                "one month after the DPA was ratified."
            ) % {"department": user.department.name, "year": year, "date": when}
            with transaction.atomic():
                notification = notification_create(
                    user=user, title=title, body=body, url=_agreements_url(), key=f"agreement-deadline:{year}:{kind}"
                )
            if notification is None:
                continue  # reminded already
            sent += 1
            if user.email:
                try:
                    send_mail(title, body, settings.DEFAULT_FROM_EMAIL, [user.email])
                except Exception:  # the in-app notification stands; the mail is logged as lost
                    logger.exception("Could not email the PK reminder to %s", user.email)
    return sent
