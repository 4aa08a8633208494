"""Issue 6: the Excel export of a year's innovations in the national application's field layout (rows the user may
see: another department's draft is left out) and the ZIP of an innovation's evidence (permission-checked)."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from apps.accounts.models import Role
from apps.innovations import services
from apps.innovations.affairs import AFFAIR_LABELS
from apps.innovations.exports import INDICATOR_SHEET, PROFILE_COLUMNS, PROFILE_SHEET, plain_text

from .factories_innovations import make_innovation

pytestmark = pytest.mark.django_db
YEAR = 2026
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


@pytest.fixture
def people(make_user, other_department):
    return {
        "head": make_user(Role.DEPARTMENT_HEAD),
        "other_head": make_user(Role.DEPARTMENT_HEAD, department=other_department),
        "bappeda": make_user(Role.BAPPEDA),
    }


@pytest.fixture
def innovations(department, other_department, people):
    own = make_innovation(department, by=people["head"], name="Sekolah Ramah Anak")
    services.indicator_claim(innovation=own, number=16, level=3, by=people["head"], evidence_text="Perda 1/2025")
    services.indicator_claim(
        innovation=own,
        number=17,
        level=2,
        by=people["head"],
        evidence_file=ContentFile(PDF, name="sk-tim.pdf"),
        evidence_url="https://jdih.example.go.id/sk-tim",
    )
    own.budget_file.save("rab.pdf", ContentFile(PDF))
    other_draft = make_innovation(other_department, by=people["other_head"], name="Posyandu Digital")
    other_verified = make_innovation(
        other_department, by=people["other_head"], name="Puskesmas Tanpa Antre", status="verified"
    )
    return {"own": own, "other_draft": other_draft, "other_verified": other_verified}


def export(client, user, **query):
    client.force_login(user)
    response = client.get(reverse("innovations_exchange:export", kwargs={"year": YEAR}), query)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="inovasi-daerah-{YEAR}.xlsx"'
    return load_workbook(io.BytesIO(response.content))


def names(workbook) -> list[str]:
    return [row[2] for row in workbook[PROFILE_SHEET].iter_rows(min_row=2, values_only=True)]


def test_the_export_has_the_national_fields_and_the_rows_the_user_may_see(client, innovations, people):
    workbook = export(client, people["head"])
    sheet = workbook[PROFILE_SHEET]
    assert [cell.value for cell in sheet[1]] == [header for header, _width in PROFILE_COLUMNS]
    assert sorted(names(workbook)) == ["Puskesmas Tanpa Antre", "Sekolah Ramah Anak"]  # not the other's draft

    row = dict(zip([c.value for c in sheet[1]], [c.value for c in sheet[2]], strict=True))
    assert row["Nama Inovasi"] == "Sekolah Ramah Anak"
    assert (row["Tahapan Inovasi"], row["Inisiator Inovasi"], row["Jenis Inovasi"]) == (
        "Penerapan",
        "Perangkat Daerah",
        "Digital",
    )
    assert row["Bentuk Inovasi"] == "Inovasi Pelayanan Publik"
    with translation.override("id"):  # the national application's language
        assert row["Urusan Utama"] == "Kesehatan" == str(AFFAIR_LABELS["health"])
        assert row["Urusan Beririsan"] == str(AFFAIR_LABELS["communication"])
    assert row["Waktu Uji Coba"].date().isoformat() == "2025-03-01"
    assert "<" not in row["Rancang Bangun"] and row["Rancang Bangun"].startswith("kata0 kata1")
    assert row["Video"] == "https://www.youtube.com/watch?v=abc123"
    assert row["Perangkat Daerah"] == "Dinas Pendidikan" and row["Status"] == "Draf"

    levels = workbook[INDICATOR_SHEET]
    headers = [cell.value for cell in levels[1]]
    assert headers[:5] == ["No", "Nama Inovasi", "Perangkat Daerah", "16 Klaim", "16 Verifikasi"]
    own = next(r for r in levels.iter_rows(min_row=2, values_only=True) if r[1] == "Sekolah Ramah Anak")
    assert own[3:7] == (3, None, 2, None) and own[7] is None


def test_bappeda_sees_every_draft_and_the_filters_narrow_the_rows(client, innovations, people, other_department):
    assert len(names(export(client, people["bappeda"]))) == 3
    assert sorted(names(export(client, people["bappeda"], department=other_department.pk))) == [
        "Posyandu Digital",
        "Puskesmas Tanpa Antre",
    ]
    assert names(export(client, people["bappeda"], status="verified")) == ["Puskesmas Tanpa Antre"]
    assert len(names(export(client, people["bappeda"], status="nonsense", department="x"))) == 3


def test_plain_text_keeps_paragraphs_and_decodes_entities():
    assert plain_text("<p>Satu &amp; <b>dua</b></p><p>tiga<br>empat</p>") == "Satu & dua\ntiga\nempat"


def test_the_evidence_zip_holds_the_files_and_a_listing(client, innovations, people):
    client.force_login(people["head"])
    response = client.get(reverse("innovations_exchange:evidence_zip", kwargs={"pk": innovations["own"].pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    files = sorted(archive.namelist())
    assert files[0] == "anggaran/" + innovations["own"].budget_file.name.rsplit("/", 1)[1]
    assert files[1:] == ["daftar-bukti.txt", "indikator-17/" + files[2].rsplit("/", 1)[1]]
    assert archive.read(files[2]) == PDF
    listing = archive.read("daftar-bukti.txt").decode()
    assert "Perda 1/2025" in listing and "https://jdih.example.go.id/sk-tim" in listing


def test_another_departments_draft_is_404_and_its_verified_innovation_is_readable(client, innovations, people):
    client.force_login(people["head"])
    url = "innovations_exchange:evidence_zip"
    assert client.get(reverse(url, kwargs={"pk": innovations["other_draft"].pk})).status_code == 404
    assert client.get(reverse(url, kwargs={"pk": innovations["other_verified"].pk})).status_code == 200
    client.force_login(people["bappeda"])
    assert client.get(reverse(url, kwargs={"pk": innovations["other_draft"].pk})).status_code == 200
