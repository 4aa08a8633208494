"""Objects the realisasi tests need: a signed PK (made with the ORM, no document rendered), and evidence files."""

import datetime
import io
import zipfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.agreements.models import Agreement, AgreementIndicator, AgreementObjective, AgreementProgram

from .factories import OfficialFactory, UserFactory


def make_signed_agreement(department, *, year=2026, official=None, previous=None, signed=True) -> Agreement:
    """A PK with one sasaran, two indicators and one program, signed on 31 January of its year; with `previous`
    it is that PK's amendment (version n+1)."""
    agreement = Agreement.objects.create(
        department=department,
        official=official or (previous.official if previous else OfficialFactory()),
        year=year,
        version=previous.version + 1 if previous else 1,
        previous=previous,
        amendment_reason="program_change" if previous else "",
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        created_by=UserFactory(role="admin"),
    )
    objective = AgreementObjective.objects.create(agreement=agreement, order=1, name="Meningkatnya mutu pendidikan")
    for order, name, target in ((1, "Angka Partisipasi Murni SD", "96.5"), (2, "Indeks literasi", "71.25")):
        AgreementIndicator.objects.create(
            agreement=agreement,
            objective=objective,
            order=order,
            name=name,
            unit="%",
            polarity="positive",
            aggregation="last",
            target=Decimal(target),
        )
    AgreementProgram.objects.create(
        agreement=agreement, order=1, code="1.01.02", name="Program Pengelolaan Pendidikan", budget=Decimal(1000000)
    )
    if signed:
        Agreement.objects.filter(pk=agreement.pk).update(status="signed", signed_on=datetime.date(year, 1, 31))
        agreement.refresh_from_db()
    return agreement


# --- Evidence files -------------------------------------------------------------------------------------------------
def pdf_file(name="bukti.pdf", body=b"") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n1 0 obj <<>> endobj\n" + body + b"\n%%EOF\n", "application/pdf")


def _image(kind: str, size=(8, 8)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, kind)
    return buffer.getvalue()


def png_file(name="foto.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _image("PNG"), "image/png")


def jpeg_file(name="foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _image("JPEG"), "image/jpeg")


def office_file(name="laporan.docx", parts=("word/document.xml",), content_types=True) -> SimpleUploadedFile:
    """An Office Open XML package (a ZIP with `[Content_Types].xml` and the given parts)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        if content_types:
            package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        for part in parts:
            package.writestr(part, "<x/>")
    return SimpleUploadedFile(name, buffer.getvalue(), "application/octet-stream")


def ole_file(name="laporan.doc", stream="WordDocument") -> SimpleUploadedFile:
    """A legacy Office file: the OLE compound-file header and a directory entry naming its main stream."""
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + stream.encode("utf-16-le") + b"\x00" * 64
    return SimpleUploadedFile(name, data, "application/octet-stream")


def executable_file(name="bukti.pdf", magic=b"MZ") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, magic + b"\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "application/pdf")
