"""The performance tree in Chromium on a desktop and on a 390 px phone: it opens and closes level by level without
JS (<details>), the one button of tree.js expands and collapses everything, there is no console error (no blocked
inline script or style) and nothing overflows sideways. Screenshots: .data/screenshots/tree-<device>.png."""

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from tests.browser.conftest import browser_type_launch_args, screenshot  # noqa: F401 - the browser tests' fixtures
from tests.browser.test_roles import sign_in

from .factories import DepartmentFactory, OfficialFactory, RegionFactory, UserFactory
from .factories_tree import YEAR, make_cascade

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEVICES = {
    "desktop": {"viewport": {"width": 1440, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True},
}


@pytest.mark.parametrize("device", list(DEVICES))
def test_the_mayors_office_opens_the_citys_tree_and_expands_it_all(device, browser, live_server, screenshot):  # noqa: F811
    RegionFactory()
    for number, name in enumerate(("Dinas Pendidikan", "Dinas Kesehatan")):
        make_cascade(
            DepartmentFactory(name=name),
            rpjmd_code=f"S{number + 1}",
            upper_official=OfficialFactory(),
            lower_official=OfficialFactory(),
        )
    UserFactory(role=Role.MAYOR_OFFICE, username="tree-mayor")
    context = browser.new_context(**DEVICES[device])
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server, "tree-mayor")
    page.goto(f"{live_server.url}{reverse('tree:page')}?year={YEAR}")

    toggle = page.locator("[data-tree-toggle]")
    assert toggle.is_visible()  # tree.js showed it
    closed = page.locator(".tree details:not([open])")
    assert closed.count() > 0  # the deeper levels start closed
    toggle.click()
    assert closed.count() == 0
    assert page.locator(".tree .tree-node[data-colour='red']").first.is_visible()
    screenshot(page, f"tree-{device}")
    toggle.click()
    assert page.locator(".tree details[open]").count() == 0
    page.locator(".tree details > summary").first.click()  # a level opens by itself, as without JS
    assert page.locator(".tree details[open]").count() == 1
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    assert errors == []
    context.close()
