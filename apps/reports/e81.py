"""Table E.81 of Permendagri 86/2017: the evaluation of the year's results per quarter (kinerja K and anggaran Rp).

Per department with a signed PK for the year, in the PK's order: each sasaran, its indicators (K: the Renstra
target at the end of the period, the realisasi of the earlier years of the period, the year's target, TW I–IV,
the year's realisasi and capaian, the realisasi to this year and its capaian against the Renstra target), and
the PK programs that serve that sasaran (Rp: the Renstra pagu of the period, what was spent in the earlier years,
the year's pagu, the spending per quarter, the year's total and serapan, the total to this year against the
Renstra pagu). The last column names the department responsible.

How the years add up follows each indicator's aggregation: a `sum` indicator adds the years, a `last` or
`average` one is at the latest reported year's level. A value nobody reported stays empty, never 0. Rp always
adds up. Capaian use apps/progress/achievement.py (polarity and bands included).

Queries: a fixed number (about a dozen) for any number of departments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from apps.agreements.models import Agreement, AgreementIndicator, AgreementProgram, AgreementStatus
from apps.departments.models import Department
from apps.plans.models import Aggregation, IndicatorTarget, ProgramBudget
from apps.progress import achievement as formulas
from apps.progress import scores
from apps.progress.models import BudgetRealisation

from .capaian import latest_signed_agreements, objectives_by_agreement

Progress = Callable[[int, int], None]
OTHER_PROGRAMS = "Program lainnya"  # the document's fixed Indonesian wording, as in the PK document


@dataclass
class Target:
    """A target of one value or a band (low–high)."""

    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None

    @property
    def is_set(self) -> bool:
        return self.value is not None or self.low is not None

    def kwargs(self) -> dict:
        if self.value is not None:
            return {"target": self.value}
        return {"low": self.low, "high": self.high}


@dataclass
class E81Row:
    """A line of the table. `kind`: "department" (a heading of the region table), "objective", "indicator" or
    "program"."""

    kind: str
    department: str
    number: str = ""
    objective: str = ""  # the sasaran (objective rows), the department (department rows)
    code: str = ""
    program: str = ""
    indicator: str = ""
    unit: str = ""
    renstra_k: Target = field(default_factory=Target)
    renstra_rp: Decimal | None = None
    before_k: Decimal | None = None
    before_rp: Decimal | None = None
    target_k: Target = field(default_factory=Target)
    target_rp: Decimal | None = None
    quarters_k: list = field(default_factory=lambda: [None] * 4)
    quarters_rp: list = field(default_factory=lambda: [None] * 4)
    year_k: Decimal | None = None
    year_rp: Decimal | None = None
    year_percent_k: Decimal | None = None
    year_percent_rp: Decimal | None = None
    to_date_k: Decimal | None = None
    to_date_rp: Decimal | None = None
    to_date_percent_k: Decimal | None = None
    to_date_percent_rp: Decimal | None = None


@dataclass
class E81Report:
    year: int
    is_region: bool
    rows: list[E81Row]
    departments_without_pk: list[Department]


def _add(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def _accumulate(aggregation: str, before: Decimal | None, this_year: Decimal | None) -> Decimal | None:
    """The realisasi up to this year: added up for a `sum` indicator, the latest level otherwise."""
    if aggregation == Aggregation.SUM:
        return _add([before, this_year])
    return this_year if this_year is not None else before


def _achievement(polarity: str, actual: Decimal | None, target: Target) -> Decimal | None:
    if actual is None or not target.is_set:
        return None
    result = formulas.achievement(
        polarity=polarity,
        actual=actual,
        negative_formula=scores.negative_formula(),
        cap=scores.cap(),
        **target.kwargs(),
    )
    return None if result is None else result.percent


def _previous_agreements(agreements: dict[int, Agreement], year: int) -> list[Agreement]:
    """The newest signed PK of each department for each earlier year of its Renstra period (one query)."""
    first_years = {
        agreement.department_id: agreement.renstra.period.start_year
        for agreement in agreements.values()
        if agreement.renstra_id is not None
    }
    if not first_years:
        return []
    earlier = (
        Agreement.objects.filter(
            status=AgreementStatus.SIGNED,
            department_id__in=list(first_years),
            year__lt=year,
            year__gte=min(first_years.values()),
        )
        .order_by("department_id", "year", "-version", "-signed_on", "-pk")
        .distinct("department_id", "year")
    )
    return [a for a in earlier if a.year >= first_years[a.department_id]]


def _before_values(previous: list[Agreement]) -> tuple[dict, dict]:
    """What the earlier years reported: ({(department id, plan indicator id): [(year, realisasi)…]},
    {(department id, plan program id): Rp spent}), in three queries."""
    if not previous:
        return {}, {}
    by_id = {agreement.pk: agreement for agreement in previous}
    indicators = list(AgreementIndicator.objects.filter(agreement__in=previous, plan_indicator__isnull=False))
    indicator_scores = scores.indicator_scores(indicators)
    kinerja: dict = defaultdict(list)
    for indicator in sorted(indicators, key=lambda i: by_id[i.agreement_id].year):
        agreement = by_id[indicator.agreement_id]
        kinerja[(agreement.department_id, indicator.plan_indicator_id)].append(
            (agreement.year, indicator_scores[indicator.pk].actual_year)
        )
    spent = (
        BudgetRealisation.objects.filter(program__agreement__in=previous, program__program__isnull=False)
        .values("program__agreement__department_id", "program__program_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    anggaran = {(row["program__agreement__department_id"], row["program__program_id"]): row["total"] for row in spent}
    return kinerja, anggaran


def _before_k(aggregation: str, history: list) -> Decimal | None:
    values = [value for _year, value in history]
    if aggregation == Aggregation.SUM:
        return _add(values)
    reported = [value for value in values if value is not None]
    return reported[-1] if reported else None


def e81_report(*, year: int, departments: Iterable[Department], is_region: bool, progress: Progress | None = None):
    departments = sorted(departments, key=lambda d: d.code)
    agreements = latest_signed_agreements(year=year, department_ids=[d.pk for d in departments])
    objectives = objectives_by_agreement(agreements.values())
    indicators = [i for group in objectives.values() for o in group for i in o.indicators.all()]
    indicator_scores = scores.indicator_scores(indicators)
    programs = list(
        AgreementProgram.objects.filter(agreement__in=list(agreements.values()))
        .select_related("program")
        .order_by("agreement_id", "order", "pk")
    )
    spent: dict = defaultdict(lambda: [None] * 4)
    for program_id, quarter, amount in BudgetRealisation.objects.filter(program__in=programs).values_list(
        "program_id", "quarter", "amount"
    ):
        spent[program_id][quarter - 1] = amount
    end_years = {a.pk: a.renstra.period.end_year for a in agreements.values() if a.renstra_id is not None}
    renstra_targets = {
        (t.indicator_id, t.year): Target(t.value, t.low, t.high)
        for t in IndicatorTarget.objects.filter(indicator_id__in={i.plan_indicator_id for i in indicators} - {None})
    }
    renstra_budgets = {
        row["program_id"]: row["total"]
        for row in ProgramBudget.objects.filter(program_id__in={p.program_id for p in programs} - {None})
        .values("program_id")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    before_k, before_rp = _before_values(_previous_agreements(agreements, year))

    programs_by_agreement: dict = defaultdict(list)
    for program in programs:
        programs_by_agreement[program.agreement_id].append(program)

    rows: list[E81Row] = []
    without_pk = []
    for done, department in enumerate(departments, start=1):
        agreement = agreements.get(department.pk)
        if agreement is None:
            without_pk.append(department)
        else:
            context = {
                "scores": indicator_scores,
                "spent": spent,
                "end_year": end_years.get(agreement.pk),
                "renstra_targets": renstra_targets,
                "renstra_budgets": renstra_budgets,
                "before_k": before_k,
                "before_rp": before_rp,
            }
            if is_region:
                rows.append(E81Row(kind="department", department=department.name, objective=department.name))
            rows.extend(
                _department_rows(
                    department, objectives.get(agreement.pk, []), programs_by_agreement[agreement.pk], context
                )
            )
        if progress:
            progress(done, len(departments))
    return E81Report(year=year, is_region=is_region, rows=rows, departments_without_pk=without_pk)


def _department_rows(department, objectives, programs, context) -> list[E81Row]:
    """The sasaran in the PK's order, each with its indicators and the programs that serve it; the programs tied
    to no sasaran of the PK come last."""
    by_plan_objective: dict = defaultdict(list)
    unplaced = []
    placed_objectives = {o.plan_objective_id for o in objectives if o.plan_objective_id is not None}
    for program in programs:
        plan_objective = program.program.objective_id if program.program_id else None
        if plan_objective in placed_objectives:
            by_plan_objective[plan_objective].append(program)
        else:
            unplaced.append(program)
    rows = []
    for number, objective in enumerate(objectives, start=1):
        rows.append(E81Row(kind="objective", department=department.name, number=str(number), objective=objective.name))
        for indicator in objective.indicators.all():
            rows.append(_indicator_row(department, indicator, context))
        if objective.plan_objective_id is not None:
            placed = by_plan_objective.pop(objective.plan_objective_id, [])
            rows.extend(_program_row(department, program, context) for program in placed)
    if unplaced:
        number = str(len(objectives) + 1)
        rows.append(E81Row(kind="objective", department=department.name, number=number, objective=OTHER_PROGRAMS))
        rows.extend(_program_row(department, program, context) for program in unplaced)
    return rows


def _indicator_row(department, indicator, context) -> E81Row:
    score = context["scores"][indicator.pk]
    renstra = Target()
    if indicator.plan_indicator_id and context["end_year"]:
        renstra = context["renstra_targets"].get((indicator.plan_indicator_id, context["end_year"]), Target())
    history = context["before_k"].get((department.pk, indicator.plan_indicator_id), [])
    before = _before_k(indicator.aggregation, history) if indicator.plan_indicator_id else None
    to_date = _accumulate(indicator.aggregation, before, score.actual_year)
    return E81Row(
        kind="indicator",
        department=department.name,
        indicator=indicator.name,
        unit=indicator.unit,
        renstra_k=renstra,
        before_k=before,
        target_k=Target(indicator.target, indicator.target_low, indicator.target_high),
        quarters_k=[quarter.actual for quarter in score.quarters],
        year_k=score.actual_year,
        year_percent_k=score.achievement_percent,
        to_date_k=to_date,
        to_date_percent_k=_achievement(indicator.polarity, to_date, renstra),
    )


def _program_row(department, program, context) -> E81Row:
    quarters = context["spent"][program.pk]
    year_rp = _add(quarters)
    renstra_rp = context["renstra_budgets"].get(program.program_id) if program.program_id else None
    before = context["before_rp"].get((department.pk, program.program_id)) if program.program_id else None
    to_date = _add([before, year_rp])
    return E81Row(
        kind="program",
        department=department.name,
        code=program.code,
        program=program.name,
        renstra_rp=renstra_rp,
        before_rp=before,
        target_rp=program.budget,
        quarters_rp=list(quarters),
        year_rp=year_rp,
        year_percent_rp=formulas.absorption(spent=year_rp, budget=program.budget),
        to_date_rp=to_date,
        to_date_percent_rp=formulas.absorption(spent=to_date, budget=renstra_rp),
    )
