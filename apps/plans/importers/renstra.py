"""The Excel import of a department's Renstra: two sheets, “Indikator” (tujuan → sasaran strategis → indicators with
their yearly targets) and “Program” (program → kegiatan → sub kegiatan, the pagu per year on the program)."""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.formats import format_rupiah
from apps.core.importing import Column, RowErrors, RowPlan, Sheet, cell_bool, cell_text, display

from ..models import (
    ACTIVITY_CODE,
    PROGRAM_CODE,
    SUB_ACTIVITY_CODE,
    Activity,
    Indicator,
    IndicatorTarget,
    Objective,
    Program,
    ProgramBudget,
    RenstraGoal,
    StrategicObjective,
    SubActivity,
)
from ..selectors import renstras_for
from .common import (
    AGGREGATION_WORDS,
    AGGREGATIONS,
    POLARITIES,
    POLARITY_WORDS,
    PlanImporter,
    also_on_line,
    change,
    clean,
    differs_from_line,
    extra_year_column,
    number_cell,
    outside_period,
    parse_decimal,
    read_choice,
    read_optional_decimal,
    read_targets,
    required,
    target_columns,
    target_text,
    year_column,
    year_values,
)
from .rpjmd import INDICATOR_COLUMNS

INDICATOR_SHEET = "Indikator"
PROGRAM_SHEET = "Program"

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
PROGRAM_BASE = (
    Column(
        "program_code", "Kode program", required=True, text=True, width=12, help=gettext_lazy("U.BB.PP, e.g. 1.02.02.")
    ),
    Column(
        "program",
        "Program",
        required=True,
        width=40,
        help=gettext_lazy("The program's name (the same on each of its rows)."),
    ),
    Column(
        "activity_code",
        "Kode kegiatan",
        text=True,
        width=16,
        help=gettext_lazy(
            "U.BB.PP.L.KK, starting with the program's code, e.g. 1.02.02.2.01. Empty on a row of the program alone."
        ),
    ),
    Column("activity", "Kegiatan", width=40, help=gettext_lazy("The kegiatan's name.")),
    Column(
        "sub_code",
        "Kode sub kegiatan",
        text=True,
        width=20,
        help=gettext_lazy("U.BB.PP.L.KK.SSSS, starting with the kegiatan's code, e.g. 1.02.02.2.01.0001."),
    ),
    Column("sub", "Sub kegiatan", width=40, help=gettext_lazy("The sub kegiatan's name.")),
)


def _budget_columns(years):
    help_text = gettext_lazy(
        "The program's pagu of the year in rupiah (e.g. 1.250.000.000), once per program (more rows of the program "
        "may repeat it). Empty: the stored pagu stays."
    )
    return tuple(year_column("Pagu", "budget", year, help_text) for year in years)


def _code_problem(validator, code) -> str | None:
    try:
        validator(code)
    except Exception as exc:  # ValidationError
        return " ".join(getattr(exc, "messages", [str(exc)]))
    return None


class RenstraImporter(PlanImporter):
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
                PROGRAM_BASE + _budget_columns(years),
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
        indicators = [
            {
                "goal_code": "T1",
                "goal": "Meningkatkan mutu layanan pendidikan",
                "objective_code": "SS1.1",
                "objective": "Meningkatnya akses pendidikan dasar",
                "rpjmd_code": objective.code if objective else "S1.1",
                "indicator": "Angka partisipasi murni SD",
                "unit": "%",
                "polarity": POLARITY_WORDS["positive"],
                "aggregation": AGGREGATION_WORDS["last"],
                "baseline": 96.5,
                "weight": None,
                "iku": "Ya",
                **{f"target_{first + offset}": 97 + offset / 2 for offset in range(5)},
            }
        ]
        programs = [
            {
                "program_code": "1.01.02",
                "program": "Program Pengelolaan Pendidikan",
                "activity_code": "1.01.02.2.01",
                "activity": "Pengelolaan Pendidikan Sekolah Dasar",
                "sub_code": "1.01.02.2.01.0001",
                "sub": "Pembangunan Unit Sekolah Baru",
                **{f"budget_{first + offset}": 1_250_000_000 for offset in range(5)},
            }
        ]
        return {INDICATOR_SHEET: indicators, PROGRAM_SHEET: programs}

    # Validation ----------------------------------------------------------------------------------------------
    def prepare(self, rows):
        renstra = self.target
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
        self.programs = {p.code: p for p in Program.objects.filter(renstra=renstra)}
        self.activities = {a.code: a for a in Activity.objects.filter(program__renstra=renstra)}
        self.subs = {s.code: s for s in SubActivity.objects.filter(activity__program__renstra=renstra)}
        self.budgets = {(b.program_id, b.year): b for b in ProgramBudget.objects.filter(program__renstra=renstra)}
        self.seen: dict[tuple, tuple] = {}
        self.scheduled: set[int] = set()

    def check_row(self, row):
        if row.sheet == PROGRAM_SHEET:
            return self.validate_program_row(row.values, row.line)
        return self.validate_row(row.values, row.line)

    def _same(self, level, key, value, what, column, errors: RowErrors) -> None:
        first = self.seen.get((level, key))
        if first and first[1] != value:
            errors.add(column, differs_from_line(what, first[1], first[0]))

    def validate_row(self, values, line):
        """A row of the sheet “Indikator”."""
        errors = RowErrors()
        texts = {}
        for key in ("goal_code", "goal", "objective_code", "objective", "rpjmd_code", "indicator", "unit"):
            texts[key] = cell_text(values.get(key))
            if not texts[key]:
                errors.add(key, required())
        goal_code, objective_code, name = texts["goal_code"], texts["objective_code"], texts["indicator"]
        polarity = read_choice(values, "polarity", POLARITIES, POLARITY_WORDS, errors)
        aggregation = read_choice(values, "aggregation", AGGREGATIONS, AGGREGATION_WORDS, errors)
        baseline = read_optional_decimal(values, "baseline", errors)
        weight = read_optional_decimal(values, "weight", errors)
        is_iku = None
        if cell_text(values.get("iku")):
            try:
                is_iku = cell_bool(values["iku"])
            except ValueError as exc:
                errors.add("iku", str(exc))
        targets = read_targets(values, self.target.period, polarity, errors)

        rpjmd_objective = None
        if texts["rpjmd_code"]:
            found = self.rpjmd_objectives.get(texts["rpjmd_code"], [])
            if not found:
                errors.add(
                    "rpjmd_code",
                    _("The RPJMD %(period)s has no sasaran with the code “%(code)s”.")
                    % {"period": self.target.period, "code": texts["rpjmd_code"]},
                )
            elif len(found) > 1:
                errors.add(
                    "rpjmd_code",
                    _("The RPJMD has several sasaran with the code “%(code)s”; ask Bappeda to correct the RPJMD.")
                    % {"code": texts["rpjmd_code"]},
                )
            else:
                rpjmd_objective = found[0]
        if goal_code:
            self._same("goal", goal_code, texts["goal"], _("Tujuan %(code)s") % {"code": goal_code}, "goal", errors)
        if objective_code:
            what = _("Sasaran strategis %(code)s") % {"code": objective_code}
            self._same("objective", objective_code, texts["objective"], what, "objective", errors)
            self._same("objective-rpjmd", objective_code, texts["rpjmd_code"], what, "rpjmd_code", errors)
            parent = self.seen.get(("objective-goal", objective_code))
            stored = self.objectives.get(objective_code)
            owner = parent[1] if parent else (stored.goal.code if stored else None)
            if goal_code and owner is not None and owner != goal_code:
                errors.add(
                    "objective_code",
                    _("Sasaran strategis %(code)s belongs to tujuan %(owner)s; a code is used once in the Renstra.")
                    % {"code": objective_code, "owner": owner},
                )
        indicator_key = (objective_code, name.casefold())
        if objective_code and name and ("indicator", indicator_key) in self.seen:
            what = _("Indicator “%(name)s” of sasaran strategis %(code)s") % {"name": name, "code": objective_code}
            errors.add("indicator", also_on_line(what, self.seen[("indicator", indicator_key)][0]))
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

        indicator = self.indicators.get(indicator_key)
        created = indicator is None
        old = None
        if created:
            indicator = Indicator(objective=objective, name=name)
        else:
            old = (
                indicator.unit,
                indicator.polarity,
                indicator.aggregation,
                indicator.baseline,
                indicator.weight,
                indicator.is_iku,
            )
        new = (
            texts["unit"],
            polarity,
            aggregation,
            baseline if baseline is not None else (old[3] if old else None),
            weight if weight is not None else (old[4] if old else None),
            is_iku if is_iku is not None else (old[5] if old else False),
        )
        if old is not None:
            for header, before, after in zip(
                ("Satuan", "Polaritas", "Agregasi", "Baseline", "Bobot", "IKU"),
                (
                    old[0],
                    POLARITY_WORDS.get(old[1]),
                    AGGREGATION_WORDS.get(old[2]),
                    number_cell(old[3]),
                    number_cell(old[4]),
                    old[5],
                ),
                (
                    new[0],
                    POLARITY_WORDS.get(new[1]),
                    AGGREGATION_WORDS.get(new[2]),
                    number_cell(new[3]),
                    number_cell(new[4]),
                    new[5],
                ),
                strict=True,
            ):
                change(changes, header, before, after)
        (
            indicator.unit,
            indicator.polarity,
            indicator.aggregation,
            indicator.baseline,
            indicator.weight,
            indicator.is_iku,
        ) = new
        clean(indicator, errors, {"name": "indicator"}, exclude=("objective",))
        if created or old != new:
            writes.append(indicator)
        target_writes = self._targets(indicator, created, targets, changes, errors, IndicatorTarget)
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
            unit=texts["unit"],
            polarity=POLARITY_WORDS[polarity],
            aggregation=AGGREGATION_WORDS[aggregation],
            baseline=display(number_cell(new[3])),
            weight=display(number_cell(new[4])),
            iku=display(new[5]),
        )
        for year, target in sorted(targets.items()):
            shown[f"Target {year}"] = target_text(*target)
        return RowPlan(
            line=line,
            action="create" if created else "update" if changes else "unchanged",
            key=f"{objective_code} · {name}",
            values=shown,
            changes=[] if created else changes,
            cleaned={"writes": writes + target_writes},
        )

    def validate_program_row(self, values, line):
        """A row of the sheet “Program”: a program, a kegiatan or a sub kegiatan with the levels above it."""
        errors = RowErrors()
        codes = {key: cell_text(values.get(key)) for key in ("program_code", "activity_code", "sub_code")}
        names = {key: cell_text(values.get(key)) for key in ("program", "activity", "sub")}
        levels = (
            ("program_code", "program", PROGRAM_CODE, None),
            ("activity_code", "activity", ACTIVITY_CODE, "program_code"),
            ("sub_code", "sub", SUB_ACTIVITY_CODE, "activity_code"),
        )
        deepest = None
        for index, (code_key, name_key, validator, parent_key) in enumerate(levels):
            code, name = codes[code_key], names[name_key]
            below = any(codes[k] or names[n] for k, n, _v, _p in levels[index + 1 :])
            if not code and not name and not below and index > 0:
                break
            deepest = code_key
            if not code:
                errors.add(code_key, required())
            else:
                problem = _code_problem(validator, code)
                if problem:
                    errors.add(code_key, problem)
                elif (
                    parent_key
                    and codes[parent_key]
                    and code.rsplit(".", 2 if parent_key == "program_code" else 1)[0] != codes[parent_key]
                ):
                    errors.add(
                        code_key,
                        _("%(code)s is not under %(parent)s: its code must start with the code of the row's %(level)s.")
                        % {
                            "code": code,
                            "parent": codes[parent_key],
                            "level": _("program") if parent_key == "program_code" else _("kegiatan"),
                        },
                    )
            if not name:
                errors.add(name_key, required())
            elif code:
                self._same(code_key, code, name, code, name_key, errors)
        key = codes[deepest] if deepest else ""
        if key and ("row", key) in self.seen:
            errors.add(deepest, also_on_line(key, self.seen[("row", key)][0]))

        budgets = {}
        for year, cell in year_values(values, "budget").items():
            column = f"budget_{year}"
            if year not in self.target.period.years:
                errors.add(column, outside_period(year, self.target.period))
                continue
            try:
                amount = parse_decimal(cell)
            except ValueError as exc:
                errors.add(column, str(exc))
                continue
            if amount < 0:
                errors.add(column, _("A pagu cannot be negative."))
                continue
            first = self.seen.get(("budget", codes["program_code"], year))
            if first and first[1] == amount:
                continue  # repeated on another row of the program: written once, by the first
            if first:
                errors.add(
                    column,
                    _("Pagu %(year)d of program %(code)s is %(amount)s on line %(line)d; give it once or the same.")
                    % {
                        "year": year,
                        "code": codes["program_code"],
                        "amount": format_rupiah(first[1]),
                        "line": first[0],
                    },
                )
                continue
            budgets[year] = amount
        errors.raise_if_any()

        changes, writes = [], []
        program = self._named(
            self.programs,
            codes["program_code"],
            Program(renstra=self.target, code=codes["program_code"]),
            "program",
            names["program"],
            changes,
            writes,
        )
        clean(program, errors, {"code": "program_code", "name": "program"}, exclude=("renstra", "objective"))
        activity = sub = None
        if deepest in ("activity_code", "sub_code"):
            activity = self._named(
                self.activities,
                codes["activity_code"],
                Activity(program=program, code=codes["activity_code"]),
                "activity",
                names["activity"],
                changes,
                writes,
            )
            clean(activity, errors, {"code": "activity_code", "name": "activity"}, exclude=("program",))
        if deepest == "sub_code":
            sub = self._named(
                self.subs,
                codes["sub_code"],
                SubActivity(activity=activity, code=codes["sub_code"]),
                "sub",
                names["sub"],
                changes,
                writes,
            )
            clean(sub, errors, {"code": "sub_code", "name": "sub"}, exclude=("activity",))
        deepest_instance = sub or activity or program
        created = deepest_instance.pk is None and any(write is deepest_instance for write in writes)
        for year, amount in sorted(budgets.items()):
            stored = self.budgets.get((program.pk, year)) if program.pk else None
            self.seen.setdefault(("budget", codes["program_code"], year), (line, amount))
            if stored is not None and stored.amount == amount:
                continue
            if stored is None:
                stored = ProgramBudget(program=program, year=year)
            if not created:
                change(
                    changes, f"Pagu {year}", format_rupiah(stored.amount) if stored.pk else None, format_rupiah(amount)
                )
            stored.amount = amount
            clean(stored, errors, {"amount": f"budget_{year}"}, exclude=("program",))
            writes.append(stored)
        errors.raise_if_any()

        for code_key, name_key, _v, _p in levels:
            if codes[code_key]:
                self.seen.setdefault((code_key, codes[code_key]), (line, names[name_key]))
        self.seen[("row", key)] = (line, key)
        shown = self.shown(**{k: codes[k] for k in codes if codes[k]}, **{k: names[k] for k in names if names[k]})
        for year, amount in sorted(budgets.items()):
            shown[f"Pagu {year}"] = format_rupiah(amount)
        return RowPlan(
            line=line,
            action="create" if created else "update" if changes else "unchanged",
            key=key,
            values=shown,
            changes=[] if created else changes,
            cleaned={"writes": writes},
        )

    def _named(self, stored: dict, key, new, column: str, name: str, changes: list, writes: list):
        """_parent for the levels that carry a name instead of a text."""
        instance = stored.get(key)
        if instance is None:
            instance = new
            instance.name = name
            stored[key] = instance
        elif instance.name != name and id(instance) not in self.scheduled:
            change(changes, self.column(column).header, instance.name, name)
            instance.name = name
        else:
            return instance
        self.scheduled.add(id(instance))
        writes.append(instance)
        return instance
