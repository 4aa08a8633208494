"""Realisasi in Chromium: the head enters a quarter row by row (each row saved on its own through htmx) with a PDF
as evidence and submits it, Bappeda verifies it in its queue; the entry page fits a phone."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Role
from apps.progress.models import Evidence, ProgressReport, ReportStatus
from tests.browser.test_roles import sign_in
from tests.factories import DepartmentFactory, RegionFactory, UserFactory
from tests.factories_progress import make_signed_agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()
QUARTER = (TODAY.month - 1) // 3 + 1  # the quarter of today is always open for reporting


@pytest.fixture
def pk():
    RegionFactory()
    disdik = DepartmentFactory(name="Dinas Pendidikan", short_name="Disdik", code="1.01")
    agreement = make_signed_agreement(disdik, year=TODAY.year)
    UserFactory(role=Role.DEPARTMENT_HEAD, department=disdik, username="browser-kadis")
    UserFactory(role=Role.BAPPEDA, username="browser-bappeda")
    return agreement


def _new_page(browser, errors, width=1440):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations before submitting and verifying
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return page


def test_the_head_enters_a_quarter_with_evidence_and_bappeda_verifies_it(
    browser, live_server, pk, tmp_path, screenshot
):
    first, second = pk.indicators.order_by("order")
    evidence = tmp_path / "daftar-hadir.pdf"
    evidence.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    errors = []

    head = _new_page(browser, errors)
    sign_in(head, live_server, "browser-kadis")
    head.goto(live_server.url + reverse("progress:entry", kwargs={"pk": pk.pk, "quarter": QUARTER}))
    row = head.locator(f"#row-{first.pk}")
    row.locator(f"input[name='r{first.pk}-actual']").fill("92,5")
    row.locator(f"textarea[name='r{first.pk}-analysis']").fill("Target tercapai berkat dukungan sekolah.")
    row.locator(f"input[name='r{first.pk}-file']").set_input_files(str(evidence))
    other = head.locator(f"#row-{second.pk}")
    other.locator(f"input[name='r{second.pk}-actual']").fill("70")  # typed, not saved yet
    row.locator("[data-testid=save]").click()
    head.locator(f"#row-{first.pk} [data-testid=row-message]").wait_for()
    head.locator(f"#row-{first.pk} [data-testid=evidence] a", has_text="daftar-hadir.pdf").wait_for()
    # the other row kept what was typed in it: only the saved row was swapped
    assert head.locator(f"input[name='r{second.pk}-actual']").input_value() == "70"
    assert head.locator(f"#row-{first.pk} .progress-bar").evaluate("bar => bar.style.width") != ""
    head.locator(f"#row-{second.pk} [data-testid=save]").click()
    head.locator(f"#row-{second.pk} [data-testid=row-message]").wait_for()
    screenshot(head, "progress-entry")
    head.click("[data-testid=submit-all]")
    head.locator(".alert-success").wait_for()
    reports = ProgressReport.objects.filter(indicator__agreement=pk)
    assert set(reports.values_list("status", flat=True)) == {ReportStatus.SUBMITTED}
    assert Evidence.objects.get().original_name == "daftar-hadir.pdf"

    phone = _new_page(browser, errors, width=390)
    sign_in(phone, live_server, "browser-bappeda")
    phone.goto(live_server.url + reverse("progress:queue"))
    # the wide table scrolls inside its card: its visually hidden labels do not widen the page
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "the queue is too wide for a phone"
    phone.close()
    bappeda = _new_page(browser, errors)
    sign_in(bappeda, live_server, "browser-bappeda")
    bappeda.goto(live_server.url + reverse("progress:queue"))
    for report in reports:
        bappeda.check(f"[data-testid=tick-{report.pk}]")
    screenshot(bappeda, "progress-queue")
    bappeda.click("[data-testid=bulk-verify]")
    bappeda.locator(".alert-success").wait_for()
    assert set(reports.values_list("status", flat=True)) == {ReportStatus.VERIFIED}
    report = reports.get(indicator=first)
    bappeda.goto(live_server.url + reverse("progress:report_detail", args=[report.pk]))
    bappeda.locator("iframe.evidence-frame").wait_for()
    screenshot(bappeda, "progress-report")
    assert not errors, errors


def test_the_entry_page_fits_a_phone(browser, live_server, pk, screenshot):
    errors = []
    head = _new_page(browser, errors, width=390)
    sign_in(head, live_server, "browser-kadis")
    head.goto(live_server.url + reverse("progress:entry", kwargs={"pk": pk.pk, "quarter": QUARTER}))
    assert head.evaluate("document.documentElement.scrollWidth") <= 390, "the entry page is too wide for a phone"
    screenshot(head, "phone-progress-entry")
    assert not errors, errors
