"""The Excel import of a department's Renstra: two sheets, “Indikator” (tujuan → sasaran strategis → indicators with
their yearly targets; renstra_indicators) and “Program” (program → kegiatan → sub kegiatan, the pagu per year on the
program; renstra_programs). This module puts them together: the sheets, the target Renstra, the lookups."""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.importing import Sheet

from ..models import Objective
from ..selectors import renstras_for
from .common import extra_year_column, target_columns
from .renstra_indicators import INDICATOR_BASE, INDICATOR_SHEET, IndicatorRows, indicator_example
from .renstra_programs import PROGRAM_BASE, PROGRAM_SHEET, ProgramRows, budget_columns, program_example

__all__ = ["INDICATOR_SHEET", "PROGRAM_SHEET", "RenstraImporter"]


class RenstraImporter(IndicatorRows, ProgramRows):
    kind = "renstra"
    permission = "plans.renstra_edit"
    target_label = gettext_lazy("Renstra")
    title = gettext_lazy("Import Renstra")
    description = gettext_lazy(
        "The Renstra chosen here, in two sheets: “Indikator” (one row per indicator of a sasaran strategis, with its "
        "tujuan and the RPJMD sasaran it serves) and “Program” (one row per sub kegiatan with its kegiatan and "
        "program, or a row of a program or kegiatan alone; the pagu per year on the program). Items are matched by "
        "code (an indicator by its name within its sasaran strategis): a match is updated, anything else is "
        "created. Nothing is removed."
    )

    @property
    def sheets(self):
        years = self.target.period.years if self.target else ()
        return (
            Sheet(
                INDICATOR_SHEET,
                INDICATOR_BASE + target_columns(years),
                gettext_lazy("One row per indicator of a sasaran strategis."),
            ),
            Sheet(
                PROGRAM_SHEET,
                PROGRAM_BASE + budget_columns(years),
                gettext_lazy("One row per sub kegiatan (or per kegiatan or program that has none yet)."),
            ),
        )

    @property
    def columns(self):
        return tuple(column for sheet in self.sheets for column in sheet.columns)

    def targets_for(self, user):
        return renstras_for(user)

    def target_refusal(self, target):
        if target.is_locked:
            return _(
                "%(renstra)s was locked by Bappeda on %(date)s: it cannot be changed by an import. Ask Bappeda to "
                "unlock it first."
            ) % {"renstra": target, "date": formats.date_format(target.locked_at, "DATE_FORMAT")}
        return None

    def extra_column(self, sheet, header):
        if sheet.name == INDICATOR_SHEET:
            return extra_year_column(header, "Target", "target")
        return extra_year_column(header, "Pagu", "budget")

    def template_sheet_rows(self):
        first = self.target.period.start_year if self.target else 2025
        objective = (
            Objective.objects.filter(goal__mission__period_id=self.target.period_id).order_by("code").first()
            if self.target
            else None
        )
        return {
            INDICATOR_SHEET: [indicator_example(first, objective.code if objective else "S1.1")],
            PROGRAM_SHEET: [program_example(first)],
        }

    # Validation ----------------------------------------------------------------------------------------------
    def prepare(self, rows):
        self.prepare_indicators(self.target)
        self.prepare_programs(self.target)
        self.seen: dict[tuple, tuple] = {}
        self.scheduled: set[int] = set()

    def check_row(self, row):
        if row.sheet == PROGRAM_SHEET:
            return self.validate_program_row(row.values, row.line)
        return self.validate_row(row.values, row.line)
