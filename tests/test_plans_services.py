"""The rules of the plan cascade (DOMAIN.md §2), enforced by apps.plans.services."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps.accounts.models import Role
from apps.plans import selectors, services
from apps.plans.models import Activity, IndicatorTarget, Polarity, Program, StrategicObjective, SubActivity

from .factories_plans import (
    IndicatorFactory,
    IndicatorTargetFactory,
    ObjectiveFactory,
    ObjectiveIndicatorFactory,
    ProgramFactory,
    RenstraFactory,
    RenstraGoalFactory,
    RpjmdPeriodFactory,
    StrategicObjectiveFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


@pytest.fixture
def bappeda(make_user):
    return make_user(Role.BAPPEDA)


@pytest.fixture
def head(make_user):
    return make_user(Role.DEPARTMENT_HEAD)


def messages_of(excinfo) -> list[str]:
    return excinfo.value.messages


# --- Targets ------------------------------------------------------------------------------------------------------
def test_a_target_is_one_value_or_a_band(head, department):
    indicator = IndicatorFactory(objective__goal__renstra__department=department)
    one = services.indicator_target_set(indicator=indicator, year=2026, value=Decimal("90"), by=head)
    band = services.indicator_target_set(indicator=indicator, year=2027, low=Decimal("2"), high=Decimal("4"), by=head)
    assert (one.value, one.is_band) == (Decimal("90"), False)
    assert (band.low, band.high, band.is_band) == (Decimal("2"), Decimal("4"), True)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"value": Decimal("3"), "low": Decimal("2"), "high": Decimal("4")}, "not both"),
        ({}, "Give a target value or a band"),
        ({"low": Decimal("2")}, "A band needs both ends"),
        ({"low": Decimal("5"), "high": Decimal("4")}, "cannot be below its start"),
    ],
)
def test_a_target_with_both_neither_half_or_an_upside_down_band_is_refused(head, department, values, message):
    indicator = IndicatorFactory(objective__goal__renstra__department=department)
    with pytest.raises(ValidationError) as excinfo:
        services.indicator_target_set(indicator=indicator, year=2026, by=head, **values)
    assert any(message in text for text in messages_of(excinfo))
    assert not IndicatorTarget.objects.exists()


def test_a_stabilize_indicator_needs_a_band(head, department):
    indicator = IndicatorFactory(objective__goal__renstra__department=department, polarity=Polarity.STABILIZE)
    with pytest.raises(ValidationError) as excinfo:
        services.indicator_target_set(indicator=indicator, year=2026, value=Decimal("3"), by=head)
    assert "A stabilize indicator is best inside a band" in messages_of(excinfo)[0]
    services.indicator_target_set(indicator=indicator, year=2026, low=Decimal("2"), high=Decimal("4"), by=head)


def test_an_indicator_with_single_value_targets_cannot_become_stabilize(head, department):
    target = IndicatorTargetFactory(indicator__objective__goal__renstra__department=department)
    indicator = target.indicator
    indicator.polarity = Polarity.STABILIZE
    with pytest.raises(ValidationError) as excinfo:
        services.renstra_item_save(item=indicator, by=head)
    assert "polarity" in excinfo.value.message_dict


def test_a_target_year_outside_the_rpjmd_period_is_refused(head, department, make_user):
    indicator = IndicatorFactory(objective__goal__renstra__department=department)
    with pytest.raises(ValidationError) as excinfo:
        services.indicator_target_set(indicator=indicator, year=2030, value=Decimal("90"), by=head)
    assert excinfo.value.message_dict["year"] == ["The year must lie inside the RPJMD period 2025–2029."]
    rpjmd_indicator = ObjectiveIndicatorFactory()
    with pytest.raises(ValidationError, match="2025–2029"):
        services.objective_target_set(
            indicator=rpjmd_indicator, year=2024, value=Decimal("1"), by=make_user(Role.BAPPEDA)
        )


def test_the_target_form_shows_the_band_rule_in_bahasa_friendly_words(login, users, department):
    indicator = IndicatorFactory(objective__goal__renstra__department=department, polarity=Polarity.STABILIZE)
    response = login(users[Role.DEPARTMENT_STAFF]).post(
        reverse("plans:renstra_item_create", kwargs={"kind": "target", "parent": indicator.pk}),
        {"year": 2026, "value": "3", "low": "", "high": ""},
    )
    assert response.status_code == 200
    assert "A stabilize indicator is best inside a band" in response.content.decode()
    response = login(users[Role.DEPARTMENT_STAFF]).post(
        reverse("plans:renstra_item_create", kwargs={"kind": "target", "parent": indicator.pk}),
        {"year": 2026, "value": "", "low": "2,5", "high": "3,5"},
    )
    assert response.status_code == 302
    assert IndicatorTarget.objects.get().low == Decimal("2.5")


# --- Codes --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("1.1.02", "A program code has the form U.BB.PP, for example 1.02.02."),
        ("1.01.2", "A program code has the form U.BB.PP, for example 1.02.02."),
        ("1.01.02.2", "A program code has the form U.BB.PP, for example 1.02.02."),
    ],
)
def test_a_program_with_a_bad_code_is_refused_with_the_models_message(head, department, code, message):
    renstra = RenstraFactory(department=department)
    with pytest.raises(ValidationError) as excinfo:
        services.program_create(renstra=renstra, code=code, name="Program Pengelolaan Pendidikan", by=head)
    assert excinfo.value.message_dict["code"] == [message]
    assert not Program.objects.exists()


def test_kegiatan_and_sub_kegiatan_codes_are_validated(head, department):
    program = ProgramFactory(renstra__department=department, code="1.01.02")
    with pytest.raises(ValidationError) as excinfo:
        services.activity_create(program=program, code="1.01.02.3.01", name="Kegiatan", by=head)
    assert "A kegiatan code has the form U.BB.PP.L.KK" in excinfo.value.message_dict["code"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.activity_create(program=program, code="1.01.03.2.01", name="Kegiatan", by=head)
    assert excinfo.value.message_dict["code"] == ["A kegiatan code starts with the code of its parent, 1.01.02."]
    activity = services.activity_create(
        program=program, code="1.01.02.2.01", name="Pengelolaan Pendidikan Sekolah Dasar", by=head
    )
    with pytest.raises(ValidationError) as excinfo:
        services.sub_activity_create(activity=activity, code="1.01.02.2.01.001", name="Sub", by=head)
    assert "A sub kegiatan code has the form U.BB.PP.L.KK.SSSS" in excinfo.value.message_dict["code"][0]
    services.sub_activity_create(activity=activity, code="1.01.02.2.01.0001", name="Pembangunan USB", by=head)
    assert (Activity.objects.count(), SubActivity.objects.count()) == (1, 1)


# --- Links --------------------------------------------------------------------------------------------------------
def test_a_sasaran_strategis_must_serve_an_rpjmd_sasaran_of_its_own_period(head, department):
    goal = RenstraGoalFactory(renstra__department=department)
    later = RpjmdPeriodFactory(start_year=2030)
    other_period_objective = ObjectiveFactory(goal__mission__period=later)
    with pytest.raises(ValidationError) as excinfo:
        services.strategic_objective_create(
            goal=goal, code="SS1", text="Meningkatnya mutu", rpjmd_objective=other_period_objective, by=head
        )
    assert excinfo.value.message_dict["rpjmd_objective"] == [
        "The RPJMD sasaran must belong to the same RPJMD period as this Renstra."
    ]
    same_period = ObjectiveFactory(goal__mission__period=goal.renstra.period)
    services.strategic_objective_create(
        goal=goal, code="SS1", text="Meningkatnya mutu", rpjmd_objective=same_period, by=head
    )
    assert StrategicObjective.objects.get().rpjmd_objective == same_period


def test_an_rpjmd_sasaran_a_renstra_serves_cannot_be_deleted(make_user):
    objective = StrategicObjectiveFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.rpjmd_item_delete(item=objective.rpjmd_objective, by=make_user(Role.BAPPEDA))
    assert "cannot be deleted: it is still used by Sasaran strategis" in messages_of(excinfo)[0]


def test_an_indicator_a_pk_uses_cannot_be_deleted(department, make_user):
    from apps.agreements.services import agreement_draft_from_renstra

    from .factories import AssignmentFactory

    AssignmentFactory(department=department)
    target = IndicatorTargetFactory(indicator__objective__goal__renstra__department=department, year=2026)
    staff = make_user(Role.DEPARTMENT_STAFF)
    agreement_draft_from_renstra(department=department, year=2026, by=staff)
    with pytest.raises(ValidationError) as excinfo:
        services.renstra_item_delete(item=target.indicator, by=staff)
    assert "Indicator cannot be deleted: it is still used by" in messages_of(excinfo)[0]
    assert IndicatorTarget.objects.filter(pk=target.pk).exists()


# --- Permissions in the services ------------------------------------------------------------------------------------
def test_the_services_refuse_a_head_of_another_department(head, other_department):
    renstra = RenstraFactory(department=other_department)
    with pytest.raises(PermissionDenied):
        services.renstra_goal_create(renstra=renstra, code="T1", text="Tujuan", by=head)


def test_the_services_refuse_a_locked_renstra_even_for_bappeda(bappeda):
    renstra = services.renstra_lock(renstra=RenstraFactory(), by=bappeda)
    with pytest.raises(ValidationError, match="locked by Bappeda"):
        services.renstra_goal_create(renstra=renstra, code="T1", text="Tujuan", by=bappeda)
    services.renstra_unlock(renstra=renstra, by=bappeda)
    services.renstra_goal_create(renstra=renstra, code="T1", text="Tujuan", by=bappeda)


def test_only_bappeda_locks(head, department):
    with pytest.raises(PermissionDenied):
        services.renstra_lock(renstra=RenstraFactory(department=department), by=head)


def test_the_current_period_covers_the_year():
    period = RpjmdPeriodFactory()
    assert selectors.current_period(2027) == period
    assert selectors.current_period(2031) is None
