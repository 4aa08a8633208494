"""The downloadable template of an import: an .xlsx with the header row, examples, drop-down lists and instructions.

An export that must re-import unchanged writes its rows into the same workbook (`build_template(importer, rows)`),
so the two can never drift apart.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .base import Importer, Sheet

# --- The template ----------------------------------------------------------------------------------------------
TEMPLATE_ROWS = 1000  # rows that get the drop-down lists and the Text format


def build_template(importer: Importer, rows: dict[str, list[dict]] | None = None) -> bytes:
    """An .xlsx with the header row, rows (the importer's examples unless given: sheet name → [column key → value]),
    column widths, drop-down lists and a sheet of instructions."""
    if rows is None:
        rows = importer.template_sheet_rows()
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = [(workbook.create_sheet(layout.name), layout) for layout in importer.sheets]
    lists = workbook.create_sheet("Pilihan")
    list_column = 0
    for sheet, layout in sheets:
        list_column = _fill_sheet(sheet, lists, list_column, layout, rows.get(layout.name, []))
    lists.sheet_state = "hidden"
    _guide(workbook.create_sheet("Petunjuk"), importer)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill_sheet(sheet, lists, list_column: int, layout: Sheet, rows: list[dict]) -> int:
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="0D6EFD")
    last_row = max(TEMPLATE_ROWS, len(rows) + 1)
    for index, column in enumerate(layout.columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = header_font
        cell.fill = header_fill
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        number_format = "@" if column.text else "DD/MM/YYYY" if column.date else None
        if number_format:
            dimension.number_format = number_format
            for row in range(2, last_row + 1):
                sheet.cell(row=row, column=index).number_format = number_format
        if column.choices:
            list_column += 1
            list_letter = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=column.header).font = Font(bold=True)
            for offset, choice in enumerate(column.choices, start=2):
                lists.cell(row=offset, column=list_column, value=choice)
            last = len(column.choices) + 1
            validation = DataValidation(
                type="list",
                formula1=f"Pilihan!${list_letter}$2:${list_letter}${last}",
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",
                errorTitle=column.header,
                error=_("Choose a value from the list."),
            )
            validation.add(f"{letter}2:{letter}{last_row}")
            sheet.add_data_validation(validation)
    for row_number, values in enumerate(rows, start=2):
        for index, column in enumerate(layout.columns, start=1):
            value = values.get(column.key)
            if value is not None:
                sheet.cell(row=row_number, column=index, value=value)
    sheet.freeze_panes = "A2"
    return list_column


def _guide(guide, importer: Importer) -> None:
    guide.append([str(importer.title)])
    guide["A1"].font = Font(bold=True, size=13)
    guide.append([str(importer.description)])
    if importer.target is not None:
        guide.append([_("For: %(target)s") % {"target": importer.target}])
    if importer.has_several_sheets:
        names = ", ".join(f"“{sheet.name}”" for sheet in importer.sheets)
        guide.append(
            [_("Fill in the sheets %(names)s: one row per line, the column names in the first row.") % {"names": names}]
        )
    else:
        guide.append([_("Fill in the sheet “Data”: one row per line, the column names in the first row.")])
    for layout in importer.sheets:
        guide.append([])
        if importer.has_several_sheets:
            guide.append([_("Sheet “%(sheet)s”") % {"sheet": layout.name}])
            guide.cell(row=guide.max_row, column=1).font = Font(bold=True, size=12)
            if layout.help:
                guide.append([str(layout.help)])
        guide.append([_("Column"), _("Required"), _("Explanation")])
        for cell in guide[guide.max_row]:
            cell.font = Font(bold=True)
        for column in layout.columns:
            guide.append([column.header, _("Yes") if column.required else _("No"), str(column.help)])
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 100
