"""The PK as a document: the PDF in the official format, the scan of the signed paper, the public verification page."""

import datetime
import hashlib
import shutil
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from apps.accounts.models import Role
from apps.agreements.document import agreement_pdf, document_context, document_sha256
from apps.agreements.models import Agreement, AgreementIndicator, AgreementStatus
from apps.departments.models import Region

from .factories_agreement_documents import make_agreement

pytestmark = pytest.mark.django_db

SIGNED_ON = datetime.date(2026, 1, 31)
# The smallest valid PNG (1×1 pixel).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082"
)


@pytest.fixture
def signed(department):
    return make_agreement(department, signed_on=SIGNED_ON)


def pdf_text(agreement, pdf: bytes) -> str:
    """The text of the PDF (poppler's pdftotext), or, without poppler, of WeasyPrint's laid-out pages."""
    if shutil.which("pdftotext"):
        result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
        return result.stdout.decode()
    document = HTML(string=render_to_string("agreements/document.html", document_context(agreement))).render()
    texts = []
    for page in document.pages:
        texts += [box.text for box in page._page_box.descendants() if isinstance(box, boxes.TextBox)]
    return " ".join(texts)


def flat(text: str) -> str:
    return " ".join(text.split())


# --- The PDF ----------------------------------------------------------------------------------------------------
def test_a_signed_pk_is_a_pdf_with_the_standard_text_names_nip_targets_budget_and_page_numbers(signed):
    pdf = agreement_pdf(signed)
    assert pdf.startswith(b"%PDF")
    text = flat(pdf_text(signed, pdf))
    for expected in (
        "PERJANJIAN KINERJA TAHUN 2026",
        "DINAS PENDIDIKAN",
        "PEMERINTAH KOTA BANJARBARU",
        "Pihak pertama berjanji akan mewujudkan target kinerja",
        "Pihak kedua akan melakukan supervisi",
        "pemberian penghargaan dan sanksi",
        "Banjarbaru, 31 Januari 2026",
        "Dr. Hj. Siti Rahmah, M.Pd.",
        "Pembina Utama Muda (IV/c)",
        "NIP. 19750314 200003 2 001",
        "H. Contoh Wali Kota, S.E.",
        "Wali Kota Banjarbaru",
        "LAMPIRAN",
        "Angka Partisipasi Murni SD",
        "1.234,5 %",
        "2–4 sekolah",
        "Rp 1.234.567",
        "Halaman 1 dari 2",
        "Halaman 2 dari 2",
    ):
        assert expected in text, expected
    assert "DRAF" not in text


def test_the_qr_code_opens_the_public_verification_page(signed, settings):
    settings.SITE_URL = "https://kinerja.banjarbarukota.go.id/"
    context = document_context(signed)
    assert context["verification_url"] == (f"https://kinerja.banjarbarukota.go.id/verify/{signed.verification_token}/")
    assert context["qr"].startswith("data:image/svg+xml")


def test_the_pdf_is_the_same_bytes_every_time_so_the_recorded_hash_identifies_it(signed, login, users):
    assert signed.document_sha256 == document_sha256(agreement_pdf(signed))
    response = login(users[Role.MAYOR_OFFICE]).get(reverse("agreement_documents:pdf", args=[signed.pk]))
    assert hashlib.sha256(response.content).hexdigest() == signed.document_sha256


def test_a_signed_pk_downloads_the_document_kept_at_signing_after_the_region_and_site_change(
    signed, login, users, settings
):
    settings.SITE_URL = "https://kinerja-baru.example.go.id/"
    Region.objects.filter(pk=1).update(name="Kota Lain", head_name="Wali Kota Baru")
    assert document_sha256(agreement_pdf(signed)) != signed.document_sha256  # a fresh rendering differs now
    client = login(users[Role.MAYOR_OFFICE])
    page = client.get(reverse("agreement_documents:pdf", args=[signed.pk]))
    api = client.get(f"/api/v1/agreements/{signed.pk}/pdf/")
    assert hashlib.sha256(page.content).hexdigest() == signed.document_sha256
    assert hashlib.sha256(api.content).hexdigest() == signed.document_sha256


def test_a_signed_pk_keeps_the_names_of_the_day_it_was_signed(signed):
    Region.objects.filter(pk=1).update(head_name="Wali Kota Baru")
    signed.official.__class__.objects.filter(pk=signed.official_id).update(name="Nama Setelah Gelar Baru")
    signed = Agreement.objects.get(pk=signed.pk)
    text = flat(pdf_text(signed, agreement_pdf(signed)))
    assert "H. Contoh Wali Kota, S.E." in text and "Dr. Hj. Siti Rahmah, M.Pd." in text
    assert "Wali Kota Baru" not in text and "Nama Setelah" not in text


def test_a_draft_is_marked_draf_with_the_live_head_and_a_blank_date(department):
    draft = make_agreement(department)
    text = flat(pdf_text(draft, agreement_pdf(draft)))
    assert "DRAF" in text
    assert "Dr. Hj. Siti Rahmah, M.Pd." in text and "Kepala Dinas Pendidikan" in text
    assert "Januari 2026" not in text


def test_an_approved_pk_prints_clean_for_signing(department):
    approved = make_agreement(department)
    Agreement.objects.filter(pk=approved.pk).update(status=AgreementStatus.APPROVED)
    approved.refresh_from_db()
    assert "DRAF" not in pdf_text(approved, agreement_pdf(approved))


def test_an_amendment_is_titled_perjanjian_kinerja_perubahan(signed, department):
    amendment = make_agreement(
        department, official=signed.official, version=2, previous=signed, amendment_reason="program_change"
    )
    assert "PERJANJIAN KINERJA PERUBAHAN TAHUN 2026" in flat(pdf_text(amendment, agreement_pdf(amendment)))


def test_the_regions_logo_is_embedded_when_there_is_one(signed):
    region = Region.objects.get(pk=1)
    assert document_context(signed)["logo"] == ""
    region.logo.save("logo.png", ContentFile(PNG))
    assert document_context(signed)["logo"].startswith("data:image/png;base64,")
    assert agreement_pdf(signed).startswith(b"%PDF")


def test_the_pdf_takes_a_bounded_number_of_queries_whatever_its_size(
    department, login, users, django_assert_max_num_queries
):
    agreement = make_agreement(department)
    client = login(users[Role.DEPARTMENT_HEAD])
    url = reverse("agreement_documents:pdf", args=[agreement.pk])
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    objective = agreement.objectives.first()
    for n in range(30):
        AgreementIndicator.objects.create(
            agreement=agreement,
            objective=objective,
            name=f"Indikator {n}",
            unit="%",
            polarity="positive",
            aggregation="last",
            target=n,
        )
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


# --- Who may download --------------------------------------------------------------------------------------------
def test_the_department_head_downloads_the_own_pk_as_an_attachment(signed, login, users):
    response = login(users[Role.DEPARTMENT_HEAD]).get(reverse("agreement_documents:pdf", args=[signed.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="PK-2026-Disdik-v1.pdf"'


def test_a_head_of_another_department_gets_404_for_the_pdf_and_the_scan(signed, other_department, login, make_user):
    other_head = make_user(Role.DEPARTMENT_HEAD, department=other_department)
    client = login(other_head)
    for name in ("pdf", "scan", "scan_download"):
        assert client.get(reverse(f"agreement_documents:{name}", args=[signed.pk])).status_code == 404, name


# --- The scan of the signed paper --------------------------------------------------------------------------------
def scan_file(content=b"%PDF-1.4\n% scanned\n%%EOF\n", name="pk-ttd.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_the_mayors_office_uploads_the_scan_and_whoever_sees_the_pk_downloads_it(signed, login, users, client):
    content = b"%PDF-1.4\n% the signed paper\n%%EOF\n"
    response = login(users[Role.MAYOR_OFFICE]).post(
        reverse("agreement_documents:scan", args=[signed.pk]), {"file": scan_file(content)}
    )
    assert response.status_code == 302
    signed.refresh_from_db()
    assert signed.signed_scan_sha256 == hashlib.sha256(content).hexdigest()
    assert signed.status == AgreementStatus.SIGNED

    client.force_login(users[Role.DEPARTMENT_STAFF])
    download = client.get(reverse("agreement_documents:scan_download", args=[signed.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == content


@pytest.mark.usefixtures("english_messages")
def test_a_text_file_renamed_to_pdf_is_refused_by_its_content(signed, login, users):
    fake = SimpleUploadedFile("pk.pdf", b"just some text, not a PDF", content_type="application/pdf")
    response = login(users[Role.MAYOR_OFFICE]).post(
        reverse("agreement_documents:scan", args=[signed.pk]), {"file": fake}
    )
    assert response.status_code == 200
    assert "not a PDF" in response.content.decode()
    signed.refresh_from_db()
    assert not signed.signed_scan and not signed.signed_scan_sha256


@pytest.mark.usefixtures("english_messages")
def test_a_scan_over_the_size_limit_is_refused_naming_the_limit(signed, login, users, settings):
    settings.UPLOAD_MAX_MB = 1
    big = scan_file(b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))
    response = login(users[Role.MAYOR_OFFICE]).post(
        reverse("agreement_documents:scan", args=[signed.pk]), {"file": big}
    )
    assert response.status_code == 200
    assert "larger than 1 MB" in response.content.decode()


def test_a_scan_goes_only_to_a_signed_pk(department, login, users):
    draft = make_agreement(department)
    response = login(users[Role.MAYOR_OFFICE]).post(
        reverse("agreement_documents:scan", args=[draft.pk]), {"file": scan_file()}
    )
    assert response.status_code == 404


def test_the_department_head_may_not_upload_the_scan(signed, login, users):
    response = login(users[Role.DEPARTMENT_HEAD]).post(
        reverse("agreement_documents:scan", args=[signed.pk]), {"file": scan_file()}
    )
    assert response.status_code == 403


# --- The public verification page --------------------------------------------------------------------------------
def test_the_verification_page_shows_who_signed_when_and_the_hash_and_nothing_private(signed, client):
    response = client.get(reverse("agreement_documents:verify", args=[signed.verification_token]))
    assert response.status_code == 200
    page = flat(response.content.decode())
    assert signed.document_sha256 in page
    assert "Dinas Pendidikan" in page and "2026" in page
    assert "Dr. Hj. Siti Rahmah, M.Pd." in page and "H. Contoh Wali Kota, S.E." in page
    assert "31 Januari 2026" in page
    for private in ("Angka Partisipasi", "1.234,5", "Rp", "Program Pengelolaan", "197503142000032001"):
        assert private not in page, private


def test_an_unsigned_or_unknown_pk_is_not_verified(department, client):
    draft = make_agreement(department)
    for token in (draft.verification_token, "00000000-0000-0000-0000-000000000000"):
        response = client.get(reverse("agreement_documents:verify", args=[token]))
        assert response.status_code == 404
        assert 'data-testid="verification-missing"' in response.content.decode()
