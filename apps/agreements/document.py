"""The Perjanjian Kinerja as a printable document: A4 PDF in the official format (DOMAIN.md §3), drawn by WeasyPrint.

The PDF is a pure function of the agreement: the same agreement gives the same bytes. At signing the bytes are kept
(`signed_document`) with their SHA-256 (`document_sha256`), so a download of a signed PK is always that very document
and the verification page's hash stays true even after the logo, the site address or the renderer change. A signed
agreement is drawn from its snapshot (names, rank, NIP and position as they were on the day); an unsigned one from the
live objects. Drafts (not yet approved) carry a "DRAF" watermark; an approved PK prints clean, ready to be signed.

The wording of the document is the fixed Indonesian text of PermenPAN-RB 53/2014, not a translated UI string.
"""

import base64
import hashlib
import mimetypes
from decimal import Decimal

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation

from apps.core import formats as number_formats
from apps.core.nip import format_nip
from apps.departments.models import Assignment, Region

from .models import Agreement, AgreementIndicator, AgreementStatus

DOCUMENT_LANGUAGE = "id"
WATERMARKED = (AgreementStatus.DRAFT, AgreementStatus.SUBMITTED, AgreementStatus.RETURNED)


def document_sha256(pdf_bytes: bytes) -> str:
    return hashlib.sha256(pdf_bytes).hexdigest()


def verification_url(agreement: Agreement) -> str:
    """The public address the QR code on the document opens."""
    path = reverse("agreement_documents:verify", kwargs={"token": agreement.verification_token})
    return settings.SITE_URL.rstrip("/") + path


def document_filename(agreement: Agreement) -> str:
    who = agreement.department.short_name
    if agreement.position_id is not None:
        who += f"-{agreement.position.name}"
    return f"PK-{agreement.year}-{who}-v{agreement.version}.pdf".replace(" ", "_").replace("/", "-")


def is_final(agreement: Agreement) -> bool:
    """Drawn from the signing snapshot: set by the signing service (with the date) just before the PK freezes."""
    return agreement.signed_on is not None and bool(agreement.first_party_name)


def document_store(agreement: Agreement) -> tuple[str, str]:
    """Render the document being signed and keep its bytes in the media storage: (file name, SHA-256)."""
    pdf = agreement_pdf(agreement)
    name = default_storage.save(
        f"agreements/documents/{agreement.year}/{document_filename(agreement)}", ContentFile(pdf)
    )
    return name, document_sha256(pdf)


def document_bytes(agreement: Agreement) -> bytes:
    """What a download gives: the signed document as kept on the day of signing, otherwise rendered now."""
    if agreement.signed_document:
        with agreement.signed_document.open("rb") as handle:
            return handle.read()
    return agreement_pdf(agreement)


def agreement_pdf(agreement: Agreement) -> bytes:
    """The PDF bytes of the agreement (five queries; no network or file access while drawing)."""
    from weasyprint import HTML  # imported when needed: it parses its stylesheets (and logs) on import
    from weasyprint.urls import URLFetcher

    html = render_to_string("agreements/document.html", document_context(agreement))
    # Only data: URIs (the logo and the QR code are embedded): the document never reaches the network or the disk.
    fetcher = URLFetcher(allowed_protocols=["data"])
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def document_context(agreement: Agreement) -> dict:
    region = Region.objects.filter(pk=1).first()
    indicators = AgreementIndicator.objects.order_by("order", "pk")
    objectives = list(
        agreement.objectives.order_by("order", "pk").prefetch_related(Prefetch("indicators", queryset=indicators))
    )
    programs = list(agreement.programs.order_by("order", "pk"))
    total = sum((p.budget for p in programs), Decimal(0))  # the rows are here already
    with translation.override(DOCUMENT_LANGUAGE):
        return {
            "agreement": agreement,
            "title": _title(agreement),
            "department_name": agreement.department.name,
            "region_name": region.name if region else "",
            "seat": region.seat if region else "",
            "first_party": _first_party(agreement),
            "second_party": _second_party(agreement, region),
            "place_date": _place_date(agreement, region),
            "watermark": not is_final(agreement) and agreement.status in WATERMARKED,
            "logo": _logo_data_uri(region),
            "qr": segno.make(verification_url(agreement), error="m").svg_data_uri(scale=4, border=2),
            "verification_url": verification_url(agreement),
            "objective_rows": _objective_rows(objectives),
            "programs": [
                {"code": p.code, "name": p.name, "budget": number_formats.format_rupiah(p.budget)} for p in programs
            ],
            "budget_total": number_formats.format_rupiah(total),
        }


def _title(agreement: Agreement) -> str:
    kind = "PERJANJIAN KINERJA PERUBAHAN" if agreement.version > 1 else "PERJANJIAN KINERJA"
    return f"{kind} TAHUN {agreement.year}"


def _first_party(agreement: Agreement) -> dict:
    if is_final(agreement):
        return {
            "name": agreement.first_party_name,
            "rank": agreement.first_party_rank,
            "nip": format_nip(agreement.first_party_nip) if agreement.first_party_nip else "",
            "position": agreement.first_party_position,
        }
    official = agreement.official
    if agreement.position_id is not None:
        return {
            "name": official.name,
            "rank": official.rank_display,
            "nip": official.nip_display,
            "position": agreement.position.name,
        }
    assignment = (
        Assignment.objects.filter(official=official, department=agreement.department).order_by("-start_date").first()
    )
    return {
        "name": official.name,
        "rank": official.rank_display,
        "nip": official.nip_display,
        "position": (assignment.position_title if assignment else "") or f"Kepala {agreement.department.name}",
    }


def superior_position_title(agreement: Agreement) -> str:
    """The position of a cascaded PK's pihak kedua: the head's (eselon III) or the eselon III's (eselon IV)."""
    position = agreement.position
    if position.superior_id is not None:
        return position.superior.name
    superior = agreement.superior_agreement
    if superior.first_party_position:
        return superior.first_party_position
    return _first_party(superior)["position"]


def _second_party(agreement: Agreement, region: Region | None) -> dict:
    if agreement.position_id is not None:  # the cascade: the superior signs as pihak kedua
        if is_final(agreement):
            return {"name": agreement.second_party_name, "position": agreement.second_party_title}
        return {"name": agreement.superior_agreement.official.name, "position": superior_position_title(agreement)}
    if is_final(agreement):
        title, name = agreement.second_party_title, agreement.second_party_name
    else:
        title, name = (region.head_title, region.head_name) if region else ("", "")
    seat = region.seat if region else ""
    return {"name": name, "position": f"{title} {seat}".strip()}


def _place_date(agreement: Agreement, region: Region | None) -> str:
    seat = region.seat if region else ""
    if is_final(agreement):
        return f"{seat}, {formats.date_format(agreement.signed_on, 'j F Y')}"
    return f"{seat}, " + "." * 30 + f" {agreement.year}"


def _logo_data_uri(region: Region | None) -> str:
    if region is None or not region.logo:
        return ""
    mime = mimetypes.guess_type(region.logo.name)[0] or "image/png"
    try:
        with region.logo.open("rb") as logo:
            data = logo.read()
    except OSError:  # the file went missing: the document is still drawn, without the logo
        return ""
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def target_display(indicator: AgreementIndicator) -> str:
    """'95,5 %' or the band '2–4 dokumen'."""
    if indicator.target is not None:
        value = number_formats.format_number(indicator.target.normalize())
    else:
        low = number_formats.format_number(indicator.target_low.normalize())
        high = number_formats.format_number(indicator.target_high.normalize())
        value = f"{low}{number_formats.DASH}{high}"
    return f"{value} {indicator.unit}".strip()


def _objective_rows(objectives) -> list[dict]:
    """The rows of the sasaran table: the sasaran cell spans its indicators."""
    rows = []
    for number, objective in enumerate(objectives, start=1):
        indicators = list(objective.indicators.all()) or [None]
        for index, indicator in enumerate(indicators):
            rows.append(
                {
                    "first": index == 0,
                    "span": len(indicators),
                    "number": number,
                    "objective": objective.name,
                    "indicator": indicator.name if indicator else "",
                    "target": target_display(indicator) if indicator else "",
                }
            )
    return rows
