"""Issue 10: /api/v1/positions/ and /api/v1/position-assignments/: the pages' permissions, scoping and rules."""

import datetime
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error, response_schema_conformance

from apps.accounts.models import Role
from apps.departments.models import Position, PositionAssignment

from .factories import OfficialFactory
from .factories_positions import PositionAssignmentFactory, PositionFactory

pytestmark = pytest.mark.django_db
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
FUZZ_ROLES = [Role.ADMIN, Role.MAYOR_OFFICE, Role.DEPARTMENT_HEAD, Role.BAPPEDA, Role.OFFICIAL]


@pytest.fixture
def api(settings):
    """The schema from the application itself, as in tests/test_api_fuzz.py: requests stay in the test's transaction."""
    settings.ALLOWED_HOSTS = ["*"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_as():
    def client_for(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
        return client

    return client_for


@pytest.fixture
def bidang(department):
    return PositionFactory(department=department, name="Kepala Bidang Pendidikan Dasar", order=1)


@pytest.fixture
def seksi(bidang):
    return PositionFactory(superior=bidang, name="Kepala Seksi Kurikulum SD")


def test_the_list_gives_each_position_with_its_current_holder_definitive_first(
    api_as, users, bidang, seksi, django_assert_max_num_queries
):
    definitive = PositionAssignmentFactory(position=bidang, official__name="Dra. Definitif")
    PositionAssignmentFactory(position=bidang, kind="plh", start_date=datetime.date(2024, 6, 1))
    PositionAssignmentFactory(position=seksi, kind="plt", official__name="Plt Seksi")
    for n in range(20):
        PositionAssignmentFactory(position=PositionFactory(superior=bidang, name=f"Seksi {n}"))
    client = api_as(users[Role.MAYOR_OFFICE])
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/positions/", {"department": bidang.department_id})
    rows = {row["id"]: row for row in response.json()["results"]}
    assert len(rows) == 22
    assert rows[bidang.pk] == {
        "id": bidang.pk,
        "department": bidang.department_id,
        "name": "Kepala Bidang Pendidikan Dasar",
        "kind": "kepala_bidang",
        "echelon": "III.b",
        "superior": None,
        "order": 1,
        "is_active": True,
        "current_holder": {"official": definitive.official_id, "name": "Dra. Definitif", "kind": "definitive"},
    }
    assert rows[seksi.pk]["superior"] == bidang.pk
    assert rows[seksi.pk]["current_holder"]["kind"] == "plt"
    upper = client.get("/api/v1/positions/", {"echelon": "III.b"}).json()["results"]
    assert [row["id"] for row in upper] == [bidang.pk]


def test_department_roles_and_officials_see_their_own_departments_positions_only(
    api_as, users, bidang, other_department
):
    other = PositionFactory(department=other_department)
    for role in (Role.DEPARTMENT_HEAD, Role.DEPARTMENT_STAFF, Role.OFFICIAL):
        client = api_as(users[role])
        assert [row["id"] for row in client.get("/api/v1/positions/").json()["results"]] == [bidang.pk], role
        assert client.get(f"/api/v1/positions/{other.pk}/").status_code == 404, role
    everything = api_as(users[Role.BAPPEDA]).get("/api/v1/positions/").json()["results"]
    assert {row["id"] for row in everything} == {bidang.pk, other.pk}


def test_the_admin_keeps_the_structure_and_the_rules_are_explained(api_as, users, bidang, english_messages):
    client = api_as(users[Role.ADMIN])
    data = {
        "department": bidang.department_id,
        "name": "Kepala Seksi Sarana",
        "kind": "kepala_seksi",
        "echelon": "IV.a",
    }
    response = client.post("/api/v1/positions/", data, format="json")
    assert response.status_code == 400
    assert "needs its superior" in response.json()["superior"][0]
    response = client.post("/api/v1/positions/", {**data, "superior": bidang.pk}, format="json")
    assert response.status_code == 201
    created = response.json()
    assert (created["superior"], created["current_holder"]) == (bidang.pk, None)
    response = client.patch(f"/api/v1/positions/{created['id']}/", {"name": "Kepala Seksi Sarpras"}, format="json")
    assert response.status_code == 200 and response.json()["name"] == "Kepala Seksi Sarpras"
    response = client.delete(f"/api/v1/positions/{bidang.pk}/")
    assert response.status_code == 400 and "deactivate it instead" in str(response.json())
    response = client.post(f"/api/v1/positions/{bidang.pk}/deactivate/")
    assert response.status_code == 400 and "Kepala Seksi Sarpras" in response.json()["is_active"][0]
    assert client.post(f"/api/v1/positions/{created['id']}/deactivate/").json()["is_active"] is False
    assert client.post(f"/api/v1/positions/{bidang.pk}/deactivate/").status_code == 200
    assert client.delete(f"/api/v1/positions/{created['id']}/").status_code == 204


def test_roles_that_may_not_keep_the_structure_get_403_and_another_department_404(
    api_as, users, bidang, other_department
):
    other = PositionFactory(department=other_department)
    data = {"department": bidang.department_id, "name": "Sekretaris", "kind": "sekretaris", "echelon": "III.a"}
    for role in (Role.MAYOR_OFFICE, Role.DEPARTMENT_HEAD, Role.DEPARTMENT_STAFF, Role.BAPPEDA, Role.OFFICIAL):
        client = api_as(users[role])
        assert client.post("/api/v1/positions/", data, format="json").status_code == 403, role
        assert client.patch(f"/api/v1/positions/{bidang.pk}/", {"name": "X"}, format="json").status_code == 403
        assert client.post(f"/api/v1/positions/{bidang.pk}/deactivate/").status_code == 403, role
        assert client.delete(f"/api/v1/positions/{bidang.pk}/").status_code == 403, role
    head = api_as(users[Role.DEPARTMENT_HEAD])
    assert head.post(f"/api/v1/positions/{other.pk}/deactivate/").status_code == 404
    assert head.delete(f"/api/v1/positions/{other.pk}/").status_code == 404
    assert Position.objects.filter(is_active=True).count() == 2


def test_a_position_does_not_move_to_another_department(api_as, users, bidang, other_department, english_messages):
    response = api_as(users[Role.ADMIN]).patch(
        f"/api/v1/positions/{bidang.pk}/", {"department": other_department.pk}, format="json"
    )
    assert response.status_code == 400
    assert "stays in its department" in response.json()["department"][0]


def test_the_mayors_office_assigns_and_ends_and_a_conflict_names_the_holder(api_as, users, bidang, english_messages):
    PositionAssignmentFactory(position=bidang, official__name="Drs. Lama")
    newcomer = OfficialFactory()
    client = api_as(users[Role.MAYOR_OFFICE])
    data = {
        "official": newcomer.pk,
        "position": bidang.pk,
        "kind": "definitive",
        "start_date": "2026-01-05",
        "sk_number": "821.2/100/BKPSDM/2026",
        "sk_date": "2026-01-02",
    }
    response = client.post("/api/v1/position-assignments/", data, format="json")
    assert response.status_code == 400
    assert "Drs. Lama holds this position definitively" in response.json()["kind"][0]
    response = client.post("/api/v1/position-assignments/", {**data, "kind": "plt"}, format="json")
    assert response.status_code == 201
    created = response.json()
    assert (created["kind"], created["end_date"]) == ("plt", None)
    listed = client.get("/api/v1/position-assignments/", {"official": newcomer.pk}).json()["results"]
    assert [row["id"] for row in listed] == [created["id"]]
    response = client.post(f"/api/v1/position-assignments/{created['id']}/end/", {"end_date": "2026-01-01"})
    assert response.status_code == 400 and "end_date" in response.json()
    response = client.post(f"/api/v1/position-assignments/{created['id']}/end/", {"end_date": "2026-03-31"})
    assert response.status_code == 200 and response.json()["end_date"] == "2026-03-31"


def test_roles_that_may_not_assign_get_403_and_another_departments_assignment_404(
    api_as, users, bidang, other_department
):
    holder = PositionAssignmentFactory(position=bidang)
    other = PositionAssignmentFactory(position=PositionFactory(department=other_department))
    data = {
        "official": OfficialFactory().pk,
        "position": bidang.pk,
        "kind": "plt",
        "start_date": "2026-01-05",
        "sk_number": "x",
        "sk_date": "2026-01-02",
    }
    for role in (Role.DEPARTMENT_HEAD, Role.DEPARTMENT_STAFF, Role.BAPPEDA, Role.INSPECTORATE, Role.OFFICIAL):
        client = api_as(users[role])
        assert client.post("/api/v1/position-assignments/", data, format="json").status_code == 403, role
        response = client.post(f"/api/v1/position-assignments/{holder.pk}/end/", {"end_date": "2026-03-31"})
        assert response.status_code == 403, role
    head = api_as(users[Role.DEPARTMENT_HEAD])
    assert head.get(f"/api/v1/position-assignments/{other.pk}/").status_code == 404
    assert head.post(f"/api/v1/position-assignments/{other.pk}/end/", {"end_date": "2026-03-31"}).status_code == 404
    assert PositionAssignment.objects.filter(end_date__isnull=True).count() == 2


def test_a_change_through_the_api_is_recorded_with_the_token_user(api_as, users, bidang):
    admin = users[Role.ADMIN]
    url = f"/api/v1/positions/{bidang.pk}/"
    assert api_as(admin).patch(url, {"order": 7}, format="json").status_code == 200
    event = Position.pgh_event_model.objects.filter(pgh_obj_id=bidang.pk).latest("pgh_id")
    assert event.order == 7
    assert event.pgh_context.metadata == {"user": admin.pk, "url": url}


@pytest.mark.parametrize("role", [*FUZZ_ROLES])
def test_fuzzing_the_position_operations_gives_no_server_error_and_answers_match_the_schema(
    api, role, make_user, department, other_department
):
    """tests/test_api_fuzz.py fuzzes every operation; this runs the positions' ones for every role (including the
    officials, which that test does not use), with objects to find."""
    upper = PositionFactory(department=department, name="Sekretaris", kind="sekretaris")
    PositionAssignmentFactory(position=PositionFactory(superior=upper, name="Kepala Subbagian Umum"))
    PositionAssignmentFactory(position=PositionFactory(department=other_department))
    headers = {"Authorization": f"Token {Token.objects.create(user=make_user(role)).key}"}
    failures, cases = [], 0
    for result in api.get_all_operations():
        operation = result.ok()
        if "/positions/" not in operation.path and "/position-assignments/" not in operation.path:
            continue

        @settings(
            max_examples=FUZZ_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case):
            nonlocal cases
            cases += 1
            response = case.call(headers=headers)
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:600]}")
    assert cases > 20
    assert not failures, "\n\n".join(failures)
