"""`GET /api/v1/tree/?year=&department=`: the page's tree as nested JSON with its gaps, with the page's scope (another
department 404, an official their own line), answers that match the schema, and a bounded number of queries."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from apps.accounts.models import Role

from .factories import DepartmentFactory, OfficialFactory
from .factories_tree import YEAR, make_cascade

pytestmark = pytest.mark.django_db
URL = reverse("api-tree")
NODE_FIELDS = {
    "id",
    "kind",
    "name",
    "target",
    "unit",
    "capaian",
    "predicate",
    "official",
    "position",
    "agreement",
    "children",
    "department",
    "signed",
    "level",
    "indicators",
}


@pytest.fixture
def cascade(department):
    return make_cascade(department)


def get(client, user, **params):
    token = Token.objects.get_or_create(user=user)[0]
    return client.get(URL, params, HTTP_AUTHORIZATION=f"Token {token.key}")


def official_user(make_user, official, department):
    user = make_user(Role.OFFICIAL, department=department)
    official.user = user
    official.save()
    return user


def walk(nodes):
    for node in nodes:
        yield node
        yield from walk(node["children"])


def test_the_tree_as_nested_json(client, department, make_user, cascade):
    response = get(client, make_user(Role.DEPARTMENT_HEAD), year=YEAR)
    assert response.status_code == 200
    data = response.json()
    assert data["year"] == YEAR and data["department"]["short_name"] == "Disdik"
    (rpjmd,) = data["nodes"]
    assert set(rpjmd) == NODE_FIELDS
    assert (rpjmd["kind"], rpjmd["id"], rpjmd["agreement"], rpjmd["capaian"]) == (
        "rpjmd_objective",
        cascade["rpjmd"].pk,
        None,
        None,
    )
    assert rpjmd["indicators"][0]["target"] == "75.5"
    (sasaran,) = rpjmd["children"]
    assert sasaran["kind"] == "objective" and sasaran["capaian"] == "115.00"
    h1 = sasaran["children"][0]
    assert {key: h1[key] for key in ("kind", "id", "name", "target", "unit", "capaian", "predicate", "agreement")} == {
        "kind": "indicator",
        "id": cascade["h1"].pk,
        "name": "Angka Partisipasi Murni SD",
        "target": "80",
        "unit": "%",
        "capaian": "115.00",
        "predicate": "sangat_tinggi",
        "agreement": cascade["head_pk"].pk,
    }
    (u1,) = h1["children"]
    assert (u1["id"], u1["capaian"], u1["predicate"], u1["official"], u1["position"]) == (
        cascade["u1"].pk,
        "70.00",
        "sedang",
        "Budi Santoso, S.Pd.",
        "Kepala Bidang Pendidikan Dasar",
    )
    (l1,) = u1["children"]
    assert (l1["id"], l1["predicate"], l1["level"], l1["children"]) == (cascade["l1"].pk, "sangat_rendah", "lower", [])
    assert [node["name"] for node in data["unlinked"]] == ["Tata kelola"]
    assert [node["id"] for node in data["unattached"]] == [cascade["l2"].pk]
    gaps = {(gap["kind"], gap["name"]) for gap in data["gaps"]}
    assert gaps == {
        ("supports_nothing", "Seksi tanpa induk"),
        ("not_supported", "Indeks literasi"),
        ("not_supported", "Nilai SAKIP"),
        ("not_linked", "Tata kelola"),
    }


def test_another_departments_tree_is_404_for_a_department_role(client, department, other_department, make_user):
    make_cascade(other_department)
    for role in (Role.DEPARTMENT_HEAD, Role.DEPARTMENT_STAFF):
        user = make_user(role)
        assert get(client, user, year=YEAR, department=other_department.pk).status_code == 404
        mine = get(client, user, year=YEAR)
        assert mine.status_code == 200 and mine.json()["nodes"] == []


def test_an_official_gets_only_their_own_line(client, department, make_user, cascade):
    response = get(client, official_user(make_user, cascade["upper_official"], department), year=YEAR)
    data = response.json()
    agreements = {node["agreement"] for node in walk(data["nodes"] + data["unlinked"] + data["unattached"])}
    assert agreements == {cascade["upper_pk"].pk, cascade["lower_pk"].pk}
    assert data["nodes"][0]["kind"] == "objective"
    assert all(gap["agreement"] != cascade["head_pk"].pk for gap in data["gaps"])
    other = DepartmentFactory()
    assert get(client, official_user(make_user, OfficialFactory(), department), department=other.pk).status_code == 404


def test_a_citywide_role_gets_the_whole_city_or_one_department(client, department, other_department, make_user):
    mine, theirs = make_cascade(department), make_cascade(other_department, rpjmd_code="S2")
    user = make_user(Role.BAPPEDA)
    everything = get(client, user, year=YEAR).json()
    assert everything["department"] is None
    ids = {node["id"] for node in walk(everything["nodes"]) if node["kind"] == "indicator"}
    assert {mine["h1"].pk, theirs["h1"].pk} <= ids
    one = get(client, user, year=YEAR, department=other_department.pk).json()
    ids = {node["id"] for node in walk(one["nodes"]) if node["kind"] == "indicator"}
    assert theirs["h1"].pk in ids and mine["h1"].pk not in ids


def test_a_year_that_is_not_a_year_is_400_and_anonymous_is_401(client, make_user):
    user = make_user(Role.MAYOR_OFFICE)
    for year in ("abc", "1999", "²", "9" * 30):
        assert get(client, user, year=year).status_code == 400
    assert client.get(URL).status_code == 401


def test_a_juror_may_not_read_the_tree(client, make_user):
    assert get(client, make_user(Role.JURY)).status_code == 403


def test_the_schema_documents_the_nodes_recursively(client, make_user):
    client.force_login(make_user(Role.ADMIN))
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/tree/"]["get"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Tree"
    }
    node = schema["components"]["schemas"]["TreeNode"]
    assert node["properties"]["children"]["items"] == {"$ref": "#/components/schemas/TreeNode"}
    assert set(node["properties"]) >= NODE_FIELDS


@pytest.mark.parametrize("departments", [1, 4])
def test_the_api_makes_a_bounded_number_of_queries(departments, client, make_user, django_assert_max_num_queries):
    for number in range(departments):
        make_cascade(
            DepartmentFactory(),
            rpjmd_code=f"S{number}",
            upper_official=OfficialFactory(),
            lower_official=OfficialFactory(),
        )
    user = make_user(Role.MAYOR_OFFICE)
    token = Token.objects.create(user=user)
    with django_assert_max_num_queries(14):  # 13 today: the same for one department and for four
        response = client.get(URL, {"year": YEAR}, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert len(response.json()["nodes"]) == departments
