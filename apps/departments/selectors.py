"""Reads of the organisation, always scoped to the user who asks.

A department's head and staff see only their own department and the officials who work in it; the city-wide roles
(admin, mayor's office, Bappeda, Inspektorat) see everything. Views use these querysets with
`get_object_or_404`, so another department's object answers 404.
"""

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from .models import Assignment, AssignmentKind, Department, Official, Position, PositionAssignment, Region


def current_q(day: datetime.date, prefix: str = "") -> Q:
    """Assignments that cover `day` (first and last day included)."""
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def in_year_q(year: int) -> Q:
    """Assignments (of a head or of a position) that cover at least one day of `year`."""
    return Q(start_date__lte=datetime.date(year, 12, 31)) & (
        Q(end_date__isnull=True) | Q(end_date__gte=datetime.date(year, 1, 1))
    )


def period_in_year(assignment, year: int) -> tuple[datetime.date, datetime.date]:
    """The part of `year` an assignment covers: 1 January–31 December, or from and until its own dates."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return max(first, assignment.start_date), min(last, assignment.end_date) if assignment.end_date else last


def departments_for(user) -> QuerySet[Department]:
    queryset = Department.objects.all()
    if not user.is_authenticated:
        return queryset.none()
    if user.sees_all_departments:
        return queryset
    if user.department_id is None:
        return queryset.none()
    return queryset.filter(pk=user.department_id)


def departments_with_current_heads(user, *, day: datetime.date | None = None) -> QuerySet[Department]:
    """Departments with `current_assignments` prefetched: one extra query whatever the number of departments."""
    day = day or timezone.localdate()
    current = Assignment.objects.filter(current_q(day)).select_related("official").order_by("kind", "start_date")
    return departments_for(user).prefetch_related(
        Prefetch("assignments", queryset=current, to_attr="current_assignments")
    )


def officials_for(user, *, day: datetime.date | None = None) -> QuerySet[Official]:
    """Every official for the city-wide roles; for a department role, those assigned to its department now
    (and the user's own official record)."""
    queryset = Official.objects.all()
    if not user.is_authenticated:
        return queryset.none()
    if user.sees_all_departments:
        return queryset
    day = day or timezone.localdate()
    in_department = Q(
        pk__in=Assignment.objects.filter(current_q(day), department_id=user.department_id).values("official_id")
    )
    in_position = Q(
        pk__in=PositionAssignment.objects.filter(current_q(day), position__department_id=user.department_id).values(
            "official_id"
        )
    )
    return queryset.filter(in_department | in_position | Q(user=user))


def officials_with_current_assignment(user, *, day: datetime.date | None = None) -> QuerySet[Official]:
    day = day or timezone.localdate()
    current = Assignment.objects.filter(current_q(day)).select_related("department").order_by("kind", "-start_date")
    return officials_for(user, day=day).prefetch_related(
        Prefetch("assignments", queryset=current, to_attr="current_assignments")
    )


def assignments_for(user) -> QuerySet[Assignment]:
    queryset = Assignment.objects.select_related("official", "department")
    if not user.is_authenticated:
        return queryset.none()
    if user.sees_all_departments:
        return queryset
    return queryset.filter(department_id=user.department_id)


def current_department_of(official: Official, *, day: datetime.date | None = None) -> Department | None:
    day = day or timezone.localdate()
    assignment = (
        official.assignments.filter(current_q(day)).select_related("department").order_by("kind", "-start_date")
    ).first()
    return assignment.department if assignment else None


# --- Positions below the head (the cascade) ----------------------------------------------------------------------
KIND_RANK = {AssignmentKind.DEFINITIVE: 0, AssignmentKind.PLT: 1, AssignmentKind.PLH: 2}


def positions_for(user) -> QuerySet[Position]:
    """Every position for the city-wide roles; a department's roles and its officials see their own department's."""
    queryset = Position.objects.all()
    if not user.is_authenticated:
        return queryset.none()
    if user.sees_all_departments:
        return queryset
    if user.department_id is None:
        return queryset.none()
    return queryset.filter(department_id=user.department_id)


def positions_with_current_holders(user, *, day: datetime.date | None = None) -> QuerySet[Position]:
    """Positions with `current_assignments` prefetched (definitive first, then Plt, then Plh): one extra query
    whatever the number of positions."""
    day = day or timezone.localdate()
    current = PositionAssignment.objects.filter(current_q(day)).select_related("official").order_by("start_date", "pk")
    return (
        positions_for(user)
        .select_related("department", "superior")
        .prefetch_related(Prefetch("assignments", queryset=current, to_attr="current_assignments"))
    )


def current_holders(position: Position) -> list[PositionAssignment]:
    """The prefetched current assignments of a position, definitive first, then Plt, then Plh."""
    return sorted(position.current_assignments, key=lambda a: KIND_RANK.get(a.kind, 9))


def position_tree(user, department: Department, *, day: datetime.date | None = None) -> list[dict]:
    """The structure of a department: its eselon III positions in order, each with its eselon IV positions under it,
    every position with its current holders. Two queries whatever the size of the department."""
    positions = list(
        positions_with_current_holders(user, day=day).filter(department=department).order_by("order", "name", "pk")
    )
    for position in positions:
        position.holders = current_holders(position)
    children: dict[int, list[Position]] = {}
    for position in positions:
        if position.superior_id is not None:
            children.setdefault(position.superior_id, []).append(position)
    return [
        {"position": position, "subordinates": children.get(position.pk, [])}
        for position in positions
        if position.superior_id is None
    ]


def position_assignments_for(user) -> QuerySet[PositionAssignment]:
    queryset = PositionAssignment.objects.select_related("official", "position__department")
    if not user.is_authenticated:
        return queryset.none()
    if user.sees_all_departments:
        return queryset
    if user.department_id is None:
        return queryset.none()
    return queryset.filter(position__department_id=user.department_id)


def region_get() -> Region | None:
    return Region.objects.filter(pk=1).first()
