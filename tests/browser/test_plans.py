"""The plan pages in Chromium: Bappeda fills the RPJMD, a department fills its own Renstra until Bappeda locks it,
the Renstra's Excel template downloads, and the plan pages fit a 390 px phone."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from apps.core.import_views import XLSX_MIME
from apps.plans.models import Indicator, IndicatorTarget, ObjectiveIndicator, ObjectiveTarget, Program, RenstraGoal
from tests.browser.test_roles import sign_in
from tests.factories import DepartmentFactory, RegionFactory, UserFactory
from tests.factories_plans import (
    IndicatorFactory,
    RenstraFactory,
    RenstraGoalFactory,
    StrategicObjectiveFactory,
    renstra_tree,
    rpjmd_tree,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEARS = range(2025, 2030)  # the period of the plan factories


@pytest.fixture
def plans(db):
    """An RPJMD 2025–2029 with one sasaran; Disdik's open Renstra with one tujuan and one sasaran strategis and no
    indicator yet; Dinkes's Renstra (which Disdik never sees); Bappeda and Disdik's head."""
    RegionFactory()
    period = rpjmd_tree(indicators=1)
    rpjmd_objective = period.missions.get().goals.get().objectives.get()
    disdik = DepartmentFactory(name="Dinas Pendidikan", short_name="Disdik", code="1.01")
    dinkes = DepartmentFactory(name="Dinas Kesehatan", short_name="Dinkes", code="1.02")
    renstra = RenstraFactory(department=disdik, period=period)
    objective = StrategicObjectiveFactory(
        goal=RenstraGoalFactory(renstra=renstra, code="T1", text="Meningkatnya mutu pendidikan dasar"),
        code="SS1",
        text="Meningkatnya akses dan mutu layanan pendidikan dasar",
        rpjmd_objective=rpjmd_objective,
    )
    other = renstra_tree(RenstraFactory(department=dinkes, period=period))
    UserFactory(role=Role.BAPPEDA, username="browser-bappeda")
    UserFactory(role=Role.DEPARTMENT_HEAD, department=disdik, username="browser-kadisdik")
    return {
        "period": period,
        "rpjmd_objective": rpjmd_objective,
        "renstra": renstra,
        "objective": objective,
        "other": other,
    }


@pytest.fixture
def new_page(browser):
    """A page in its own browser context (its own session), which fails the test on a browser error."""
    contexts, errors = [], []

    def make(width=1440, height=900, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())  # the confirmation before locking
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, f"the browser reported errors (a blocked script?): {errors}"


def save(page):
    page.click("main form button[type=submit]")


def form_errors(page) -> str:
    page.locator("main form .invalid-feedback, main form .alert-danger").first.wait_for()
    return " ".join(page.locator("main form .invalid-feedback, main form .alert-danger").all_inner_texts())


def test_bappeda_adds_an_rpjmd_indicator_with_a_target_for_each_year_and_sees_it_in_the_tree(
    new_page, live_server, plans, screenshot
):
    period, objective = plans["period"], plans["rpjmd_objective"]
    page = new_page()
    sign_in(page, live_server, "browser-bappeda")
    page.click("[data-testid=navigation] a:has-text('Perencanaan')")
    page.click(f"[data-testid=rpjmd-table] a[href='{period.get_absolute_url()}']")
    page.click(f"#objective-{objective.pk} a[title='Tambah indikator']")
    page.fill("input[name=name]", "Angka kemiskinan")
    page.fill("input[name=unit]", "%")
    page.select_option("select[name=polarity]", "negative")
    page.select_option("select[name=aggregation]", "last")
    page.fill("input[name=baseline]", "4,25")
    save(page)
    page.wait_for_url(re.compile(r"#indicator-\d+$"))
    indicator = ObjectiveIndicator.objects.get(name="Angka kemiskinan")
    row = page.locator(f"#indicator-{indicator.pk}")
    assert "4,25" in row.inner_text()

    for step, year in enumerate(YEARS):
        row.locator("a[title='Tambah target']").first.click()  # the first year still without a target
        assert page.locator("select[name=year]").input_value() == str(year)
        page.fill("input[name=value]", f"4,{20 - step * 2}")
        save(page)
        page.wait_for_url(re.compile(r"#target-\d+$"))
    cells = row.locator("td.text-end").all_inner_texts()
    assert cells == ["4,25", "4,2", "4,18", "4,16", "4,14", "4,12"]

    row.locator("a[title='Ubah target']").last.click()  # 2029: correct it
    assert page.locator("select[name=year]").input_value() == "2029"
    page.fill("input[name=value]", "4")
    save(page)
    page.wait_for_url(re.compile(r"#target-\d+$"))
    assert page.locator(".alert-success").inner_text().strip() == "Berhasil disimpan."
    assert row.locator("td.text-end").last.inner_text() == "4"
    assert ObjectiveTarget.objects.get(indicator=indicator, year=2029).value == Decimal("4")
    assert "Negatif" in row.inner_text()  # the polarity badge
    screenshot(page, "rpjmd-tree")


def test_a_department_head_fills_the_own_renstra_until_bappeda_locks_it(new_page, live_server, plans, screenshot):
    renstra, objective, other = plans["renstra"], plans["objective"], plans["other"]
    head = new_page()
    sign_in(head, live_server, "browser-kadisdik")
    head.goto(live_server.url + reverse("plans:renstra_list"))
    links = head.locator("[data-testid=renstra-table] tbody a").evaluate_all("els => els.map(e => e.pathname)")
    assert links == [renstra.get_absolute_url()]  # Dinkes's Renstra is not listed
    head.click(f"a[href='{renstra.get_absolute_url()}']")
    assert "Belum ada indikator." in head.locator(f"#objective-{objective.pk}").inner_text()

    # An indicator best inside a band: the target must be a band, and the form says so in Indonesian.
    head.click(f"#objective-{objective.pk} a[title='Tambah indikator']")
    head.fill("input[name=name]", "Rasio murid terhadap guru SD")
    head.fill("input[name=unit]", "murid/guru")
    head.select_option("select[name=polarity]", "stabilize")
    head.select_option("select[name=aggregation]", "last")
    head.fill("input[name=baseline]", "22")
    head.fill("input[name=weight]", "1")
    head.check("input[name=is_iku]")
    save(head)
    head.wait_for_url(re.compile(r"#indicator-\d+$"))
    indicator = Indicator.objects.get(name="Rasio murid terhadap guru SD")
    row = head.locator(f"#indicator-{indicator.pk}")
    assert "IKU" in row.inner_text() and "Stabil" in row.inner_text()

    row.locator("a[title='Tambah target']").first.click()
    assert head.locator("select[name=year]").input_value() == "2025"
    head.fill("input[name=value]", "18 murid")
    save(head)
    assert "Masukkan sebuah bilangan." in form_errors(head)
    assert head.input_value("input[name=value]") == "18 murid"  # what was typed stays
    head.fill("input[name=value]", "18")
    save(head)
    assert "rentang" in form_errors(head)  # a stabilize indicator needs a band
    assert head.input_value("input[name=value]") == "18"
    screenshot(head, "renstra-target-error")
    head.fill("input[name=value]", "")
    head.fill("input[name=low]", "15")
    head.fill("input[name=high]", "20")
    save(head)
    head.wait_for_url(re.compile(r"#target-\d+$"))
    assert row.locator("td").nth(5).inner_text() == "15–20"
    target = IndicatorTarget.objects.get(indicator=indicator)
    assert (target.year, target.value, target.low, target.high) == (2025, None, Decimal(15), Decimal(20))

    # A program with its budget (pagu) for 2025; a wrong nomenclature code is explained first.
    head.click("[data-testid=add-program]")
    head.fill("input[name=code]", "1.1.2")
    head.fill("input[name=name]", "Program Pengelolaan Pendidikan")
    head.select_option("select[name=objective]", str(objective.pk))
    save(head)
    assert "1.02.02" in form_errors(head)
    assert head.input_value("input[name=name]") == "Program Pengelolaan Pendidikan"
    head.fill("input[name=code]", "1.01.02")
    save(head)
    head.wait_for_url(re.compile(r"#program-\d+$"))
    program = Program.objects.get(renstra=renstra)
    head.locator(f"#program-{program.pk} a[title='Tambah pagu']").first.click()
    assert head.locator("select[name=year]").input_value() == "2025"
    head.fill("input[name=amount]", "1.250.000.000")
    save(head)
    head.wait_for_url(re.compile(r"#budget-\d+$"))
    assert "Rp 1.250.000.000" in head.locator(f"#program-{program.pk}").inner_text()
    assert "Rp 1.250.000.000" in head.locator("[data-testid=budget-totals]").inner_text()
    screenshot(head, "renstra-filled")

    # The head leaves an edit form open; Bappeda locks the Renstra meanwhile.
    head.locator(f"#indicator-{indicator.pk} a[title='Ubah']").click()
    head.wait_for_url("**/edit/")
    bappeda = new_page()
    sign_in(bappeda, live_server, "browser-bappeda")
    bappeda.goto(live_server.url + renstra.get_absolute_url())
    bappeda.click("[data-testid=lock]")
    assert bappeda.locator(".alert-success").inner_text().strip() == "Renstra telah dikunci."
    bappeda.locator("[data-testid=locked-banner]").wait_for()

    head.fill("input[name=name]", "Rasio murid per guru")
    save(head)  # the form opened before the lock is refused
    assert "dikunci oleh Bappeda" in form_errors(head)
    indicator.refresh_from_db()
    assert indicator.name == "Rasio murid terhadap guru SD"
    csrf = next(c["value"] for c in head.context.cookies() if c["name"] == "csrftoken")
    response = head.request.post(
        live_server.url + reverse("plans:renstra_item_create", args=["goal", renstra.pk]),
        form={"code": "T2", "text": "Tujuan baru"},
        headers={"X-CSRFToken": csrf, "Referer": live_server.url},
    )
    assert "dikunci oleh Bappeda" in response.text()
    assert not RenstraGoal.objects.filter(code="T2").exists()

    head.goto(live_server.url + renstra.get_absolute_url())
    head.locator("[data-testid=locked-banner]").wait_for()
    assert head.locator("[data-testid=add-goal], [data-testid=add-program]").count() == 0
    assert head.locator("main a[href*='/edit/'], main a[href*='/add/'], main a[href*='/delete/']").count() == 0
    head.goto(live_server.url + reverse("plans:renstra_item_update", args=["indicator", indicator.pk]))
    assert head.url.endswith(renstra.get_absolute_url())  # sent back to the Renstra, with the reason
    assert "dikunci oleh Bappeda" in head.locator(".alert-danger").inner_text()
    screenshot(head, "renstra-locked")
    assert other.get_absolute_url() not in head.content()


def test_an_empty_or_upside_down_target_is_explained_in_indonesian_and_the_form_keeps_the_typing(
    new_page, live_server, plans
):
    indicator = IndicatorFactory(objective=plans["objective"], polarity="stabilize", name="Rasio murid per guru")
    page = new_page()
    sign_in(page, live_server, "browser-kadisdik")
    page.goto(live_server.url + reverse("plans:renstra_item_create", args=["target", indicator.pk]) + "?year=2026")
    save(page)  # nothing typed
    assert "Isi nilai target atau rentang (dari–sampai)." in form_errors(page)
    assert page.locator("select[name=year]").input_value() == "2026"
    page.fill("input[name=low]", "20")
    page.fill("input[name=high]", "15")
    save(page)  # a band upside down
    errors = form_errors(page)
    assert "rentang" in errors and "dilanggar" not in errors, errors
    assert (page.input_value("input[name=low]"), page.input_value("input[name=high]")) == ("20", "15")


def test_the_renstra_excel_import_page_offers_its_template(new_page, live_server, plans):
    renstra = plans["renstra"]
    page = new_page()
    sign_in(page, live_server, "browser-kadisdik")
    page.goto(live_server.url + renstra.get_absolute_url())
    page.click("[data-testid=import]")
    assert str(renstra) in page.locator("[data-testid=import-target]").inner_text()
    link = page.locator("[data-testid=template-link]")
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == XLSX_MIME
    assert response.body()[:2] == b"PK"  # a zip: an .xlsx workbook
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "templat-impor-renstra.xlsx"

    page.goto(live_server.url + renstra.get_absolute_url())
    with page.expect_download() as download:
        page.click("[data-testid=export]")
    assert download.value.suggested_filename.endswith(".xlsx")


def test_the_plan_pages_fit_a_390_pixel_phone_and_the_menu_collapses(new_page, live_server, plans, screenshot):
    renstra = renstra_tree(plans["renstra"], programs=2)
    page = new_page(390, 844, device_scale_factor=2, is_mobile=True, has_touch=True)
    sign_in(page, live_server, "browser-bappeda")  # Bappeda sees the most buttons: edit, lock, import
    for name, url in (
        ("rpjmd-list", reverse("plans:rpjmd_list")),
        ("rpjmd", plans["period"].get_absolute_url()),
        ("renstra-list", reverse("plans:renstra_list")),
        ("renstra", renstra.get_absolute_url()),
    ):
        page.goto(live_server.url + url)
        width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= viewport, f"the {name} page is {width} px wide on a {viewport} px phone"
        loose = page.evaluate(
            "[...document.querySelectorAll('main table')].filter(t => !t.closest('.table-responsive')).length"
        )
        assert loose == 0, f"the {name} page has a table outside .table-responsive"
        assert page.locator(".navbar-toggler").is_visible()
        assert not page.locator("#mainnav").is_visible()
        screenshot(page, f"phone-plans-{name}")
    page.click(".navbar-toggler")
    page.locator("#mainnav.show").wait_for(state="visible")
    assert page.locator("[data-testid=navigation] a", has_text="Perencanaan").is_visible()
