"""`GET /api/v1/dashboard/?year=`: every department the user may see with the overview's figures, under the exact
field names of issue 8; a department role gets only its own row."""

import pytest
from django.urls import reverse

from apps.accounts.models import Role

from .factories import DepartmentFactory, OfficialFactory
from .factories_innovations import make_innovation
from .factories_scores import indicators_of, make_report, make_scored_agreement
from .progress_fixtures import on

pytestmark = pytest.mark.django_db
URL = reverse("api-dashboard")
FIELDS = {
    "department",
    "head",
    "agreement_status",
    "achievement_percent",
    "predicate",
    "quarters_reported",
    "innovations_active",
    "flagged",
    "projected_achievement_percent",
}


@pytest.fixture(autouse=True)
def _mid_august():
    with on(2026, 8, 15):
        yield


@pytest.fixture
def setup(department, other_department, make_user):
    head = make_user(Role.DEPARTMENT_HEAD)
    agreement = make_scored_agreement(department, [[{"target": "80"}]], official=OfficialFactory(name="Dr. Kadis"))
    (indicator,) = indicators_of(agreement)
    make_report(indicator, 1, "92")
    make_report(indicator, 2, "60")
    make_innovation(department, by=head, stage="penerapan", status="submitted")
    make_scored_agreement(other_department, [[{"target": "10"}]])
    DepartmentFactory(name="Dinas Tanpa PK", short_name="Kosong")
    return {"head": head, "agreement": agreement}


def _rows(response):
    return {row["department"]["short_name"]: row for row in response.json()["departments"]}


def test_the_api_gives_every_department_with_the_issues_fields(client, setup, make_user):
    client.force_login(make_user(Role.MAYOR_OFFICE))
    response = client.get(URL, {"year": 2026})
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2026
    rows = _rows(response)
    assert set(rows) == {"Disdik", "Dinkes", "Kosong"}
    assert all(set(row) == FIELDS for row in rows.values())
    disdik = rows["Disdik"]
    assert disdik["department"]["name"] == "Dinas Pendidikan"
    assert disdik["head"]["name"] == "Dr. Kadis"
    assert disdik["agreement_status"] == "signed"
    assert disdik["achievement_percent"] == "75.00" and disdik["predicate"] == "sedang"
    assert disdik["quarters_reported"] == 2 and disdik["innovations_active"] == 1
    assert disdik["flagged"] is False  # the evaluations app answers: no open flag
    assert disdik["projected_achievement_percent"] == "75.00"  # a level keeps its latest value
    assert rows["Dinkes"]["achievement_percent"] is None and rows["Dinkes"]["predicate"] is None
    empty = rows["Kosong"]
    assert empty["agreement_status"] is None and empty["head"] is None and empty["quarters_reported"] == 0


def test_a_department_role_gets_only_its_own_row(client, setup, make_user, other_department):
    for user in (setup["head"], make_user(Role.DEPARTMENT_STAFF)):
        client.force_login(user)
        assert set(_rows(client.get(URL))) == {"Disdik"}
    client.force_login(make_user(Role.DEPARTMENT_HEAD, department=other_department))
    assert set(_rows(client.get(URL))) == {"Dinkes"}


def test_the_year_defaults_to_this_year_and_a_bad_one_is_refused(client, setup, make_user):
    client.force_login(make_user(Role.BAPPEDA))
    assert client.get(URL).json()["year"] == 2026
    assert client.get(URL, {"year": "tahun"}).status_code == 400
    assert client.get(URL, {"year": "1999"}).status_code == 400
    rows = _rows(client.get(URL, {"year": 2025}))
    assert rows["Disdik"]["agreement_status"] is None  # no PK in 2025


def test_the_api_needs_credentials(client, setup):
    assert client.get(URL).status_code == 401


def test_the_api_is_in_the_schema(client, make_user):
    client.force_login(make_user(Role.ADMIN))
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    assert "/api/v1/dashboard/" in schema["paths"]
    row = schema["components"]["schemas"]["DepartmentRow"]["properties"]
    assert set(row) == FIELDS
