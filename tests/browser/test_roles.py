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
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
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
    assert not errors, f"the browser reported errors (a blocked script?): {errors}"


def test_the_pages_fit_a_390_pixel_phone(browser, live_server, org, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    user = UserFactory(role=Role.MAYOR_OFFICE, username="phone-user")
    sign_in(page, live_server, user.username)
    for name, args in (
        ("departments:list", []),
        ("officials:list", []),
        ("departments:detail", [org["disdik"].pk]),
        ("officials:assign", [org["disdik"].assignments.get().official_id]),
    ):
        page.goto(live_server.url + reverse(name, args=args))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{name} is {width} px wide on a 390 px phone"
        screenshot(page, f"phone-{name.replace(':', '-')}")
    page.click(".navbar-toggler")
    page.locator("#mainnav.show").wait_for(state="visible")
    page.locator("#mainnav").evaluate("el => new Promise(done => setTimeout(done, 500))")  # the slide ends
    assert page.locator("[data-testid=navigation] a", has_text="Perencanaan").is_visible()
    page.locator("[data-testid=nav-group]", has_text="Data induk").click()  # the master data: one menu
    assert page.locator("[data-testid=navigation] a", has_text="Perangkat Daerah").is_visible()
    screenshot(page, "phone-menu-open")
    context.close()


def test_the_admin_adds_an_official_and_a_bad_nip_is_explained_without_losing_the_form(
    page, live_server, org, screenshot
):
    UserFactory(role=Role.ADMIN, username="browser-admin")
    sign_in(page, live_server, "browser-admin")
    page.goto(live_server.url + reverse("officials:create"))
    page.fill("input[name=nip]", "19790412 200312 3 004")
    page.fill("input[name=name]", "Dr. Rina Marlina, M.Kes.")
    page.select_option("select[name=rank]", "IV/b")
    page.click("main button[type=submit]")
    error = page.locator("#id_nip_error, .invalid-feedback").first
    assert "1 (laki-laki) atau 2 (perempuan)" in error.inner_text()
    assert page.input_value("input[name=name]") == "Dr. Rina Marlina, M.Kes."
    screenshot(page, "official-bad-nip")
    page.fill("input[name=nip]", "19790412 200312 2 004")
    page.click("main button[type=submit]")
    page.wait_for_url("**/officials/*/")
    assert "19790412 200312 2 004" in page.content()
    screenshot(page, "official-created")


def test_the_api_documentation_renders_offline_under_the_content_security_policy(page, live_server):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(live_server.url + reverse("api-docs"))
    title = page.locator(".swagger-ui .info .title")
    title.wait_for(timeout=15000)
    assert "Kinerja API" in title.inner_text()
    # Swagger UI draws the operations as the page scrolls down to them
    departments = page.locator(".opblock-summary-path", has_text="/api/v1/agreements/")
    for _ in range(100):
        if departments.count():
            break
        page.mouse.wheel(0, 1500)
        page.wait_for_timeout(100)
    assert departments.count() >= 1
    assert not [e for e in errors if "Content Security Policy" in e], errors
