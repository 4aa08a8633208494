"""The Perjanjian Kinerja workflow as DOMAIN.md §3 gives it, through the services every page and the API call."""

import datetime
import hashlib
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from apps.accounts.models import Role
from apps.agreements import services
from apps.agreements.models import Agreement, AgreementReview, AgreementStatus
from apps.departments.services import official_move
from apps.plans.models import (
    Goal,
    Indicator,
    IndicatorTarget,
    Mission,
    Objective,
    Program,
    ProgramBudget,
    Renstra,
    RenstraGoal,
    RpjmdPeriod,
    StrategicObjective,
)

from .factories import AssignmentFactory, RegionFactory, UserFactory

S = AgreementStatus


def indicator(**overrides):
    data = {
        "name": "Angka Partisipasi Murni SD",
        "unit": "%",
        "polarity": "positive",
        "aggregation": "last",
        "target": "95.5",
    }
    return {**data, **overrides}


def content(*indicators):
    return [{"name": "Meningkatnya akses pendidikan dasar", "indicators": list(indicators) or [indicator()]}]


@pytest.fixture
def people(db, department, other_department):
    RegionFactory()
    head = AssignmentFactory(department=department, start_date=datetime.date(2024, 1, 2))
    AssignmentFactory(department=other_department, start_date=datetime.date(2024, 1, 2))
    return {
        "official": head.official,
        "staff": UserFactory(role=Role.DEPARTMENT_STAFF, department=department),
        "head": UserFactory(role=Role.DEPARTMENT_HEAD, department=department),
        "other_head": UserFactory(role=Role.DEPARTMENT_HEAD, department=other_department),
        "mayor": UserFactory(role=Role.MAYOR_OFFICE),
        "bappeda": UserFactory(role=Role.BAPPEDA, department=None),
    }


@pytest.fixture
def draft(people, department):
    return services.agreement_create(
        department=department,
        year=2026,
        by=people["staff"],
        objectives=content(),
        programs=[{"code": "1.01.02", "name": "Program Pengelolaan Pendidikan", "budget": "1250000000"}],
    )


def signed_agreement(draft, people):
    services.agreement_submit(agreement=draft, by=people["head"])
    services.agreement_approve(agreement=draft, by=people["mayor"])
    return services.agreement_sign(agreement=draft, by=people["mayor"], signed_on=datetime.date(2026, 1, 31))


def test_staff_draft_the_head_submits_the_mayors_office_approves_and_signs(draft, people):
    assert draft.status == S.DRAFT
    assert (draft.period_start, draft.period_end) == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    agreement = signed_agreement(draft, people)
    assert agreement.status == S.SIGNED
    assert agreement.signed_on == datetime.date(2026, 1, 31)
    assert agreement.first_party_name == people["official"].name
    assert agreement.second_party_title == "Wali Kota"
    steps = list(AgreementReview.objects.filter(agreement=agreement).values_list("from_status", "to_status"))
    assert steps == [(S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.APPROVED), (S.APPROVED, S.SIGNED)]
    with agreement.signed_document.open("rb") as handle:  # the document of the day is kept, with its hash
        kept = handle.read()
    assert kept.startswith(b"%PDF") and hashlib.sha256(kept).hexdigest() == agreement.document_sha256


def test_a_returned_pk_carries_comments_per_item_and_is_editable_again(draft, people):
    services.agreement_submit(agreement=draft, by=people["head"])
    item = draft.indicators.get()
    services.agreement_return(
        agreement=draft,
        by=people["mayor"],
        comment="",
        item_comments=[{"item": "indicator", "id": item.pk, "comment": "Target terlalu rendah"}],
    )
    assert draft.status == S.RETURNED
    assert draft.reviews.last().item_comments == [
        {"item": "indicator", "id": item.pk, "comment": "Target terlalu rendah"}
    ]
    services.agreement_update(
        agreement=draft, by=people["staff"], objectives=content(indicator(target="97")), programs=[]
    )
    assert draft.indicators.get().target == Decimal("97")
    assert services.agreement_submit(agreement=draft, by=people["head"]).status == S.SUBMITTED


def test_a_return_without_any_comment_is_refused(draft, people):
    services.agreement_submit(agreement=draft, by=people["head"])
    with pytest.raises(ValidationError):
        services.agreement_return(agreement=draft, by=people["mayor"], comment="  ")


@pytest.mark.parametrize(
    ("step", "by"),
    [("approve", "mayor"), ("sign", "mayor")],
)
def test_steps_out_of_order_are_refused_with_a_clear_error(draft, people, step, by):
    with pytest.raises(services.TransitionError, match=r"[Dd]raf"):
        if step == "approve":
            services.agreement_approve(agreement=draft, by=people[by])
        else:
            services.agreement_sign(agreement=draft, by=people[by], signed_on=datetime.date(2026, 1, 31))
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


@pytest.mark.parametrize(
    ("action", "who"),
    [("submit", "staff"), ("submit", "mayor"), ("submit", "other_head"), ("approve", "head"), ("approve", "bappeda")],
)
def test_only_the_right_role_of_the_right_department_may_act(draft, people, action, who):
    if action == "approve":
        services.agreement_submit(agreement=draft, by=people["head"])
    with pytest.raises(PermissionDenied):
        getattr(services, f"agreement_{action}")(agreement=draft, by=people[who])


def test_a_stale_edit_is_refused_and_overwrites_nothing(draft, people):
    seen = draft.row_version
    services.agreement_update(
        agreement=draft, by=people["staff"], objectives=content(indicator(target="96")), programs=[], row_version=seen
    )
    with pytest.raises(services.ConflictError):
        services.agreement_update(
            agreement=draft,
            by=people["head"],
            objectives=content(indicator(target="80")),
            programs=[],
            row_version=seen,
        )
    assert draft.indicators.get().target == Decimal("96")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"aggregation": "sum", "target": "100", "quarterly_targets": ["30", "20", "70", "100"]}, "quarterly_targets"),
        ({"target": "100", "quarterly_targets": ["25", "50", "75", "90"]}, "quarterly_targets"),
        ({"polarity": "stabilize", "target": "3"}, "target"),
        ({"target": None, "target_low": "8", "target_high": "7"}, "target_high"),
        ({"target": "5", "target_low": "2", "target_high": "4"}, "target"),
    ],
)
def test_bad_targets_are_explained_per_field(people, department, overrides, field):
    with pytest.raises(ValidationError) as info:
        services.agreement_create(
            department=department, year=2026, by=people["staff"], objectives=content(indicator(**overrides))
        )
    assert f"objectives[0].indicators[0].{field}" in info.value.message_dict
    assert not Agreement.objects.exists()


def test_cumulative_quarterly_targets_of_a_sum_that_rise_to_the_annual_target_are_accepted(people, department):
    agreement = services.agreement_create(
        department=department,
        year=2026,
        by=people["staff"],
        objectives=content(indicator(aggregation="sum", target="100", quarterly_targets=["20", "45", "70", "100"])),
    )
    assert agreement.indicators.get().quarterly_targets == [Decimal(v) for v in ("20", "45", "70", "100")]


def test_one_pk_per_head_and_year(draft, people, department):
    with pytest.raises(ValidationError, match=str(2026)):
        services.agreement_create(department=department, year=2026, by=people["staff"], objectives=content())


def test_a_head_appointed_mid_year_gets_a_pk_from_the_assignment_date(people, department, other_department):
    newcomer = AssignmentFactory(department=other_department, start_date=datetime.date(2020, 1, 1), kind="plt").official
    official_move(
        official=newcomer,
        to_department=department,
        start_date=datetime.date(2026, 7, 1),
        sk_number="x",
        sk_date=datetime.date(2026, 6, 28),
        kind="plt",
    )
    agreement = services.agreement_create(
        department=department, year=2026, by=people["staff"], objectives=content(), official=newcomer
    )
    assert agreement.period_start == datetime.date(2026, 7, 1)


def test_an_amendment_is_version_two_with_its_own_workflow_and_the_signed_version_stays(draft, people):
    signed = signed_agreement(draft, people)
    with pytest.raises(ValidationError):
        services.agreement_amend(agreement=signed, by=people["head"], reason="because")
    amendment = services.agreement_amend(
        agreement=signed, by=people["head"], reason="program_change", note="APBD Perubahan"
    )
    assert (amendment.version, amendment.status, amendment.previous_id) == (2, S.DRAFT, signed.pk)
    assert amendment.indicators.count() == signed.indicators.count()
    with pytest.raises(services.TransitionError):
        services.agreement_amend(agreement=signed, by=people["head"], reason="program_change")
    services.agreement_update(
        agreement=amendment,
        by=people["staff"],
        objectives=content(indicator(target="97")),
        programs=[{"code": "1.01.02", "name": "Program Pengelolaan Pendidikan", "budget": "1300000000"}],
    )
    changes = services.agreement_diff(signed, amendment)
    assert {c["kind"] for c in changes} == {"indicator", "program"}
    assert changes[0]["fields"]["target"] == (Decimal("95.5"), Decimal("97"))
    signed.refresh_from_db()
    assert signed.status == S.SIGNED


def test_a_draft_from_the_renstra_takes_the_years_targets_and_budgets(people, department):
    period = RpjmdPeriod.objects.create(start_year=2025, end_year=2029, vision="Banjarbaru maju")
    rpjmd_objective = Objective.objects.create(
        goal=Goal.objects.create(
            mission=Mission.objects.create(period=period, number=1, text="Misi"), code="T1", text="Tujuan"
        ),
        code="S1",
        text="Sasaran RPJMD",
    )
    renstra = Renstra.objects.create(department=department, period=period)
    objective = StrategicObjective.objects.create(
        goal=RenstraGoal.objects.create(renstra=renstra, code="T1", text="Tujuan PD"),
        code="SS1",
        text="Meningkatnya akses pendidikan",
        rpjmd_objective=rpjmd_objective,
    )
    apm = Indicator.objects.create(objective=objective, name="APM SD", unit="%", is_iku=True)
    IndicatorTarget.objects.create(indicator=apm, year=2026, value=Decimal("96.5"))
    IndicatorTarget.objects.create(indicator=apm, year=2027, value=Decimal("97"))
    program = Program.objects.create(renstra=renstra, code="1.01.02", name="Program Pengelolaan Pendidikan")
    ProgramBudget.objects.create(program=program, year=2026, amount=Decimal("1500000000"))
    agreement = services.agreement_draft_from_renstra(department=department, year=2026, by=people["staff"])
    row = agreement.indicators.get()
    assert (row.name, row.target, row.plan_indicator_id, row.is_iku) == ("APM SD", Decimal("96.5"), apm.pk, True)
    assert agreement.programs.get().budget == Decimal("1500000000")
    assert agreement.renstra == renstra


@pytest.mark.django_db(transaction=True)
def test_two_people_approving_at_once_move_it_once(department, other_department):
    RegionFactory()
    AssignmentFactory(department=department, start_date=datetime.date(2024, 1, 2))
    staff = UserFactory(role=Role.DEPARTMENT_STAFF, department=department)
    head = UserFactory(role=Role.DEPARTMENT_HEAD, department=department)
    mayors = [UserFactory(role=Role.MAYOR_OFFICE) for _ in range(4)]
    agreement = services.agreement_create(department=department, year=2026, by=staff, objectives=content())
    services.agreement_submit(agreement=agreement, by=head)
    outcomes = []

    def approve(user):
        try:
            services.agreement_approve(agreement=Agreement.objects.get(pk=agreement.pk), by=user)
            outcomes.append("approved")
        except services.TransitionError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(user,)) for user in mayors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "refused", "refused", "refused"]
    assert AgreementReview.objects.filter(agreement=agreement, to_status=S.APPROVED).count() == 1
