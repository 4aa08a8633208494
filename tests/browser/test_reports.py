"""Reports in Chromium: the mayor's office builds the region's capaian table in the background (the progress is
polled by htmx) and downloads the PDF, whose first page is rendered to .data/screenshots/report-*.png; a department
head downloads their own table on a phone; the public accountability page."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from tests.factories import DepartmentFactory, RegionFactory, UserFactory
from tests.factories_scores import indicators_of, make_report, make_scored_agreement

from .conftest import SCREENSHOTS
from .test_roles import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def departments():
    RegionFactory()
    result = []
    for name, short, values in (
        ("Dinas Pendidikan", "Disdik", ("92", "70")),
        ("Dinas Kesehatan", "Dinkes", ("60", "85")),
    ):
        department = DepartmentFactory(name=name, short_name=short)
        agreement = make_scored_agreement(
            department,
            [
                [
                    {"target": "80", "name": "Angka Partisipasi Murni SD", "unit": "%"},
                    {"band": ("80", "90"), "name": "Indeks kepuasan layanan", "unit": "indeks"},
                ],
                [{"polarity": "negative", "target": "10", "name": "Angka putus sekolah", "unit": "%"}],
            ],
        )
        first, second, _third = indicators_of(agreement)
        make_report(first, 1, values[0])
        make_report(second, 2, values[1])
        result.append(department)
    return result


def render_first_page(pdf_bytes, name):
    """The first page of a PDF as .data/screenshots/<name>.png (poppler's pdftoppm)."""
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    source = SCREENSHOTS / f"{name}.pdf"
    source.write_bytes(pdf_bytes)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(source), str(SCREENSHOTS / name)],
        check=True,
    )
    source.unlink()
    return SCREENSHOTS / f"{name}.png"


def test_the_mayors_office_builds_the_regions_pdf_in_the_background(
    page, live_server, worker, settings, tmp_path, screenshot
):
    settings.MEDIA_ROOT = tmp_path / "media"
    departments()
    UserFactory(role=Role.MAYOR_OFFICE, username="browser-mayor")
    sign_in(page, live_server, "browser-mayor")
    page.goto(live_server.url + reverse("reports:home"))
    page.select_option("select[name=scope]", "region")
    page.check("input[name=kind][value=capaian_pdf]")
    screenshot(page, "reports-home")
    page.click("[data-testid=build-report]")
    link = page.locator("[data-testid=download-report]")
    link.wait_for(timeout=60000)  # htmx polls the job until the worker has stored the file
    assert page.locator("[data-testid=report-job]").get_attribute("data-status") == "done"
    screenshot(page, "reports-job-ready")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "capaian-kinerja-2026-pemda.pdf"
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"%PDF")
    assert render_first_page(content, "report-capaian-pemda").stat().st_size > 10_000


def test_a_department_head_downloads_their_table_on_a_phone(page, live_server, settings, tmp_path, screenshot):
    settings.MEDIA_ROOT = tmp_path / "media"
    disdik, _dinkes = departments()
    UserFactory(role=Role.DEPARTMENT_HEAD, username="browser-kadis", department=disdik)
    sign_in(page, live_server, "browser-kadis")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("reports:home"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the reports page is too wide for a phone"
    options = page.locator("select[name=scope] option").all_inner_texts()
    assert options == ["Dinas Pendidikan"]  # neither another department nor the region
    screenshot(page, "reports-home-phone")
    page.check("input[name=kind][value=capaian_pdf]")
    with page.expect_download() as download_info:
        page.click("[data-testid=build-report]")
    download = download_info.value
    assert download.suggested_filename == "capaian-kinerja-2026-disdik.pdf"
    content = Path(download.path()).read_bytes()
    assert render_first_page(content, "report-capaian-disdik").stat().st_size > 10_000


def test_the_public_page_needs_no_sign_in(page, live_server, settings, screenshot):
    settings.PUBLIC_ACCOUNTABILITY_PAGE = True
    departments()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("reports:public"))
    assert page.locator("[data-testid=public-summary] tbody tr").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the public page is too wide for a phone"
    screenshot(page, "reports-public-phone")
