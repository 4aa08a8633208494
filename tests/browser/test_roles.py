"""Each role signs in through the real sign-in form in Chromium, sees its own navigation, and on a phone too."""

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from tests.factories import PASSWORD, AssignmentFactory, DepartmentFactory, RegionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What each role's menu says, as users read it (Bahasa Indonesia).
NAV = {
    Role.ADMIN: ["Perangkat Daerah", "Pejabat", "Wilayah", "Akun", "Jejak audit"],
    Role.MAYOR_OFFICE: ["Perangkat Daerah", "Pejabat"],
    Role.BAPPEDA: ["Perangkat Daerah", "Pejabat"],
    Role.INSPECTORATE: ["Perangkat Daerah", "Pejabat", "Jejak audit"],
    Role.DEPARTMENT_HEAD: ["Perangkat Daerah", "Pejabat"],
    Role.DEPARTMENT_STAFF: ["Perangkat Daerah", "Pejabat"],
}
EVERY_LABEL = {"Wilayah", "Akun", "Jejak audit"}


@pytest.fixture
def org(db):
    RegionFactory()
    disdik = DepartmentFactory(name="Dinas Pendidikan", short_name="Disdik", code="1.01")
    dinkes = DepartmentFactory(name="Dinas Kesehatan", short_name="Dinkes", code="1.02")
    AssignmentFactory(department=disdik)
    AssignmentFactory(department=dinkes)
    return {"disdik": disdik, "dinkes": dinkes}


def sign_in(page, live_server, username):
    page.goto(live_server.url + reverse("core:home"))
    assert "/accounts/login/" in page.url
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + reverse("core:home"))


@pytest.mark.parametrize("role", list(NAV))
def test_each_role_signs_in_and_sees_its_own_navigation(role, page, live_server, org, screenshot):
    department = org["disdik"] if role in (Role.DEPARTMENT_HEAD, Role.DEPARTMENT_STAFF) else None
    user = UserFactory(role=role, username=f"browser-{role}", department=department)
    sign_in(page, live_server, user.username)
    labels = " ".join(page.locator("[data-testid=navigation] a").all_inner_texts())
    for label in NAV[role]:
        assert label in labels, (label, labels)
    for label in EVERY_LABEL - set(NAV[role]):
        assert label not in labels, (label, labels)
    hrefs = set(page.locator("[data-testid=navigation] a").evaluate_all("els => els.map(e => e.getAttribute('href'))"))
    assert (reverse("audit:list") in hrefs) == (role in (Role.ADMIN, Role.INSPECTORATE))
    assert (reverse("region") in hrefs) == (role == Role.ADMIN)
    assert reverse("departments:list") in hrefs
    screenshot(page, f"home-{role}")
    page.goto(live_server.url + reverse("departments:list"))
    rows = page.locator("[data-testid=department-table] tbody tr")
    expected_rows = 1 if department else 2
    assert rows.count() == expected_rows
    screenshot(page, f"departments-{role}")


def test_the_pages_fit_a_390_pixel_phone(browser, live_server, org, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    user = UserFactory(role=Role.MAYOR_OFFICE, username="phone-user")
    sign_in(page, live_server, user.username)
    for name in ("departments:list", "officials:list"):
        page.goto(live_server.url + reverse(name))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{name} is {width} px wide on a 390 px phone"
        screenshot(page, f"phone-{name.replace(':', '-')}")
    page.click(".navbar-toggler")
    page.locator("#mainnav.show").wait_for(state="visible")
    page.locator("#mainnav").evaluate("el => new Promise(done => setTimeout(done, 500))")  # the slide ends
    assert page.locator("[data-testid=navigation] a", has_text="Perangkat Daerah").is_visible()
    screenshot(page, "phone-menu-open")
    context.close()
