"""The dashboards in Chromium, as each role sees them, on a desktop and on a 390 px phone: the charts are drawn by
the static script (no console error, no blocked inline script), nothing overflows, and the mayor's office sorts the
overview and drills into a department. Screenshots: .data/screenshots/dashboard-<role>-<desktop|phone>.png."""

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from tests.browser.test_roles import sign_in
from tests.factories import RegionFactory, UserFactory
from tests.factories_dashboards import make_city, seed_schemes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"viewport": {"width": 1440, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}
ROLES = [
    Role.MAYOR_OFFICE,
    Role.DEPARTMENT_HEAD,
    Role.DEPARTMENT_STAFF,
    Role.BAPPEDA,
    Role.INSPECTORATE,
    Role.ADMIN,
]


@pytest.fixture
def city():
    seed_schemes()
    RegionFactory()
    departments = make_city(12)
    users = {
        role: UserFactory(
            role=role,
            username=f"dash-{role}",
            department=departments[0] if role in (Role.DEPARTMENT_HEAD, Role.DEPARTMENT_STAFF) else None,
        )
        for role in ROLES
    }
    return {"departments": departments, "users": users}


def _open(browser, live_server, username, device):
    context = browser.new_context(**device)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server, username)
    page.goto(live_server.url + reverse("dashboards:home"))
    return page, errors


def _charts_drawn(page) -> bool:
    return page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-chart]')]"
        ".every(canvas => window.Chart && Chart.getChart(canvas) && canvas.clientHeight > 0)"
    )


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_its_dashboard_on_a_desktop_and_a_phone(role, browser, live_server, city, screenshot):
    for device_name, device in (("desktop", DESKTOP), ("phone", PHONE)):
        page, errors = _open(browser, live_server, f"dash-{role}", device)
        page.wait_for_load_state("networkidle")
        assert page.locator("canvas[data-chart]").count() >= 1
        assert _charts_drawn(page), f"{role} on a {device_name}: a chart was not drawn"
        overflow = page.evaluate(
            "() => document.querySelector('main').scrollWidth - document.querySelector('main').clientWidth"
        )
        assert overflow <= 1, f"{role} on a {device_name}: the content is {overflow} px too wide"
        width = page.evaluate("document.documentElement.scrollWidth")
        limit = device["viewport"]["width"]
        assert width <= limit, f"{role}: the page is {width} px wide on a {limit} px {device_name}"
        screenshot(page, f"dashboard-{role}-{device_name}")
        assert not errors, f"{role} on a {device_name}: the browser reported errors: {errors}"
        page.context.close()


def test_the_mayors_office_sorts_the_overview_and_drills_into_a_department(browser, live_server, city, screenshot):
    page, errors = _open(browser, live_server, f"dash-{Role.MAYOR_OFFICE}", DESKTOP)
    rows = page.locator("[data-testid=overview-table] tbody tr")
    assert rows.count() == 12
    page.click("[data-testid=sort-achievement]")
    page.wait_for_url("**sort=achievement**")
    page.click("[data-testid=sort-achievement]")
    page.wait_for_url("**sort=-achievement**")
    values = page.locator("[data-testid=overview-table] tbody tr td:nth-child(4) [data-colour]").all_inner_texts()
    numbers = [float(value.replace("%", "").replace(".", "").replace(",", ".")) for value in values]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) == 12
    page.select_option("select[name=colour]", "green")
    page.click("[data-testid=filter-form] button[type=submit]")
    page.wait_for_url("**colour=green**")
    green = page.locator("[data-testid=overview-table] tbody tr").count()
    assert 0 < green < 12
    first = page.locator("[data-testid=overview-table] tbody tr a[data-testid^=drill-]").first
    name = first.inner_text()
    first.click()
    page.wait_for_url("**/dashboard/departments/**")
    assert name in page.locator("h1").inner_text() or page.locator("[data-testid=department-summary]").count() == 1
    assert page.locator("[data-testid=expected-mark]").count() == 4
    assert _charts_drawn(page)
    screenshot(page, "dashboard-drill-department")
    assert not errors
