"""The plan API: nested shapes, scoping, writes through the same services and permissions."""

import pytest
from rest_framework.test import APIClient

from apps.accounts.models import Role
from apps.plans.models import Indicator, ProgramBudget, Renstra

from .factories_plans import (
    IndicatorFactory,
    RenstraFactory,
    StrategicObjectiveFactory,
    renstra_tree,
    rpjmd_tree,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


@pytest.fixture
def as_(users):
    def client_for(role):
        client = APIClient()
        client.force_authenticate(users[role])
        return client

    return client_for


def test_the_rpjmd_detail_nests_misi_tujuan_sasaran_indicators_and_targets_as_strings(as_):
    period = rpjmd_tree()
    data = as_(Role.DEPARTMENT_STAFF).get(f"/api/v1/rpjmd/{period.pk}/").json()
    assert (data["start_year"], data["end_year"]) == (2025, 2029)
    indicator = data["missions"][0]["goals"][0]["objectives"][0]["indicators"][0]
    assert set(indicator) == {"id", "name", "unit", "polarity", "aggregation", "baseline", "targets"}
    assert indicator["targets"][0] == {"year": 2025, "value": "65.0000", "low": None, "high": None}
    listing = as_(Role.DEPARTMENT_STAFF).get("/api/v1/rpjmd/").json()
    assert listing["count"] == 1 and "missions" not in listing["results"][0]


def test_the_renstra_list_is_scoped_and_filtered(as_, department, other_department):
    own = RenstraFactory(department=department)
    other = RenstraFactory(department=other_department, period=own.period)
    assert [r["id"] for r in as_(Role.DEPARTMENT_HEAD).get("/api/v1/renstra/").json()["results"]] == [own.pk]
    assert as_(Role.DEPARTMENT_HEAD).get(f"/api/v1/renstra/{other.pk}/").status_code == 404
    everyone = as_(Role.INSPECTORATE).get("/api/v1/renstra/", {"department": other_department.pk}).json()
    assert [r["id"] for r in everyone["results"]] == [other.pk]
    by_period = as_(Role.INSPECTORATE).get("/api/v1/renstra/", {"period": own.period_id}).json()
    assert by_period["count"] == 2


def test_the_renstra_detail_nests_the_whole_plan(as_, department):
    renstra = renstra_tree(RenstraFactory(department=department))
    data = as_(Role.DEPARTMENT_HEAD).get(f"/api/v1/renstra/{renstra.pk}/").json()
    objective = data["goals"][0]["objectives"][0]
    assert objective["rpjmd_objective"] == renstra.goals.get().objectives.get().rpjmd_objective_id
    assert len(objective["indicators"][0]["targets"]) == 5
    program = data["programs"][0]
    assert program["budgets"][0] == {"year": 2025, "amount": "1500000000.00"}
    assert len(program["activities"][0]["sub_activities"]) == 2
    assert data["is_locked"] is False


def test_a_head_writes_an_indicator_with_its_targets(as_, department):
    objective = StrategicObjectiveFactory(goal__renstra__department=department)
    payload = {
        "objective": objective.pk,
        "name": "Angka Partisipasi Murni SD",
        "unit": "%",
        "polarity": "positive",
        "aggregation": "last",
        "baseline": "97.1",
        "is_iku": True,
        "targets": [{"year": year, "value": str(97 + (year - 2025) / 4)} for year in range(2025, 2030)],
    }
    response = as_(Role.DEPARTMENT_HEAD).post("/api/v1/renstra-indicators/", payload, format="json")
    assert response.status_code == 201, response.content
    assert [t["value"] for t in response.json()["targets"]][:2] == ["97.0000", "97.2500"]
    indicator = Indicator.objects.get(pk=response.json()["id"])
    changed = as_(Role.DEPARTMENT_HEAD).patch(
        f"/api/v1/renstra-indicators/{indicator.pk}/",
        {"targets": [{"year": 2026, "value": "98"}]},
        format="json",
    )
    assert changed.status_code == 200
    assert changed.json()["targets"] == [{"year": 2026, "value": "98.0000", "low": None, "high": None}]


def test_a_stabilize_indicator_without_a_band_is_a_400_and_nothing_is_written(as_, department):
    objective = StrategicObjectiveFactory(goal__renstra__department=department)
    payload = {"objective": objective.pk, "name": "Tingkat inflasi", "unit": "%", "polarity": "stabilize",
               "aggregation": "last", "targets": [{"year": 2026, "value": "3"}]}  # fmt: skip
    response = as_(Role.DEPARTMENT_HEAD).post("/api/v1/renstra-indicators/", payload, format="json")
    assert response.status_code == 400
    assert "band" in str(response.json())
    assert not Indicator.objects.exists()


def test_a_head_cannot_write_into_another_departments_renstra(as_, other_department):
    objective = StrategicObjectiveFactory(goal__renstra__department=other_department)
    indicator = IndicatorFactory(objective=objective)
    client = as_(Role.DEPARTMENT_HEAD)
    payload = {"objective": objective.pk, "name": "X", "unit": "%"}
    assert client.post("/api/v1/renstra-indicators/", payload, format="json").status_code == 400
    assert client.patch(f"/api/v1/renstra-indicators/{indicator.pk}/", {"name": "Y"}, format="json").status_code == 404


def test_the_mayors_office_may_read_but_not_write(as_, department):
    indicator = IndicatorFactory(objective__goal__renstra__department=department)
    client = as_(Role.MAYOR_OFFICE)
    assert client.get(f"/api/v1/renstra-indicators/{indicator.pk}/").status_code == 200
    assert client.patch(f"/api/v1/renstra-indicators/{indicator.pk}/", {"name": "Y"}, format="json").status_code == 403


def test_programs_with_budgets_and_a_bad_code(as_, department):
    renstra = RenstraFactory(department=department)
    client = as_(Role.DEPARTMENT_STAFF)
    bad = client.post("/api/v1/programs/", {"renstra": renstra.pk, "code": "1.1.02", "name": "Program"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["code"] == ["A program code has the form U.BB.PP, for example 1.02.02."]
    payload = {
        "renstra": renstra.pk,
        "code": "1.01.02",
        "name": "Program Pengelolaan Pendidikan",
        "budgets": [{"year": 2025, "amount": "96500000000"}, {"year": 2026, "amount": "101325000000"}],
    }
    created = client.post("/api/v1/programs/", payload, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["budgets"][1] == {"year": 2026, "amount": "101325000000.00"}
    assert ProgramBudget.objects.count() == 2


def test_a_locked_renstra_refuses_api_writes_and_bappeda_locks_over_the_api(as_, department):
    indicator = IndicatorFactory(objective__goal__renstra__department=department)
    renstra = indicator.objective.goal.renstra
    assert as_(Role.DEPARTMENT_HEAD).post(f"/api/v1/renstra/{renstra.pk}/lock/").status_code == 403
    locked = as_(Role.BAPPEDA).post(f"/api/v1/renstra/{renstra.pk}/lock/")
    assert locked.status_code == 200 and locked.json()["is_locked"] is True
    response = as_(Role.DEPARTMENT_HEAD).patch(
        f"/api/v1/renstra-indicators/{indicator.pk}/", {"name": "Y"}, format="json"
    )
    assert response.status_code == 400
    assert "locked by Bappeda" in str(response.json())
    assert as_(Role.BAPPEDA).post(f"/api/v1/renstra/{renstra.pk}/unlock/").json()["is_locked"] is False
    assert Renstra.objects.get().locked_by is None
