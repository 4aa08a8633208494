"""The downloadable template of an import: an .xlsx with the header row, examples, drop-down lists and instructions."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .base import Importer

# --- The template ----------------------------------------------------------------------------------------------
TEMPLATE_ROWS = 1000  # rows that get the drop-down lists and the Text format


def build_template(importer: Importer) -> bytes:
    """An .xlsx with the header row, example rows, column widths, drop-down lists and a sheet of instructions."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="0D6EFD")
    lists = workbook.create_sheet("Pilihan")
    list_column = 0
    for index, column in enumerate(importer.columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = header_font
        cell.fill = header_fill
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        number_format = "@" if column.text else "DD/MM/YYYY" if column.date else None
        if number_format:
            dimension.number_format = number_format
            for row in range(2, TEMPLATE_ROWS + 1):
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
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
            sheet.add_data_validation(validation)
    for row_number, example in enumerate(importer.template_rows(), start=2):
        for index, column in enumerate(importer.columns, start=1):
            value = example.get(column.key)
            if value is not None:
                sheet.cell(row=row_number, column=index, value=value)
    sheet.freeze_panes = "A2"
    lists.sheet_state = "hidden"

    guide = workbook.create_sheet("Petunjuk")
    guide.append([str(importer.title)])
    guide["A1"].font = Font(bold=True, size=13)
    guide.append([str(importer.description)])
    guide.append([_("Fill in the sheet “Data”: one row per line, the column names in the first row.")])
    guide.append([])
    guide.append([_("Column"), _("Required"), _("Explanation")])
    for cell in guide[5]:
        cell.font = Font(bold=True)
    for column in importer.columns:
        guide.append([column.header, _("Yes") if column.required else _("No"), str(column.help)])
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
