"""The Excel export of a PK's realisasi for its year: the sheet “Realisasi” of the import (one row per indicator and
quarter, apps/progress/importers), so that an export re-imports with no change, and a sheet “Anggaran” with the
budget spent per program and quarter (for reading)."""

import io

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View
from openpyxl import load_workbook
from openpyxl.styles import Font

from apps.agreements.models import AgreementStatus
from apps.agreements.selectors import agreements_for
from apps.core.import_views import XLSX_MIME
from apps.core.importing import build_template
from apps.core.views import PermissionMixin
from apps.plans.importers.common import number_cell

from . import achievement
from .importers import REALISASI_SHEET, RealisasiImporter, quarter_word
from .importers.realisasi import target_text
from .models import BudgetRealisation, ProgressReport

BUDGET_SHEET = "Anggaran"
BUDGET_HEADERS = ("Kode", "Program", "Pagu (Rp)", "Triwulan", "Realisasi (Rp)", "Serapan (%)")


def realisasi_rows(agreement) -> list[dict]:
    """One row per indicator and quarter (TW I–IV), in the PK's order; a quarter not reported has empty values."""
    indicators = agreement.indicators.select_related("objective").order_by("objective__order", "order", "pk")
    reports = {
        (report.indicator_id, report.quarter): report
        for report in ProgressReport.objects.filter(indicator__agreement=agreement)
    }
    rows = []
    for indicator in indicators:
        for quarter in (1, 2, 3, 4):
            report = reports.get((indicator.pk, quarter))
            row = {
                "objective": indicator.objective.name,
                "indicator": indicator.name,
                "unit": indicator.unit,
                "target": target_text(indicator),
                "quarter": quarter_word(quarter),
                "status": report.get_status_display() if report else _("Not reported"),
            }
            if report is not None:
                row["actual"] = number_cell(report.actual)
                row.update(
                    analysis=report.analysis,
                    supporting_factors=report.supporting_factors,
                    hindering_factors=report.hindering_factors,
                    follow_up=report.follow_up,
                )
            rows.append(row)
    return rows


def budget_rows(agreement) -> list[tuple]:
    spent = {
        (row.program_id, row.quarter): row.amount
        for row in BudgetRealisation.objects.filter(program__agreement=agreement)
    }
    rows = []
    for program in agreement.programs.order_by("order", "pk"):
        for quarter in (1, 2, 3, 4):
            amount = spent.get((program.pk, quarter))
            serapan = achievement.absorption(spent=amount, budget=program.budget)
            rows.append(
                (
                    program.code,
                    program.name,
                    number_cell(program.budget),
                    quarter_word(quarter),
                    number_cell(amount),
                    number_cell(serapan),
                )
            )
    return rows


def realisasi_workbook(agreement) -> bytes:
    importer = RealisasiImporter()
    importer.set_target(agreement)
    workbook = load_workbook(io.BytesIO(build_template(importer, rows={REALISASI_SHEET: realisasi_rows(agreement)})))
    sheet = workbook.create_sheet(BUDGET_SHEET, index=1)
    sheet.append(BUDGET_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in budget_rows(agreement):
        sheet.append(row)
    for letter, width in zip("ABCDEF", (14, 45, 18, 10, 18, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class RealisasiExportView(PermissionMixin, View):
    """A signed PK's realisasi for its year: its own department and the city-wide roles (404 for another
    department's)."""

    permission = "progress.view"

    def get(self, request, pk):
        agreement = get_object_or_404(agreements_for(request.user).filter(status=AgreementStatus.SIGNED), pk=pk)
        response = HttpResponse(realisasi_workbook(agreement), content_type=XLSX_MIME)
        level = f"-j{agreement.position_id}" if agreement.is_cascaded else ""  # a cascaded PK: its position
        name = f"realisasi-{agreement.department.code}{level}-{agreement.year}-v{agreement.version}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
