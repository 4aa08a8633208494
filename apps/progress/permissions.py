"""Who may act on the realisasi of which PK (DOMAIN.md §4, at every level of the cascade, §3).

A head's PK: the department's staff and head enter the realisasi, the head submits it, Bappeda verifies or returns
it. An eselon III/IV official's PK: the official (or their department's staff and head, as for the head's PK) enters
it, the official submits it, and their superior — who signed the PK as pihak kedua
(`apps.agreements.permissions.superior_official_ids`) — verifies or returns it; Bappeda may too. Nobody else: an
official never reports on another official's PK (they read their subordinates' reports, apps/progress/selectors.py).

`apps/accounts/rules.py` and apps/progress/rules.py say which roles may do a kind of thing at all; these functions
decide it for one PK, and the services call them (403: the PK is visible but not theirs to act on).
"""

from django.db.models import Q
from django.utils import timezone

from apps.accounts.models import Role
from apps.agreements.permissions import superior_official_ids
from apps.departments.models import Assignment, PositionAssignment
from apps.departments.selectors import current_q


def official_id_of(user) -> int | None:
    official = getattr(user, "official", None) if user.is_authenticated else None
    return official.pk if official is not None else None


def _same_department(user, agreement) -> bool:
    return user.sees_all_departments or user.department_id == agreement.department_id


def is_own(user, agreement) -> bool:
    """The user is the official whose cascaded PK it is."""
    official_id = official_id_of(user)
    return agreement.is_cascaded and official_id is not None and official_id == agreement.official_id


def may_report(user, agreement) -> bool:
    """Enter or change the realisasi, its evidence and the budget spent."""
    if not user.has_perm("progress.report") or not _same_department(user, agreement):
        return False
    if user.is_department_member:
        return True  # the head's PK and the cascade of their department
    return is_own(user, agreement)


def may_submit(user, agreement) -> bool:
    if not user.has_perm("progress.submit") or not _same_department(user, agreement):
        return False
    if not agreement.is_cascaded:
        return user.role == Role.DEPARTMENT_HEAD
    return is_own(user, agreement)


def is_superior(user, agreement) -> bool:
    """The user signed (or now holds the position that signs) the cascaded PK as pihak kedua."""
    if not agreement.is_cascaded or not user.has_perm("progress.verify_line"):
        return False
    official_id = official_id_of(user)
    if official_id is None or official_id == agreement.official_id or user.department_id != agreement.department_id:
        return False
    return official_id in superior_official_ids(agreement)


def may_verify(user, agreement) -> bool:
    """Verify or return: Bappeda any level's report, a superior their direct subordinates'."""
    if user.has_perm("progress.verify"):
        return True
    return is_superior(user, agreement)


def subordinate_agreements_q(user, prefix: str = "") -> Q:
    """The cascaded PKs whose realisasi the user verifies as their superior (the same rule as `is_superior`, as a
    condition on Agreement, or on a model reaching it through `prefix`, e.g. "indicator__agreement__")."""
    official_id = official_id_of(user)
    if official_id is None or not user.has_perm("progress.verify_line"):
        return Q(pk__in=[])
    today = timezone.localdate()
    held = PositionAssignment.objects.filter(current_q(today), official_id=official_id).values("position_id")
    headed = Assignment.objects.filter(current_q(today), official_id=official_id).values("department_id")

    def q(**kwargs) -> Q:
        return Q(**{f"{prefix}{name}": value for name, value in kwargs.items()})

    return (
        q(position__isnull=False, department_id=user.department_id)
        & (
            q(superior_agreement__official_id=official_id)
            | q(position__superior__in=held)
            | q(position__superior__isnull=True, department_id__in=headed)
        )
        & ~q(official_id=official_id)
    )
