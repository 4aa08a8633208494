"""The reports as Excel workbooks (openpyxl): numbers are number cells with Indonesian-style formats (thousands
grouped, two decimals for percentages, "Rp" for money); a band target is the text "80–90"; a value nobody reported
is an empty cell (never 0). The headings are the fixed Indonesian wording of the LKjIP and of Permendagri 86/2017,
like the PK document (apps/agreements/document.py), not translated UI strings.
"""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from apps.core.formats import DASH, format_number

from .capaian import CapaianReport, DepartmentCapaian
from .e81 import E81Report, E81Row, Target

# [$-421] is the Indonesian locale: LibreOffice then shows 1.234,5 and Rp 1.234.567 whatever its own language
# (Excel keeps the separators of the computer's settings).
INDONESIAN = "[$-421]"
PERCENT_FORMAT = INDONESIAN + "#,##0.00"
RUPIAH_FORMAT = INDONESIAN + '"Rp "#,##0'
NOT_REPORTED = "belum dilaporkan"
NO_AGREEMENT = "Belum ada Perjanjian Kinerja yang ditandatangani"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
GROUP_FILL = PatternFill("solid", fgColor="EEF3FA")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def number_format(value: Decimal) -> str:
    """'#,##0' for a whole number, else as many decimals as the value has (at most four)."""
    exponent = value.normalize().as_tuple().exponent
    places = min(4, max(0, -exponent)) if isinstance(exponent, int) else 0
    return INDONESIAN + "#,##0" + ("." + "0" * places if places else "")


def _plain(value: Decimal):
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def put(sheet: Worksheet, row: int, column: int, value, *, kind: str = "number", bold: bool = False):
    """Write one cell with its format: kind "number", "percent", "rupiah" or "text"."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, Decimal):
        cell.value = _plain(value)
        cell.number_format = {"percent": PERCENT_FORMAT, "rupiah": RUPIAH_FORMAT}.get(kind) or number_format(value)
        cell.alignment = Alignment(horizontal="right", vertical="top")
    else:
        cell.value = value
        cell.alignment = WRAP
    cell.border = BORDER
    if bold:
        cell.font = Font(bold=True)
    return cell


def merge(sheet: Worksheet, *, start_row: int, start_column: int, end_row: int, end_column: int) -> None:
    """`sheet.merge_cells` without its check of the new range against every range merged before, which makes a
    sheet's merges quadratic: the whole region's LKjIP table at 600 departments (some 26,000 merges) spent more
    than a minute there. The ranges merged here never overlap: each is written once, below the ones before."""
    merged = MergedCellRange(
        sheet, f"{get_column_letter(start_column)}{start_row}:{get_column_letter(end_column)}{end_row}"
    )
    sheet.merged_cells.ranges.add(merged)
    sheet._clean_merge_range(merged)  # what merge_cells does next: the covered cells become MergedCells, bordered


def target_cell(target: Target | None):
    """The number, or the band as text '80–90' (Indonesian decimals); None when there is no target."""
    if target is None or not target.is_set:
        return None
    if target.value is not None:
        return target.value
    return f"{format_number(target.low.normalize())}{DASH}{format_number(target.high.normalize())}"


def _title(sheet: Worksheet, lines: list[str], width: int) -> int:
    for number, line in enumerate(lines, start=1):
        merge(sheet, start_row=number, start_column=1, end_row=number, end_column=width)
        cell = sheet.cell(row=number, column=1, value=line)
        cell.font = Font(bold=True, size=12 if number == 1 else 11)
        cell.alignment = Alignment(horizontal="center")
    return len(lines) + 2


def _header(sheet: Worksheet, row: int, headers: list[str]) -> None:
    for column, text in enumerate(headers, start=1):
        cell = sheet.cell(row=row, column=column, value=text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = CENTER
        cell.border = BORDER


def _widths(sheet: Worksheet, widths: list[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _fit_rows(sheet: Worksheet, first_row: int) -> None:
    """Row heights for the wrapped text (LibreOffice keeps the stored height of an .xlsx row): lines ≈ the text's
    length over the column's width, for the cells that are not merged."""
    merged = {cell for cells in sheet.merged_cells.ranges for cell in _coordinates(cells)}
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
    for row in sheet.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if isinstance(cell.value, str) and cell.coordinate not in merged:
                width = widths.get(cell.column_letter) or 10
                lines = max(lines, -(-len(cell.value) * 11 // (int(width) * 10)))
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = 15 * lines


def _coordinates(cells) -> list[str]:
    return [f"{get_column_letter(column)}{row}" for row, column in cells.cells]


def _print_setup(sheet: Worksheet, *, header_rows: str, paper: str = Worksheet.PAPERSIZE_A4) -> None:
    """Landscape, every column on one page width, the heading rows repeated on every page."""
    sheet.page_setup.paperSize = paper
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = header_rows
    sheet.page_margins.left = sheet.page_margins.right = 0.4


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- The LKjIP capaian table --------------------------------------------------------------------------------------
CAPAIAN_HEADERS = [
    "No",
    "Sasaran Strategis",
    "Indikator Kinerja",
    "Satuan",
    "Target",
    "Realisasi",
    "Capaian (%)",
    "Predikat",
    "Capaian Sasaran (%)",
]
CAPAIAN_WIDTHS = [5, 40, 45, 12, 14, 16, 13, 15, 13]


def capaian_title(report: CapaianReport, region_name: str) -> list[str]:
    scope = "SELURUH PERANGKAT DAERAH" if report.is_region else report.departments[0].department.name.upper()
    return [f"TABEL CAPAIAN KINERJA TAHUN {report.year}", scope, region_name.upper()]


def _department_rows(sheet: Worksheet, row: int, table: DepartmentCapaian) -> int:
    if table.agreement is None:
        merge(sheet, start_row=row, start_column=1, end_row=row, end_column=len(CAPAIAN_HEADERS))
        put(sheet, row, 1, NO_AGREEMENT)
        return row + 1
    for line in table.rows:
        if line.first_of_objective:
            put(sheet, row, 1, line.objective_number)
            put(sheet, row, 2, line.objective)
            put(sheet, row, 9, line.objective_percent, kind="percent")
            if line.objective_span > 1:
                for column in (1, 2, 9):
                    merge(
                        sheet,
                        start_row=row,
                        start_column=column,
                        end_row=row + line.objective_span - 1,
                        end_column=column,
                    )
        put(sheet, row, 3, line.indicator)
        put(sheet, row, 4, line.unit)
        put(sheet, row, 5, target_cell(Target(line.target, line.target_low, line.target_high)))
        put(sheet, row, 6, line.actual if line.actual is not None else NOT_REPORTED)
        put(sheet, row, 7, line.percent, kind="percent")
        put(sheet, row, 8, line.predicate.label if line.predicate else None)
        row += 1
    merge(sheet, start_row=row, start_column=1, end_row=row, end_column=6)
    put(sheet, row, 1, "Capaian Kinerja Perangkat Daerah", bold=True)
    put(sheet, row, 7, table.percent, kind="percent", bold=True)
    put(sheet, row, 8, table.predicate.label if table.predicate else None, bold=True)
    put(sheet, row, 9, None)
    return row + 1


def capaian_workbook(report: CapaianReport, *, region_name: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Capaian Kinerja"
    row = _title(sheet, capaian_title(report, region_name), len(CAPAIAN_HEADERS))
    _header(sheet, row, CAPAIAN_HEADERS)
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)
    _print_setup(sheet, header_rows=f"{row}:{row}")
    row += 1
    for table in report.departments:
        if report.is_region:
            merge(sheet, start_row=row, start_column=1, end_row=row, end_column=len(CAPAIAN_HEADERS))
            cell = put(sheet, row, 1, table.department.name, bold=True)
            cell.fill = GROUP_FILL
            row += 1
        row = _department_rows(sheet, row, table)
    _widths(sheet, CAPAIAN_WIDTHS)
    _fit_rows(sheet, first_row=len(capaian_title(report, region_name)) + 2)
    if report.is_region:
        _summary_sheet(workbook, report, region_name)
    return _save(workbook)


def _summary_sheet(workbook: Workbook, report: CapaianReport, region_name: str) -> None:
    sheet = workbook.create_sheet("Ringkasan", index=0)
    headers = ["No", "Perangkat Daerah", "Kepala Perangkat Daerah", "Capaian (%)", "Predikat"]
    row = _title(sheet, [f"RINGKASAN CAPAIAN KINERJA TAHUN {report.year}", region_name.upper()], len(headers))
    _header(sheet, row, headers)
    _print_setup(sheet, header_rows=f"{row}:{row}")
    for number, table in enumerate(report.departments, start=1):
        row += 1
        put(sheet, row, 1, number)
        put(sheet, row, 2, table.department.name)
        put(sheet, row, 3, table.head_name or NO_AGREEMENT)
        put(sheet, row, 4, table.percent, kind="percent")
        put(sheet, row, 5, table.predicate.label if table.predicate else None)
    row += 1
    merge(sheet, start_row=row, start_column=1, end_row=row, end_column=3)
    put(sheet, row, 1, "Rata-rata capaian perangkat daerah", bold=True)
    put(sheet, row, 4, report.percent, kind="percent", bold=True)
    put(sheet, row, 5, report.predicate.label if report.predicate else None, bold=True)
    _widths(sheet, [5, 45, 40, 13, 15])
    _fit_rows(sheet, first_row=4)


# --- Table E.81 ---------------------------------------------------------------------------------------------------
#: (heading, K/Rp pair?) of the columns after "No", in the order of the table.
E81_GROUPS = [
    ("Sasaran", False),
    ("Kode", False),
    ("Program/Kegiatan", False),
    ("Indikator Kinerja Program (outcome)/Kegiatan (output)", False),
    ("Target RPJMD/Renstra pada akhir periode", True),
    ("Realisasi capaian kinerja RPJMD/Renstra s.d. tahun lalu", True),
    ("Target kinerja dan anggaran tahun berjalan yang dievaluasi", True),
    ("Realisasi kinerja pada Triwulan I", True),
    ("Realisasi kinerja pada Triwulan II", True),
    ("Realisasi kinerja pada Triwulan III", True),
    ("Realisasi kinerja pada Triwulan IV", True),
    ("Realisasi capaian kinerja dan anggaran tahun berjalan yang dievaluasi", True),
    ("Tingkat capaian kinerja dan realisasi anggaran tahun berjalan (%)", True),
    ("Realisasi kinerja dan anggaran RPJMD/Renstra s.d. tahun berjalan", True),
    ("Tingkat capaian kinerja dan realisasi anggaran RPJMD/Renstra s.d. tahun berjalan (%)", True),
    ("Perangkat Daerah Penanggung Jawab", False),
]
E81_COLUMNS = 1 + sum(2 if pair else 1 for _heading, pair in E81_GROUPS)  # 28


def _e81_header(sheet: Worksheet, row: int) -> int:
    """Two heading rows (K and Rp under each pair) and the row of column numbers 1…17."""
    _header(sheet, row, ["No"])
    merge(sheet, start_row=row, start_column=1, end_row=row + 1, end_column=1)
    column = 2
    for heading, pair in E81_GROUPS:
        cell = sheet.cell(row=row, column=column, value=heading)
        cell.font, cell.fill, cell.alignment, cell.border = Font(bold=True), HEADER_FILL, CENTER, BORDER
        if pair:
            merge(sheet, start_row=row, start_column=column, end_row=row, end_column=column + 1)
            for offset, label in enumerate(("K", "Rp")):
                sub = sheet.cell(row=row + 1, column=column + offset, value=label)
                sub.font, sub.fill, sub.alignment, sub.border = Font(bold=True), HEADER_FILL, CENTER, BORDER
            column += 2
        else:
            merge(sheet, start_row=row, start_column=column, end_row=row + 1, end_column=column)
            column += 1
    for column in range(1, E81_COLUMNS + 1):
        sheet.cell(row=row + 1, column=column).border = BORDER
    # The column numbers of the regulation's table: a pair shares its number.
    numbers_row = row + 2
    put(sheet, numbers_row, 1, 1).alignment = CENTER
    column, number = 2, 2
    for _heading, pair in E81_GROUPS:
        put(sheet, numbers_row, column, number).alignment = CENTER
        if pair:
            merge(sheet, start_row=numbers_row, start_column=column, end_row=numbers_row, end_column=column + 1)
            sheet.cell(row=numbers_row, column=column + 1).border = BORDER
        column += 2 if pair else 1
        number += 1
    sheet.row_dimensions[row].height = 75
    return numbers_row + 1


def _e81_line(row: E81Row) -> list:
    """The cells of one line, in column order, as (value, kind)."""
    k_percent = "percent"
    return [
        (row.number, "text"),
        (row.objective, "text"),
        (row.code, "text"),
        (row.program, "text"),
        ((f"{row.indicator} ({row.unit})" if row.unit else row.indicator), "text"),
        (target_cell(row.renstra_k), "number"),
        (row.renstra_rp, "rupiah"),
        (row.before_k, "number"),
        (row.before_rp, "rupiah"),
        (target_cell(row.target_k), "number"),
        (row.target_rp, "rupiah"),
        *[
            cell
            for quarter in range(4)
            for cell in ((row.quarters_k[quarter], "number"), (row.quarters_rp[quarter], "rupiah"))
        ],
        (row.year_k, "number"),
        (row.year_rp, "rupiah"),
        (row.year_percent_k, k_percent),
        (row.year_percent_rp, "percent"),
        (row.to_date_k, "number"),
        (row.to_date_rp, "rupiah"),
        (row.to_date_percent_k, k_percent),
        (row.to_date_percent_rp, "percent"),
        (row.department, "text"),
    ]


def e81_workbook(report: E81Report, *, region_name: str, department_name: str = "") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "E.81"
    scope = "SELURUH PERANGKAT DAERAH" if report.is_region else department_name.upper()
    title = [
        "TABEL E.81",
        f"EVALUASI TERHADAP HASIL RKPD/RENJA PERANGKAT DAERAH TAHUN {report.year}",
        scope,
        region_name.upper(),
    ]
    row = _title(sheet, title, E81_COLUMNS)
    _print_setup(sheet, header_rows=f"{row}:{row + 2}", paper=Worksheet.PAPERSIZE_A3)  # 28 columns
    row = _e81_header(sheet, row)
    sheet.freeze_panes = sheet.cell(row=row, column=6)
    for line in report.rows:
        if line.kind == "department":
            merge(sheet, start_row=row, start_column=1, end_row=row, end_column=E81_COLUMNS)
            put(sheet, row, 1, line.objective, bold=True).fill = GROUP_FILL
        else:
            for column, (value, kind) in enumerate(_e81_line(line), start=1):
                put(sheet, row, column, value, kind=kind, bold=line.kind == "objective")
        row += 1
    for department in report.departments_without_pk:
        merge(sheet, start_row=row, start_column=1, end_row=row, end_column=E81_COLUMNS)
        put(sheet, row, 1, f"{department.name}: {NO_AGREEMENT}")
        row += 1
    _widths(sheet, [5, 30, 12, 30, 35, *([13, 17] * 11), 28])
    _fit_rows(sheet, first_row=len(title) + 4)
    return _save(workbook)
