import os

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from apps.accounts.models import Role

from .factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def token_for(api, username, password=PASSWORD):
    response = api.post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")
    return response


def test_a_token_is_given_for_a_username_and_password_and_opens_the_api(api, make_user):
    make_user(Role.BAPPEDA, username="bappeda")
    response = token_for(api, "bappeda")
    assert response.status_code == 200
    assert set(response.json()) == {"token"}
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = api.get("/api/v1/me/").json()
    assert me == {"username": "bappeda", "role": "bappeda", "department": None}


def test_a_wrong_password_gets_no_token(api, make_user):
    make_user(Role.BAPPEDA, username="bappeda")
    response = token_for(api, "bappeda", "wrong")
    assert response.status_code == 400
    assert "token" not in response.json()


def test_me_names_the_department_of_a_department_role(api, users, department):
    api.force_authenticate(users[Role.DEPARTMENT_STAFF])
    assert api.get("/api/v1/me/").json() == {
        "username": "department-staff",
        "role": "department_staff",
        "department": department.pk,
    }


def test_departments_list_is_paginated_with_the_contract_fields(api, users, department, other_department):
    api.force_authenticate(users[Role.MAYOR_OFFICE])
    body = api.get("/api/v1/departments/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 2
    assert {"id", "code", "name", "short_name", "kind"} <= set(body["results"][0])


def test_a_department_head_gets_only_their_own_department_and_404_for_another(api, users, department, other_department):
    api.force_authenticate(users[Role.DEPARTMENT_HEAD])
    body = api.get("/api/v1/departments/").json()
    assert [row["id"] for row in body["results"]] == [department.pk]
    assert api.get(f"/api/v1/departments/{other_department.pk}/").status_code == 404


def test_officials_carry_the_department_of_their_current_assignment(
    api, users, head_assignment, django_assert_max_num_queries
):
    api.force_authenticate(users[Role.INSPECTORATE])
    with django_assert_max_num_queries(6):
        body = api.get("/api/v1/officials/").json()
    row = body["results"][0]
    assert {"id", "nip", "name", "rank", "echelon", "department"} <= set(row)
    assert row["department"] == head_assignment.department_id
    assert row["nip"] == head_assignment.official.nip


def test_the_api_refuses_anonymous_callers(api):
    assert api.get("/api/v1/departments/").status_code == 401


def test_the_openapi_schema_documents_the_contract_paths(api, users):
    api.force_authenticate(users[Role.ADMIN])
    response = api.get(reverse("api-schema"), {"format": "json"})
    paths = response.json()["paths"]
    for path in ["/api/v1/auth/token/", "/api/v1/me/", "/api/v1/departments/", "/api/v1/officials/"]:
        assert path in paths


def test_the_openapi_schema_is_valid_without_a_single_warning():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", os.devnull)


def test_the_admin_creates_a_department_and_others_are_refused(api, users):
    payload = {"code": "7.01", "name": "Dinas Baru", "short_name": "Disbar", "kind": "dinas"}
    api.force_authenticate(users[Role.BAPPEDA])
    assert api.post("/api/v1/departments/", payload, format="json").status_code == 403
    api.force_authenticate(users[Role.ADMIN])
    response = api.post("/api/v1/departments/", payload, format="json")
    assert response.status_code == 201, response.json()


def test_a_department_head_changing_another_department_gets_404_and_their_own_403(
    api, users, department, other_department
):
    api.force_authenticate(users[Role.DEPARTMENT_HEAD])
    assert api.patch(f"/api/v1/departments/{other_department.pk}/", {"name": "x"}, format="json").status_code == 404
    assert api.patch(f"/api/v1/departments/{department.pk}/", {"name": "x"}, format="json").status_code == 403


def test_an_official_with_a_bad_nip_is_refused_with_every_reason(api, users):
    api.force_authenticate(users[Role.ADMIN])
    response = api.post(
        "/api/v1/officials/",
        {"nip": "196802301992133002", "name": "X", "rank": "IV/a", "echelon": "II.b"},
        format="json",
    )
    assert response.status_code == 400
    assert len(response.json()["nip"]) == 3


def test_the_mayors_office_moves_an_official_through_the_api(api, users, head_assignment, other_department):
    api.force_authenticate(users[Role.MAYOR_OFFICE])
    response = api.post(
        "/api/v1/assignments/",
        {
            "official": head_assignment.official_id,
            "department": other_department.pk,
            "kind": "plt",
            "start_date": "2026-03-01",
            "sk_number": "821.2/7/BKPSDM/2026",
            "sk_date": "2026-02-27",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    head_assignment.refresh_from_db()
    assert str(head_assignment.end_date) == "2026-02-28"


def test_the_audit_trail_is_readable_by_the_inspectorate_and_filtered_by_object(
    api, users, department, other_department, django_assert_max_num_queries
):
    api.force_authenticate(users[Role.ADMIN])
    api.patch(f"/api/v1/departments/{department.pk}/", {"name": "Dinas Pendidikan Kota"}, format="json")
    api.force_authenticate(users[Role.INSPECTORATE])
    with django_assert_max_num_queries(15):
        body = api.get(
            "/api/v1/audit/events/", {"model": "departments.department", "object_id": department.pk, "action": "update"}
        ).json()
    assert body["count"] == 1
    event = body["results"][0]
    assert event["actor_id"] == users[Role.ADMIN].pk
    assert event["source"] == f"/api/v1/departments/{department.pk}/"
    assert [c["new"] for c in event["changes"]] == ["Dinas Pendidikan Kota"]
    api.force_authenticate(users[Role.BAPPEDA])
    assert api.get("/api/v1/audit/events/").status_code == 403


def test_the_admin_creates_an_account_through_the_api_with_the_same_rules_as_the_page(api, users, department):
    api.force_authenticate(users[Role.ADMIN])
    payload = {"username": "staf-baru", "role": "department_staff", "password": "Banjarbaru-2026!"}
    response = api.post("/api/v1/users/", payload, format="json")
    assert response.status_code == 400 and "department" in response.json()
    response = api.post("/api/v1/users/", {**payload, "department": department.pk}, format="json")
    assert response.status_code == 201, response.json()
    assert "password" not in response.json()
    weak = {**payload, "username": "lemah", "password": "123", "department": department.pk}
    response = api.post("/api/v1/users/", weak, format="json")
    assert response.status_code == 400 and "password" in response.json()
    api.force_authenticate(users[Role.MAYOR_OFFICE])
    assert api.get("/api/v1/users/").status_code == 403
