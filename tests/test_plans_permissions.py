"""Who may read and change the plan: the RPJMD is Bappeda's, a Renstra its department's until Bappeda locks it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from apps.plans.models import Indicator, IndicatorTarget, Mission, Renstra

from .factories_plans import IndicatorFactory, IndicatorTargetFactory, RenstraFactory, RpjmdPeriodFactory
from .matrix import ALL_ROLES, ANON, HEAD, STAFF, designed
from .matrix import plans as plans_matrix

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


@pytest.fixture
def objects(department, other_department, users):
    shared = {"own_department": department, "other_department": other_department}
    plans_matrix.objects(shared)
    return shared


@pytest.mark.parametrize("role", [ANON, *ALL_ROLES])
def test_every_plan_url_answers_each_role_as_designed(role, client, objects, users):
    if role != ANON:
        client.force_login(users[role])
    wrong = []
    for name, (kwargs, expected) in sorted(plans_matrix.EXPECTED.items()):
        url = reverse(name, kwargs=kwargs(objects) if kwargs else None)
        code = client.get(url).status_code
        design = designed(name, expected, role)
        if code not in (design if isinstance(design, set) else {design}):
            wrong.append(f"{name} ({url}): {code}, expected {design}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", [HEAD, STAFF])
def test_department_roles_get_404_for_another_departments_plan(role, client, objects, users):
    client.force_login(users[role])
    wrong = []
    for name, kwargs in plans_matrix.OTHER_DEPARTMENT.items():
        url = reverse(name, kwargs=kwargs(objects))
        if (code := client.get(url).status_code) != 404:
            wrong.append(f"{name} ({url}): {code}")
    assert not wrong, "\n".join(wrong)


# --- RPJMD ----------------------------------------------------------------------------------------------------------
def test_bappeda_adds_a_misi_to_the_rpjmd(login, users):
    period = RpjmdPeriodFactory()
    response = login(users[Role.BAPPEDA]).post(
        reverse("plans:rpjmd_item_create", kwargs={"kind": "mission", "parent": period.pk}),
        {"number": 1, "text": "Meningkatkan kualitas SDM"},
    )
    assert response.status_code == 302
    assert Mission.objects.get(period=period).text == "Meningkatkan kualitas SDM"


def test_a_department_head_cannot_edit_the_rpjmd(login, users):
    period = RpjmdPeriodFactory()
    response = login(users[Role.DEPARTMENT_HEAD]).post(
        reverse("plans:rpjmd_item_create", kwargs={"kind": "mission", "parent": period.pk}),
        {"number": 1, "text": "Misi"},
    )
    assert response.status_code == 403
    assert not Mission.objects.exists()


# --- Renstra --------------------------------------------------------------------------------------------------------
def test_a_head_edits_an_indicator_of_their_own_renstra(login, users, department):
    indicator = IndicatorFactory(objective__goal__renstra__department=department)
    url = reverse("plans:renstra_item_update", kwargs={"kind": "indicator", "pk": indicator.pk})
    client = login(users[Role.DEPARTMENT_HEAD])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"name": "Angka Partisipasi Murni SD", "unit": "%", "polarity": "positive", "aggregation": "last",
         "baseline": "97,1", "weight": "", "is_iku": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, indicator.baseline) == ("Angka Partisipasi Murni SD", Decimal("97.1"))


def test_a_head_gets_404_for_another_departments_renstra(login, users, other_department):
    indicator = IndicatorFactory(objective__goal__renstra__department=other_department)
    client = login(users[Role.DEPARTMENT_HEAD])
    renstra = indicator.objective.goal.renstra
    assert client.get(reverse("plans:renstra_detail", args=[renstra.pk])).status_code == 404
    url = reverse("plans:renstra_item_update", kwargs={"kind": "indicator", "pk": indicator.pk})
    assert (
        client.post(url, {"name": "x", "unit": "%", "polarity": "positive", "aggregation": "last"}).status_code == 404
    )


def test_a_head_creates_a_renstra_only_for_their_own_department(login, users, department, other_department):
    period = RpjmdPeriodFactory()
    client = login(users[Role.DEPARTMENT_HEAD])
    refused = client.post(reverse("plans:renstra_create"), {"department": other_department.pk, "period": period.pk})
    assert refused.status_code == 200  # the other department is no choice of theirs
    assert not Renstra.objects.exists()
    created = client.post(reverse("plans:renstra_create"), {"department": department.pk, "period": period.pk})
    assert created.status_code == 302
    assert Renstra.objects.get().department == department


def test_bappeda_locks_and_unlocks_a_renstra_and_who_and_when_are_kept(login, users, department):
    renstra = RenstraFactory(department=department)
    client = login(users[Role.BAPPEDA])
    assert client.post(reverse("plans:renstra_lock", args=[renstra.pk])).status_code == 302
    renstra.refresh_from_db()
    assert renstra.is_locked and renstra.locked_by == users[Role.BAPPEDA] and renstra.locked_at is not None
    page = client.get(renstra.get_absolute_url())
    assert b'data-testid="locked-banner"' in page.content
    assert client.post(reverse("plans:renstra_unlock", args=[renstra.pk])).status_code == 302
    renstra.refresh_from_db()
    assert not renstra.is_locked and renstra.locked_by is None


def test_a_head_cannot_lock_their_renstra(login, users, department):
    renstra = RenstraFactory(department=department)
    assert login(users[Role.DEPARTMENT_HEAD]).post(reverse("plans:renstra_lock", args=[renstra.pk])).status_code == 403
    renstra.refresh_from_db()
    assert not renstra.is_locked


def test_a_locked_renstra_refuses_edits_with_a_clear_message(login, users, department):
    target = IndicatorTargetFactory(indicator__objective__goal__renstra__department=department)
    renstra = target.indicator.objective.goal.renstra
    Renstra.objects.filter(pk=renstra.pk).update(locked_at="2026-01-05T10:00:00Z", locked_by=users[Role.BAPPEDA])
    client = login(users[Role.DEPARTMENT_HEAD])
    url = reverse("plans:renstra_item_update", kwargs={"kind": "target", "pk": target.pk})

    page = client.get(url, follow=True)
    assert page.redirect_chain[-1][0] == renstra.get_absolute_url()
    assert "locked" in page.content.decode()

    response = client.post(url, {"year": 2025, "value": "99", "low": "", "high": ""})
    assert response.status_code == 200
    assert "This Renstra is locked by Bappeda" in response.content.decode()
    target.refresh_from_db()
    assert target.value == Decimal("85")
    assert not IndicatorTarget.objects.filter(value=99).exists()
    assert Indicator.objects.count() == 1
