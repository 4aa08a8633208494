"""The competition's API: the contract fields, an external juror's rounds, hidden scores, the own-department ban
and the results after the closing."""

import pytest
from rest_framework.test import APIClient

from apps.accounts.models import Role
from apps.competitions import services
from apps.competitions.models import Round, RoundStatus
from tests.factories import DepartmentFactory, UserFactory
from tests.factories_competitions import make_entry, make_juror, make_round, score_all

pytestmark = pytest.mark.django_db
FIVE = ("kebaruan", "kemanfaatan", "keberlanjutan", "kemudahan_replikasi", "presentasi")


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def judged(department, other_department):
    """A round in judging: an entry of each department, an external juror, an internal juror of `department`."""
    bappeda = UserFactory(role=Role.BAPPEDA)
    round_ = make_round(by=bappeda, status=RoundStatus.REGISTRATION)
    own, other = make_entry(round_, department), make_entry(round_, other_department)
    external = make_juror(round_, bappeda=bappeda)
    internal = make_juror(round_, bappeda=bappeda, role=Role.DEPARTMENT_HEAD, department=department)
    round_ = services.round_advance(round_=round_, target=RoundStatus.JUDGING, by=bappeda)
    return {
        "round": round_,
        "own": own,
        "other": other,
        "external": external,
        "internal": internal,
        "bappeda": bappeda,
    }


def _post(api, user, round_, entry, value=70):
    api.force_authenticate(user)
    body = {"entry": entry.pk, "scores": [{"criterion": code, "value": value, "comment": "ok"} for code in FIVE]}
    return api.post(f"/api/v1/competitions/{round_.pk}/scores/", body, format="json")


def test_competitions_list_has_the_contract_fields(api, judged):
    api.force_authenticate(judged["bappeda"])
    body = api.get("/api/v1/competitions/").json()
    row = body["results"][0]
    assert {"id", "year", "name", "status", "categories", "criteria"} <= row.keys()
    assert row["status"] == "judging"
    assert row["categories"] == ["fisik", "non_fisik"]
    assert {c["code"]: c["weight"] for c in row["criteria"]}["kemanfaatan"] == 30


def test_an_external_juror_sees_only_the_rounds_assigned_to_them(api, judged):
    other_round = make_round(year=2025, status=RoundStatus.JUDGING)
    api.force_authenticate(judged["external"].user)
    ids = [row["id"] for row in api.get("/api/v1/competitions/").json()["results"]]
    assert ids == [judged["round"].pk]
    for suffix in ("", "entries/", "scores/", "results/"):
        assert api.get(f"/api/v1/competitions/{other_round.pk}/{suffix}").status_code == 404


def test_a_juror_scores_through_the_api_but_never_their_own_departments_entry(api, judged):
    response = _post(api, judged["internal"].user, judged["round"], judged["own"])
    assert response.status_code == 403
    assert _post(api, judged["internal"].user, judged["round"], judged["other"]).status_code == 200
    assert judged["internal"].scores.count() == 5


def test_a_score_outside_1_to_100_is_400(api, judged):
    assert _post(api, judged["external"].user, judged["round"], judged["own"], value=101).status_code == 400


def test_a_user_who_is_not_a_juror_cannot_score(api, judged, department):
    head = UserFactory(role=Role.DEPARTMENT_HEAD, department=DepartmentFactory())
    assert _post(api, head, judged["round"], judged["own"]).status_code == 403
    assert _post(api, judged["bappeda"], judged["round"], judged["own"]).status_code == 403


def test_scores_are_a_jurors_own_while_judging_and_nobody_elses(api, judged, department):
    score_all(judged["external"], judged["own"], dict.fromkeys(FIVE, 60))
    score_all(judged["internal"], judged["other"], dict.fromkeys(FIVE, 80))
    url = f"/api/v1/competitions/{judged['round'].pk}/scores/"
    api.force_authenticate(judged["external"].user)
    assert {row["value"] for row in api.get(url).json()["results"]} == {60}
    api.force_authenticate(judged["internal"].user)
    assert {row["value"] for row in api.get(url).json()["results"]} == {80}
    entrant = UserFactory(role=Role.DEPARTMENT_STAFF, department=department)
    for user in (entrant, judged["bappeda"]):
        api.force_authenticate(user)
        assert api.get(url).json()["results"] == []
    assert api.get(f"/api/v1/competitions/{judged['round'].pk}/results/").status_code == 409


def test_after_the_closing_scores_and_results_are_shown_and_scoring_is_409(api, judged, department):
    score_all(judged["external"], judged["own"], dict.fromkeys(FIVE, 60))
    score_all(judged["external"], judged["other"], dict.fromkeys(FIVE, 90))
    score_all(judged["internal"], judged["other"], dict.fromkeys(FIVE, 80))
    round_ = services.round_advance(round_=judged["round"], target=RoundStatus.CLOSED, by=judged["bappeda"])
    assert _post(api, judged["external"].user, round_, judged["own"]).status_code == 409
    api.force_authenticate(judged["external"].user)
    assert len(api.get(f"/api/v1/competitions/{round_.pk}/scores/").json()["results"]) == 15
    results = api.get(f"/api/v1/competitions/{round_.pk}/results/").json()["results"]
    assert [(r["innovation_name"], r["rank"], r["result"]) for r in results] == [
        (judged["other"].innovation.name, 1, "85.00"),
        (judged["own"].innovation.name, 2, "60.00"),
    ]
    entrant = UserFactory(role=Role.DEPARTMENT_STAFF, department=department)
    api.force_authenticate(entrant)
    assert api.get(f"/api/v1/competitions/{round_.pk}/results/").status_code == 409  # not published yet
    assert len(api.get(f"/api/v1/competitions/{round_.pk}/scores/").json()["results"]) == 5  # its own entry's
    Round.objects.filter(pk=round_.pk).update(status=RoundStatus.PUBLISHED)
    assert api.get(f"/api/v1/competitions/{round_.pk}/results/").status_code == 200


def test_entries_of_another_department_stay_hidden_from_a_department_until_published(api, judged, department):
    entrant = UserFactory(role=Role.DEPARTMENT_STAFF, department=department)
    api.force_authenticate(entrant)
    rows = api.get(f"/api/v1/competitions/{judged['round'].pk}/entries/").json()["results"]
    assert [row["id"] for row in rows] == [judged["own"].pk]
    api.force_authenticate(judged["external"].user)
    rows = api.get(f"/api/v1/competitions/{judged['round'].pk}/entries/").json()["results"]
    assert {row["id"] for row in rows} == {judged["own"].pk, judged["other"].pk}


def test_the_api_refuses_anonymous_callers(api, judged):
    assert api.get("/api/v1/competitions/").status_code == 401
