""" "What I owe" of evaluations (apps/core/home.py): for the mayor's office, the flagged heads not yet evaluated
and the improvement periods that have ended; for a head, their open evaluation still without a statement. Two
queries at most."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.home import Owed

from . import selectors
from .models import Evaluation, EvaluationStatus, Flag, FlagKind
from .tasks import region_today


def _mayor_items(user) -> list[Owed]:
    unanswered = (
        Flag.objects.filter(resolved_at__isnull=True, kind=FlagKind.DEADLINE)
        .exclude(Exists(Evaluation.objects.filter(agreement_id=OuterRef("agreement_id"), previous__isnull=True)))
        .count()
    )
    ended = (
        Evaluation.objects.filter(status=EvaluationStatus.IMPROVEMENT, improvement_deadline__lt=region_today())
        .exclude(Exists(Evaluation.objects.filter(previous_id=OuterRef("pk"))))
        .count()
    )
    items = []
    if unanswered:
        items.append(
            Owed(
                text=ngettext(
                    "%(count)d flagged head waits for an evaluation",
                    "%(count)d flagged heads wait for an evaluation",
                    unanswered,
                )
                % {"count": unanswered},
                url=reverse("evaluations:home") + "?resolved=no",
                severity="warning",
            )
        )
    if ended:
        items.append(
            Owed(
                text=ngettext(
                    "%(count)d improvement period has ended: evaluate it",
                    "%(count)d improvement periods have ended: evaluate them",
                    ended,
                )
                % {"count": ended},
                url=reverse("evaluations:list") + "?status=improvement",
                severity="warning",
            )
        )
    return items


def _head_items(user) -> list[Owed]:
    evaluation = (
        selectors.evaluations_for(user)
        .filter(statement="")
        .exclude(status=EvaluationStatus.CLOSED)
        .order_by("-created_at")
        .first()
    )
    if evaluation is None:
        return []
    return [
        Owed(
            text=_("You have been evaluated for %(agreement)s: read it and answer with a statement")
            % {"agreement": evaluation.agreement},
            url=evaluation.get_absolute_url(),
            due=evaluation.improvement_deadline,
            severity="info",
        )
    ]


def owed(user) -> list[Owed]:
    if user.has_perm("evaluations.evaluate"):
        return _mayor_items(user)
    if user.has_perm("evaluations.answer"):
        return _head_items(user)
    return []
