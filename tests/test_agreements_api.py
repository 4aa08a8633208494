"""The Perjanjian Kinerja over /api/v1/agreements/: the same workflow, scoping and refusals as the services."""

import datetime
import importlib.util
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from apps.accounts.models import Role
from apps.agreements.api import agreement_deadline
from apps.agreements.models import Agreement, AgreementStatus
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

from .factories import AssignmentFactory, DepartmentFactory, RegionFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

S = AgreementStatus
URL = "/api/v1/agreements/"
YEAR = 2026
SIGNED_ON = "2026-01-31"


def indicator(**overrides):
    data = {
        "name": "Angka Partisipasi Murni SD",
        "unit": "%",
        "polarity": "positive",
        "aggregation": "last",
        "target": "95.5",
    }
    return {**data, **overrides}


def payload(department, *indicators, **extra):
    return {
        "department": department.pk,
        "year": YEAR,
        "objectives": [
            {"name": "Meningkatnya akses pendidikan dasar", "indicators": list(indicators) or [indicator()]}
        ],
        "programs": [{"code": "1.01.02", "name": "Program Pengelolaan Pendidikan", "budget": "1250000000"}],
        **extra,
    }


def renstra_objective(department):
    """A Renstra of the department for 2025–2029 with one sasaran strategis (under an RPJMD sasaran)."""
    period = RpjmdPeriod.objects.create(start_year=2025, end_year=2029, vision="Banjarbaru maju")
    mission = Mission.objects.create(period=period, number=1, text="Misi")
    rpjmd_objective = Objective.objects.create(
        goal=Goal.objects.create(mission=mission, code="T1", text="Tujuan"), code="S1", text="Sasaran RPJMD"
    )
    renstra = Renstra.objects.create(department=department, period=period)
    return StrategicObjective.objects.create(
        goal=RenstraGoal.objects.create(renstra=renstra, code="T1", text="Tujuan PD"),
        code="SS1",
        text="Meningkatnya akses pendidikan",
        rpjmd_objective=rpjmd_objective,
    )


@pytest.fixture
def people(db, department, other_department):
    RegionFactory()
    head = AssignmentFactory(department=department, start_date=datetime.date(2024, 1, 2))
    other = AssignmentFactory(department=other_department, start_date=datetime.date(2024, 1, 2))
    return {
        "official": head.official,
        "other_official": other.official,
        "staff": UserFactory(role=Role.DEPARTMENT_STAFF, department=department),
        "head": UserFactory(role=Role.DEPARTMENT_HEAD, department=department),
        "other_staff": UserFactory(role=Role.DEPARTMENT_STAFF, department=other_department),
        "other_head": UserFactory(role=Role.DEPARTMENT_HEAD, department=other_department),
        "mayor": UserFactory(role=Role.MAYOR_OFFICE),
        "bappeda": UserFactory(role=Role.BAPPEDA, department=None),
        "inspectorate": UserFactory(role=Role.INSPECTORATE),
        "admin": UserFactory(role=Role.ADMIN),
    }


@pytest.fixture
def as_(people):
    """as_("staff") → an API client signed in as that person."""

    def client(who):
        api = APIClient()
        api.force_authenticate(people[who])
        return api

    return client


@pytest.fixture
def draft(as_, department):
    response = as_("staff").post(URL, payload(department), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def act(api, agreement_id, step, body=None):
    return api.post(f"{URL}{agreement_id}/{step}/", body or {}, format="json")


def signed(as_, draft):
    assert act(as_("head"), draft["id"], "submit").status_code == 200
    assert act(as_("mayor"), draft["id"], "approve").status_code == 200
    response = act(as_("mayor"), draft["id"], "sign", {"signed_on": SIGNED_ON})
    assert response.status_code == 200, response.json()
    return response.json()


# --- The journey ----------------------------------------------------------------------------------------------
def test_the_whole_journey_from_draft_to_signed_amendment_through_the_api(as_, draft, people):
    pk = draft["id"]
    assert (draft["status"], draft["version"], draft["official"]) == (S.DRAFT, 1, people["official"].pk)

    assert act(as_("head"), pk, "submit").json()["status"] == S.SUBMITTED
    indicator_id = draft["objectives"][0]["indicators"][0]["id"]
    returned = act(
        as_("mayor"),
        pk,
        "return",
        {"comment": "", "item_comments": [{"item": "indicator", "id": indicator_id, "comment": "Terlalu rendah"}]},
    ).json()
    assert returned["status"] == S.RETURNED
    assert returned["reviews"][-1]["item_comments"] == [
        {"item": "indicator", "id": indicator_id, "comment": "Terlalu rendah"}
    ]

    edited = as_("staff").patch(
        f"{URL}{pk}/",
        {"objectives": [{"name": "Meningkatnya akses pendidikan dasar", "indicators": [indicator(target="97")]}]},
        format="json",
    )
    assert edited.status_code == 200, edited.json()
    assert edited.json()["objectives"][0]["indicators"][0]["target"] == "97"
    assert edited.json()["programs"][0]["budget"] == "1250000000"  # a PATCH without programs keeps them

    assert act(as_("head"), pk, "submit").json()["status"] == S.SUBMITTED
    assert act(as_("mayor"), pk, "approve").json()["status"] == S.APPROVED
    signed_pk = act(as_("mayor"), pk, "sign", {"signed_on": SIGNED_ON}).json()
    assert (signed_pk["status"], signed_pk["signed_on"]) == (S.SIGNED, SIGNED_ON)

    before = Agreement.objects.get(pk=pk)
    change = {"objectives": [{"name": "Lain", "indicators": [indicator(target="99")]}]}
    assert as_("staff").patch(f"{URL}{pk}/", change, format="json").status_code == 409
    assert as_("mayor").patch(f"{URL}{pk}/", change, format="json").status_code == 403
    after = Agreement.objects.get(pk=pk)
    assert (after.row_version, after.updated_at, after.indicators.get().target) == (
        before.row_version,
        before.updated_at,
        Decimal("97"),
    )

    amended = act(as_("head"), pk, "amend", {"reason": "priority_change", "note": "Refocusing anggaran"})
    assert amended.status_code == 201, amended.json()
    v2 = amended.json()
    assert (v2["version"], v2["status"], v2["previous"], v2["amendment_reason"]) == (2, S.DRAFT, pk, "priority_change")

    response = as_("staff").put(
        f"{URL}{v2['id']}/",
        {
            "objectives": [{"name": "Meningkatnya akses pendidikan dasar", "indicators": [indicator(target="98.25")]}],
            "programs": [{"code": "1.01.02", "name": "Program Pengelolaan Pendidikan", "budget": "1100000000"}],
            "row_version": v2["row_version"],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    diff = as_("bappeda").get(f"{URL}{v2['id']}/diff/", {"with": pk})
    assert diff.status_code == 200, diff.json()
    body = diff.json()
    assert (body["old"], body["new"]) == (pk, v2["id"])
    changes = {(c["kind"], c["change"]): c["fields"] for c in body["changes"]}
    assert changes[("indicator", "changed")]["target"] == {"old": "97", "new": "98.25"}
    assert changes[("program", "changed")]["budget"] == {"old": "1250000000", "new": "1100000000"}
    assert as_("bappeda").get(f"{URL}{pk}/").json()["status"] == S.SIGNED  # the old version stays readable


def test_a_draft_from_the_renstra_takes_the_years_targets_and_budget(as_, people, department):
    objective = renstra_objective(department)
    renstra = objective.goal.renstra
    apm = Indicator.objects.create(objective=objective, name="APM SD", unit="%", is_iku=True)
    IndicatorTarget.objects.create(indicator=apm, year=YEAR, value=Decimal("96.5"))
    other = Indicator.objects.create(objective=objective, name="APK SD", unit="%")
    IndicatorTarget.objects.create(indicator=other, year=YEAR, value=Decimal("101"))
    program = Program.objects.create(renstra=renstra, code="1.01.02", name="Program Pengelolaan Pendidikan")
    ProgramBudget.objects.create(program=program, year=YEAR, amount=Decimal("1500000000"))

    response = as_("staff").post(
        f"{URL}from-renstra/",
        {"department": department.pk, "year": YEAR, "objectives": [objective.pk], "indicators": [apm.pk]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["objectives"][0]["plan_objective"] == objective.pk
    row = body["objectives"][0]["indicators"]
    assert [(i["name"], i["target"], i["plan_indicator"]) for i in row] == [("APM SD", "96.5", apm.pk)]
    assert body["programs"][0]["budget"] == "1500000000"
    assert body["programs"][0]["program"] == program.pk


def test_a_draft_from_the_renstra_without_a_renstra_is_a_400(as_, people, department):
    response = as_("staff").post(f"{URL}from-renstra/", {"department": department.pk, "year": YEAR}, format="json")
    assert response.status_code == 400
    assert "year" in response.json()


# --- Refusals -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("steps", "step", "who", "body"),
    [
        ([], "approve", "mayor", {}),
        ([], "return", "mayor", {"comment": "Perbaiki"}),
        ([], "sign", "mayor", {"signed_on": SIGNED_ON}),
        ([], "amend", "head", {"reason": "official_change"}),
        (["submit"], "submit", "head", {}),
        (["submit"], "sign", "mayor", {"signed_on": SIGNED_ON}),
        (["submit", "approve"], "approve", "mayor", {}),
        (["submit", "approve"], "submit", "head", {}),
        (["submit", "approve"], "return", "mayor", {"comment": "Perbaiki"}),
    ],
)
def test_each_illegal_transition_is_a_409_with_a_clear_message(as_, draft, steps, step, who, body):
    for done in steps:
        assert act(as_("head" if done == "submit" else "mayor"), draft["id"], done).status_code == 200
    status_before = Agreement.objects.get(pk=draft["id"]).status
    response = act(as_(who), draft["id"], step, body)
    assert response.status_code == 409, response.json()
    assert "PK" in response.json()["detail"]
    assert Agreement.objects.get(pk=draft["id"]).status == status_before


def test_signing_twice_and_amending_an_amended_version_are_409(as_, draft):
    signed(as_, draft)
    assert act(as_("mayor"), draft["id"], "sign", {"signed_on": SIGNED_ON}).status_code == 409
    assert act(as_("head"), draft["id"], "amend", {"reason": "program_change"}).status_code == 201
    assert act(as_("head"), draft["id"], "amend", {"reason": "program_change"}).status_code == 409


@pytest.mark.parametrize(
    ("steps", "step", "who", "body"),
    [
        ([], "submit", "staff", {}),
        ([], "submit", "mayor", {}),
        ([], "submit", "bappeda", {}),
        (["submit"], "approve", "head", {}),
        (["submit"], "approve", "bappeda", {}),
        (["submit"], "approve", "inspectorate", {}),
        (["submit"], "approve", "admin", {}),
        (["submit"], "return", "staff", {"comment": "x"}),
        (["submit", "approve"], "sign", "head", {"signed_on": SIGNED_ON}),
        (["submit", "approve", "sign"], "amend", "staff", {"reason": "official_change"}),
        (["submit", "approve", "sign"], "amend", "bappeda", {"reason": "official_change"}),
    ],
)
def test_each_role_that_may_not_act_gets_403(as_, draft, steps, step, who, body):
    bodies = {"sign": {"signed_on": SIGNED_ON}}
    for done in steps:
        actor = "head" if done == "submit" else "mayor"
        assert act(as_(actor), draft["id"], done, bodies.get(done)).status_code == 200
    status_before = Agreement.objects.get(pk=draft["id"]).status
    assert act(as_(who), draft["id"], step, body).status_code == 403
    assert Agreement.objects.get(pk=draft["id"]).status == status_before


@pytest.mark.parametrize("who", ["mayor", "bappeda", "inspectorate", "admin", "head"])
def test_only_department_staff_and_head_draft_and_edit(as_, department, people, who):
    response = as_(who).post(URL, payload(department), format="json")
    assert response.status_code == (201 if who == "head" else 403)


def test_drafting_for_another_department_is_refused(as_, people, other_department):
    assert as_("staff").post(URL, payload(other_department), format="json").status_code == 403
    assert not Agreement.objects.exists()


@pytest.mark.parametrize("who", ["other_staff", "other_head"])
def test_another_departments_pk_is_404_to_read_edit_and_act_on(as_, draft, who):
    api = as_(who)
    pk = draft["id"]
    assert api.get(f"{URL}{pk}/").status_code == 404
    assert api.patch(f"{URL}{pk}/", {"objectives": []}, format="json").status_code == 404
    assert act(api, pk, "submit").status_code == 404
    assert api.get(f"{URL}{pk}/diff/", {"with": pk}).status_code == 404
    assert api.get(URL).json()["count"] == 0


@pytest.mark.parametrize("who", ["bappeda", "inspectorate", "admin", "mayor"])
def test_bappeda_the_inspectorate_the_admin_and_the_mayors_office_read_all(as_, draft, who):
    assert as_(who).get(f"{URL}{draft['id']}/").status_code == 200
    assert as_(who).get(URL).json()["count"] == 1


def test_an_edit_over_someone_elses_newer_save_is_409_and_overwrites_nothing(as_, draft):
    seen = draft["row_version"]
    first = {"objectives": [{"name": "A", "indicators": [indicator(target="96")]}], "row_version": seen}
    assert as_("staff").patch(f"{URL}{draft['id']}/", first, format="json").status_code == 200
    second = {"objectives": [{"name": "B", "indicators": [indicator(target="50")]}], "row_version": seen}
    response = as_("head").patch(f"{URL}{draft['id']}/", second, format="json")
    assert response.status_code == 409
    assert "detail" in response.json()
    assert Agreement.objects.get(pk=draft["id"]).indicators.get().target == Decimal("96")


def test_a_return_without_any_comment_is_a_400(as_, draft):
    act(as_("head"), draft["id"], "submit")
    response = act(as_("mayor"), draft["id"], "return", {"comment": " ", "item_comments": []})
    assert response.status_code == 400
    assert "comment" in response.json()


def test_an_amendment_needs_one_of_the_three_reasons(as_, draft):
    signed(as_, draft)
    response = act(as_("mayor"), draft["id"], "amend", {"reason": "bored"})
    assert response.status_code == 400
    assert "reason" in response.json()


def test_a_signing_date_in_the_future_is_a_400(as_, draft):
    act(as_("head"), draft["id"], "submit")
    act(as_("mayor"), draft["id"], "approve")
    response = act(as_("mayor"), draft["id"], "sign", {"signed_on": "2099-01-01"})
    assert response.status_code == 400
    assert "signed_on" in response.json()


# --- Data -------------------------------------------------------------------------------------------------------
def test_decimals_travel_as_strings_with_a_dot_both_ways(as_, department, people):
    body = payload(
        department,
        indicator(target="92.5", quarterly_targets=["20", "45.25", "70", "92.5"], weight="12.5"),
        indicator(name="Inflasi", polarity="stabilize", target=None, target_low="2", target_high="4.5"),
    )
    response = as_("staff").post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    first, second = response.json()["objectives"][0]["indicators"]
    assert (first["target"], first["quarterly_targets"], first["weight"]) == (
        "92.5",
        ["20", "45.25", "70", "92.5"],
        "12.5",
    )
    assert (second["target"], second["target_low"], second["target_high"]) == (None, "2", "4.5")
    assert Agreement.objects.get().indicators.get(name="Inflasi").target_high == Decimal("4.5")


def test_a_decimal_comma_is_refused_the_api_uses_a_dot(as_, department, people):
    response = as_("staff").post(URL, payload(department, indicator(target="92,5")), format="json")
    assert response.status_code == 400
    assert "objectives" in response.json()


@pytest.mark.parametrize(
    ("quarters", "aggregation", "message"),
    [
        (["30", "20", "60", "95.5"], "sum", "never decrease"),
        (["20", "40", "60", "90"], "last", "fourth quarter"),
        (["20", "40", "95.5"], "last", "all four"),
    ],
)
def test_bad_quarterly_targets_are_a_400_naming_the_indicator(as_, department, people, quarters, aggregation, message):
    body = payload(department, indicator(), indicator(quarterly_targets=quarters, aggregation=aggregation))
    response = as_("staff").post(URL, body, format="json")
    assert response.status_code == 400
    errors = response.json()["objectives[0].indicators[1].quarterly_targets"]
    assert any(message in error for error in errors)
    assert not Agreement.objects.exists()


def test_a_draft_without_sasaran_is_a_400(as_, department, people):
    response = as_("staff").post(URL, {**payload(department), "objectives": []}, format="json")
    assert response.status_code == 400
    assert "objectives" in response.json()


def test_a_target_that_differs_from_the_renstra_needs_a_reason(as_, department, people):
    apm = Indicator.objects.create(objective=renstra_objective(department), name="APM SD", unit="%")
    IndicatorTarget.objects.create(indicator=apm, year=YEAR, value=Decimal("96.5"))
    body = payload(department, indicator(plan_indicator=apm.pk, target="90"))
    response = as_("staff").post(URL, body, format="json")
    assert response.status_code == 400
    assert "objectives[0].indicators[0].target_change_reason" in response.json()


# --- The contract -------------------------------------------------------------------------------------------------
def test_the_detail_answers_with_the_contracts_field_names(as_, draft):
    body = as_("staff").get(f"{URL}{draft['id']}/").json()
    contract = {"id", "department", "official", "year", "version", "status", "period_start", "deadline", "objectives"}
    assert contract <= set(body)
    assert {"programs", "previous", "amendment_reason", "signed_on", "reviews", "row_version"} <= set(body)
    objective = body["objectives"][0]
    assert {"id", "name", "plan_objective", "indicators"} <= set(objective)
    assert {
        "id",
        "name",
        "unit",
        "polarity",
        "target",
        "target_low",
        "target_high",
        "aggregation",
        "quarterly_targets",
        "weight",
    } <= set(objective["indicators"][0])
    assert {"id", "code", "name", "budget", "program"} <= set(body["programs"][0])
    assert body["deadline"] == "2026-02-28"
    assert body["objectives"][0]["indicators"][0]["quarterly_targets"] is None


def test_the_deadline_is_one_month_after_the_dpa_date():
    assert agreement_deadline(2026) == datetime.date(2026, 2, 28)
    assert agreement_deadline(2028) == datetime.date(2028, 2, 29)


def test_the_list_filters_by_year_department_and_status(as_, draft, people, other_department):
    other = as_("other_staff").post(URL, payload(other_department), format="json").json()
    act(as_("other_head"), other["id"], "submit")
    api = as_("bappeda")
    assert api.get(URL).json()["count"] == 2
    assert [a["id"] for a in api.get(URL, {"status": "submitted"}).json()["results"]] == [other["id"]]
    assert [a["id"] for a in api.get(URL, {"department": draft["department"]}).json()["results"]] == [draft["id"]]
    assert api.get(URL, {"year": 2025}).json()["count"] == 0


def _many(department_count, by):
    for _ in range(department_count):
        assignment = AssignmentFactory(department=DepartmentFactory(), start_date=datetime.date(2024, 1, 2))
        agreement = Agreement.objects.create(
            department=assignment.department,
            official=assignment.official,
            year=YEAR,
            period_start=datetime.date(YEAR, 1, 1),
            period_end=datetime.date(YEAR, 12, 31),
            created_by=by,
        )
        for n in range(2):
            objective = agreement.objectives.create(name=f"Sasaran {n}")
            for m in range(2):
                objective.indicators.create(
                    agreement=agreement,
                    name=f"Indikator {n}.{m}",
                    unit="%",
                    polarity="positive",
                    aggregation="last",
                    target=Decimal("90"),
                )
        agreement.programs.create(code="1.01.02", name="Program", budget=Decimal("1000"))
        agreement.reviews.create(from_status=S.DRAFT, to_status=S.SUBMITTED, by=by)


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_and_the_detail_take_a_bounded_number_of_queries(as_, people, count, django_assert_max_num_queries):
    _many(count, people["staff"])
    api = as_("bappeda")
    with django_assert_max_num_queries(9):
        body = api.get(URL).json()
    assert body["count"] == count
    assert len(body["results"][0]["objectives"][1]["indicators"]) == 2
    with django_assert_max_num_queries(8):
        assert api.get(f"{URL}{body['results'][0]['id']}/").status_code == 200


HAS_DOCUMENT = importlib.util.find_spec("apps.agreements.document") is not None


@pytest.mark.xfail(not HAS_DOCUMENT, strict=False, reason="apps/agreements/document.py is not written yet")
def test_the_pdf_of_a_pk_is_a_pdf(as_, draft):
    response = as_("inspectorate").get(f"{URL}{draft['id']}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
