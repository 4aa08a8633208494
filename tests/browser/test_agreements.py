"""The Perjanjian Kinerja in Chromium: the head drafts from the Renstra and submits, the mayor's office returns it
with a comment, the head resubmits, the mayor's office approves and records the signing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Role
from apps.agreements.models import Agreement, AgreementStatus
from tests.browser.test_roles import sign_in
from tests.factories import AssignmentFactory, DepartmentFactory, RegionFactory, UserFactory
from tests.factories_agreements import make_renstra

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = timezone.localdate().year


def test_a_pk_is_drafted_submitted_returned_approved_and_signed(browser, live_server, screenshot):
    RegionFactory()
    disdik = DepartmentFactory(name="Dinas Pendidikan", short_name="Disdik", code="1.01")
    AssignmentFactory(department=disdik, start_date=datetime.date(YEAR - 2, 1, 2))
    make_renstra(disdik, year=YEAR)
    UserFactory(role=Role.DEPARTMENT_HEAD, department=disdik, username="browser-kadis")
    UserFactory(role=Role.MAYOR_OFFICE, username="browser-organisasi")
    errors = []

    def new_page():
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())  # the confirmations before each step
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        return page

    head = new_page()
    sign_in(head, live_server, "browser-kadis")
    head.goto(live_server.url + reverse("agreements:create"))
    head.click("[data-testid=draft]")
    head.wait_for_url("**/edit/")
    agreement = Agreement.objects.get(department=disdik, year=YEAR)
    head.set_viewport_size({"width": 390, "height": 844})
    assert head.evaluate("document.documentElement.scrollWidth") <= 390, "the edit page is too wide for a phone"
    head.fill("input[name='p-0-budget']", "1.300.000.000")
    assert head.locator("[data-testid=total-budget]").inner_text() == "Rp 1.650.500.000"  # follows the typing
    screenshot(head, "phone-agreement-edit")
    head.set_viewport_size({"width": 1440, "height": 900})
    head.click("[data-testid=save]")
    head.wait_for_url(f"**{agreement.get_absolute_url()}")
    head.click("[data-testid=submit]")
    head.locator(".alert-success").wait_for()

    mayor = new_page()
    sign_in(mayor, live_server, "browser-organisasi")
    mayor.goto(live_server.url + agreement.get_absolute_url())
    mayor.fill("[data-testid=return-form] textarea[name=comment]", "Lengkapi target triwulan.")
    mayor.click("[data-testid=return]")
    mayor.locator(".alert-success").wait_for()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.RETURNED

    head.goto(live_server.url + agreement.get_absolute_url())
    head.click("[data-testid=submit]")
    head.locator(".alert-success").wait_for()

    mayor.goto(live_server.url + agreement.get_absolute_url())
    mayor.click("[data-testid=approve]")
    mayor.locator("[data-testid=sign]").wait_for()
    mayor.click("[data-testid=sign]")
    mayor.locator("[data-testid=signed-on]").wait_for()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED
    assert "Lengkapi target triwulan." in mayor.locator("[data-testid=reviews]").inner_text()
    screenshot(mayor, "agreement-signed")
    mayor.goto(live_server.url + reverse("agreements:list"))
    assert mayor.locator("[data-testid=agreement-table] tbody tr").count() == 1
    screenshot(mayor, "agreement-list")
    mayor.set_viewport_size({"width": 390, "height": 844})
    for name, url in (("list", reverse("agreements:list")), ("detail", agreement.get_absolute_url())):
        mayor.goto(live_server.url + url)
        width = mayor.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the PK {name} is {width} px wide on a 390 px phone"
        screenshot(mayor, f"phone-agreement-{name}")
    assert not errors, f"the browser reported errors (a blocked script?): {errors}"
