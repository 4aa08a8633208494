"""Evidence files of a realisasi report: accepted by their content, not their name; stored with their SHA-256; within
the size limit."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.progress import services
from apps.progress.models import Evidence

from .factories_progress import (
    executable_file,
    jpeg_file,
    office_file,
    ole_file,
    pdf_file,
    png_file,
)

# ruff: noqa: F811 - the fixtures imported from tests/progress_fixtures.py are the parameters of the tests
from .progress_fixtures import WITA, agreement, draft, in_april_2026, indicator, on, people, program  # noqa: F401

pytestmark = pytest.mark.usefixtures("in_april_2026")


# --- Evidence ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("upload", "content_type", "extension"),
    [
        (pdf_file, "application/pdf", "pdf"),
        (png_file, "image/png", "png"),
        (jpeg_file, "image/jpeg", "jpg"),
        (office_file, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
        (
            lambda: office_file("data.xlsx", parts=["xl/workbook.xml"]),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        (ole_file, "application/msword", "doc"),
        (lambda: ole_file("data.xls", stream="Workbook"), "application/vnd.ms-excel", "xls"),
    ],
)
def test_evidence_is_accepted_by_its_content_with_its_sha256(indicator, people, upload, content_type, extension):
    report = draft(indicator, people)
    file = upload()
    body = file.read()
    evidence = services.evidence_add(report=report, file=file, by=people["staff"])
    evidence.refresh_from_db()
    assert evidence.sha256 == hashlib.sha256(body).hexdigest()
    assert (evidence.content_type, evidence.size, evidence.original_name) == (content_type, len(body), file.name)
    assert evidence.file.name.startswith("progress/evidence/2026/")
    assert evidence.file.name.endswith(f".{extension}")  # stored under its real type, whatever its name said
    with default_storage.open(evidence.file.name, "rb") as stored:
        assert stored.read() == body


def test_a_pdf_named_as_a_picture_is_stored_as_a_pdf(indicator, people):
    evidence = services.evidence_add(report=draft(indicator, people), file=pdf_file("foto.jpg"), by=people["staff"])
    assert (evidence.content_type, evidence.original_name) == ("application/pdf", "foto.jpg")
    assert evidence.file.name.endswith(".pdf")


@pytest.mark.parametrize(
    "upload",
    [
        executable_file,
        lambda: executable_file("laporan.docx", magic=b"\x7fELF"),
        lambda: executable_file("foto.png", magic=b"#!/bin/sh\n"),
        lambda: office_file("arsip.docx", content_types=False),
        lambda: office_file("makro.docm", parts=["word/document.xml", "word/vbaProject.bin"]),
        lambda: ole_file("setup.doc", stream="SummaryInformation"),
        lambda: ole_file("makro.doc", stream="_VBA_PROJECT"),
        lambda: SimpleUploadedFile("catatan.pdf", b"hanya teks biasa"),
        lambda: SimpleUploadedFile("kosong.pdf", b""),
    ],
)
def test_files_that_are_not_accepted_types_are_refused_whatever_their_name(indicator, people, upload):
    report = draft(indicator, people)
    with pytest.raises(ValidationError) as error:
        services.evidence_add(report=report, file=upload(), by=people["staff"])
    assert "file" in error.value.message_dict
    assert not Evidence.objects.exists()


def test_a_renamed_executable_is_refused_as_a_program(indicator, people, english_messages):
    with pytest.raises(ValidationError) as error:
        services.evidence_add(report=draft(indicator, people), file=executable_file(), by=people["staff"])
    assert error.value.message_dict["file"] == ["Programs and scripts are not accepted as evidence."]


def test_a_file_over_the_limit_is_refused_naming_the_limit(indicator, people, settings, english_messages):
    settings.PROGRESS_EVIDENCE_MAX_MB = 1
    report = draft(indicator, people)
    with pytest.raises(ValidationError) as error:
        services.evidence_add(report=report, file=pdf_file(body=b"0" * 1024 * 1024), by=people["staff"])
    assert error.value.message_dict["file"] == ["The file is larger than 1 MB."]
    assert services.evidence_add(report=report, file=pdf_file(body=b"0" * 1000), by=people["staff"])


def test_the_same_file_is_attached_once(indicator, people):
    report = draft(indicator, people)
    services.evidence_add(report=report, file=pdf_file(), by=people["staff"])
    with pytest.raises(ValidationError):
        services.evidence_add(report=report, file=pdf_file("salinan.pdf"), by=people["head"])
    assert report.evidence.count() == 1


def test_evidence_is_removed_from_a_draft_and_from_the_disk(indicator, people, django_capture_on_commit_callbacks):
    report = draft(indicator, people)
    evidence = services.evidence_add(report=report, file=png_file(), by=people["staff"])
    name = evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_delete(evidence=evidence, by=people["head"])
    assert not report.evidence.exists()
    assert not default_storage.exists(name)


def test_evidence_of_a_submitted_report_cannot_be_removed(indicator, people):
    report = draft(indicator, people)
    evidence = services.evidence_add(report=report, file=png_file(), by=people["staff"])
    services.report_submit(report=report, by=people["head"])
    with pytest.raises(services.TransitionError):
        services.evidence_delete(evidence=evidence, by=people["staff"])
    assert default_storage.exists(evidence.file.name)
    assert report.evidence.count() == 1
