"""The Excel import of an RPJMD: one row per indicator of a sasaran, with its path misi → tujuan → sasaran."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.importing import Column, RowErrors, cell_text, display

from ..models import Goal, Mission, Objective, ObjectiveIndicator, ObjectiveTarget, RpjmdPeriod
from .common import (
    AGGREGATION_WORDS,
    INDICATOR_COLUMNS,
    POLARITY_WORDS,
    PlanImporter,
    clean,
    extra_year_column,
    number_cell,
    read_indicator_cells,
    read_targets,
    required,
    required_texts,
    row_plan,
    target_columns,
    target_texts,
)


class RpjmdImporter(PlanImporter):
    kind = "rpjmd"
    permission = "plans.rpjmd_manage"
    target_label = gettext_lazy("RPJMD")
    title = gettext_lazy("Import RPJMD")
    description = gettext_lazy(
        "One row per indicator of an RPJMD sasaran, with its misi, tujuan and sasaran, into the RPJMD chosen "
        "here. Misi are matched by number, tujuan and sasaran by code (a code is used once in the RPJMD), an "
        "indicator by its name within its sasaran: a match is updated, anything else is created. Nothing is removed."
    )
    base_columns = (
        Column("mission_number", "Misi no.", required=True, width=8, help=gettext_lazy("The misi's number: 1, 2, …")),
        Column(
            "mission",
            "Misi",
            required=True,
            width=40,
            help=gettext_lazy("The misi's text (the same on each of its rows)."),
        ),
        Column("goal_code", "Kode tujuan", required=True, text=True, width=12, help=gettext_lazy("E.g. T1.")),
        Column(
            "goal",
            "Tujuan",
            required=True,
            width=40,
            help=gettext_lazy("The tujuan's text (the same on each of its rows)."),
        ),
        Column("objective_code", "Kode sasaran", required=True, text=True, width=12, help=gettext_lazy("E.g. S1.1.")),
        Column(
            "objective",
            "Sasaran",
            required=True,
            width=40,
            help=gettext_lazy("The sasaran's text (the same on each of its rows)."),
        ),
        Column(
            "indicator",
            "Indikator",
            required=True,
            width=40,
            help=gettext_lazy("The indicator's name: once per sasaran."),
        ),
        *INDICATOR_COLUMNS,
    )

    @property
    def columns(self):
        return self.base_columns + target_columns(self.target.years if self.target else ())

    def targets_for(self, user):
        return RpjmdPeriod.objects.all()

    def extra_column(self, sheet, header):
        return extra_year_column(header, "Target", "target")

    def template_rows(self):
        first = self.target.start_year if self.target else 2025
        return [
            {
                "mission_number": 1,
                "mission": "Mewujudkan sumber daya manusia yang unggul dan berdaya saing",
                "goal_code": "T1",
                "goal": "Meningkatkan kualitas sumber daya manusia",
                "objective_code": "S1.1",
                "objective": "Meningkatnya derajat kesehatan masyarakat",
                "indicator": "Angka harapan hidup",
                "unit": "tahun",
                "polarity": POLARITY_WORDS["positive"],
                "aggregation": AGGREGATION_WORDS["last"],
                "baseline": 72.5,
                **{f"target_{first + offset}": round(72.6 + offset / 10, 1) for offset in range(5)},
            },
            {
                "mission_number": 1,
                "mission": "Mewujudkan sumber daya manusia yang unggul dan berdaya saing",
                "goal_code": "T2",
                "goal": "Menjaga stabilitas ekonomi daerah",
                "objective_code": "S2.1",
                "objective": "Terkendalinya harga barang dan jasa",
                "indicator": "Inflasi",
                "unit": "%",
                "polarity": POLARITY_WORDS["stabilize"],
                "aggregation": AGGREGATION_WORDS["last"],
                "baseline": 3.1,
                **{f"target_{first + offset}": "2–4" for offset in range(5)},
            },
        ]

    # Validation ----------------------------------------------------------------------------------------------
    def prepare(self, rows):
        period = self.target
        self.missions = {m.number: m for m in Mission.objects.filter(period=period)}
        self.goals = {g.code: g for g in Goal.objects.filter(mission__period=period).select_related("mission")}
        self.objectives = {
            o.code: o for o in Objective.objects.filter(goal__mission__period=period).select_related("goal")
        }
        self.indicators = {
            (i.objective.code, i.name.casefold()): i
            for i in ObjectiveIndicator.objects.filter(objective__goal__mission__period=period).select_related(
                "objective"
            )
        }
        self.targets = {
            (t.indicator_id, t.year): t
            for t in ObjectiveTarget.objects.filter(indicator__objective__goal__mission__period=period)
        }
        self.seen: dict[tuple, tuple[int, str]] = {}  # (level, key) → (first line, text it gives)
        self.scheduled: set[int] = set()  # id() of parents an earlier row already writes

    def _number(self, values, errors: RowErrors) -> int | None:
        text = cell_text(values.get("mission_number"))
        if not text:
            errors.add("mission_number", required())
            return None
        if not text.isdigit() or int(text) < 1:
            errors.add("mission_number", _("“%(value)s” is not a misi number (1, 2, …).") % {"value": text})
            return None
        return int(text)

    def validate_row(self, values, line):
        errors = RowErrors()
        number = self._number(values, errors)
        texts = required_texts(
            values, ("mission", "goal_code", "goal", "objective_code", "objective", "indicator"), errors
        )
        goal_code, objective_code, name = texts["goal_code"], texts["objective_code"], texts["indicator"]
        cells = read_indicator_cells(values, errors)
        targets = read_targets(values, self.target, cells["polarity"], errors)

        # The path: one text per misi, tujuan and sasaran in the file; a code belongs to one parent in the RPJMD.
        if number:
            self._same("mission", number, texts["mission"], _("Misi %(n)d") % {"n": number}, "mission", errors)
        if goal_code:
            self._same("goal", goal_code, texts["goal"], _("Tujuan %(code)s") % {"code": goal_code}, "goal", errors)
            stored = self.goals.get(goal_code)
            self._same_owner(
                "goal-mission",
                goal_code,
                number,
                stored.mission.number if stored and stored.mission_id else None,
                _("Tujuan %(code)s belongs to misi %(owner)s; a tujuan code is used once in the RPJMD."),
                "goal_code",
                errors,
            )
        if objective_code:
            what = _("Sasaran %(code)s") % {"code": objective_code}
            self._same("objective", objective_code, texts["objective"], what, "objective", errors)
            stored = self.objectives.get(objective_code)
            self._same_owner(
                "objective-goal",
                objective_code,
                goal_code,
                stored.goal.code if stored else None,
                _("Sasaran %(code)s belongs to tujuan %(owner)s; a sasaran code is used once in the RPJMD."),
                "objective_code",
                errors,
            )
        indicator_key = (objective_code, name.casefold())
        if objective_code and name:
            what = _("Indicator “%(name)s” of sasaran %(code)s") % {"name": name, "code": objective_code}
            self._once("indicator", indicator_key, what, "indicator", errors)
        errors.raise_if_any()

        changes, writes = [], []
        mission = self._parent(
            self.missions,
            number,
            Mission(period=self.target, number=number),
            "mission",
            texts["mission"],
            changes,
            writes,
        )
        goal = self._parent(
            self.goals, goal_code, Goal(mission=mission, code=goal_code), "goal", texts["goal"], changes, writes
        )
        objective = self._parent(
            self.objectives,
            objective_code,
            Objective(goal=goal, code=objective_code),
            "objective",
            texts["objective"],
            changes,
            writes,
        )
        for instance, columns in (
            (mission, {"text": "mission", "number": "mission_number"}),
            (goal, {"code": "goal_code", "text": "goal"}),
            (objective, {"code": "objective_code", "text": "objective"}),
        ):
            if any(write is instance for write in writes):
                clean(instance, errors, columns, exclude=("period", "mission", "goal"))
        indicator, created = self._indicator(
            indicator_key,
            ObjectiveIndicator(objective=objective, name=name),
            cells,
            targets,
            ObjectiveTarget,
            changes,
            writes,
            errors,
        )
        errors.raise_if_any()

        self.seen.setdefault(("mission", number), (line, texts["mission"]))
        self.seen.setdefault(("goal", goal_code), (line, texts["goal"]))
        self.seen.setdefault(("goal-mission", goal_code), (line, number))
        self.seen.setdefault(("objective", objective_code), (line, texts["objective"]))
        self.seen.setdefault(("objective-goal", objective_code), (line, goal_code))
        self.seen[("indicator", indicator_key)] = (line, name)
        self.indicators[indicator_key] = indicator
        shown = self.shown(
            mission_number=str(number),
            mission=texts["mission"],
            goal_code=goal_code,
            goal=texts["goal"],
            objective_code=objective_code,
            objective=texts["objective"],
            indicator=name,
            unit=indicator.unit,
            polarity=POLARITY_WORDS[indicator.polarity],
            aggregation=AGGREGATION_WORDS[indicator.aggregation],
            baseline=display(number_cell(indicator.baseline)),
        )
        shown.update(target_texts(targets))
        return row_plan(
            line=line, created=created, key=f"{objective_code} · {name}", values=shown, changes=changes, writes=writes
        )
