"""Each dashboard makes the same number of SQL queries with 5 departments as with 60 (issue 8, "Speed"): the capaian,
reports, innovations, flags and projections of all departments are read set-based, never per department."""

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from apps.departments.models import Department

from .factories_dashboards import make_city, seed_schemes
from .progress_fixtures import on

pytestmark = pytest.mark.django_db
BUDGET = 60  # a ceiling for the small city; the large one must then make exactly as many queries


@pytest.fixture(autouse=True)
def _mid_august():
    with on(2026, 8, 15):
        yield


@pytest.fixture(autouse=True)
def _no_cache(settings):
    """The counts compared are those of a computation (a city of 5 departments, then of 60), not of a cache hit: the
    cached innovation index (one query when nothing changed) has a test of its own in test_innovations_dashboard."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture(autouse=True)
def _schemes(db):
    seed_schemes()  # the index is computed in the measured queries too


def _recent_changes_of_one_kind():
    """The newest rows of the audit trail are of one table at both sizes (the Inspektorat's recent changes show
    them), so that both measurements read the same event tables."""
    for department in Department.objects.order_by("-pk")[:20]:
        department.name = department.name + " "
        department.save()


def _measure(client, django_assert_max_num_queries, django_assert_num_queries, user, url):
    """Queries of `url` in the city of 5 departments made by the test, then after 55 more."""
    client.force_login(user)
    client.get(url)  # warm the per-process caches (content types, the audit trail's table list)
    _recent_changes_of_one_kind()
    with django_assert_max_num_queries(BUDGET) as small:
        response = client.get(url)
    assert response.status_code == 200
    make_city(55)
    _recent_changes_of_one_kind()
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("role", "name"),
    [
        (Role.MAYOR_OFFICE, "dashboards:home"),
        (Role.MAYOR_OFFICE, "dashboards:overview"),
        (Role.ADMIN, "dashboards:home"),
        (Role.BAPPEDA, "dashboards:home"),
        (Role.INSPECTORATE, "dashboards:home"),
        (Role.MAYOR_OFFICE, "api-dashboard"),
    ],
)
def test_city_wide_dashboards_make_as_many_queries_for_60_departments_as_for_5(
    client, make_user, django_assert_max_num_queries, django_assert_num_queries, role, name
):
    make_city(5)
    response = _measure(
        client, django_assert_max_num_queries, django_assert_num_queries, make_user(role), reverse(name)
    )
    if name == "api-dashboard":
        assert len(response.json()["departments"]) == Department.objects.count() == 61  # the fixtures' one too
    else:
        assert len(response.context.get("rows") or response.context["compliance_rows"]) == 61


@pytest.mark.parametrize("role", [Role.DEPARTMENT_HEAD, Role.DEPARTMENT_STAFF])
def test_a_departments_dashboard_makes_as_many_queries_in_a_city_of_60_as_of_5(
    client, make_user, django_assert_max_num_queries, django_assert_num_queries, role
):
    own, *_others = make_city(5)
    user = make_user(role, department=own)  # a department with a PK, reports and innovations like the others
    response = _measure(
        client, django_assert_max_num_queries, django_assert_num_queries, user, reverse("dashboards:home")
    )
    assert response.context["department"] == own and response.context["row"].achievement_percent is not None
    assert response.context["innovations"]


@pytest.mark.parametrize("role", [Role.DEPARTMENT_HEAD, Role.DEPARTMENT_STAFF])
def test_a_departments_api_row_costs_as_many_queries_in_a_city_of_60_as_of_5(
    client, make_user, django_assert_max_num_queries, django_assert_num_queries, role
):
    own, *_others = make_city(5)
    user = make_user(role, department=own)
    response = _measure(
        client, django_assert_max_num_queries, django_assert_num_queries, user, reverse("api-dashboard")
    )
    assert [row["department"]["id"] for row in response.json()["departments"]] == [own.pk]
