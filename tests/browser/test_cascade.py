"""The cascade in Chromium (issue 10): an eselon IV official drafts their PK from their eselon III superior's signed
PK on a phone-sized screen, names their own indicator, submits it; the eselon III superior approves and signs it."""

import datetime

import pytest
from django.urls import reverse

from apps.agreements import services
from apps.agreements.models import Agreement, AgreementStatus
from tests.browser.test_roles import sign_in
from tests.factories import DepartmentFactory
from tests.factories_cascade import make_cascade

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
YEAR = 2026


def test_an_eselon_iv_official_drafts_from_the_superiors_pk_and_the_superior_signs_it(browser, live_server, screenshot):
    disdik = DepartmentFactory(name="Dinas Pendidikan", short_name="Disdik", code="1.01")
    cascade = make_cascade(disdik, year=YEAR)
    supported = cascade.head_pk.indicators.order_by("objective__order", "order").first()
    division_pk = services.cascade_create(
        position=cascade.division, year=YEAR, by=cascade.division_user, supported_ids=[supported.pk]
    )
    services.agreement_submit(agreement=division_pk, by=cascade.division_user)
    services.agreement_approve(agreement=division_pk, by=cascade.head_user)
    services.agreement_sign(agreement=division_pk, by=cascade.head_user, signed_on=datetime.date(YEAR, 2, 10))
    errors = []

    def new_page(width, height):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        return page

    section = new_page(390, 844)
    sign_in(section, live_server, "kasi")
    section.goto(live_server.url + reverse("agreements:cascade_create") + f"?year={YEAR}")
    assert section.evaluate("document.documentElement.scrollWidth") <= 390, "the page is too wide for a phone"
    assert division_pk.indicators.get().name in section.locator("[data-testid=cascade-form]").inner_text()
    screenshot(section, "phone-cascade-create")
    section.click("[data-testid=draft]")
    section.wait_for_url("**/edit/")
    draft = Agreement.all_levels.get(position=cascade.section, year=YEAR)
    assert draft.superior_agreement == division_pk
    section.fill("input[name='o-0-i-0-name']", "Persentase SD yang menerapkan kurikulum merdeka")
    assert section.locator("[data-testid=supports-select]").first.input_value() == str(division_pk.indicators.get().pk)
    section.click("[data-testid=save]")
    section.wait_for_url(f"**{draft.get_absolute_url()}")
    section.click("[data-testid=submit]")
    section.locator(".alert-success").wait_for()

    division = new_page(1440, 900)
    sign_in(division, live_server, "kabid")
    division.goto(live_server.url + draft.get_absolute_url())
    division.click("[data-testid=approve]")
    division.locator("[data-testid=sign]").wait_for()
    division.click("[data-testid=sign]")
    division.locator("[data-testid=signed-on]").wait_for()
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.SIGNED
    assert draft.second_party_name == division_pk.official.name
    assert "Kepala Bidang Pendidikan Dasar" in division.locator("[data-testid=signed-on]").inner_text()
    assert draft.indicators.get().name == "Persentase SD yang menerapkan kurikulum merdeka"
    screenshot(division, "cascade-signed")
    assert errors == []
