"""The admin imports departments in Chromium: upload, the progress bar polled by htmx, every bad row, confirm."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from apps.accounts.models import Role
from apps.departments.models import Department
from tests.factories import UserFactory

from .test_roles import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HEADERS = ["Kode", "Nama", "Nama singkat", "Jenis", "Aktif"]


def workbook(path, rows):
    book = Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_the_admin_imports_departments_and_a_bad_file_imports_nothing(
    page, live_server, worker, settings, tmp_path, screenshot
):
    settings.MEDIA_ROOT = tmp_path / "media"
    UserFactory(role=Role.ADMIN, username="browser-admin")
    sign_in(page, live_server, "browser-admin")

    bad = workbook(
        tmp_path / "salah.xlsx",
        [["1.01", "Dinas Pendidikan", "Disdik", "dinas", "Ya"], ["1.02", "Dinas Kesehatan", "Disdik", "planet", "Ya"]],
    )
    page.goto(live_server.url + reverse("core:import", args=["departments"]))
    page.set_input_files("input[type=file]", str(bad))
    page.click("[data-testid=upload-form] button[type=submit]")
    errors = page.locator("[data-testid=import-errors]")
    errors.wait_for(timeout=20000)  # htmx polls the job until the worker has checked every row
    text = errors.inner_text()
    assert "Baris 3" in text and "Jenis" in text
    assert Department.objects.count() == 0
    screenshot(page, "import-errors")

    good = workbook(
        tmp_path / "benar.xlsx",
        [["1.01", "Dinas Pendidikan", "Disdik", "dinas", "Ya"], ["1.02", "Dinas Kesehatan", "Dinkes", "dinas", "Ya"]],
    )
    page.goto(live_server.url + reverse("core:import", args=["departments"]))
    page.set_input_files("input[type=file]", str(good))
    page.click("[data-testid=upload-form] button[type=submit]")
    page.locator("[data-testid=confirm-import]").wait_for(timeout=20000)
    assert page.locator("[data-testid=import-preview] tbody tr").count() == 2
    screenshot(page, "import-preview")
    page.click("[data-testid=confirm-import]")
    page.locator("[data-testid=import-done]").wait_for(timeout=20000)
    assert sorted(Department.objects.values_list("short_name", flat=True)) == ["Dinkes", "Disdik"]
    screenshot(page, "import-done")
