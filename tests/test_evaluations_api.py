"""The API of flags, evaluations and the early warning: the fixed paths and field names, the decide action with
its 409/403/404/400, the head's own scope."""

import datetime
from decimal import Decimal as D

import pytest
import time_machine

from apps.accounts.models import Role
from apps.evaluations import flagging, services
from apps.evaluations.models import Evaluation

from .factories import UserFactory
from .factories_evaluations import make_head, make_head_agreement

pytestmark = pytest.mark.django_db
JUDGED = datetime.date(2026, 1, 11)
WITA = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def mayor(db):
    return UserFactory(role=Role.MAYOR_OFFICE)


@pytest.fixture
def low(db):
    return make_head_agreement(make_head(start=datetime.date(2023, 1, 2)), values=("80", "20"))


def test_flags_have_the_fixed_fields_and_filter_by_resolved(client, mayor, low):
    flagging.flag_overdue(today=JUDGED)
    client.force_login(mayor)
    body = client.get("/api/v1/flags/").json()
    (flag,) = body["results"] if isinstance(body, dict) else body
    assert set(flag) == {"id", "official", "agreement", "reasons", "achievement_percent", "created_at", "resolved"}
    assert flag["official"] == low.official_id
    assert flag["agreement"] == low.pk
    assert flag["reasons"] == ["low_achievement"]
    assert D(flag["achievement_percent"]) == D(80)
    assert flag["resolved"] is False

    def count(query):
        data = client.get("/api/v1/flags/", {"resolved": query}).json()
        return len(data["results"] if isinstance(data, dict) else data)

    assert (count("false"), count("true")) == (1, 0)
    assert client.get("/api/v1/flags/", {"resolved": "maybe"}).status_code == 400


def test_evaluations_have_the_fixed_fields(client, mayor, low):
    evaluation = services.evaluation_open(agreement=low, by=mayor, today=JUDGED)
    client.force_login(mayor)
    got = client.get(f"/api/v1/evaluations/{evaluation.pk}/").json()
    assert got == {
        "id": evaluation.pk,
        "official": low.official_id,
        "agreement": low.pk,
        "achievement_percent": "80.00",
        "predicate": "",
        "decision": "",
        "improvement_deadline": None,
        "status": "open",
    }


def test_decide_records_the_decision_and_answers_409_when_the_state_does_not_allow_it(client, mayor, low):
    evaluation = services.evaluation_open(agreement=low, by=mayor, today=JUDGED)
    client.force_login(mayor)
    url = f"/api/v1/evaluations/{evaluation.pk}/decide/"
    with time_machine.travel(datetime.datetime(2026, 1, 20, 10, tzinfo=WITA), tick=False):
        client.force_login(mayor)
        response = client.post(url, {"decision": "improvement", "note": "Enam bulan"}, content_type="application/json")
        assert response.status_code == 200, response.content
        assert response.json()["improvement_deadline"] == "2026-07-20"
        assert response.json()["status"] == "improvement"
        again = client.post(url, {"decision": "retained"}, content_type="application/json")
    assert again.status_code == 409
    assert "detail" in again.json()


def test_decide_answers_400_for_a_missing_reason_and_an_unknown_decision(client, mayor, low):
    evaluation = services.evaluation_open(agreement=low, by=mayor, today=JUDGED)
    client.force_login(mayor)
    url = f"/api/v1/evaluations/{evaluation.pk}/decide/"
    assert client.post(url, {"decision": "force_majeure"}, content_type="application/json").status_code == 400
    assert client.post(url, {"decision": "fired"}, content_type="application/json").status_code == 400
    assert Evaluation.objects.get().status == "open"


def test_decide_is_403_for_a_role_that_may_not_and_404_outside_the_scope(client, mayor, low):
    evaluation = services.evaluation_open(agreement=low, by=mayor, today=JUDGED)
    url = f"/api/v1/evaluations/{evaluation.pk}/decide/"
    payload = {"decision": "retained"}
    for user in (UserFactory(role=Role.ADMIN), UserFactory(role=Role.INSPECTORATE), low.official.user):
        client.force_login(user)
        assert client.post(url, payload, content_type="application/json").status_code == 403
    client.force_login(make_head().user)
    assert client.post(url, payload, content_type="application/json").status_code == 404
    assert client.get(f"/api/v1/evaluations/{evaluation.pk}/").status_code == 404
    client.force_login(UserFactory(role=Role.BAPPEDA))
    assert client.get("/api/v1/evaluations/").status_code == 403
    assert Evaluation.objects.get().status == "open"


def test_a_head_lists_only_their_own_flags_and_evaluations(client, mayor, low):
    other = make_head_agreement(values=("10", "1"))
    flagging.flag_overdue(today=JUDGED)
    services.evaluation_open(agreement=low, by=mayor, today=JUDGED)
    services.evaluation_open(agreement=other, by=mayor, today=JUDGED)
    client.force_login(low.official.user)

    def ids(path, key):
        data = client.get(path).json()
        return [row[key] for row in (data["results"] if isinstance(data, dict) else data)]

    assert ids("/api/v1/flags/", "agreement") == [low.pk]
    assert ids("/api/v1/evaluations/", "agreement") == [low.pk]


def test_the_mayors_office_opens_an_evaluation_over_the_api(client, mayor, low):
    client.force_login(mayor)
    with time_machine.travel(datetime.datetime(2026, 1, 12, 10, tzinfo=WITA), tick=False):
        client.force_login(mayor)
        response = client.post("/api/v1/evaluations/", {"agreement": low.pk}, content_type="application/json")
        again = client.post("/api/v1/evaluations/", {"agreement": low.pk}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["achievement_percent"] == "80.00"
    assert again.status_code == 409


def test_at_risk_lists_heads_with_their_projected_capaian(client, mayor):
    at_risk = make_head_agreement(year=2026, quarters=(1, 2), values=("60", "10"))
    make_head_agreement(year=2026, quarters=(1, 2, 3))
    with time_machine.travel(datetime.datetime(2026, 11, 23, 10, tzinfo=WITA), tick=False):
        client.force_login(mayor)
        rows = client.get("/api/v1/at-risk/", {"year": 2026}).json()
        assert client.get("/api/v1/at-risk/", {"year": "abc"}).status_code == 400
        client.force_login(at_risk.official.user)
        assert client.get("/api/v1/at-risk/").status_code == 403
    (row,) = rows
    assert row["agreement"] == at_risk.pk
    assert row["official"] == at_risk.official_id
    assert D(row["projected_achievement_percent"]) == D("50.00")  # (60 + 40) / 2 at the run rate
    assert row["reasons"] == ["low_achievement", "missing_reports"]  # TW III was due on 10 October
    assert [(i["name"], i["projected_achievement_percent"]) for i in row["indicators"]] == [
        ("Indikator 1.2", "40.00"),  # the indicators dragging the head down, worst first
        ("Indikator 1.1", "60.00"),
    ]


def test_the_mayors_office_rates_and_the_head_answers_through_the_api(client, mayor, low):
    evaluation = services.evaluation_open(agreement=low, by=mayor, today=JUDGED)
    head = low.official.user
    url = f"/api/v1/evaluations/{evaluation.pk}/"
    client.force_login(head)
    assert client.post(url + "rate/", {"behaviour_rating": "above"}).status_code == 403
    answer = client.post(url + "statement/", {"statement": "Capaian rendah karena refocusing anggaran."})
    assert answer.status_code == 200, answer.json()
    assert Evaluation.objects.get(pk=evaluation.pk).statement.startswith("Capaian rendah")
    assert client.post(url + "statement/", {"statement": "  "}).status_code == 400
    client.force_login(UserFactory(role=Role.DEPARTMENT_HEAD))  # another department's head: not in scope
    assert client.post(url + "statement/", {"statement": "x"}).status_code == 404
    client.force_login(mayor)
    assert client.post(url + "statement/", {"statement": "x"}).status_code == 403
    assert client.post(url + "rate/", {"behaviour_rating": "excellent"}).status_code == 400
    rated = client.post(url + "rate/", {"behaviour_rating": "meets"})
    assert rated.status_code == 200, rated.json()
    assert rated.json()["predicate"] == "butuh_perbaikan"  # work below expectation (80 < 91), behaviour as expected
    client.post(url + "decide/", {"decision": "improvement", "note": "Enam bulan."})
    assert client.post(url + "rate/", {"behaviour_rating": "above"}).status_code == 409


def test_the_policy_of_a_year_through_the_api(client, mayor, low):
    client.force_login(mayor)
    assert client.get("/api/v1/evaluation-policies/2027/").json() == {
        "year": 2027,
        "threshold": "91.00",
        "above_expectation": "110.00",
        "require_all_quarters": True,
        "require_innovation": True,
    }
    body = {"threshold": "85", "above_expectation": "105", "require_all_quarters": True, "require_innovation": False}
    changed = client.put("/api/v1/evaluation-policies/2027/", body, content_type="application/json")
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["threshold"], changed.json()["require_innovation"]) == ("85.00", False)
    upside_down = {**body, "above_expectation": "80"}
    assert (
        client.put("/api/v1/evaluation-policies/2027/", upside_down, content_type="application/json").status_code == 400
    )
    client.force_login(low.official.user)
    assert client.get("/api/v1/evaluation-policies/2027/").status_code == 200
    assert client.put("/api/v1/evaluation-policies/2027/", body, content_type="application/json").status_code == 403
