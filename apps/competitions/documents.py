"""The files of a round: a winner's certificate (PDF, WeasyPrint) and every score in an Excel workbook."""

import io

from django.template.loader import render_to_string
from django.utils import formats, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from apps.departments.models import Region

DOCUMENT_LANGUAGE = "id"


def certificate_filename(entry) -> str:
    return f"piagam-{entry.round.year}-{entry.category}-{entry.rank}-{entry.department.short_name}.pdf".replace(
        " ", "-"
    )


def certificate_pdf(entry) -> bytes:
    from weasyprint import HTML  # imported when needed: it parses its stylesheets on import
    from weasyprint.urls import URLFetcher

    region = Region.objects.filter(pk=1).first()
    with translation.override(DOCUMENT_LANGUAGE):
        day = entry.round.published_at or entry.round.closed_at
        html = render_to_string(
            "competitions/certificate.html",
            {
                "entry": entry,
                "region_name": region.name if region else "",
                "head_title": f"{region.head_title} {region.seat}" if region else "",
                "head_name": region.head_name if region else "",
                "seat": region.seat if region else "",
                "day": formats.date_format(day, "j F Y") if day else "",
                "result": formats.number_format(entry.result, 2) if entry.result is not None else "",
            },
        )
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=["data"])).write_pdf()


def _header(sheet, headers, widths) -> None:
    sheet.append(list(headers))
    for cell, width in zip(sheet[1], widths, strict=True):
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"


def scores_workbook(round_, entries, scores) -> bytes:
    """Sheet "Hasil": each entry's rank and result; sheet "Nilai": every score of every juror."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Hasil"
    _header(
        sheet,
        ["Kategori", "Peringkat", "Inovasi", "Perangkat Daerah", "Nilai Akhir", "Kemanfaatan", "Status", "Rekomendasi"],
        [14, 10, 40, 35, 12, 12, 12, 14],
    )
    for entry in entries:
        sheet.append(
            [
                round_.category_name(entry.category),
                entry.rank,
                entry.innovation.name,
                entry.department.name,
                float(entry.result) if entry.result is not None else None,
                float(entry.benefit_result) if entry.benefit_result is not None else None,
                entry.get_status_display(),
                "Ya" if entry.recommended else "",
            ]
        )
    sheet = workbook.create_sheet("Nilai")
    _header(
        sheet,
        ["Kategori", "Inovasi", "Perangkat Daerah", "Juri", "Kriteria", "Bobot (%)", "Nilai", "Komentar"],
        [14, 40, 35, 25, 28, 10, 8, 50],
    )
    for score in scores:
        sheet.append(
            [
                round_.category_name(score.entry.category),
                score.entry.innovation.name,
                score.entry.department.name,
                str(score.juror),
                score.criterion.name,
                score.criterion.weight,
                score.value,
                score.comment,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
