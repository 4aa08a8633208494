"""Reads of innovations, scoped to the user who asks.

Verified innovations are an inventory every signed-in user may learn from; a draft, submitted or returned one is
seen only by its department, Bappeda, the mayor's office and the Inspektorat (and the admin). Another department's
unverified innovation is 404.
"""

from django.db.models import Q, QuerySet

from .models import Innovation, InnovationIndicator, InnovationStatus, RegionIndicator


def _visible(user, prefix: str = "") -> Q | None:
    """None: everything; otherwise the condition on innovations (through `prefix`) the user may see."""
    if user.sees_all_departments:
        return None
    condition = Q(**{f"{prefix}status": InnovationStatus.VERIFIED})
    if user.department_id:
        condition |= Q(**{f"{prefix}department_id": user.department_id})
    return condition


def innovations_for(user) -> QuerySet[Innovation]:
    queryset = Innovation.objects.select_related("department", "plan_objective", "created_by")
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    condition = _visible(user)
    return queryset if condition is None else queryset.filter(condition)


def editable_innovations_for(user) -> QuerySet[Innovation]:
    """Innovations the user's department may change (its own, in draft or returned)."""
    if not user.has_perm("innovations.edit") or not user.department_id:
        return Innovation.objects.none()
    return innovations_for(user).filter(
        department_id=user.department_id, status__in=[InnovationStatus.DRAFT, InnovationStatus.RETURNED]
    )


def indicators_for(user) -> QuerySet[InnovationIndicator]:
    queryset = InnovationIndicator.objects.select_related("innovation__department")
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    condition = _visible(user, "innovation__")
    return queryset if condition is None else queryset.filter(condition)


def region_indicators_for(user) -> QuerySet[RegionIndicator]:
    """The region indicators: readable by every signed-in user (they are the region's, not a department's)."""
    if not (user.is_authenticated and user.is_active):
        return RegionIndicator.objects.none()
    return RegionIndicator.objects.all()
