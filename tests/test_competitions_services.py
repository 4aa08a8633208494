"""The competition's rules through the services and the database: eligibility, the own-department ban (service and
database), hidden scores, the ranking of a hand-computed round, and the recorded changes."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from apps.accounts.models import Role
from apps.competitions import notifications, selectors, services
from apps.competitions.models import Entry, Round, RoundStatus, Score
from apps.core.workflow import TransitionError
from tests.factories import DepartmentFactory, UserFactory
from tests.factories_competitions import make_entry, make_juror, make_round, score_all
from tests.factories_innovations import make_innovation

pytestmark = pytest.mark.django_db
CODES = ("kebaruan", "kemanfaatan", "keberlanjutan", "kemudahan_replikasi", "presentasi")


def _v(*values):
    return dict(zip(CODES, values, strict=True))


@pytest.fixture
def bappeda(db):
    return UserFactory(role=Role.BAPPEDA)


# --- Rounds and criteria ------------------------------------------------------------------------------------------
def test_a_new_round_has_the_default_criteria_summing_to_100(bappeda):
    round_ = make_round(by=bappeda)
    assert list(round_.criteria.values_list("code", "weight")) == [
        ("kebaruan", 25),
        ("kemanfaatan", 30),
        ("keberlanjutan", 20),
        ("kemudahan_replikasi", 15),
        ("presentasi", 10),
    ]


def test_weights_not_summing_to_100_are_refused(bappeda):
    round_ = make_round(by=bappeda)
    with pytest.raises(ValidationError):
        services.criteria_set(round_=round_, weights={"kebaruan": 50, "kemanfaatan": 30}, by=bappeda)
    services.criteria_set(round_=round_, weights={"kebaruan": 50, "kemanfaatan": 50}, by=bappeda)
    assert dict(round_.criteria.values_list("code", "weight")) == {"kebaruan": 50, "kemanfaatan": 50}


def test_criteria_cannot_change_once_judging_has_opened(bappeda):
    round_ = make_round(by=bappeda, status=RoundStatus.JUDGING)
    with pytest.raises(TransitionError):
        services.criteria_set(round_=round_, weights={"kebaruan": 100}, by=bappeda)


def test_only_bappeda_creates_a_round(department):
    head = UserFactory(role=Role.DEPARTMENT_HEAD, department=department)
    with pytest.raises(PermissionDenied):
        make_round(by=head)


def test_database_refuses_a_weight_outside_1_to_100(bappeda):
    round_ = make_round(by=bappeda)
    with pytest.raises(IntegrityError), transaction.atomic():
        round_.criteria.filter(code="kebaruan").update(weight=0)


def test_the_database_refuses_to_open_judging_with_weights_not_summing_to_100(bappeda):
    round_ = make_round(by=bappeda, status=RoundStatus.REGISTRATION)
    round_.criteria.filter(code="presentasi").update(weight=11)
    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.filter(pk=round_.pk).update(status=RoundStatus.JUDGING)
    round_.criteria.filter(code="presentasi").update(weight=10)
    Round.objects.filter(pk=round_.pk).update(status=RoundStatus.JUDGING)


def test_round_moves_through_its_steps_and_not_backwards(bappeda, department):
    round_ = make_round(by=bappeda)
    round_ = services.round_advance(round_=round_, target=RoundStatus.REGISTRATION, by=bappeda)
    with pytest.raises(ValidationError):  # no juror yet
        services.round_advance(round_=round_, target=RoundStatus.JUDGING, by=bappeda)
    make_juror(round_, bappeda=bappeda)
    round_ = services.round_advance(round_=round_, target=RoundStatus.JUDGING, by=bappeda)
    with pytest.raises(TransitionError):
        services.round_advance(round_=round_, target=RoundStatus.REGISTRATION, by=bappeda)
    with pytest.raises(TransitionError):
        services.round_advance(round_=round_, target=RoundStatus.PUBLISHED, by=bappeda)
    assert list(round_.steps.values_list("to_status", flat=True)) == ["registration", "judging"]


# --- Entries ------------------------------------------------------------------------------------------------------
def test_department_enters_an_innovation_on_trial_or_implemented(department):
    round_ = make_round(status=RoundStatus.REGISTRATION)
    entry = make_entry(round_, department, stage="uji_coba")
    assert entry.department == department
    assert entry.status == "entered"


def test_an_innovation_at_the_initiative_stage_is_not_eligible(department):
    round_ = make_round(status=RoundStatus.REGISTRATION)
    staff = UserFactory(role=Role.DEPARTMENT_STAFF, department=department)
    innovation = make_innovation(department, by=staff, stage="inisiatif")
    with pytest.raises(ValidationError) as error:
        services.entry_create(round_=round_, innovation=innovation, category="fisik", pitch="x", by=staff)
    assert "innovation" in error.value.message_dict


def test_a_department_cannot_enter_another_departments_innovation(department, other_department):
    round_ = make_round(status=RoundStatus.REGISTRATION)
    staff = UserFactory(role=Role.DEPARTMENT_STAFF, department=department)
    theirs = make_innovation(other_department, by=UserFactory(role=Role.DEPARTMENT_STAFF, department=other_department))
    with pytest.raises(PermissionDenied):
        services.entry_create(round_=round_, innovation=theirs, category="fisik", pitch="x", by=staff)


def test_entries_are_accepted_only_during_registration(department):
    round_ = make_round(status=RoundStatus.JUDGING)
    staff = UserFactory(role=Role.DEPARTMENT_STAFF, department=department)
    innovation = make_innovation(department, by=staff, stage="penerapan")
    with pytest.raises(TransitionError):
        services.entry_create(round_=round_, innovation=innovation, category="fisik", pitch="x", by=staff)


def test_an_innovation_enters_a_round_once(department):
    round_ = make_round(status=RoundStatus.REGISTRATION)
    entry = make_entry(round_, department)
    with pytest.raises(ValidationError):
        services.entry_create(
            round_=round_, innovation=entry.innovation, category="fisik", pitch="again", by=entry.entered_by
        )


def test_bappeda_rejects_an_entry_with_a_reason(bappeda, department):
    round_ = make_round(status=RoundStatus.REGISTRATION)
    entry = make_entry(round_, department)
    with pytest.raises(ValidationError):
        services.entry_reject(entry=entry, reason=" ", by=bappeda)
    entry = services.entry_reject(entry=entry, reason="Belum diterapkan satu tahun.", by=bappeda)
    assert (entry.status, entry.rejection_reason) == ("rejected", "Belum diterapkan satu tahun.")
    # the notice is sent by a worker (tests/test_competitions_notifications.py); here, what the worker runs
    notifications.notify(notifications.ENTRY_REJECTED, entry.pk, services._stamp(entry))
    assert entry.entered_by.notifications.filter(key__startswith=f"competition-entry-rejected-{entry.pk}-").exists()


def test_a_department_cannot_reject_an_entry(department):
    round_ = make_round(status=RoundStatus.REGISTRATION)
    entry = make_entry(round_, department)
    with pytest.raises(PermissionDenied):
        services.entry_reject(entry=entry, reason="no", by=entry.entered_by)


# --- The own-department ban ---------------------------------------------------------------------------------------
def test_a_juror_never_scores_an_entry_of_their_own_department(bappeda, department):
    round_ = make_round(status=RoundStatus.REGISTRATION)
    entry = make_entry(round_, department)
    internal = make_juror(round_, bappeda=bappeda, role=Role.DEPARTMENT_HEAD, department=department)
    Round.objects.filter(pk=round_.pk).update(status=RoundStatus.JUDGING)
    with pytest.raises(PermissionDenied):
        score_all(internal, entry, _v(90, 90, 90, 90, 90))
    assert not Score.objects.exists()
    assert entry not in selectors.scoreable_entries(internal)


def test_the_database_refuses_a_score_of_the_jurors_own_department(bappeda, department):
    round_ = make_round(status=RoundStatus.JUDGING)
    entry = make_entry(round_, department)
    internal = make_juror(round_, bappeda=bappeda, role=Role.DEPARTMENT_STAFF, department=department)
    criterion = round_.criteria.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        # Even a row claiming other departments: the trigger copies the real ones.
        Score.objects.create(
            juror=internal,
            entry=entry,
            criterion=criterion,
            value=50,
            entry_department=DepartmentFactory(),
            juror_department=None,
        )


def test_the_database_refuses_a_score_outside_1_to_100(bappeda, department):
    round_ = make_round(status=RoundStatus.JUDGING)
    entry = make_entry(round_, department)
    juror = make_juror(round_, bappeda=bappeda)
    for value in (0, 101):
        with pytest.raises(IntegrityError), transaction.atomic():
            Score.objects.create(juror=juror, entry=entry, criterion=round_.criteria.first(), value=value)


def test_the_database_refuses_a_second_score_of_one_criterion(bappeda, department):
    round_ = make_round(status=RoundStatus.JUDGING)
    entry = make_entry(round_, department)
    juror = make_juror(round_, bappeda=bappeda)
    criterion = round_.criteria.first()
    Score.objects.create(juror=juror, entry=entry, criterion=criterion, value=50)
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(juror=juror, entry=entry, criterion=criterion, value=60)


def test_the_database_refuses_a_score_joining_two_rounds(bappeda, department):
    round_ = make_round(status=RoundStatus.JUDGING)
    other = make_round(year=2025, status=RoundStatus.JUDGING)
    entry = make_entry(round_, department)
    juror = make_juror(other, bappeda=bappeda)
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(juror=juror, entry=entry, criterion=round_.criteria.first(), value=50)


# --- Scoring ------------------------------------------------------------------------------------------------------
def test_scores_are_1_to_100_and_given_only_while_judging(bappeda, department):
    round_ = make_round(status=RoundStatus.JUDGING)
    entry = make_entry(round_, department)
    juror = make_juror(round_, bappeda=bappeda)
    with pytest.raises(ValidationError):
        score_all(juror, entry, _v(0, 50, 50, 50, 50))
    with pytest.raises(ValidationError):
        score_all(juror, entry, {"unknown": 50})
    score_all(juror, entry, _v(50, 50, 50, 50, 50))
    Round.objects.filter(pk=round_.pk).update(status=RoundStatus.CLOSED)
    with pytest.raises(TransitionError):
        score_all(juror, entry, _v(60, 60, 60, 60, 60))


def test_only_the_juror_gives_their_scores(bappeda, department):
    round_ = make_round(status=RoundStatus.JUDGING)
    entry = make_entry(round_, department)
    juror = make_juror(round_, bappeda=bappeda)
    with pytest.raises(PermissionDenied):
        services.score_set(juror=juror, entry=entry, values={"kebaruan": (50, "")}, by=bappeda)


def test_a_juror_changes_their_scores_and_every_change_is_recorded(bappeda, department):
    round_ = make_round(status=RoundStatus.JUDGING)
    entry = make_entry(round_, department)
    juror = make_juror(round_, bappeda=bappeda)
    score_all(juror, entry, _v(50, 50, 50, 50, 50), comment="awal")
    score_all(juror, entry, _v(50, 80, 50, 50, 50), comment="awal")
    score = Score.objects.get(juror=juror, entry=entry, criterion__code="kemanfaatan")
    assert score.value == 80
    events = Score.pgh_event_model.objects.filter(pgh_obj_id=score.pk).order_by("pgh_id")
    assert [(e.pgh_label, e.value) for e in events] == [("insert", 50), ("update", 80)]
    assert Score.objects.filter(juror=juror, entry=entry).count() == 5


# --- Hidden scores ------------------------------------------------------------------------------------------------
def test_scores_stay_hidden_from_other_jurors_and_entrants_until_the_round_closes(bappeda, department):
    round_ = make_round(status=RoundStatus.JUDGING)
    entry = make_entry(round_, department)
    first, second = make_juror(round_, bappeda=bappeda), make_juror(round_, bappeda=bappeda)
    score_all(first, entry, _v(50, 50, 50, 50, 50))
    score_all(second, entry, _v(60, 60, 60, 60, 60))
    head = UserFactory(role=Role.DEPARTMENT_HEAD, department=department)
    assert {s.value for s in selectors.scores_for(first.user, round_)} == {50}
    assert {s.value for s in selectors.scores_for(second.user, round_)} == {60}
    assert not selectors.scores_for(head, round_).exists()
    assert not selectors.scores_for(bappeda, round_).exists()
    assert not selectors.results_visible(first.user, round_)
    Round.objects.filter(pk=round_.pk).update(status=RoundStatus.CLOSED)
    round_.refresh_from_db()
    assert selectors.scores_for(first.user, round_).count() == 10
    assert selectors.scores_for(head, round_).count() == 10  # the scores of its own entry
    assert selectors.scores_for(bappeda, round_).count() == 10
    other_head = UserFactory(role=Role.DEPARTMENT_HEAD, department=DepartmentFactory())
    assert not selectors.scores_for(other_head, round_).exists()


def test_an_external_juror_sees_only_the_rounds_assigned_to_them(bappeda):
    assigned, other = make_round(status=RoundStatus.JUDGING), make_round(year=2025, status=RoundStatus.JUDGING)
    juror = make_juror(assigned, bappeda=bappeda)
    assert list(selectors.rounds_for(juror.user)) == [assigned]
    assert other in selectors.rounds_for(bappeda)


def test_a_draft_round_is_seen_only_by_bappeda_and_the_admin(bappeda, department):
    draft = make_round()
    head = UserFactory(role=Role.DEPARTMENT_HEAD, department=department)
    assert draft not in selectors.rounds_for(head)
    assert draft in selectors.rounds_for(bappeda)


# --- The ranking of a hand-computed round -------------------------------------------------------------------------
def test_the_ranking_comes_out_as_the_rules_say(bappeda):
    """Weights 25/30/20/15/10. Two external jurors J1, J2 and an internal juror J3 of D's department.

    non_fisik:  J1                        J2                         mean    kemanfaatan
      A  80 90 70 60 50 → 75.00   70 80 80 70 60 → 74.00   74.50   85.00   (J3 scored one criterion: left out)
      B  60 100 80 70 70 → 78.50  52 80 70 80 75 → 70.50   74.50   90.00   → above A (kemanfaatan)
      C  as A                     as A                     74.50   85.00   → below A (entered later)
      D  90 ×5 → 90.00            80 ×5 → 80.00            85.00           (J3 may not score it)
    fisik:
      E  50 ×5 → 50.00            60 ×5 → 60.00,  J3 100 ×5 → 100.00: mean 70.00
    Ranking: non_fisik D 1, B 2, A 3, C 4; fisik E 1.
    """
    round_ = make_round(by=bappeda, status=RoundStatus.REGISTRATION)
    departments = {name: DepartmentFactory(short_name=name) for name in "ABCDE"}
    entries = {}
    for name in "ABCD":
        entries[name] = make_entry(round_, departments[name], name=f"Inovasi {name}")
    entries["E"] = make_entry(round_, departments["E"], category="fisik", name="Inovasi E")
    # Entry times in the order A, B, C, D, E (as made), one minute apart.
    for minute, name in enumerate("ABCDE"):
        Entry.objects.filter(pk=entries[name].pk).update(
            entered_at=datetime.datetime(2026, 4, 1, 8, minute, tzinfo=datetime.UTC)
        )
    j1, j2 = make_juror(round_, bappeda=bappeda), make_juror(round_, bappeda=bappeda)
    j3 = make_juror(round_, bappeda=bappeda, role=Role.DEPARTMENT_HEAD, department=departments["D"])
    round_ = services.round_advance(round_=round_, target=RoundStatus.JUDGING, by=bappeda)
    score_all(j1, entries["A"], _v(80, 90, 70, 60, 50))
    score_all(j2, entries["A"], _v(70, 80, 80, 70, 60))
    services.score_set(juror=j3, entry=entries["A"], values={"kebaruan": (100, "")}, by=j3.user)
    score_all(j1, entries["B"], _v(60, 100, 80, 70, 70))
    score_all(j2, entries["B"], _v(52, 80, 70, 80, 75))
    score_all(j1, entries["C"], _v(80, 90, 70, 60, 50))
    score_all(j2, entries["C"], _v(70, 80, 80, 70, 60))
    score_all(j1, entries["D"], _v(90, 90, 90, 90, 90))
    score_all(j2, entries["D"], _v(80, 80, 80, 80, 80))
    with pytest.raises(PermissionDenied):
        score_all(j3, entries["D"], _v(100, 100, 100, 100, 100))
    score_all(j1, entries["E"], _v(50, 50, 50, 50, 50))
    score_all(j2, entries["E"], _v(60, 60, 60, 60, 60))
    score_all(j3, entries["E"], _v(100, 100, 100, 100, 100))

    round_ = services.round_advance(round_=round_, target=RoundStatus.CLOSED, by=bappeda)
    got = {e.innovation.name[-1]: (e.category, e.rank, e.result, e.benefit_result) for e in round_.entries.all()}
    assert got == {
        "D": ("non_fisik", 1, Decimal("85.00"), Decimal("85.00")),
        "B": ("non_fisik", 2, Decimal("74.50"), Decimal("90.00")),
        "A": ("non_fisik", 3, Decimal("74.50"), Decimal("85.00")),
        "C": ("non_fisik", 4, Decimal("74.50"), Decimal("85.00")),
        "E": ("fisik", 1, Decimal("70.00"), Decimal("70.00")),
    }
    Round.objects.filter(pk=round_.pk).update(winners_per_category=2)
    round_.refresh_from_db()
    services.round_advance(round_=round_, target=RoundStatus.PUBLISHED, by=bappeda)
    recommended = set(Entry.objects.filter(recommended=True).values_list("innovation__name", flat=True))
    assert recommended == {"Inovasi D", "Inovasi B", "Inovasi E"}


def test_a_rejected_entry_is_not_ranked(bappeda, department, other_department):
    round_ = make_round(by=bappeda, status=RoundStatus.REGISTRATION)
    kept, rejected = make_entry(round_, department), make_entry(round_, other_department)
    juror = make_juror(round_, bappeda=bappeda)
    round_ = services.round_advance(round_=round_, target=RoundStatus.JUDGING, by=bappeda)
    score_all(juror, kept, _v(50, 50, 50, 50, 50))
    score_all(juror, rejected, _v(90, 90, 90, 90, 90))
    services.entry_reject(entry=rejected, reason="Tidak memenuhi syarat.", by=bappeda)
    services.round_advance(round_=round_, target=RoundStatus.CLOSED, by=bappeda)
    kept.refresh_from_db()
    rejected.refresh_from_db()
    assert (kept.rank, rejected.rank, rejected.result) == (1, None, None)
