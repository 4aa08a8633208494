"""Every level of the plan written over the API: the pages' permissions and services, their messages as 400s.

RPJMD: Bappeda and the admin write, the other roles get 403. Renstra: its department and Bappeda write; another
department's row is 404 and another department's parent a 400 on that field; the city-wide readers get 403; a
locked Renstra refuses every change.
"""

import pytest
from rest_framework.test import APIClient

from apps.accounts.models import Role
from apps.plans.models import (
    Activity,
    Goal,
    Mission,
    Objective,
    ObjectiveIndicator,
    Renstra,
    RenstraGoal,
    RpjmdPeriod,
    StrategicObjective,
    SubActivity,
)

from .factories_plans import (
    ActivityFactory,
    GoalFactory,
    MissionFactory,
    ObjectiveFactory,
    ObjectiveIndicatorFactory,
    ObjectiveTargetFactory,
    ProgramFactory,
    RenstraFactory,
    RenstraGoalFactory,
    RpjmdPeriodFactory,
    StrategicObjectiveFactory,
    SubActivityFactory,
    renstra_tree,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

LOCKED = "This Renstra is locked by Bappeda: it cannot be changed. Ask Bappeda to unlock it first."


@pytest.fixture
def as_(users):
    def client_for(role):
        client = APIClient()
        client.force_authenticate(users[role])
        return client

    return client_for


@pytest.fixture
def lock(users):
    def lock_it(renstra):
        from apps.plans import services

        return services.renstra_lock(renstra=renstra, by=users[Role.BAPPEDA])

    return lock_it


# --- RPJMD: periods -----------------------------------------------------------------------------------------------
def test_bappeda_creates_changes_and_deletes_an_rpjmd_period(as_):
    client = as_(Role.BAPPEDA)
    payload = {"start_year": 2030, "end_year": 2034, "vision": "Banjarbaru Emas", "regulation": "Perda 1/2030"}
    created = client.post("/api/v1/rpjmd/", payload, format="json")
    assert created.status_code == 201, created.content
    assert set(created.json()) == {"id", "start_year", "end_year", "vision", "regulation"}
    pk = created.json()["id"]
    changed = client.patch(f"/api/v1/rpjmd/{pk}/", {"vision": "Banjarbaru Juara"}, format="json")
    assert changed.status_code == 200 and changed.json()["vision"] == "Banjarbaru Juara"
    assert client.get(f"/api/v1/rpjmd/{pk}/").json()["missions"] == []
    assert client.delete(f"/api/v1/rpjmd/{pk}/").status_code == 204
    assert not RpjmdPeriod.objects.exists()


def test_the_admin_may_write_the_rpjmd_but_a_department_head_may_not(as_):
    payload = {"start_year": 2030, "end_year": 2034, "vision": "Visi"}
    assert as_(Role.DEPARTMENT_HEAD).post("/api/v1/rpjmd/", payload, format="json").status_code == 403
    assert as_(Role.ADMIN).post("/api/v1/rpjmd/", payload, format="json").status_code == 201
    period = RpjmdPeriod.objects.get()
    assert as_(Role.MAYOR_OFFICE).patch(f"/api/v1/rpjmd/{period.pk}/", {"vision": "X"}).status_code == 403
    assert as_(Role.DEPARTMENT_STAFF).delete(f"/api/v1/rpjmd/{period.pk}/").status_code == 403


def test_a_duplicate_period_and_a_period_used_by_a_renstra_are_refused_with_the_services_messages(as_, department):
    period = RenstraFactory(department=department).period
    client = as_(Role.BAPPEDA)
    again = client.post("/api/v1/rpjmd/", {"start_year": 2025, "end_year": 2029, "vision": "V"}, format="json")
    assert again.status_code == 400
    assert again.json()["start_year"] == ["RPJMD with this First year already exists."]
    refused = client.delete(f"/api/v1/rpjmd/{period.pk}/")
    assert refused.status_code == 400
    assert refused.json()["non_field_errors"] == [
        "RPJMD cannot be deleted: it is still used by Renstra. Remove that use first."
    ]


# --- RPJMD: misi, tujuan, sasaran ---------------------------------------------------------------------------------
def test_bappeda_writes_misi_tujuan_and_sasaran(as_):
    period = RpjmdPeriodFactory()
    client = as_(Role.BAPPEDA)
    mission = client.post("/api/v1/rpjmd-missions/", {"period": period.pk, "number": 1, "text": "Misi"}, format="json")
    assert mission.status_code == 201, mission.content
    assert mission.json() == {"id": mission.json()["id"], "period": period.pk, "number": 1, "text": "Misi", "goals": []}
    goal = client.post(
        "/api/v1/rpjmd-goals/", {"mission": mission.json()["id"], "code": "1.1", "text": "Tujuan"}, format="json"
    )
    assert goal.status_code == 201, goal.content
    objective = client.post(
        "/api/v1/rpjmd-objectives/", {"goal": goal.json()["id"], "code": "1.1.1", "text": "Sasaran"}, format="json"
    )
    assert objective.status_code == 201, objective.content
    pk = objective.json()["id"]
    assert client.patch(f"/api/v1/rpjmd-objectives/{pk}/", {"text": "Sasaran baru"}).json()["text"] == "Sasaran baru"
    tree = client.get(f"/api/v1/rpjmd/{period.pk}/").json()
    assert tree["missions"][0]["goals"][0]["objectives"][0]["text"] == "Sasaran baru"
    listed = client.get("/api/v1/rpjmd-goals/", {"mission": mission.json()["id"]}).json()
    assert [row["id"] for row in listed["results"]] == [goal.json()["id"]]
    assert client.delete(f"/api/v1/rpjmd-missions/{mission.json()['id']}/").status_code == 204
    assert not Mission.objects.exists() and not Goal.objects.exists() and not Objective.objects.exists()


@pytest.mark.parametrize("role", [Role.DEPARTMENT_HEAD, Role.DEPARTMENT_STAFF, Role.MAYOR_OFFICE, Role.INSPECTORATE])
def test_other_roles_may_read_but_not_write_the_rpjmd_levels(as_, role):
    objective = ObjectiveFactory()
    client = as_(role)
    assert client.get(f"/api/v1/rpjmd-objectives/{objective.pk}/").status_code == 200
    mission = objective.goal.mission
    assert (
        client.post("/api/v1/rpjmd-missions/", {"period": mission.period_id, "number": 9, "text": "M"}).status_code
        == 403
    )
    assert client.patch(f"/api/v1/rpjmd-goals/{objective.goal_id}/", {"text": "X"}).status_code == 403
    assert client.delete(f"/api/v1/rpjmd-objectives/{objective.pk}/").status_code == 403
    assert Objective.objects.filter(pk=objective.pk).exists()


def test_a_duplicate_misi_number_and_an_unknown_parent_are_400s_on_their_fields(as_):
    mission = MissionFactory(number=1)
    client = as_(Role.BAPPEDA)
    duplicate = client.post(
        "/api/v1/rpjmd-missions/", {"period": mission.period_id, "number": 1, "text": "Lagi"}, format="json"
    )
    assert duplicate.status_code == 400
    assert "already exists" in str(duplicate.json()["non_field_errors"])
    unknown = client.post("/api/v1/rpjmd-goals/", {"mission": 999999, "code": "1.1", "text": "T"}, format="json")
    assert unknown.status_code == 400 and set(unknown.json()) == {"mission"}


def test_a_level_cannot_be_moved_to_another_parent(as_):
    goal = GoalFactory()
    other = MissionFactory(period=goal.mission.period)
    moved = as_(Role.BAPPEDA).patch(f"/api/v1/rpjmd-goals/{goal.pk}/", {"mission": other.pk}, format="json")
    assert moved.status_code == 400
    assert moved.json()["mission"] == ["Cannot be moved: delete it and add it again."]


def test_a_sasaran_used_by_a_renstra_cannot_be_deleted(as_, department):
    strategic = StrategicObjectiveFactory(goal__renstra__department=department)
    refused = as_(Role.BAPPEDA).delete(f"/api/v1/rpjmd-objectives/{strategic.rpjmd_objective_id}/")
    assert refused.status_code == 400
    assert "cannot be deleted" in refused.json()["non_field_errors"][0]


# --- RPJMD: indicators with their targets -------------------------------------------------------------------------
def test_bappeda_writes_an_rpjmd_indicator_with_values_and_bands(as_):
    objective = ObjectiveFactory()
    client = as_(Role.BAPPEDA)
    payload = {
        "objective": objective.pk,
        "name": "Indeks Pembangunan Manusia",
        "unit": "poin",
        "polarity": "positive",
        "aggregation": "last",
        "baseline": "78.2",
        "targets": [{"year": year, "value": f"{78 + year - 2025}.5"} for year in range(2025, 2030)],
    }
    created = client.post("/api/v1/rpjmd-indicators/", payload, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["baseline"] == "78.2000"
    assert created.json()["targets"][0] == {"year": 2025, "value": "78.5000", "low": None, "high": None}
    pk = created.json()["id"]
    band = [{"year": 2026, "low": "2.5", "high": "3.5"}]
    changed = client.patch(f"/api/v1/rpjmd-indicators/{pk}/", {"targets": band}, format="json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["targets"] == [{"year": 2026, "value": None, "low": "2.5000", "high": "3.5000"}]
    assert ObjectiveIndicator.objects.get().targets.count() == 1
    assert client.delete(f"/api/v1/rpjmd-indicators/{pk}/").status_code == 204


def test_bad_rpjmd_targets_are_refused_row_by_row_and_nothing_is_written(as_):
    objective = ObjectiveFactory()
    payload = {
        "objective": objective.pk,
        "name": "Tingkat inflasi",
        "unit": "%",
        "polarity": "stabilize",
        "targets": [
            {"year": 2025, "low": "2", "high": "4"},
            {"year": 2026, "value": "3"},
            {"year": 2031, "low": "2", "high": "4"},
            {"year": 2027, "low": "4", "high": "2"},
        ],
    }
    response = as_(Role.BAPPEDA).post("/api/v1/rpjmd-indicators/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["targets"] == [
        {},
        {"non_field_errors": ["A stabilize indicator is best inside a band: give the target as a band (from–to)."]},
        {"year": ["The year must lie inside the RPJMD period 2025–2029."]},
        {"high": ["The end of the band cannot be below its start."]},
    ]
    assert not ObjectiveIndicator.objects.exists()


def test_two_targets_for_one_year_are_refused(as_):
    indicator = ObjectiveIndicatorFactory()
    ObjectiveTargetFactory(indicator=indicator, year=2025)
    targets = [{"year": 2026, "value": "1"}, {"year": 2026, "value": "2"}]
    response = as_(Role.BAPPEDA).patch(f"/api/v1/rpjmd-indicators/{indicator.pk}/", {"targets": targets}, format="json")
    assert response.status_code == 400
    assert response.json() == {"targets": ["Give one target per year."]}
    assert [t.year for t in indicator.targets.all()] == [2025]


def test_a_department_head_may_not_write_rpjmd_indicators(as_):
    indicator = ObjectiveIndicatorFactory()
    client = as_(Role.DEPARTMENT_HEAD)
    payload = {"objective": indicator.objective_id, "name": "X", "unit": "%"}
    assert client.post("/api/v1/rpjmd-indicators/", payload, format="json").status_code == 403
    assert client.patch(f"/api/v1/rpjmd-indicators/{indicator.pk}/", {"name": "Y"}).status_code == 403


# --- Renstra itself -----------------------------------------------------------------------------------------------
def test_a_head_creates_and_deletes_their_own_renstra_but_not_another_departments(as_, department, other_department):
    period = RpjmdPeriodFactory()
    client = as_(Role.DEPARTMENT_HEAD)
    other = client.post("/api/v1/renstra/", {"department": other_department.pk, "period": period.pk}, format="json")
    assert other.status_code == 400 and set(other.json()) == {"department"}
    created = client.post("/api/v1/renstra/", {"department": department.pk, "period": period.pk}, format="json")
    assert created.status_code == 201, created.content
    again = client.post("/api/v1/renstra/", {"department": department.pk, "period": period.pk}, format="json")
    assert again.status_code == 400
    assert client.delete(f"/api/v1/renstra/{created.json()['id']}/").status_code == 204
    assert not Renstra.objects.exists()


def test_an_outsider_gets_404_the_mayors_office_403_and_a_locked_renstra_is_not_deleted(
    as_, lock, department, other_department
):
    other = RenstraFactory(department=other_department)
    assert as_(Role.DEPARTMENT_HEAD).delete(f"/api/v1/renstra/{other.pk}/").status_code == 404
    assert as_(Role.MAYOR_OFFICE).delete(f"/api/v1/renstra/{other.pk}/").status_code == 403
    own = lock(RenstraFactory(department=department, period=other.period))
    refused = as_(Role.DEPARTMENT_HEAD).delete(f"/api/v1/renstra/{own.pk}/")
    assert refused.status_code == 400 and refused.json()["non_field_errors"] == [LOCKED]
    assert Renstra.objects.count() == 2


# --- Renstra: tujuan ----------------------------------------------------------------------------------------------
def test_a_head_writes_the_tujuan_of_their_renstra_and_bappeda_any(as_, department, other_department):
    renstra = RenstraFactory(department=department)
    client = as_(Role.DEPARTMENT_STAFF)
    created = client.post("/api/v1/renstra-goals/", {"renstra": renstra.pk, "code": "T1", "text": "Tujuan"})
    assert created.status_code == 201, created.content
    assert created.json() == {"id": created.json()["id"], "renstra": renstra.pk, "code": "T1", "text": "Tujuan",
                              "objectives": []}  # fmt: skip
    pk = created.json()["id"]
    assert client.patch(f"/api/v1/renstra-goals/{pk}/", {"text": "Tujuan baru"}).status_code == 200
    other = RenstraFactory(department=other_department, period=renstra.period)
    by_bappeda = as_(Role.BAPPEDA).post("/api/v1/renstra-goals/", {"renstra": other.pk, "code": "T1", "text": "X"})
    assert by_bappeda.status_code == 201
    assert client.delete(f"/api/v1/renstra-goals/{pk}/").status_code == 204
    assert list(RenstraGoal.objects.values_list("renstra", flat=True)) == [other.pk]


def test_renstra_tujuan_are_refused_to_outsiders_readers_and_while_locked(as_, lock, department, other_department):
    goal = RenstraGoalFactory(renstra__department=other_department)
    head = as_(Role.DEPARTMENT_HEAD)
    outside = head.post("/api/v1/renstra-goals/", {"renstra": goal.renstra_id, "code": "T9", "text": "X"})
    assert outside.status_code == 400 and set(outside.json()) == {"renstra"}
    assert head.patch(f"/api/v1/renstra-goals/{goal.pk}/", {"text": "X"}).status_code == 404
    assert head.delete(f"/api/v1/renstra-goals/{goal.pk}/").status_code == 404
    assert as_(Role.INSPECTORATE).patch(f"/api/v1/renstra-goals/{goal.pk}/", {"text": "X"}).status_code == 403
    assert as_(Role.ADMIN).delete(f"/api/v1/renstra-goals/{goal.pk}/").status_code == 403
    own = lock(RenstraFactory(department=department, period=goal.renstra.period))
    locked = head.post("/api/v1/renstra-goals/", {"renstra": own.pk, "code": "T1", "text": "X"})
    assert locked.status_code == 400 and locked.json()["non_field_errors"] == [LOCKED]
    assert RenstraGoal.objects.count() == 1


# --- Renstra: sasaran strategis -----------------------------------------------------------------------------------
def test_a_sasaran_strategis_points_to_an_rpjmd_sasaran_of_its_renstras_period(as_, department):
    goal = RenstraGoalFactory(renstra__department=department)
    rpjmd_objective = ObjectiveFactory(goal__mission__period=goal.renstra.period)
    elsewhere = ObjectiveFactory(goal__mission__period=RpjmdPeriodFactory(start_year=2020))
    client = as_(Role.DEPARTMENT_HEAD)
    payload = {"goal": goal.pk, "code": "SS1", "text": "Sasaran", "rpjmd_objective": elsewhere.pk}
    wrong = client.post("/api/v1/strategic-objectives/", payload, format="json")
    assert wrong.status_code == 400
    assert wrong.json()["rpjmd_objective"] == [
        "The RPJMD sasaran must belong to the same RPJMD period as this Renstra."
    ]
    created = client.post("/api/v1/strategic-objectives/", {**payload, "rpjmd_objective": rpjmd_objective.pk})
    assert created.status_code == 201, created.content
    assert created.json()["indicators"] == []
    pk = created.json()["id"]
    moved = client.patch(f"/api/v1/strategic-objectives/{pk}/", {"rpjmd_objective": elsewhere.pk}, format="json")
    assert moved.status_code == 400
    assert client.patch(f"/api/v1/strategic-objectives/{pk}/", {"code": "SS2"}).json()["code"] == "SS2"
    assert client.delete(f"/api/v1/strategic-objectives/{pk}/").status_code == 204
    assert not StrategicObjective.objects.exists()


def test_sasaran_strategis_are_refused_to_outsiders_readers_and_while_locked(as_, lock, department, other_department):
    objective = StrategicObjectiveFactory(goal__renstra__department=other_department)
    head = as_(Role.DEPARTMENT_STAFF)
    payload = {"goal": objective.goal_id, "code": "SS9", "text": "X", "rpjmd_objective": objective.rpjmd_objective_id}
    outside = head.post("/api/v1/strategic-objectives/", payload, format="json")
    assert outside.status_code == 400 and set(outside.json()) == {"goal"}
    assert head.patch(f"/api/v1/strategic-objectives/{objective.pk}/", {"text": "X"}).status_code == 404
    assert as_(Role.MAYOR_OFFICE).delete(f"/api/v1/strategic-objectives/{objective.pk}/").status_code == 403
    lock(objective.goal.renstra)
    locked = as_(Role.BAPPEDA).patch(f"/api/v1/strategic-objectives/{objective.pk}/", {"text": "X"})
    assert locked.status_code == 400 and locked.json()["non_field_errors"] == [LOCKED]
    objective.refresh_from_db()
    assert objective.text != "X"


# --- Renstra: indicators and programs (links within the Renstra) --------------------------------------------------
def test_bad_renstra_targets_name_their_row(as_, department):
    objective = StrategicObjectiveFactory(goal__renstra__department=department)
    payload = {"objective": objective.pk, "name": "APM", "unit": "%",
               "targets": [{"year": 2025, "value": "90"}, {"year": 2026}]}  # fmt: skip
    response = as_(Role.DEPARTMENT_HEAD).post("/api/v1/renstra-indicators/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["targets"] == [{}, {"non_field_errors": ["Give a target value or a band (from–to)."]}]


def test_a_program_cannot_point_to_another_departments_sasaran_strategis(as_, department, other_department):
    renstra = RenstraFactory(department=department)
    foreign = StrategicObjectiveFactory(goal__renstra__department=other_department)
    payload = {"renstra": renstra.pk, "code": "1.01.02", "name": "Program", "objective": foreign.pk}
    response = as_(Role.DEPARTMENT_HEAD).post("/api/v1/programs/", payload, format="json")
    assert response.status_code == 400 and set(response.json()) == {"objective"}


def test_a_budget_outside_the_period_is_refused_under_budgets(as_, department):
    program = ProgramFactory(renstra__department=department)
    budgets = [{"year": 2031, "amount": "1000"}]
    response = as_(Role.DEPARTMENT_HEAD).patch(f"/api/v1/programs/{program.pk}/", {"budgets": budgets}, format="json")
    assert response.status_code == 400
    assert response.json() == {"budgets": ["The year must lie inside the RPJMD period 2025–2029."]}
    assert not program.budgets.exists()


# --- Renstra: kegiatan --------------------------------------------------------------------------------------------
def test_a_head_writes_a_kegiatan_whose_code_follows_its_program(as_, department):
    program = ProgramFactory(renstra__department=department, code="1.01.02")
    client = as_(Role.DEPARTMENT_HEAD)
    bad_format = client.post("/api/v1/activities/", {"program": program.pk, "code": "1.01.02.3.01", "name": "K"})
    assert bad_format.status_code == 400
    assert bad_format.json()["code"] == [
        "A kegiatan code has the form U.BB.PP.L.KK with L 1 or 2, for example 1.02.02.2.01."
    ]
    bad_prefix = client.post("/api/v1/activities/", {"program": program.pk, "code": "1.01.03.2.01", "name": "K"})
    assert bad_prefix.status_code == 400
    assert bad_prefix.json()["code"] == ["A kegiatan code starts with the code of its parent, 1.01.02."]
    created = client.post("/api/v1/activities/", {"program": program.pk, "code": "1.01.02.2.01", "name": "Kegiatan"})
    assert created.status_code == 201, created.content
    assert created.json()["sub_activities"] == []
    pk = created.json()["id"]
    assert client.patch(f"/api/v1/activities/{pk}/", {"name": "Kegiatan baru"}).json()["name"] == "Kegiatan baru"
    duplicate = client.post("/api/v1/activities/", {"program": program.pk, "code": "1.01.02.2.01", "name": "Lagi"})
    assert duplicate.status_code == 400 and "already exists" in str(duplicate.json())
    assert client.delete(f"/api/v1/activities/{pk}/").status_code == 204
    assert not Activity.objects.exists()


def test_kegiatan_are_refused_to_outsiders_readers_and_while_locked(as_, lock, department, other_department):
    activity = ActivityFactory(program__renstra__department=other_department)
    head = as_(Role.DEPARTMENT_HEAD)
    outside = head.post("/api/v1/activities/", {"program": activity.program_id, "code": activity.code, "name": "K"})
    assert outside.status_code == 400 and set(outside.json()) == {"program"}
    assert head.patch(f"/api/v1/activities/{activity.pk}/", {"name": "X"}).status_code == 404
    assert (
        as_(Role.INSPECTORATE)
        .post("/api/v1/activities/", {"program": activity.program_id, "code": "1.01.01.2.09", "name": "K"})
        .status_code
        == 403
    )
    lock(activity.program.renstra)
    locked = as_(Role.BAPPEDA).delete(f"/api/v1/activities/{activity.pk}/")
    assert locked.status_code == 400 and locked.json()["non_field_errors"] == [LOCKED]
    assert Activity.objects.filter(pk=activity.pk).exists()


# --- Renstra: sub kegiatan ----------------------------------------------------------------------------------------
def test_a_staff_member_writes_a_sub_kegiatan_whose_code_follows_its_kegiatan(as_, department):
    activity = ActivityFactory(program__renstra__department=department, program__code="1.01.02", code="1.01.02.2.01")
    client = as_(Role.DEPARTMENT_STAFF)
    bad_format = client.post(
        "/api/v1/sub-activities/", {"activity": activity.pk, "code": "1.01.02.2.01.1", "name": "S"}
    )
    assert bad_format.status_code == 400
    assert bad_format.json()["code"] == [
        "A sub kegiatan code has the form U.BB.PP.L.KK.SSSS with L 1 or 2, for example 1.02.02.2.01.0001."
    ]
    bad_prefix = client.post(
        "/api/v1/sub-activities/", {"activity": activity.pk, "code": "1.01.02.2.02.0001", "name": "S"}
    )
    assert bad_prefix.status_code == 400
    assert bad_prefix.json()["code"] == ["A sub kegiatan code starts with the code of its parent, 1.01.02.2.01."]
    created = client.post(
        "/api/v1/sub-activities/", {"activity": activity.pk, "code": "1.01.02.2.01.0001", "name": "S"}
    )
    assert created.status_code == 201, created.content
    assert set(created.json()) == {"id", "activity", "code", "name"}
    pk = created.json()["id"]
    assert (
        client.put(
            f"/api/v1/sub-activities/{pk}/", {"activity": activity.pk, "code": "1.01.02.2.01.0002", "name": "S2"}
        ).json()["code"]
        == "1.01.02.2.01.0002"
    )
    assert client.delete(f"/api/v1/sub-activities/{pk}/").status_code == 204
    assert not SubActivity.objects.exists()


def test_sub_kegiatan_are_refused_to_outsiders_readers_and_while_locked(as_, lock, department, other_department):
    sub = SubActivityFactory(activity__program__renstra__department=other_department)
    staff = as_(Role.DEPARTMENT_STAFF)
    outside = staff.post("/api/v1/sub-activities/", {"activity": sub.activity_id, "code": sub.code, "name": "S"})
    assert outside.status_code == 400 and set(outside.json()) == {"activity"}
    assert staff.delete(f"/api/v1/sub-activities/{sub.pk}/").status_code == 404
    assert as_(Role.ADMIN).patch(f"/api/v1/sub-activities/{sub.pk}/", {"name": "X"}).status_code == 403
    lock(sub.activity.program.renstra)
    locked = as_(Role.BAPPEDA).patch(f"/api/v1/sub-activities/{sub.pk}/", {"name": "X"})
    assert locked.status_code == 400 and locked.json()["non_field_errors"] == [LOCKED]
    sub.refresh_from_db()
    assert sub.name != "X"


# --- Reads of the levels ------------------------------------------------------------------------------------------
def test_level_lists_are_scoped_filtered_by_parent_and_do_not_grow_in_queries(
    as_, department, other_department, django_assert_max_num_queries
):
    own = renstra_tree(RenstraFactory(department=department), goals=3, programs=2)
    renstra_tree(RenstraFactory(department=other_department, period=own.period))
    client = as_(Role.DEPARTMENT_HEAD)
    with django_assert_max_num_queries(8):
        goals = client.get("/api/v1/renstra-goals/").json()
    assert goals["count"] == 3
    assert len(goals["results"][0]["objectives"][0]["indicators"][0]["targets"]) == 5
    with django_assert_max_num_queries(6):
        subs = client.get("/api/v1/sub-activities/").json()
    assert subs["count"] == 4
    program = own.programs.order_by("pk").first()
    activities = client.get("/api/v1/activities/", {"program": program.pk}).json()
    assert [row["id"] for row in activities["results"]] == list(program.activities.values_list("pk", flat=True))
    assert as_(Role.INSPECTORATE).get("/api/v1/renstra-goals/").json()["count"] == 4
