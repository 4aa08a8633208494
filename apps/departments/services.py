"""Writes of the organisation. Views, the API, imports and commands all call these."""

import contextlib
import datetime

from django.contrib.auth import password_validation
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from apps.accounts.models import DEPARTMENT_ROLES, Role, User

from .middleware import CACHE_KEY
from .models import (
    UPPER_ECHELONS,
    Assignment,
    AssignmentKind,
    Department,
    Official,
    Position,
    PositionAssignment,
    PositionKind,
    Region,
)


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


# --- Positions below the head (DOMAIN.md §3, the cascade) --------------------------------------------------------
# Sekretaris and kepala bidang are always eselon III, kepala subbagian and seksi always eselon IV; a kepala UPT is
# either, by the class of the UPT.
UPPER_ONLY_KINDS = (PositionKind.SECRETARY, PositionKind.DIVISION_HEAD)
LOWER_ONLY_KINDS = (PositionKind.SUBDIVISION_HEAD, PositionKind.SECTION_HEAD)


def _date(day: datetime.date | None) -> str:
    return formats.date_format(day, "DATE_FORMAT") if day else _("now")


def _overlaps(start: datetime.date, end: datetime.date | None, prefix: str = "") -> Q:
    """Assignments whose period (first and last day included; no end: open) meets [start, end]."""
    condition = Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": start})
    if end is not None:
        condition &= Q(**{f"{prefix}start_date__lte": end})
    return condition


def _open_assignments(position: Position):
    """Assignments of the position that have not ended before today (current and future ones)."""
    today = timezone.localdate()
    return position.assignments.filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).select_related("official")


def _position_errors(position: Position) -> dict:
    errors: dict[str, str] = {}
    upper = position.echelon in UPPER_ECHELONS
    superior = position.superior if position.superior_id else None
    if upper and superior is not None:
        errors["superior"] = _("An eselon III position reports to the head: leave the superior position empty.")
    elif position.echelon and not upper and superior is None:
        errors["superior"] = _("An eselon IV position needs its superior: an eselon III position of the department.")
    elif superior is not None:
        if position.pk and superior.pk == position.pk:
            errors["superior"] = _("A position cannot be its own superior.")
        elif superior.department_id != position.department_id:
            errors["superior"] = _("The superior position must belong to the same department.")
        elif superior.superior_id is not None:
            errors["superior"] = _("The superior position must be an eselon III position.")
        elif position.is_active and not superior.is_active:
            errors["superior"] = _("The superior position is inactive: choose an active one, or activate it first.")
    if position.kind in UPPER_ONLY_KINDS and position.echelon and not upper:
        errors["echelon"] = _("A %(kind)s is an eselon III position.") % {"kind": position.get_kind_display()}
    elif position.kind in LOWER_ONLY_KINDS and upper:
        errors["echelon"] = _("A %(kind)s is an eselon IV position.") % {"kind": position.get_kind_display()}
    same_name = Position.objects.filter(department_id=position.department_id, name__iexact=position.name)
    if position.name and same_name.exclude(pk=position.pk).exists():
        errors["name"] = _("This department already has a position with this name.")
    if position.pk:
        stored = Position.objects.get(pk=position.pk)
        if stored.department_id != position.department_id:
            errors["department"] = _("A position stays in its department: create a new one in the other department.")
        if not upper and position.subordinates.exists():
            errors["echelon"] = _("This position has eselon IV positions under it: it stays eselon III.")
        if stored.is_active and not position.is_active:
            errors.update(_deactivation_errors(position))
    return errors


def _deactivation_errors(position: Position) -> dict:
    errors = {}
    active_subordinates = list(position.subordinates.filter(is_active=True).values_list("name", flat=True))
    if active_subordinates:
        errors["is_active"] = _(
            "Positions under it are still active (%(names)s): deactivate them first, or place them under another "
            "eselon III position."
        ) % {"names": ", ".join(active_subordinates)}
    holders = [a.official.name for a in _open_assignments(position)]
    if holders:
        message = _("Its assignments have not ended (%(names)s): end them first.") % {"names": ", ".join(holders)}
        errors["is_active"] = f"{errors['is_active']} {message}" if "is_active" in errors else message
    return errors


def position_save(*, position: Position) -> Position:
    """Create or change a position: eselon III reports to the head (no superior), eselon IV to an eselon III
    position of the same department. A position whose assignments or subordinates are still active stays active."""
    errors = _position_errors(position)
    if errors:
        raise ValidationError(errors)
    position.full_clean()
    try:
        with transaction.atomic():
            position.save()
    except IntegrityError as exc:
        # The database's own check (the trigger on the superior, the unique name): a race between two requests.
        raise ValidationError(_("The position breaks a rule of the structure; reload the page and try again.")) from exc
    return position


def position_deactivate(*, position: Position) -> Position:
    """A position that is no longer in the structure: kept with its history and its PKs, out of the tree."""
    position.is_active = False
    return position_save(position=position)


def position_delete(*, position: Position) -> None:
    """Only a position entered by mistake is deleted: one with subordinates, holders or PKs is deactivated."""
    if position.subordinates.exists():
        raise ValidationError(
            _("This position has eselon IV positions under it, so it cannot be deleted: deactivate it instead.")
        )
    if position.assignments.exists():
        raise ValidationError(
            _("This position has had holders, whose history is kept, so it cannot be deleted: deactivate it instead.")
        )
    try:
        with transaction.atomic():
            position.delete()
    except ProtectedError as exc:  # a PK (apps.agreements) names it: a higher app, so no import of it here
        raise ValidationError(
            _("Performance agreements (PK) name this position, so it cannot be deleted: deactivate it instead.")
        ) from exc


def _save_position_assignment(assignment: PositionAssignment) -> PositionAssignment:
    assignment.full_clean(validate_constraints=False)  # the overlap rule is checked (and explained) by the caller
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as exc:
        if "position_one_definitive_holder_at_a_time" in str(exc):  # a race between two requests
            raise ValidationError({"kind": _("This position already has a definitive holder in that period.")}) from exc
        raise
    return assignment


def position_assign(
    *,
    position: Position,
    official: Official,
    start_date: datetime.date,
    sk_number: str,
    sk_date: datetime.date,
    kind: str = AssignmentKind.DEFINITIVE,
    end_date: datetime.date | None = None,
) -> PositionAssignment:
    """An official holds a position from `start_date` (definitive, Plt or Plh). A definitive assignment moves the
    official: their definitive assignments to other positions still open on `start_date` end the day before, in
    one transaction. A linked account with the role `official` follows a definitive assignment to the position's
    department."""
    with transaction.atomic():
        position = Position.objects.select_for_update().select_related("department").get(pk=position.pk)
        errors: dict[str, str] = {}
        if not position.is_active:
            errors["position"] = _("This position is inactive: activate it before assigning anyone to it.")
        if not official.is_active:
            errors["official"] = _("This official is inactive.")
        if sk_date and start_date and sk_date > start_date:
            errors["sk_date"] = _("The SK date cannot be after the start date.")
        if end_date and end_date < start_date:
            errors["end_date"] = _("The end date cannot be before the start date (%(date)s).") % {
                "date": _date(start_date)
            }
        if errors:
            raise ValidationError(errors)
        meeting = position.assignments.filter(_overlaps(start_date, end_date)).select_related("official")
        for other in meeting:
            if other.official_id == official.pk:
                raise ValidationError(
                    {
                        "official": _("%(name)s already holds this position from %(start)s until %(end)s (%(kind)s).")
                        % {
                            "name": official.name,
                            "start": _date(other.start_date),
                            "end": _date(other.end_date),
                            "kind": other.get_kind_display(),
                        }
                    }
                )
            if kind == AssignmentKind.DEFINITIVE and other.kind == AssignmentKind.DEFINITIVE:
                raise ValidationError(
                    {
                        "kind": _(
                            "%(name)s holds this position definitively from %(start)s until %(end)s, and a position "
                            "has one definitive holder at a time. End that assignment first, or assign a Plt or Plh."
                        )
                        % {"name": other.official.name, "start": _date(other.start_date), "end": _date(other.end_date)}
                    }
                )
        if kind == AssignmentKind.DEFINITIVE:
            _end_other_definitive_positions(official=official, position=position, start_date=start_date)
            later = (
                official.position_assignments.filter(kind=AssignmentKind.DEFINITIVE)
                .filter(_overlaps(start_date, end_date))
                .exclude(position=position)
                .select_related("position")
                .first()
            )
            if later is not None:
                raise ValidationError(
                    {
                        "start_date": _(
                            "%(name)s holds %(position)s definitively from %(start)s: one definitive position at a "
                            "time. End or correct that assignment first."
                        )
                        % {"name": official.name, "position": later.position.name, "start": _date(later.start_date)}
                    }
                )
        assignment = _save_position_assignment(
            PositionAssignment(
                official=official,
                position=position,
                kind=kind,
                start_date=start_date,
                end_date=end_date,
                sk_number=sk_number,
                sk_date=sk_date,
            )
        )
        if kind == AssignmentKind.DEFINITIVE:  # a Plt or Plh elsewhere leaves the account where it works
            _follow_position_account(official=official, department=position.department, start_date=start_date)
    return assignment


def _end_other_definitive_positions(*, official: Official, position: Position, start_date: datetime.date) -> None:
    still_open = (
        official.position_assignments.select_for_update()
        .filter(kind=AssignmentKind.DEFINITIVE, start_date__lt=start_date)
        .exclude(position=position)
        .exclude(end_date__lt=start_date)
    )
    for old in still_open:
        old.end_date = start_date - datetime.timedelta(days=1)
        _save_position_assignment(old)


def position_assignment_end(*, assignment: PositionAssignment, end_date: datetime.date) -> PositionAssignment:
    if end_date < assignment.start_date:
        raise ValidationError(
            {
                "end_date": _("The end date cannot be before the start date (%(date)s).")
                % {"date": _date(assignment.start_date)}
            }
        )
    assignment.end_date = end_date
    return _save_position_assignment(assignment)


def _follow_position_account(*, official: Official, department: Department, start_date: datetime.date) -> None:
    user = official.user
    if start_date > timezone.localdate():
        return  # the account follows when the assignment begins, not before
    if user is not None and user.role == Role.OFFICIAL and user.department_id != department.pk:
        user.department = department
        user.save(update_fields=["department"])


# --- Accounts of the officials below the head ---------------------------------------------------------------------
def official_account_create(
    *, official: Official, department: Department, username: str, password: str, email: str = ""
) -> User:
    """A new account with the role `official` in `department`, linked to the official (who may then also sign in
    with their NIP)."""
    if official.user_id is not None:
        raise ValidationError(
            _("%(name)s already has an account: %(username)s.")
            % {"name": official.name, "username": official.user.username}
        )
    user = User(
        username=username.strip(),
        email=email,
        first_name=official.name[:150],
        role=Role.OFFICIAL,
        department=department,
    )
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    official.user = user
    official.save(update_fields=["user", "updated_at"])
    return user


def official_account_link(*, official: Official, user: User, department: Department) -> User:
    """Link an existing account with the role `official` to the official; it moves to `department`."""
    if official.user_id is not None and official.user_id != user.pk:
        raise ValidationError(
            _("%(name)s already has an account: %(username)s.")
            % {"name": official.name, "username": official.user.username}
        )
    owner = Official.objects.filter(user=user).exclude(pk=official.pk).first()
    if owner is not None:
        raise ValidationError({"user": _("This account belongs to %(name)s.") % {"name": owner.name}})
    if user.role != Role.OFFICIAL:
        raise ValidationError(
            {
                "user": _(
                    "Only an account with the role “%(role)s” can be linked here: change its role on the accounts "
                    "page first."
                )
                % {"role": Role.OFFICIAL.label}
            }
        )
    if user.department_id != department.pk:
        user.department = department
        user.save(update_fields=["department"])
    official.user = user
    official.save(update_fields=["user", "updated_at"])
    return user
