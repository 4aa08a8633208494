"""Writes of evaluations (DOMAIN.md §5). Views, the API and the demo all call these.

The decisions are a state machine over `Evaluation.status`, moved by apps/core/workflow.py `transition()` (a
conditional UPDATE: two people deciding at once decide once, the other gets a TransitionError, 409):

    open ──retained / force_majeure──────────────────────────▶ closed
    open ──improvement (six months from the decision)────────▶ improvement
    open (after a failed improvement period) ──competency_test▶ competency_test
    competency_test ──moved / demoted / retained / force_majeure▶ closed

A Camat (not a JPT) is evaluated the same way without the improvement and competency-test consequences: only
`retained` or `force_majeure`. `force_majeure` needs a recorded reason; replacing (moving or demoting) a JPT within
two years of the inauguration warns and needs a recorded reason too [UU 5/2014 Pasal 116]. A move or demotion ends
the head's assignment (the position history keeps it). A decision resolves the flag it answers.
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Role
from apps.agreements.models import Agreement
from apps.core.workflow import TransitionError, transition
from apps.departments.models import Assignment, DepartmentKind
from apps.departments.services import assignment_end

from . import predicate as skp
from .assessment import assess_many, deadline_item, improvement_item, judged_from
from .flagging import measured_agreements
from .models import (
    Decision,
    Evaluation,
    EvaluationPolicy,
    EvaluationStatus,
    EvaluationStep,
    Flag,
    FlagKind,
)
from .tasks import region_today

IMPROVEMENT_MONTHS = 6
JPT_PROTECTED_YEARS = 2
CLOSING = (Decision.RETAINED, Decision.FORCE_MAJEURE, Decision.MOVED, Decision.DEMOTED)
NEEDS_REASON = (Decision.FORCE_MAJEURE,)


def _require(user, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied


def _step(evaluation, *, by, from_status="", decision="", note="", warning="") -> EvaluationStep:
    return EvaluationStep.objects.create(
        evaluation=evaluation,
        from_status=from_status,
        to_status=evaluation.status,
        decision=decision,
        note=note,
        warning=warning,
        by=by,
    )


# --- Opening ------------------------------------------------------------------------------------------------------
def _assignment(agreement: Agreement) -> Assignment | None:
    """The head's assignment to the PK's department that covers the PK's end (else the latest one)."""
    assignments = Assignment.objects.filter(official_id=agreement.official_id, department_id=agreement.department_id)
    return (
        assignments.filter(start_date__lte=agreement.period_end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=agreement.period_start))
        .order_by("-start_date")
        .first()
        or assignments.order_by("-start_date").first()
    )


def _is_jpt(agreement: Agreement) -> bool:
    return agreement.official.is_jpt and agreement.department.kind != DepartmentKind.KECAMATAN


def evaluation_open(
    *, agreement: Agreement, by, previous: Evaluation | None = None, today: datetime.date | None = None
) -> Evaluation:
    """Open the evaluation of the PK's head after its deadline (or, with `previous`, at the end of the improvement
    period `previous` started), with the figures of this moment."""
    _require(by, "evaluations.evaluate")
    today = today or region_today()
    if agreement.is_cascaded:  # DOMAIN.md §5: the deadline, the evaluation and its consequences are the heads'
        raise ValidationError(_("Only a department head's Perjanjian Kinerja is evaluated."))
    if previous is None:
        if judged_from(agreement) > today:
            raise ValidationError(
                _("The deadline of this Perjanjian Kinerja has not passed yet: it can be evaluated from %(date)s.")
                % {"date": formats.date_format(judged_from(agreement), "j F Y")}
            )
        item = deadline_item(agreement)
        deadline = item.end + datetime.timedelta(days=1)
    else:
        if previous.status != EvaluationStatus.IMPROVEMENT or previous.improvement_deadline >= today:
            raise ValidationError(_("This improvement period has not ended yet."))
        measured = measured_agreements([previous])[previous.pk]
        item = improvement_item(previous, measured)
        agreement = measured
        deadline = previous.improvement_deadline
    (assessment,) = assess_many([item])
    policy = assessment.policy
    work = skp.work_rating(assessment.achievement_percent, threshold=policy.threshold, above=policy.above_expectation)
    evaluation = Evaluation(
        official=agreement.official,
        agreement=agreement,
        department=agreement.department,
        assignment=_assignment(agreement) if previous is None else previous.assignment,
        previous=previous,
        period_start=item.start,
        period_end=item.end,
        deadline=deadline,
        achievement_percent=assessment.achievement_percent,
        achievement_predicate=assessment.achievement_predicate,
        missing_quarters=list(assessment.missing_quarters),
        innovation_count=assessment.innovation_count,
        reasons=assessment.reasons,
        threshold=policy.threshold,
        indicators=assessment.indicators,
        is_jpt=_is_jpt(agreement),
        work_rating=work,
        created_by=by,
    )
    try:
        with transaction.atomic():
            evaluation.save()
            _step(evaluation, by=by)
    except IntegrityError as exc:
        raise TransitionError(_("This head has already been evaluated for this period.")) from exc
    return evaluation


def evaluation_rate(*, evaluation: Evaluation, behaviour_rating: str, by) -> Evaluation:
    """The mayor's office's behaviour rating, which with the work rating gives the SKP predicate."""
    _require(by, "evaluations.evaluate")
    if behaviour_rating not in skp.RATINGS:
        raise ValidationError({"behaviour_rating": _("Choose a rating.")})
    updated = Evaluation.objects.filter(pk=evaluation.pk, status=EvaluationStatus.OPEN).update(
        behaviour_rating=behaviour_rating,
        predicate=skp.skp_predicate(evaluation.work_rating or skp.BELOW, behaviour_rating),
        updated_at=timezone.now(),
    )
    if updated != 1:
        raise TransitionError(_("Only an open evaluation can be rated."))
    evaluation.refresh_from_db()
    return evaluation


# --- Deciding -----------------------------------------------------------------------------------------------------
def allowed_decisions(evaluation: Evaluation) -> list[str]:
    """The decisions open to the evaluation in its current state."""
    if evaluation.status == EvaluationStatus.OPEN:
        if not evaluation.is_jpt:
            return [Decision.RETAINED, Decision.FORCE_MAJEURE]
        if evaluation.previous_id is not None:
            return [Decision.RETAINED, Decision.COMPETENCY_TEST, Decision.FORCE_MAJEURE]
        return [Decision.RETAINED, Decision.IMPROVEMENT, Decision.FORCE_MAJEURE]
    if evaluation.status == EvaluationStatus.COMPETENCY_TEST:
        return [Decision.MOVED, Decision.DEMOTED, Decision.RETAINED, Decision.FORCE_MAJEURE]
    return []


def replacement_warning(evaluation: Evaluation, decision: str, *, on: datetime.date) -> str:
    """The warning of Pasal 116 when a JPT would be replaced within two years of the inauguration ('' if none)."""
    if decision not in (Decision.MOVED, Decision.DEMOTED) or not evaluation.is_jpt or evaluation.assignment is None:
        return ""
    protected_until = evaluation.assignment.start_date + relativedelta(years=JPT_PROTECTED_YEARS)
    if on >= protected_until:
        return ""
    return _(
        "This JPT was inaugurated on %(start)s: replacing them before %(until)s (two years) needs a recorded reason."
    ) % {
        "start": formats.date_format(evaluation.assignment.start_date, "j F Y"),
        "until": formats.date_format(protected_until, "j F Y"),
    }


def _target_status(decision: str) -> str:
    if decision == Decision.IMPROVEMENT:
        return EvaluationStatus.IMPROVEMENT
    if decision == Decision.COMPETENCY_TEST:
        return EvaluationStatus.COMPETENCY_TEST
    return EvaluationStatus.CLOSED


def evaluation_decide(
    *, evaluation: Evaluation, decision: str, note: str = "", by, today: datetime.date | None = None
) -> Evaluation:
    """Record a decision (see the module docstring). TransitionError (409) when the state does not allow it."""
    _require(by, "evaluations.evaluate")
    today = today or region_today()
    note = (note or "").strip()
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Unknown decision.")})
    if decision not in allowed_decisions(evaluation):
        raise TransitionError(
            _("The decision %(decision)s is not possible for an evaluation that is %(status)s.")
            % {"decision": Decision(decision).label.lower(), "status": evaluation.get_status_display().lower()}
        )
    if decision in NEEDS_REASON and not note:
        raise ValidationError({"note": _("Record the reason of the force majeure.")})
    warning = replacement_warning(evaluation, decision, on=today)
    if warning and not note:
        raise ValidationError({"note": warning})
    deadline = today + relativedelta(months=IMPROVEMENT_MONTHS) if decision == Decision.IMPROVEMENT else None
    source = evaluation.status
    with transaction.atomic():
        evaluation = transition(
            evaluation,
            source=(source,),
            target=_target_status(decision),
            fields={
                "decision": decision,
                "note": note,
                "decided_on": today,
                "decided_by": by,
                "improvement_deadline": deadline or evaluation.improvement_deadline,
            },
            refused=_("This evaluation is already %(status)s: it cannot be given the decision %(action)s."),
            review=lambda from_status: None,
        )
        _step(evaluation, by=by, from_status=source, decision=decision, note=note, warning=warning)
        _resolve_flags(evaluation)
        if evaluation.previous_id and evaluation.previous.status == EvaluationStatus.IMPROVEMENT:
            Evaluation.objects.filter(pk=evaluation.previous_id, status=EvaluationStatus.IMPROVEMENT).update(
                status=EvaluationStatus.CLOSED, updated_at=timezone.now()
            )
        if decision in (Decision.MOVED, Decision.DEMOTED):
            _end_assignment(evaluation, today)
    return evaluation


def _resolve_flags(evaluation: Evaluation) -> int:
    """The flags the evaluation answers: its PK's deadline flag, or the flag of the improvement period it follows."""
    if evaluation.previous_id is None:
        answered = Q(kind=FlagKind.DEADLINE, agreement_id=evaluation.agreement_id)
    else:
        answered = Q(kind=FlagKind.IMPROVEMENT, evaluation_id=evaluation.previous_id)
    return Flag.objects.filter(answered, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=evaluation
    )


def _end_assignment(evaluation: Evaluation, today: datetime.date) -> None:
    assignment = evaluation.assignment
    if assignment is None:
        return
    assignment.refresh_from_db()
    if assignment.end_date is None or assignment.end_date > today:
        assignment_end(assignment=assignment, end_date=max(today, assignment.start_date))
    # The head's account no longer acts for the department they left (the admin gives it a new role if needed).
    user = getattr(assignment.official, "user", None)
    if user is not None and user.role == Role.DEPARTMENT_HEAD and user.department_id == assignment.department_id:
        type(user).objects.filter(pk=user.pk).update(is_active=False)


# --- The head's answer --------------------------------------------------------------------------------------------
def evaluation_answer(*, evaluation: Evaluation, statement: str, by) -> Evaluation:
    """The head evaluated answers with a statement (their own evaluation only)."""
    _require(by, "evaluations.answer")
    official = getattr(by, "official", None)
    if official is None or official.pk != evaluation.official_id:
        raise PermissionDenied
    statement = (statement or "").strip()
    if not statement:
        raise ValidationError({"statement": _("Write your statement.")})
    with transaction.atomic():
        Evaluation.objects.filter(pk=evaluation.pk).update(
            statement=statement, statement_at=timezone.now(), updated_at=timezone.now()
        )
        evaluation.refresh_from_db()
        _step(evaluation, by=by, from_status=evaluation.status, note=statement)
    return evaluation


# --- The policy of a year -----------------------------------------------------------------------------------------
def policy_save(
    *,
    year: int,
    threshold,
    above_expectation,
    require_all_quarters: bool,
    require_innovation: bool,
    by,
) -> EvaluationPolicy:
    _require(by, "evaluations.policy")
    policy = EvaluationPolicy.objects.filter(year=year).first() or EvaluationPolicy(year=year)
    policy.threshold = threshold
    policy.above_expectation = above_expectation
    policy.require_all_quarters = require_all_quarters
    policy.require_innovation = require_innovation
    policy.full_clean()
    policy.save()
    return policy
