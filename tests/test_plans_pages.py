"""The plan pages: what they show, and query counts that do not grow with the plan."""

import pytest
from django.urls import reverse

from apps.accounts.models import Role

from .factories import DepartmentFactory
from .factories_plans import RenstraFactory, RpjmdPeriodFactory, renstra_tree, rpjmd_tree

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("size", [1, 4])
def test_the_rpjmd_page_takes_the_same_queries_however_large_the_plan(
    size, login, users, django_assert_max_num_queries
):
    period = rpjmd_tree(missions=size, objectives=size, indicators=size)
    client = login(users[Role.BAPPEDA])
    with django_assert_max_num_queries(16):
        response = client.get(reverse("plans:rpjmd_detail", args=[period.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('id="indicator-') == size**3


@pytest.mark.parametrize("size", [1, 6])
def test_the_renstra_list_takes_the_same_queries_however_many_renstra(
    size, login, users, django_assert_max_num_queries
):
    period = RpjmdPeriodFactory()
    for _ in range(size):
        renstra_tree(RenstraFactory(period=period, department=DepartmentFactory()), indicators=1)
    client = login(users[Role.MAYOR_OFFICE])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("plans:renstra_list"), {"period": period.pk})
    assert response.status_code == 200
    assert response.content.decode().count("/plans/renstra/") >= size


@pytest.mark.parametrize("size", [1, 4])
def test_the_renstra_page_takes_the_same_queries_however_large_the_plan(
    size, login, users, department, django_assert_max_num_queries
):
    renstra = renstra_tree(
        RenstraFactory(department=department),
        goals=size,
        objectives=size,
        indicators=size,
        programs=size,
        activities=size,
    )
    client = login(users[Role.DEPARTMENT_HEAD])
    with django_assert_max_num_queries(22):
        response = client.get(renstra.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<tr id="indicator-') == size**3
    assert html.count('id="sub_activity-') == size * size * 2


def test_the_renstra_page_shows_the_rpjmd_sasaran_codes_and_budget_totals_in_rupiah(login, users, department):
    renstra = renstra_tree(RenstraFactory(department=department), programs=2)
    html = login(users[Role.DEPARTMENT_STAFF]).get(renstra.get_absolute_url()).content.decode()
    objective = renstra.goals.get().objectives.get()
    assert str(objective.rpjmd_objective) in html
    program = renstra.programs.first()
    assert program.code in html
    assert "Rp 1.500.000.000" in html  # one program's pagu
    assert "Rp 3.000.000.000" in html  # the total of a year over both programs
    assert 'data-testid="add-goal"' in html  # the department edits its own open Renstra
    assert "audit-timeline" in html


def test_the_inspectorate_reads_a_renstra_without_edit_actions(login, users, department):
    renstra = renstra_tree(RenstraFactory(department=department))
    html = login(users[Role.INSPECTORATE]).get(renstra.get_absolute_url()).content.decode()
    assert 'data-testid="add-goal"' not in html
    assert 'data-testid="lock"' not in html


def test_bappeda_sees_the_lock_button_and_a_department_head_does_not(login, users, department):
    renstra = RenstraFactory(department=department)
    assert b'data-testid="lock"' in login(users[Role.BAPPEDA]).get(renstra.get_absolute_url()).content
    assert b'data-testid="lock"' not in login(users[Role.DEPARTMENT_HEAD]).get(renstra.get_absolute_url()).content


def test_a_department_role_lists_only_its_own_renstra(login, users, department, other_department):
    own = RenstraFactory(department=department)
    other = RenstraFactory(department=other_department, period=own.period)
    html = login(users[Role.DEPARTMENT_STAFF]).get(reverse("plans:renstra_list")).content.decode()
    assert own.get_absolute_url() in html
    assert other.get_absolute_url() not in html


def test_the_renstra_list_filters_by_department_and_lock(login, users, department, other_department):
    own = RenstraFactory(department=department)
    other = RenstraFactory(department=other_department, period=own.period, locked_at="2026-01-01T00:00:00Z")
    client = login(users[Role.BAPPEDA])
    html = client.get(reverse("plans:renstra_list"), {"department": department.pk}).content.decode()
    assert own.get_absolute_url() in html and other.get_absolute_url() not in html
    html = client.get(reverse("plans:renstra_list"), {"locked": "true"}).content.decode()
    assert other.get_absolute_url() in html and own.get_absolute_url() not in html


def test_deleting_asks_for_confirmation_first(login, users):
    period = rpjmd_tree()
    mission = period.missions.get()
    client = login(users[Role.BAPPEDA])
    url = reverse("plans:rpjmd_item_delete", kwargs={"kind": "mission", "pk": mission.pk})
    assert b'data-testid="delete-item"' in client.get(url).content
    assert period.missions.exists()
    assert client.post(url).status_code == 302
    assert not period.missions.exists()


def test_an_unknown_level_is_404(login, users):
    period = RpjmdPeriodFactory()
    url = reverse("plans:rpjmd_item_create", kwargs={"kind": "nonsense", "parent": period.pk})
    assert login(users[Role.BAPPEDA]).get(url).status_code == 404
