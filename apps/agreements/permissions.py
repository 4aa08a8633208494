"""Who may act on which Perjanjian Kinerja (DOMAIN.md §3 and the cascade below the head).

A head's PK: the department's staff and head draft it, the head submits it, the mayor's office returns, approves
and signs it. An eselon III/IV official's PK (the cascade): the official (or their department's staff and head, who
help with the paperwork) drafts it, the official submits it, and their superior — the department head for eselon
III, the eselon III official for eselon IV — returns, approves and signs it.

`apps/accounts/rules.py` says which roles may do a kind of thing at all; these functions decide it for one PK, and
the services call them, so the pages and the API refuse alike (403: the PK is visible but not theirs to act on).
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from apps.accounts.models import Role
from apps.departments.models import Assignment, Position, PositionAssignment
from apps.departments.selectors import current_q


def _official_id(user) -> int | None:
    official = getattr(user, "official", None) if user.is_authenticated else None
    return official.pk if official is not None else None


def superior_official_ids(agreement, *, day: datetime.date | None = None) -> set[int]:
    """Who signs as pihak kedua of a cascaded PK: whoever signed the superior's PK, and whoever holds the superior's
    position (the department's head for eselon III) today."""
    day = day or timezone.localdate()
    superior = agreement.superior_agreement
    ids = {superior.official_id}
    position = agreement.position
    if position.superior_id is None:
        holders = Assignment.objects.filter(current_q(day), department_id=agreement.department_id)
    else:
        holders = PositionAssignment.objects.filter(current_q(day), position_id=position.superior_id)
    ids.update(holders.values_list("official_id", flat=True))
    return ids


def _same_department(user, agreement) -> bool:
    return user.sees_all_departments or user.department_id == agreement.department_id


def may_draft(user, agreement) -> bool:
    if not user.has_perm("agreements.draft") or not _same_department(user, agreement):
        return False
    if not agreement.is_cascaded:
        return user.is_department_member
    return user.is_department_member or _official_id(user) == agreement.official_id


def may_submit(user, agreement) -> bool:
    if not user.has_perm("agreements.submit") or not _same_department(user, agreement):
        return False
    if not agreement.is_cascaded:
        return user.role == Role.DEPARTMENT_HEAD
    return _official_id(user) == agreement.official_id


def may_review(user, agreement) -> bool:
    """Return, approve and sign."""
    if not user.has_perm("agreements.review"):
        return False
    if not agreement.is_cascaded:
        return user.role == Role.MAYOR_OFFICE
    if not _same_department(user, agreement) or user.role not in (Role.DEPARTMENT_HEAD, Role.OFFICIAL):
        return False
    return _official_id(user) in superior_official_ids(agreement)


def may_amend(user, agreement) -> bool:
    if not user.has_perm("agreements.amend"):
        return False
    if not agreement.is_cascaded:
        return user.role == Role.MAYOR_OFFICE or (
            user.role == Role.DEPARTMENT_HEAD and user.department_id == agreement.department_id
        )
    return _official_id(user) == agreement.official_id or may_review(user, agreement)


def line_positions_q(user, prefix: str = "") -> Q:
    """The positions of an official's line: those they hold or have held, and the ones directly below them."""
    official_id = _official_id(user)
    if official_id is None:
        return Q(pk__in=[])
    held = PositionAssignment.objects.filter(official_id=official_id).values("position_id")
    below = Position.objects.filter(superior__in=held).values("pk")
    return Q(**{f"{prefix}in": held}) | Q(**{f"{prefix}in": below})
