"""The sheet “Indikator” of the Renstra import: one row per indicator of a sasaran strategis, with its tujuan, the
RPJMD sasaran it serves and its yearly targets."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.importing import Column, RowErrors, cell_bool, cell_text, display

from ..models import Indicator, IndicatorTarget, Objective, RenstraGoal, StrategicObjective
from .common import (
    AGGREGATION_WORDS,
    INDICATOR_COLUMNS,
    POLARITY_WORDS,
    PlanImporter,
    change,
    clean,
    number_cell,
    read_indicator_cells,
    read_optional_decimal,
    read_targets,
    required_texts,
    row_plan,
    target_texts,
)

INDICATOR_SHEET = "Indikator"
INDICATOR_BASE = (
    Column(
        "goal_code",
        "Kode tujuan",
        required=True,
        text=True,
        width=12,
        help=gettext_lazy("The department's tujuan code, e.g. T1."),
    ),
    Column(
        "goal",
        "Tujuan",
        required=True,
        width=40,
        help=gettext_lazy("The tujuan's text (the same on each of its rows)."),
    ),
    Column(
        "objective_code",
        "Kode sasaran strategis",
        required=True,
        text=True,
        width=14,
        help=gettext_lazy("E.g. SS1.1; a code is used once in the Renstra."),
    ),
    Column(
        "objective",
        "Sasaran strategis",
        required=True,
        width=40,
        help=gettext_lazy("The sasaran strategis' text (the same on each of its rows)."),
    ),
    Column(
        "rpjmd_code",
        "Kode sasaran RPJMD",
        required=True,
        text=True,
        width=14,
        help=gettext_lazy(
            "The code of the RPJMD sasaran this sasaran strategis serves; it must exist in the Renstra's RPJMD."
        ),
    ),
    Column(
        "indicator",
        "Indikator",
        required=True,
        width=40,
        help=gettext_lazy("The indicator's name: once per sasaran strategis."),
    ),
    *INDICATOR_COLUMNS,
    Column(
        "weight", "Bobot", width=8, help=gettext_lazy("Optional weight (a number ≥ 0). Empty: the stored one stays.")
    ),
    Column(
        "iku",
        "IKU",
        width=8,
        choices=("Ya", "Tidak"),
        help=gettext_lazy(
            "Ya for an Indikator Kinerja Utama. Empty: Tidak for a new indicator; the stored value stays."
        ),
    ),
)


def indicator_example(first_year: int, rpjmd_code: str) -> dict:
    """The example row of the template."""
    return {
        "goal_code": "T1",
        "goal": "Meningkatkan mutu layanan pendidikan",
        "objective_code": "SS1.1",
        "objective": "Meningkatnya akses pendidikan dasar",
        "rpjmd_code": rpjmd_code,
        "indicator": "Angka partisipasi murni SD",
        "unit": "%",
        "polarity": POLARITY_WORDS["positive"],
        "aggregation": AGGREGATION_WORDS["last"],
        "baseline": 96.5,
        "weight": None,
        "iku": "Ya",
        **{f"target_{first_year + offset}": 97 + offset / 2 for offset in range(5)},
    }


class IndicatorRows(PlanImporter):
    """The rows of the sheet “Indikator” (RenstraImporter reads them; self.target is the Renstra)."""

    def prepare_indicators(self, renstra) -> None:
        self.goals = {g.code: g for g in RenstraGoal.objects.filter(renstra=renstra)}
        self.objectives = {
            o.code: o
            for o in StrategicObjective.objects.filter(goal__renstra=renstra).select_related("goal", "rpjmd_objective")
        }
        self.rpjmd_objectives: dict[str, list] = {}
        for objective in Objective.objects.filter(goal__mission__period_id=renstra.period_id):
            self.rpjmd_objectives.setdefault(objective.code, []).append(objective)
        self.indicators = {
            (i.objective.code, i.name.casefold()): i
            for i in Indicator.objects.filter(objective__goal__renstra=renstra).select_related("objective")
        }
        self.targets = {
            (t.indicator_id, t.year): t
            for t in IndicatorTarget.objects.filter(indicator__objective__goal__renstra=renstra)
        }

    def _rpjmd_objective(self, code: str, errors: RowErrors):
        """The RPJMD sasaran of the code, or None with the problem reported."""
        found = self.rpjmd_objectives.get(code, [])
        if not found:
            errors.add(
                "rpjmd_code",
                _("The RPJMD %(period)s has no sasaran with the code “%(code)s”.")
                % {"period": self.target.period, "code": code},
            )
            return None
        if len(found) > 1:
            errors.add(
                "rpjmd_code",
                _("The RPJMD has several sasaran with the code “%(code)s”; ask Bappeda to correct the RPJMD.")
                % {"code": code},
            )
            return None
        return found[0]

    def validate_row(self, values, line):
        """A row of the sheet “Indikator”."""
        errors = RowErrors()
        texts = required_texts(
            values, ("goal_code", "goal", "objective_code", "objective", "rpjmd_code", "indicator"), errors
        )
        goal_code, objective_code, name = texts["goal_code"], texts["objective_code"], texts["indicator"]
        cells = read_indicator_cells(values, errors)
        cells["weight"] = read_optional_decimal(values, "weight", errors)
        cells["is_iku"] = None
        if cell_text(values.get("iku")):
            try:
                cells["is_iku"] = cell_bool(values["iku"])
            except ValueError as exc:
                errors.add("iku", str(exc))
        targets = read_targets(values, self.target.period, cells["polarity"], errors)

        rpjmd_objective = self._rpjmd_objective(texts["rpjmd_code"], errors) if texts["rpjmd_code"] else None
        if goal_code:
            self._same("goal", goal_code, texts["goal"], _("Tujuan %(code)s") % {"code": goal_code}, "goal", errors)
        if objective_code:
            what = _("Sasaran strategis %(code)s") % {"code": objective_code}
            self._same("objective", objective_code, texts["objective"], what, "objective", errors)
            self._same("objective-rpjmd", objective_code, texts["rpjmd_code"], what, "rpjmd_code", errors)
            stored = self.objectives.get(objective_code)
            self._same_owner(
                "objective-goal",
                objective_code,
                goal_code,
                stored.goal.code if stored else None,
                _("Sasaran strategis %(code)s belongs to tujuan %(owner)s; a code is used once in the Renstra."),
                "objective_code",
                errors,
            )
        indicator_key = (objective_code, name.casefold())
        if objective_code and name:
            what = _("Indicator “%(name)s” of sasaran strategis %(code)s") % {"name": name, "code": objective_code}
            self._once("indicator", indicator_key, what, "indicator", errors)
        errors.raise_if_any()

        changes, writes = [], []
        goal = self._parent(
            self.goals,
            goal_code,
            RenstraGoal(renstra=self.target, code=goal_code),
            "goal",
            texts["goal"],
            changes,
            writes,
        )
        objective = self._parent(
            self.objectives,
            objective_code,
            StrategicObjective(goal=goal, code=objective_code, rpjmd_objective=rpjmd_objective),
            "objective",
            texts["objective"],
            changes,
            writes,
        )
        if objective.rpjmd_objective_id != rpjmd_objective.pk:
            change(changes, "Kode sasaran RPJMD", objective.rpjmd_objective.code, rpjmd_objective.code)
            if not any(write is objective for write in writes):
                self.scheduled.add(id(objective))
                writes.append(objective)
        objective.rpjmd_objective = rpjmd_objective
        clean(goal, errors, {"code": "goal_code", "text": "goal"}, exclude=("renstra",))
        clean(objective, errors, {"code": "objective_code", "text": "objective"}, exclude=("goal", "rpjmd_objective"))
        indicator, created = self._indicator(
            indicator_key,
            Indicator(objective=objective, name=name),
            cells,
            targets,
            IndicatorTarget,
            changes,
            writes,
            errors,
        )
        errors.raise_if_any()

        self.seen.setdefault(("goal", goal_code), (line, texts["goal"]))
        self.seen.setdefault(("objective", objective_code), (line, texts["objective"]))
        self.seen.setdefault(("objective-rpjmd", objective_code), (line, texts["rpjmd_code"]))
        self.seen.setdefault(("objective-goal", objective_code), (line, goal_code))
        self.seen[("indicator", indicator_key)] = (line, name)
        self.indicators[indicator_key] = indicator
        shown = self.shown(
            goal_code=goal_code,
            goal=texts["goal"],
            objective_code=objective_code,
            objective=texts["objective"],
            rpjmd_code=texts["rpjmd_code"],
            indicator=name,
            unit=indicator.unit,
            polarity=POLARITY_WORDS[indicator.polarity],
            aggregation=AGGREGATION_WORDS[indicator.aggregation],
            baseline=display(number_cell(indicator.baseline)),
            weight=display(number_cell(indicator.weight)),
            iku=display(indicator.is_iku),
        )
        shown.update(target_texts(targets))
        return row_plan(
            line=line, created=created, key=f"{objective_code} · {name}", values=shown, changes=changes, writes=writes
        )
