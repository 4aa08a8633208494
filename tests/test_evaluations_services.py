"""The evaluation (apps/evaluations/services.py, DOMAIN.md §5): opening with the figures, the SKP predicate, the
decisions' state machine, the improvement period watched by the flag job, the JPT warning, a Camat, the head's
statement, and a real Celery worker running the beat task."""

import datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from apps.accounts.models import Role
from apps.core.workflow import TransitionError
from apps.evaluations import flagging, predicate, services
from apps.evaluations.models import Evaluation, EvaluationStep, Flag, FlagKind
from apps.evaluations.tasks import flag_overdue_task

from .factories import UserFactory
from .factories_evaluations import make_head, make_head_agreement
from .factories_scores import indicators_of, make_report, make_scored_agreement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]  # messages matched by msgid
JUDGED = datetime.date(2026, 1, 11)
DECIDED = datetime.date(2026, 1, 20)


@pytest.fixture
def mayor(db):
    return UserFactory(role=Role.MAYOR_OFFICE)


@pytest.fixture
def low(db):
    """A JPT inaugurated in 2023 (more than two years before the decisions) whose 2025 PK is below the threshold."""
    return make_head_agreement(make_head(start=datetime.date(2023, 1, 2)), values=("80", "20"))


def _open(agreement, mayor, **kwargs):
    return services.evaluation_open(agreement=agreement, by=mayor, today=JUDGED, **kwargs)


# --- The SKP predicate (pure) -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("percent", "expected"),
    [(None, "below"), (D("90.99"), "below"), (D(91), "meets"), (D("109.99"), "meets"), (D(110), "above")],
)
def test_work_rating_comes_from_the_capaian(percent, expected):
    assert predicate.work_rating(percent, threshold=D(91), above=D(110)) == expected


@pytest.mark.parametrize(
    ("work", "behaviour", "expected"),
    [
        ("above", "above", "sangat_baik"),
        ("above", "meets", "baik"),
        ("meets", "above", "baik"),
        ("meets", "meets", "baik"),
        ("below", "meets", "butuh_perbaikan"),
        ("below", "above", "butuh_perbaikan"),
        ("above", "below", "kurang"),
        ("meets", "below", "kurang"),
        ("below", "below", "sangat_kurang"),
    ],
)
def test_skp_predicate_of_work_and_behaviour(work, behaviour, expected):
    assert predicate.skp_predicate(work, behaviour) == expected


def test_skp_predicate_refuses_an_unknown_rating():
    with pytest.raises(ValueError, match="ratings"):
        predicate.skp_predicate("great", "meets")


# --- Opening ------------------------------------------------------------------------------------------------------
def test_an_evaluation_cannot_be_opened_before_the_deadline(low, mayor):
    with pytest.raises(ValidationError, match="has not passed"):
        services.evaluation_open(agreement=low, by=mayor, today=datetime.date(2025, 12, 1))


def test_opening_fills_in_the_figures_from_the_data(low, mayor):
    evaluation = _open(low, mayor)

    assert evaluation.status == "open"
    assert evaluation.official == low.official
    assert evaluation.achievement_percent == D("80.00")
    assert evaluation.achievement_predicate == "tinggi"
    assert evaluation.reasons == ["low_achievement"]
    assert evaluation.missing_quarters == []
    assert evaluation.innovation_count == 1
    assert evaluation.work_rating == "below"
    assert evaluation.is_jpt is True
    assert [row["achievement_percent"] for row in evaluation.indicators] == ["80.00", "80.00"]
    assert evaluation.assignment.official == low.official
    assert EvaluationStep.objects.filter(evaluation=evaluation, from_status="").count() == 1


def test_a_pk_is_evaluated_once(low, mayor):
    _open(low, mayor)
    with pytest.raises(TransitionError):
        _open(low, mayor)


def test_only_the_mayors_office_opens_and_decides(low, mayor):
    for role in (Role.ADMIN, Role.INSPECTORATE, Role.BAPPEDA, Role.DEPARTMENT_HEAD):
        with pytest.raises(PermissionDenied):
            _open(low, UserFactory(role=role))
    evaluation = _open(low, mayor)
    with pytest.raises(PermissionDenied):
        services.evaluation_decide(evaluation=evaluation, decision="retained", by=UserFactory(role=Role.ADMIN))


def test_the_behaviour_rating_gives_the_predicate(low, mayor):
    evaluation = services.evaluation_rate(evaluation=_open(low, mayor), behaviour_rating="meets", by=mayor)
    assert evaluation.predicate == "butuh_perbaikan"


# --- Deciding -----------------------------------------------------------------------------------------------------
def test_improvement_starts_six_months_from_the_decision_and_resolves_the_flag(low, mayor):
    flagging.flag_overdue(today=JUDGED)
    flag = Flag.objects.get(agreement=low)
    evaluation = _open(low, mayor)

    evaluation = services.evaluation_decide(
        evaluation=evaluation, decision="improvement", note="Six months", by=mayor, today=DECIDED
    )

    assert evaluation.status == "improvement"
    assert evaluation.decision == "improvement"
    assert evaluation.improvement_deadline == datetime.date(2026, 7, 20)
    assert evaluation.decided_on == DECIDED
    assert evaluation.decided_by == mayor
    flag.refresh_from_db()
    assert flag.resolved_at is not None
    assert flag.resolved_by == evaluation
    step = evaluation.steps.get(decision="improvement")
    assert (step.from_status, step.to_status, step.by) == ("open", "improvement", mayor)


def test_a_decision_the_state_does_not_allow_is_refused(low, mayor):
    evaluation = _open(low, mayor)
    for decision in ("competency_test", "moved", "demoted"):
        with pytest.raises(TransitionError):
            services.evaluation_decide(evaluation=evaluation, decision=decision, by=mayor, today=DECIDED)
    services.evaluation_decide(evaluation=evaluation, decision="retained", by=mayor, today=DECIDED)
    with pytest.raises(TransitionError):
        services.evaluation_decide(evaluation=evaluation, decision="improvement", by=mayor, today=DECIDED)


def test_two_decisions_at_once_decide_once(low, mayor):
    evaluation = _open(low, mayor)
    stale = Evaluation.objects.get(pk=evaluation.pk)
    services.evaluation_decide(evaluation=evaluation, decision="retained", by=mayor, today=DECIDED)
    with pytest.raises(TransitionError):
        services.evaluation_decide(evaluation=stale, decision="improvement", by=mayor, today=DECIDED)
    assert Evaluation.objects.get(pk=evaluation.pk).decision == "retained"


def test_force_majeure_needs_a_recorded_reason(low, mayor):
    evaluation = _open(low, mayor)
    with pytest.raises(ValidationError, match="force majeure"):
        services.evaluation_decide(evaluation=evaluation, decision="force_majeure", by=mayor, today=DECIDED)
    evaluation = services.evaluation_decide(
        evaluation=evaluation, decision="force_majeure", note="Banjir besar Maret 2025", by=mayor, today=DECIDED
    )
    assert (evaluation.status, evaluation.note) == ("closed", "Banjir besar Maret 2025")


def _through_improvement(agreement, mayor):
    """Open, give six months, and at their end (still unmet) open the follow-up evaluation."""
    evaluation = services.evaluation_decide(
        evaluation=_open(agreement, mayor), decision="improvement", by=mayor, today=DECIDED
    )
    return services.evaluation_open(
        agreement=agreement, previous=evaluation, by=mayor, today=datetime.date(2026, 7, 21)
    )


def test_after_a_failed_improvement_period_come_the_competency_test_and_a_move(low, mayor):
    follow_up = _through_improvement(low, mayor)
    assert services.allowed_decisions(follow_up) == ["retained", "competency_test", "force_majeure"]
    on = datetime.date(2026, 8, 1)

    tested = services.evaluation_decide(evaluation=follow_up, decision="competency_test", by=mayor, today=on)
    assert tested.status == "competency_test"
    assert Evaluation.objects.get(pk=follow_up.previous_id).status == "closed"
    moved = services.evaluation_decide(evaluation=tested, decision="moved", note="Ke staf ahli", by=mayor, today=on)

    assert (moved.status, moved.decision) == ("closed", "moved")
    assignment = moved.assignment
    assignment.refresh_from_db()
    assert assignment.end_date == on  # the position history keeps the assignment, ended
    head_account = assignment.official.user
    head_account.refresh_from_db()
    assert head_account.is_active is False  # no longer acts for the department


def test_demotion_ends_the_assignment_too(low, mayor):
    tested = services.evaluation_decide(
        evaluation=_through_improvement(low, mayor),
        decision="competency_test",
        by=mayor,
        today=datetime.date(2026, 8, 1),
    )
    demoted = services.evaluation_decide(
        evaluation=tested, decision="demoted", note="Hasil uji kompetensi", by=mayor, today=datetime.date(2026, 9, 1)
    )
    demoted.assignment.refresh_from_db()
    assert demoted.assignment.end_date == datetime.date(2026, 9, 1)
    assert (
        demoted.assignment.official.user.__class__.objects.get(pk=demoted.assignment.official.user_id).is_active
        is False
    )


def test_replacing_a_jpt_within_two_years_warns_and_needs_a_reason(mayor):
    recent = make_head_agreement(make_head(start=datetime.date(2025, 1, 2)), values=("80", "20"))
    tested = services.evaluation_decide(
        evaluation=_through_improvement(recent, mayor),
        decision="competency_test",
        by=mayor,
        today=datetime.date(2026, 8, 1),
    )
    assert "two years" in services.replacement_warning(tested, "moved", on=datetime.date(2026, 8, 1))
    with pytest.raises(ValidationError, match="two years"):
        services.evaluation_decide(evaluation=tested, decision="moved", by=mayor, today=datetime.date(2026, 8, 1))
    moved = services.evaluation_decide(
        evaluation=tested, decision="moved", note="Kebutuhan organisasi", by=mayor, today=datetime.date(2026, 8, 1)
    )
    assert moved.steps.get(decision="moved").warning.startswith("This JPT")


def test_a_camat_is_evaluated_without_improvement_or_competency_test(mayor):
    camat = make_head_agreement(make_head(echelon="III.a"), values=("80", "20"))
    evaluation = _open(camat, mayor)
    assert evaluation.is_jpt is False
    assert services.allowed_decisions(evaluation) == ["retained", "force_majeure"]
    with pytest.raises(TransitionError):
        services.evaluation_decide(evaluation=evaluation, decision="improvement", by=mayor, today=DECIDED)


# --- The improvement period, watched by the job -------------------------------------------------------------------
def test_the_job_flags_an_unmet_head_again_when_the_improvement_period_ends(low, mayor):
    flagging.flag_overdue(today=JUDGED)
    evaluation = services.evaluation_decide(
        evaluation=_open(low, mayor), decision="improvement", by=mayor, today=DECIDED
    )
    assert flagging.flag_overdue(today=datetime.date(2026, 7, 20)).created == []  # the period's last day

    (flag,) = flagging.flag_overdue(today=datetime.date(2026, 7, 21)).created

    assert (flag.kind, flag.evaluation, flag.deadline) == ("improvement", evaluation, datetime.date(2026, 7, 20))
    assert "low_achievement" in flag.reasons
    assert flagging.flag_overdue(today=datetime.date(2026, 7, 22)).created == []  # once


def test_a_head_who_improved_in_the_period_is_not_flagged_again(low, mayor):
    services.evaluation_decide(evaluation=_open(low, mayor), decision="improvement", by=mayor, today=DECIDED)
    # This year's PK, measured at the period's end: two good quarters reported, projected above the threshold.
    this_year = make_head_agreement(low.official, year=2026, quarters=(1, 2), values=("96", "25"))
    assert this_year.year == 2026

    assert flagging.flag_overdue(today=datetime.date(2026, 7, 21)).created == []


def test_the_follow_up_evaluation_resolves_the_improvement_flag(low, mayor):
    evaluation = services.evaluation_decide(
        evaluation=_open(low, mayor), decision="improvement", by=mayor, today=DECIDED
    )
    flagging.flag_overdue(today=datetime.date(2026, 7, 21))
    flag = Flag.objects.get(kind=FlagKind.IMPROVEMENT)
    follow_up = services.evaluation_open(agreement=low, previous=evaluation, by=mayor, today=datetime.date(2026, 7, 22))
    services.evaluation_decide(
        evaluation=follow_up, decision="competency_test", by=mayor, today=datetime.date(2026, 7, 22)
    )
    flag.refresh_from_db()
    assert flag.resolved_by == follow_up


# --- The head's statement -----------------------------------------------------------------------------------------
def test_the_head_answers_their_own_evaluation_only(low, mayor):
    evaluation = _open(low, mayor)
    head = low.official.user
    evaluation = services.evaluation_answer(evaluation=evaluation, statement="Saya akan memperbaiki.", by=head)
    assert evaluation.statement == "Saya akan memperbaiki."
    assert evaluation.statement_at is not None
    other = make_head().user
    with pytest.raises(PermissionDenied):
        services.evaluation_answer(evaluation=evaluation, statement="Bukan saya", by=other)
    with pytest.raises(PermissionDenied):
        services.evaluation_answer(evaluation=evaluation, statement="Saya", by=mayor)


# --- A real Celery worker running the beat task -------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_running_the_beat_task_flags_the_unmet_heads_once(worker):
    met = make_head_agreement()
    unmet = make_head_agreement(values=("80", "20"))
    UserFactory(role=Role.MAYOR_OFFICE)
    with time_machine.travel(
        datetime.datetime(2026, 1, 11, 1, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))), tick=False
    ):
        first = flag_overdue_task.delay().get(timeout=60)
        second = flag_overdue_task.delay().get(timeout=60)
    assert len(first) == 1
    assert second == []
    assert list(Flag.objects.values_list("agreement_id", flat=True)) == [unmet.pk]
    assert not Flag.objects.filter(agreement=met).exists()


@pytest.mark.django_db(transaction=True)
def test_before_the_deadline_the_worker_flags_nobody(worker):
    make_head_agreement(values=("80", "20"))
    with time_machine.travel(datetime.datetime(2025, 12, 31, 1, 0, tzinfo=datetime.UTC), tick=False):
        assert flag_overdue_task.delay().get(timeout=60) == []
    assert not Flag.objects.exists()


def test_the_reported_figures_match_the_progress_scores(department, mayor):
    from apps.progress import scores

    official = make_head(department)
    agreement = make_scored_agreement(
        department,
        [[{"target": "80"}, {"target": "10", "polarity": "negative", "aggregation": "sum"}]],
        year=2025,
        official=official,
    )
    first, second = indicators_of(agreement)
    for quarter in (1, 2, 3, 4):
        make_report(first, quarter, "70")
        make_report(second, quarter, "3")
    evaluation = _open(agreement, mayor)
    assert evaluation.achievement_percent == scores.agreement_score(agreement).achievement_percent


def test_an_improvement_period_ending_in_february_is_measured_on_the_year_before(mayor):
    from apps.evaluations.assessment import last_due_quarter
    from apps.evaluations.flagging import measured_agreements

    assert last_due_quarter(datetime.date(2027, 2, 3)) == (2026, 4)
    assert last_due_quarter(datetime.date(2026, 7, 20)) == (2026, 2)
    assert last_due_quarter(datetime.date(2026, 4, 9)) == (2025, 4)
    low = make_head_agreement(make_head(start=datetime.date(2023, 1, 2)), values=("80", "20"))
    this_year = make_head_agreement(low.official, year=2026, quarters=(1, 2, 3, 4), innovation=False)
    evaluation = services.evaluation_decide(
        evaluation=_open(low, mayor), decision="improvement", by=mayor, today=datetime.date(2026, 8, 3)
    )
    assert measured_agreements([evaluation]) == {evaluation.pk: this_year}
    # 2026 met every target (its innovation is the one of 2025, still running): not flagged again.
    assert flagging.flag_overdue(today=datetime.date(2027, 2, 4)).created == []
