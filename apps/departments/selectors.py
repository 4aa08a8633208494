"""Reads of the organisation, always scoped to the user who asks.

A department's head and staff see only their own department and the officials who work in it; the city-wide roles
(admin, mayor's office, Bappeda, Inspektorat) see everything. Views use these querysets with
`get_object_or_404`, so another department's object answers 404.
"""

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from .models import Assignment, Department, Official, Region


def current_q(day: datetime.date, prefix: str = "") -> Q:
    """Assignments that cover `day` (first and last day included)."""
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


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
    return queryset.filter(in_department | Q(user=user))


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


def region_get() -> Region | None:
    return Region.objects.filter(pk=1).first()
