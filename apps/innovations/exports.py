"""The Excel export of a year's innovations in the national application's field layout, and a ZIP of one
innovation's evidence files.

The workbook: a sheet “Inovasi Daerah” with one row per innovation in the fields of the national form (nama,
tahapan, inisiator, … perangkat daerah; the design as plain text), and a sheet “Indikator” with the claimed and
verified level of each innovation indicator (16–35) per innovation. The rows are those the user may see
(`selectors.innovations_for`: another department's draft is left out), filtered by `?department=` and `?status=`.

The ZIP: the budget file, the business profile file and every indicator's evidence file of an innovation the user
may see (another department's draft is 404), with a text file listing every indicator's level and evidence.
"""

import datetime
import html
import io
import re
import tempfile
import zipfile
from pathlib import PurePath

from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.html import strip_tags
from django.views import View
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from apps.core.import_views import XLSX_MIME
from apps.core.views import PermissionMixin

from .affairs import AFFAIR_LABELS
from .models import FIRST_INNOVATION_INDICATOR, LAST_INNOVATION_INDICATOR, Innovation, InnovationStatus
from .schemes import FORMS, INITIATORS, KINDS, STAGES
from .selectors import indicators_for, innovations_for

PROFILE_SHEET, INDICATOR_SHEET = "Inovasi Daerah", "Indikator"
#: The national form's fields, in its order: (header, width).
PROFILE_COLUMNS = (
    ("No", 5),
    ("Tahun", 7),
    ("Nama Inovasi", 40),
    ("Tahapan Inovasi", 14),
    ("Inisiator Inovasi", 18),
    ("Nama Inisiator", 28),
    ("Jenis Inovasi", 13),
    ("Bentuk Inovasi", 30),
    ("Tematik", 18),
    ("Urusan Utama", 30),
    ("Urusan Beririsan", 30),
    ("Waktu Uji Coba", 13),
    ("Waktu Penerapan", 13),
    ("Rancang Bangun", 80),
    ("Tujuan Inovasi", 40),
    ("Manfaat yang Diperoleh", 40),
    ("Hasil Inovasi", 40),
    ("Video", 40),
    ("Perangkat Daerah", 35),
    ("Status", 12),
)
INDICATOR_NUMBERS = range(FIRST_INNOVATION_INDICATOR, LAST_INNOVATION_INDICATOR + 1)
CELL_LIMIT = 32_000  # Excel keeps at most 32 767 characters in a cell
_BLOCK_TAG = re.compile(r"<(?:br|hr|/?(?:p|div|li|ul|ol|h[1-6]|tr|table|blockquote|section))\b[^>]*>", re.I)
_LABELS = {**dict(STAGES), **dict(INITIATORS), **dict(KINDS), **dict(FORMS)}
_STATUS_LABELS = {"draft": "Draf", "submitted": "Diajukan", "returned": "Dikembalikan", "verified": "Terverifikasi"}


def plain_text(markup: str) -> str:
    """The text of an HTML fragment: block tags become line breaks, other tags go, entities are decoded."""
    text = html.unescape(strip_tags(_BLOCK_TAG.sub("\n", markup or "")))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)[:CELL_LIMIT]


def _affair(code: str) -> str:
    return str(AFFAIR_LABELS.get(code, code)) if code else ""


def profile_row(number: int, innovation: Innovation) -> list:
    return [
        number,
        innovation.year,
        innovation.name,
        _LABELS.get(innovation.stage, innovation.stage),
        _LABELS.get(innovation.initiator, innovation.initiator),
        innovation.initiator_name,
        _LABELS.get(innovation.kind, innovation.kind),
        _LABELS.get(innovation.form, innovation.form),
        innovation.theme,
        _affair(innovation.main_affair),
        "; ".join(_affair(code) for code in innovation.affairs),
        innovation.trial_date,
        innovation.implementation_date,
        plain_text(innovation.design),
        innovation.goals[:CELL_LIMIT],
        innovation.benefits[:CELL_LIMIT],
        innovation.results[:CELL_LIMIT],
        innovation.video_url,
        innovation.department.name,
        _STATUS_LABELS.get(innovation.status, innovation.status),
    ]


def _header(sheet, headers, widths) -> None:
    sheet.append(list(headers))
    for cell, width in zip(sheet[1], widths, strict=True):
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"


def innovations_workbook(innovations: list[Innovation], levels: dict[int, dict[int, tuple]]) -> bytes:
    """The workbook of `innovations`; `levels[innovation pk][number]` = (claimed, verified)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = PROFILE_SHEET
    _header(sheet, [h for h, _w in PROFILE_COLUMNS], [w for _h, w in PROFILE_COLUMNS])
    for number, innovation in enumerate(innovations, start=1):
        sheet.append(profile_row(number, innovation))
    for row in sheet.iter_rows(min_row=2, min_col=12, max_col=13):
        for cell in row:
            cell.number_format = "DD/MM/YYYY"

    sheet = workbook.create_sheet(INDICATOR_SHEET)
    headers = ["No", "Nama Inovasi", "Perangkat Daerah"]
    for indicator in INDICATOR_NUMBERS:
        headers += [f"{indicator} Klaim", f"{indicator} Verifikasi"]
    _header(sheet, headers, [5, 40, 35] + [10] * (2 * len(INDICATOR_NUMBERS)))
    for number, innovation in enumerate(innovations, start=1):
        row = [number, innovation.name, innovation.department.name]
        own = levels.get(innovation.pk, {})
        for indicator in INDICATOR_NUMBERS:
            row += list(own.get(indicator, (None, None)))
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class InnovationsExportView(PermissionMixin, View):
    """A year's innovations the user may see, in the national application's layout (`?department=`, `?status=`)."""

    permission = "innovations.view"

    def get(self, request, year):
        queryset = innovations_for(request.user).filter(year=year)
        department = request.GET.get("department", "")
        if department.isdigit():
            queryset = queryset.filter(department_id=int(department))
        status = request.GET.get("status", "")
        if status in InnovationStatus.values:
            queryset = queryset.filter(status=status)
        innovations = list(queryset.order_by("department__code", "name", "pk"))
        levels: dict[int, dict[int, tuple]] = {}
        rows = indicators_for(request.user).filter(innovation__in=[i.pk for i in innovations])
        for innovation_id, number, claimed, verified in rows.values_list(
            "innovation_id", "number", "claimed_level", "verified_level"
        ):
            levels.setdefault(innovation_id, {})[number] = (claimed, verified)
        response = HttpResponse(innovations_workbook(innovations, levels), content_type=XLSX_MIME)
        response["Content-Disposition"] = f'attachment; filename="inovasi-daerah-{year}.xlsx"'
        return response


# --- The evidence ZIP -----------------------------------------------------------------------------------------------
def _add_file(archive: zipfile.ZipFile, field, folder: str, used: set[str]) -> bool:
    """Add a stored file under `folder/`; False when the storage has lost it."""
    try:
        with field.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError):
        return False
    name = f"{folder}/{PurePath(field.name).name}"
    while name in used:
        name = f"{folder}/_{name.rsplit('/', 1)[1]}"
    used.add(name)
    archive.writestr(name, data)
    return True


def evidence_listing(innovation: Innovation, indicators) -> str:
    lines = [f"{innovation.name} ({innovation.year}) — {innovation.department.name}", ""]
    for row in indicators:
        lines.append(f"Indikator {row.number}: klaim {row.claimed_level or '-'}, verifikasi {row.verified_level}")
        if row.evidence_text:
            lines.append(f"  Bukti: {row.evidence_text}")
        if row.evidence_url:
            lines.append(f"  Tautan: {row.evidence_url}")
        if row.evidence_file:
            lines.append(f"  Berkas: indikator-{row.number}/{PurePath(row.evidence_file.name).name}")
    return "\n".join(lines) + "\n"


def evidence_zip(innovation: Innovation, indicators) -> tempfile.SpooledTemporaryFile:
    """The ZIP (rewound) of the innovation's files and its indicators' evidence files, with a listing."""
    spooled = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    used: set[str] = set()
    with zipfile.ZipFile(spooled, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("daftar-bukti.txt", evidence_listing(innovation, indicators))
        if innovation.budget_file:
            _add_file(archive, innovation.budget_file, "anggaran", used)
        if innovation.profile_file:
            _add_file(archive, innovation.profile_file, "profil-bisnis", used)
        for row in indicators:
            if row.evidence_file:
                _add_file(archive, row.evidence_file, f"indikator-{row.number}", used)
    spooled.seek(0)
    return spooled


class EvidenceZipView(PermissionMixin, View):
    """An innovation's evidence as a ZIP: the innovations the user may see (another department's draft is 404)."""

    permission = "innovations.view"

    def get(self, request, pk):
        innovation = get_object_or_404(innovations_for(request.user), pk=pk)
        indicators = list(innovation.indicators.order_by("number"))
        stamp = datetime.date.today().strftime("%Y%m%d")
        return FileResponse(
            evidence_zip(innovation, indicators),
            as_attachment=True,
            filename=f"bukti-inovasi-{innovation.pk}-{stamp}.zip",
            content_type="application/zip",
        )
