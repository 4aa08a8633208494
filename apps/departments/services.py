"""Writes of the organisation. Views, the API, imports and commands all call these."""

import contextlib
import datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import DEPARTMENT_ROLES

from .middleware import CACHE_KEY
from .models import Assignment, AssignmentKind, Department, Official, Region


def region_save(*, region: Region) -> Region:
    """Save the region; pages show times in its time zone from the next request on."""
    region.pk = 1
    region.full_clean()
    region.save()
    with contextlib.suppress(Exception):
        cache.delete(CACHE_KEY)
    return region


def _save(instance):
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        # The exclusion constraint is checked by full_clean too; this covers a race between two requests.
        if "assignment_one_definitive_head_at_a_time" in str(exc):
            raise ValidationError(_("This department already has a definitive head in that period.")) from exc
        raise
    return instance


def assignment_start(
    *,
    official: Official,
    department: Department,
    start_date: datetime.date,
    sk_number: str,
    sk_date: datetime.date,
    kind: str = AssignmentKind.DEFINITIVE,
    position_title: str = "",
    end_date: datetime.date | None = None,
) -> Assignment:
    """An official starts heading a department. A linked department account follows to that department."""
    with transaction.atomic():
        assignment = _save(
            Assignment(
                official=official,
                department=department,
                kind=kind,
                position_title=position_title,
                start_date=start_date,
                end_date=end_date,
                sk_number=sk_number,
                sk_date=sk_date,
            )
        )
        _follow_account(official=official, department=department, start_date=start_date)
    return assignment


def assignment_end(*, assignment: Assignment, end_date: datetime.date) -> Assignment:
    if end_date < assignment.start_date:
        raise ValidationError(
            {
                "end_date": _("The end date cannot be before the start date (%(date)s).")
                % {"date": assignment.start_date}
            }
        )
    assignment.end_date = end_date
    return _save(assignment)


def official_move(
    *,
    official: Official,
    to_department: Department,
    start_date: datetime.date,
    sk_number: str,
    sk_date: datetime.date,
    kind: str = AssignmentKind.DEFINITIVE,
    position_title: str = "",
) -> Assignment:
    """Move an official: every assignment still open on `start_date` ends the day before, and the new one starts,
    in one transaction (all or nothing)."""
    with transaction.atomic():
        open_assignments = (
            Assignment.objects.select_for_update()
            .filter(official=official, start_date__lt=start_date)
            .exclude(end_date__lt=start_date)
        )
        for old in open_assignments:
            assignment_end(assignment=old, end_date=start_date - datetime.timedelta(days=1))
        if Assignment.objects.filter(official=official, start_date__gte=start_date).exists():
            raise ValidationError(
                {"start_date": _("This official already has an assignment starting on or after this date.")}
            )
        return assignment_start(
            official=official,
            department=to_department,
            start_date=start_date,
            sk_number=sk_number,
            sk_date=sk_date,
            kind=kind,
            position_title=position_title,
        )


def _follow_account(*, official: Official, department: Department, start_date: datetime.date) -> None:
    user = official.user
    if start_date > timezone.localdate():
        return  # the account follows when the assignment begins (a later issue's daily job), not before
    if user is not None and user.role in DEPARTMENT_ROLES and user.department_id != department.pk:
        user.department = department
        user.save(update_fields=["department"])
