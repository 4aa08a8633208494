"""The realisasi workbooks the import tests upload: the export's columns, one sheet of rows."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

HEADERS = [
    "Sasaran",
    "Indikator",
    "Satuan",
    "Target",
    "Triwulan",
    "Realisasi",
    "Status",
    "Analisis",
    "Faktor pendukung",
    "Faktor penghambat",
    "Tindak lanjut",
]
APM, LITERASI = "Angka Partisipasi Murni SD", "Indeks literasi"


def workbook_file(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Realisasi"
    sheet.append(HEADERS)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("realisasi.xlsx", buffer.getvalue(), content_type="application/octet-stream")


def row(indicator=APM, actual="95,5", analysis="Sesuai rencana", quarter="I"):
    """One line of the sheet (the sasaran and target of tests/factories_progress.py's PK)."""
    return ["Meningkatnya mutu pendidikan", indicator, "%", "96,5", quarter, actual, "", analysis, "", "", ""]
