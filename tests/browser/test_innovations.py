"""An innovation in Chromium: Bappeda sets the verified levels of a submitted innovation, verifies it, and the
verified index on the index page changes."""

import importlib

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from apps.innovations.models import Innovation, InnovationIndicator, Scheme
from tests.browser.test_roles import sign_in
from tests.factories import DepartmentFactory, RegionFactory, UserFactory
from tests.factories_innovations import make_innovation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2026


@pytest.fixture
def submitted():
    if not Scheme.objects.exists():  # a transactional test flushes every table, the seeded schemes included
        from django.apps import apps

        importlib.import_module("apps.innovations.migrations.0002_seed_schemes").seed(apps, None)
    RegionFactory()
    dinkes = DepartmentFactory(name="Dinas Kesehatan", short_name="Dinkes", code="1.02")
    staff = UserFactory(role=Role.DEPARTMENT_STAFF, department=dinkes, username="browser-staf")
    UserFactory(role=Role.BAPPEDA, username="browser-bappeda")
    innovation = make_innovation(dinkes, by=staff, year=YEAR, status="submitted")
    InnovationIndicator.objects.bulk_create(
        InnovationIndicator(innovation=innovation, number=number, claimed_level=2, evidence_text="SK Kepala Dinas")
        for number in range(16, 36)
    )
    return innovation


def test_bappeda_verifies_an_innovation_and_the_verified_index_changes(browser, live_server, submitted, screenshot):
    errors = []
    page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    sign_in(page, live_server, "browser-bappeda")
    index_url = live_server.url + reverse("innovations:index", args=[YEAR])
    page.goto(index_url)
    before = page.locator("[data-testid=score-verified]").inner_text()
    assert before.strip() in ("0,00", "0.00")

    page.goto(live_server.url + reverse("innovations:indicators", args=[submitted.pk]))
    for number in range(16, 36):
        page.select_option(f"select[name='i{number}-verified_level']", "2")
    screenshot(page, "innovations-indicators")
    page.click("[data-testid=save-indicators]")
    page.locator(".alert-success").wait_for()
    page.goto(live_server.url + reverse("innovations:detail", args=[submitted.pk]))
    screenshot(page, "innovations-detail")
    page.click("[data-testid=verify]")
    page.locator(".alert-success").wait_for()
    submitted.refresh_from_db()
    assert submitted.status == "verified"
    assert Innovation.objects.get(pk=submitted.pk).verified_by.username == "browser-bappeda"

    page.goto(index_url)
    after = page.locator("[data-testid=score-verified]").inner_text()
    assert after != before
    screenshot(page, "innovations-index")
    assert not errors
