"""Exports of an RPJMD and of a Renstra: the import template of each, filled with what is stored, so that an export
re-imports with no change (the same workbook is built by apps.core.importing.build_template)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View

from apps.core.import_views import XLSX_MIME
from apps.core.importing import build_template
from apps.core.views import PermissionMixin

from .importers import (
    AGGREGATION_WORDS,
    INDICATOR_SHEET,
    POLARITY_WORDS,
    PROGRAM_SHEET,
    RenstraImporter,
    RpjmdImporter,
    target_cell,
)
from .importers.common import number_cell
from .models import Activity, Indicator, ObjectiveIndicator, Program, RpjmdPeriod
from .selectors import renstras_for


def _targets(indicator) -> dict:
    return {f"target_{target.year}": target_cell(target) for target in indicator.targets.all()}


def _indicator_cells(indicator) -> dict:
    return {
        "indicator": indicator.name,
        "unit": indicator.unit,
        "polarity": POLARITY_WORDS[indicator.polarity],
        "aggregation": AGGREGATION_WORDS[indicator.aggregation],
        "baseline": number_cell(indicator.baseline),
        **_targets(indicator),
    }


def rpjmd_rows(period: RpjmdPeriod) -> list[dict]:
    """One row per indicator, in the order of the plan (misi, tujuan, sasaran codes). A sasaran without indicators
    has no row (a row is an indicator)."""
    indicators = (
        ObjectiveIndicator.objects.filter(objective__goal__mission__period=period)
        .select_related("objective__goal__mission")
        .prefetch_related("targets")
        .order_by("objective__goal__mission__number", "objective__goal__code", "objective__code", "pk")
    )
    rows = []
    for indicator in indicators:
        objective = indicator.objective
        goal, mission = objective.goal, objective.goal.mission
        rows.append(
            {
                "mission_number": mission.number,
                "mission": mission.text,
                "goal_code": goal.code,
                "goal": goal.text,
                "objective_code": objective.code,
                "objective": objective.text,
                **_indicator_cells(indicator),
            }
        )
    return rows


def renstra_rows(renstra) -> dict[str, list[dict]]:
    """The sheet “Indikator” (one row per indicator) and the sheet “Program” (one row per sub kegiatan, or per
    kegiatan or program without any; the pagu on the first row of each program)."""
    indicators = (
        Indicator.objects.filter(objective__goal__renstra=renstra)
        .select_related("objective__goal", "objective__rpjmd_objective")
        .prefetch_related("targets")
        .order_by("objective__goal__code", "objective__code", "-is_iku", "pk")
    )
    indicator_rows = []
    for indicator in indicators:
        objective = indicator.objective
        indicator_rows.append(
            {
                "goal_code": objective.goal.code,
                "goal": objective.goal.text,
                "objective_code": objective.code,
                "objective": objective.text,
                "rpjmd_code": objective.rpjmd_objective.code,
                **_indicator_cells(indicator),
                "weight": number_cell(indicator.weight),
                "iku": "Ya" if indicator.is_iku else "Tidak",
            }
        )
    programs = (
        Program.objects.filter(renstra=renstra)
        .prefetch_related("budgets", "activities__sub_activities")
        .order_by("code")
    )
    program_rows = []
    for program in programs:
        first = {
            "program_code": program.code,
            "program": program.name,
            **{f"budget_{budget.year}": number_cell(budget.amount) for budget in program.budgets.all()},
        }
        rows = []
        for activity in sorted(program.activities.all(), key=lambda a: a.code):
            subs = sorted(activity.sub_activities.all(), key=lambda s: s.code)
            base = {"program_code": program.code, "program": program.name, **_activity(activity)}
            rows.extend({**base, "sub_code": sub.code, "sub": sub.name} for sub in subs)
            if not subs:
                rows.append(base)
        rows = rows or [{"program_code": program.code, "program": program.name}]
        rows[0] = {**rows[0], **first}
        program_rows.extend(rows)
    return {INDICATOR_SHEET: indicator_rows, PROGRAM_SHEET: program_rows}


def _activity(activity: Activity) -> dict:
    return {"activity_code": activity.code, "activity": activity.name}


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Views (GET; the read scope of the plan pages) ---------------------------------------------------------------
class RpjmdExportView(PermissionMixin, View):
    """The RPJMD as the workbook of its import: everyone signed in reads the RPJMD."""

    permission = "plans.view"

    def get(self, request, pk):
        period = get_object_or_404(RpjmdPeriod, pk=pk)
        importer = RpjmdImporter()
        importer.set_target(period)
        content = build_template(importer, rows={importer.sheets[0].name: rpjmd_rows(period)})
        return _download(content, f"rpjmd-{period.start_year}-{period.end_year}.xlsx")


class RenstraExportView(PermissionMixin, View):
    """A Renstra as the workbook of its import: its own department and the city-wide roles (404 for another
    department's)."""

    permission = "plans.view"

    def get(self, request, pk):
        renstra = get_object_or_404(renstras_for(request.user), pk=pk)
        importer = RenstraImporter()
        importer.set_target(renstra)
        content = build_template(importer, rows=renstra_rows(renstra))
        name = f"renstra-{renstra.department.code}-{renstra.period.start_year}-{renstra.period.end_year}.xlsx"
        return _download(content, name)
