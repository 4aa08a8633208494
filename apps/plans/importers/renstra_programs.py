"""The sheet “Program” of the Renstra import: one row per sub kegiatan with its kegiatan and program (or a row of a
program or kegiatan alone), the pagu per year on the program."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.formats import format_rupiah
from apps.core.importing import Column, RowErrors, cell_text

from ..models import ACTIVITY_CODE, PROGRAM_CODE, SUB_ACTIVITY_CODE, Activity, Program, ProgramBudget, SubActivity
from .common import (
    PlanImporter,
    change,
    clean,
    outside_period,
    parse_decimal,
    required,
    row_plan,
    year_column,
    year_values,
)

PROGRAM_SHEET = "Program"
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
# The levels of a row, top down: its code column, name column, the code's validator, the parent's code column.
LEVELS = (
    ("program_code", "program", PROGRAM_CODE, None),
    ("activity_code", "activity", ACTIVITY_CODE, "program_code"),
    ("sub_code", "sub", SUB_ACTIVITY_CODE, "activity_code"),
)


def budget_columns(years) -> tuple[Column, ...]:
    help_text = gettext_lazy(
        "The program's pagu of the year in rupiah (e.g. 1.250.000.000), once per program (more rows of the program "
        "may repeat it). Empty: the stored pagu stays."
    )
    return tuple(year_column("Pagu", "budget", year, help_text) for year in years)


def program_example(first_year: int) -> dict:
    """The example row of the template."""
    return {
        "program_code": "1.01.02",
        "program": "Program Pengelolaan Pendidikan",
        "activity_code": "1.01.02.2.01",
        "activity": "Pengelolaan Pendidikan Sekolah Dasar",
        "sub_code": "1.01.02.2.01.0001",
        "sub": "Pembangunan Unit Sekolah Baru",
        **{f"budget_{first_year + offset}": 1_250_000_000 for offset in range(5)},
    }


def _code_problem(validator, code) -> str | None:
    try:
        validator(code)
    except Exception as exc:  # ValidationError
        return " ".join(getattr(exc, "messages", [str(exc)]))
    return None


class ProgramRows(PlanImporter):
    """The rows of the sheet “Program” (RenstraImporter reads them; self.target is the Renstra)."""

    def prepare_programs(self, renstra) -> None:
        self.programs = {p.code: p for p in Program.objects.filter(renstra=renstra)}
        self.activities = {a.code: a for a in Activity.objects.filter(program__renstra=renstra)}
        self.subs = {s.code: s for s in SubActivity.objects.filter(activity__program__renstra=renstra)}
        self.budgets = {(b.program_id, b.year): b for b in ProgramBudget.objects.filter(program__renstra=renstra)}

    def _levels(self, codes: dict, names: dict, errors: RowErrors) -> str | None:
        """Checks the codes and names the row fills, top down; the code column of its deepest level."""
        deepest = None
        for index, (code_key, name_key, validator, parent_key) in enumerate(LEVELS):
            code, name = codes[code_key], names[name_key]
            below = any(codes[k] or names[n] for k, n, _v, _p in LEVELS[index + 1 :])
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
        return deepest

    def _budgets(self, values, program_code: str, errors: RowErrors) -> dict:
        """{year: amount} of the row's pagu cells to write; one repeating an earlier row's pagu is left out."""
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
            first = self.seen.get(("budget", program_code, year))
            if first and first[1] == amount:
                continue  # repeated on another row of the program: written once, by the first
            if first:
                errors.add(
                    column,
                    _("Pagu %(year)d of program %(code)s is %(amount)s on line %(line)d; give it once or the same.")
                    % {"year": year, "code": program_code, "amount": format_rupiah(first[1]), "line": first[0]},
                )
                continue
            budgets[year] = amount
        return budgets

    def validate_program_row(self, values, line):
        """A row of the sheet “Program”: a program, a kegiatan or a sub kegiatan with the levels above it."""
        errors = RowErrors()
        codes = {key: cell_text(values.get(key)) for key in ("program_code", "activity_code", "sub_code")}
        names = {key: cell_text(values.get(key)) for key in ("program", "activity", "sub")}
        deepest = self._levels(codes, names, errors)
        key = codes[deepest] if deepest else ""
        if key:
            self._once("row", key, key, deepest, errors)
        budgets = self._budgets(values, codes["program_code"], errors)
        errors.raise_if_any()

        changes, writes = [], []
        program = self._parent(
            self.programs,
            codes["program_code"],
            Program(renstra=self.target, code=codes["program_code"]),
            "program",
            names["program"],
            changes,
            writes,
            attribute="name",
        )
        clean(program, errors, {"code": "program_code", "name": "program"}, exclude=("renstra", "objective"))
        activity = sub = None
        if deepest in ("activity_code", "sub_code"):
            activity = self._parent(
                self.activities,
                codes["activity_code"],
                Activity(program=program, code=codes["activity_code"]),
                "activity",
                names["activity"],
                changes,
                writes,
                attribute="name",
            )
            clean(activity, errors, {"code": "activity_code", "name": "activity"}, exclude=("program",))
        if deepest == "sub_code":
            sub = self._parent(
                self.subs,
                codes["sub_code"],
                SubActivity(activity=activity, code=codes["sub_code"]),
                "sub",
                names["sub"],
                changes,
                writes,
                attribute="name",
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

        for code_key, name_key, _v, _p in LEVELS:
            if codes[code_key]:
                self.seen.setdefault((code_key, codes[code_key]), (line, names[name_key]))
        self.seen[("row", key)] = (line, key)
        shown = self.shown(**{k: codes[k] for k in codes if codes[k]}, **{k: names[k] for k in names if names[k]})
        for year, amount in sorted(budgets.items()):
            shown[f"Pagu {year}"] = format_rupiah(amount)
        return row_plan(line=line, created=created, key=key, values=shown, changes=changes, writes=writes)
