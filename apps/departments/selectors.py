"""Reads of departments, always scoped to the user who asks."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from .models import Department, Region


def departments_for(user) -> QuerySet[Department]:
    """Every department for the city-wide roles; only their own for a department's head and staff."""
    queryset = Department.objects.all()
    if not user.is_authenticated:
        return queryset.none()
    if user.sees_all_departments:
        return queryset
    if user.department_id is None:
        return queryset.none()
    return queryset.filter(pk=user.department_id)


def departments_with_current_head(user, *, day=None) -> QuerySet[Department]:
    """Departments with their current heads prefetched (one extra query, whatever the number of departments)."""
    from .models import Assignment

    day = day or timezone.localdate()
    current = Assignment.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day)
    return departments_for(user).prefetch_related(
        Prefetch(
            "assignments",
            queryset=current.select_related("official"),
            to_attr="current_assignments",
        )
    )


def region_get() -> Region | None:
    return Region.objects.filter(pk=1).first()
