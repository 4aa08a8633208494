"""Reading the uploaded file: is it an .xlsx workbook, and its data rows keyed by column."""

import logging
import zipfile

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .base import Importer, Sheet, SheetRow, cell_text

logger = logging.getLogger(__package__)  # the logger of the former module apps.core.importing

MAX_ROWS = 10_000
XLS_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old Excel 97–2003 (.xls) format
XLSX_CONTENT_TYPE = b"spreadsheetml.sheet.main+xml"


# --- Reading the file -----------------------------------------------------------------------------------------
class ImportFileError(Exception):
    """The file cannot be read as this import; the message tells the user why and what to do."""


def xlsx_problem(fileobj) -> str | None:
    """Why this file is not an .xlsx workbook, judged by its content (not its name); None when it is one."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(XLS_SIGNATURE):
        return _(
            "This is an old Excel 97–2003 workbook (.xls). Open it in Excel, save it as “Excel Workbook (.xlsx)” "
            "and upload that file."
        )
    not_xlsx = _(
        "This file is not an Excel workbook (.xlsx), even if its name ends in .xlsx. Download the template, fill it "
        "in with Excel or LibreOffice and save it as .xlsx."
    )
    if not zipfile.is_zipfile(fileobj):
        fileobj.seek(0)
        return not_xlsx
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            content_types = archive.read("[Content_Types].xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return not_xlsx
    finally:
        fileobj.seek(0)
    if XLSX_CONTENT_TYPE not in content_types:
        return not_xlsx
    return None


def _header_key(text) -> str:
    return " ".join(cell_text(text).rstrip("*: ").casefold().split())


def read_sheet(fileobj, importer: Importer) -> list[SheetRow]:
    """The data rows, keyed by column; empty rows are skipped. Raises ImportFileError.

    An importer of one sheet reads the first sheet of the workbook (whatever its name); an importer of several reads
    each of its sheets by name, in its order (a sheet may have no data rows, but not all of them)."""
    problem = xlsx_problem(fileobj)
    if problem:
        raise ImportFileError(problem)
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on a damaged file
        logger.info("Unreadable workbook: %s", exc)
        raise ImportFileError(
            _("The workbook cannot be read; it may be damaged. Open it in Excel, save it again as .xlsx and upload it.")
        ) from exc
    try:
        layout = importer.sheets
        if len(layout) == 1:
            result = _read_rows(workbook.worksheets[0], importer, layout[0], "")
            if not result:
                raise ImportFileError(_("The first sheet has no data rows under the column names."))
            return result
        missing = [sheet.name for sheet in layout if sheet.name not in workbook.sheetnames]
        if missing:
            raise ImportFileError(
                _("The workbook has no sheet named %(names)s. Download the template and keep its sheets.")
                % {"names": ", ".join(f"“{name}”" for name in missing)}
            )
        result = []
        for sheet in layout:
            result.extend(_read_rows(workbook[sheet.name], importer, sheet, sheet.name))
        if not result:
            raise ImportFileError(
                _("The sheets %(names)s have no data rows under the column names.")
                % {"names": ", ".join(f"“{sheet.name}”" for sheet in layout)}
            )
        return result
    finally:
        workbook.close()


def _read_rows(worksheet, importer: Importer, sheet: Sheet, name: str) -> list[SheetRow]:
    rows = worksheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None or all(cell_text(value) == "" for value in header):
        if name:
            raise ImportFileError(
                _("The sheet “%(sheet)s” is empty: its first row must hold the column names of the template.")
                % {"sheet": name}
            )
        raise ImportFileError(_("The first sheet is empty: its first row must hold the column names of the template."))
    positions = _match_headers(header, importer, sheet, name)
    result = []
    for line, cells in enumerate(rows, start=2):
        values = {key: _tidy(cells[index]) if index < len(cells) else None for key, index in positions.items()}
        if all(value is None for value in values.values()):
            continue
        if len(result) >= MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(limit)d rows; split it into files of at most %(limit)d rows.")
                % {"limit": MAX_ROWS}
            )
        result.append(SheetRow(line=line, values=values, sheet=name))
    return result


def _tidy(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _match_headers(header, importer: Importer, sheet: Sheet, name: str = "") -> dict[str, int]:
    known = {}
    for column in sheet.columns:
        for text in (column.header, *column.aliases):
            known[_header_key(text)] = column
    positions: dict[str, int] = {}
    unknown, repeated = [], []
    for index, text in enumerate(header):
        if cell_text(text) == "":
            continue
        column = known.get(_header_key(text))
        if column is None:
            column = importer.extra_column(sheet, cell_text(text))
            if column is not None:
                importer.found_columns[column.key] = column
        if column is None:
            unknown.append(cell_text(text))
        elif column.key in positions:
            repeated.append(cell_text(text))
        else:
            positions[column.key] = index
    missing = [c.header for c in sheet.columns if c.required and c.key not in positions]
    problems = []
    if name:
        problems.append(_("Sheet “%(sheet)s”:") % {"sheet": name})
    if missing:
        problems.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    if unknown:
        problems.append(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    if repeated:
        problems.append(_("Columns that appear twice: %(columns)s.") % {"columns": ", ".join(repeated)})
    if missing or unknown or repeated:
        expected = ", ".join(c.header for c in sheet.columns)
        problems.append(
            _("The first row must hold the column names of the template: %(columns)s.") % {"columns": expected}
        )
        raise ImportFileError(" ".join(problems))
    return positions
