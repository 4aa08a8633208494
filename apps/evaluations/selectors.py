"""Reads of flags and evaluations, scoped to the user who asks.

The mayor's office, admin and the inspectorate see every flag and evaluation; a department head sees only their
own (as the official evaluated, wherever they are now); everyone else sees none (another head's evaluation is 404).
"""

from django.db.models import Q, QuerySet

from .models import Evaluation, Flag

OVERSEERS = ("admin", "mayor_office", "inspectorate")


def _own(user) -> Q | None:
    """None: the user sees everything; otherwise the condition on `official` that limits what they see."""
    if user.role in OVERSEERS:
        return None
    official = getattr(user, "official", None) if user.role == "department_head" else None
    if official is None:
        return Q(pk__in=[])
    return Q(official_id=official.pk)


def _scoped(queryset: QuerySet, user) -> QuerySet:
    if not user.is_authenticated:
        return queryset.none()
    condition = _own(user)
    return queryset if condition is None else queryset.filter(condition)


def flags_for(user) -> QuerySet[Flag]:
    queryset = Flag.objects.select_related("official", "agreement", "department", "resolved_by", "evaluation")
    return _scoped(queryset, user)


def evaluations_for(user) -> QuerySet[Evaluation]:
    queryset = Evaluation.objects.select_related("official", "agreement", "department", "decided_by", "previous")
    return _scoped(queryset, user)


# --- For the dashboards (unscoped: the caller scopes the agreements it asks about) --------------------------------
def open_flags_by_agreement(agreement_ids) -> dict[int, Flag]:
    """{agreement id: its unresolved flag} in one query (the newest when a PK has two: deadline and improvement)."""
    flags = (
        Flag.objects.filter(agreement_id__in=list(agreement_ids), resolved_at__isnull=True)
        .select_related("official")
        .order_by("agreement_id", "-created_at", "-pk")
        .distinct("agreement_id")
    )
    return {flag.agreement_id: flag for flag in flags}


def latest_evaluations_by_agreement(agreement_ids) -> dict[int, Evaluation]:
    """{agreement id: its newest evaluation} in one query."""
    evaluations = (
        Evaluation.objects.filter(agreement_id__in=list(agreement_ids))
        .select_related("official")
        .order_by("agreement_id", "-created_at", "-pk")
        .distinct("agreement_id")
    )
    return {evaluation.agreement_id: evaluation for evaluation in evaluations}
