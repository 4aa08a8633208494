"""The year's capaian table in the LKjIP layout: per department, the sasaran of its newest signed PK with each
indicator's target, realisasi, capaian and predicate, and the department's capaian (DOMAIN.md §4).

The rows come from apps/progress/scores.py (the same counting rules as the pages: submitted and verified reports
only; a quarter not reported is missing, never 0). For any number of departments the table costs a fixed number of
queries: the agreements, their sasaran, their indicators and the reports of them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from apps.agreements.models import Agreement, AgreementIndicator, AgreementObjective, AgreementStatus
from apps.core import formats as number_formats
from apps.departments.models import Department
from apps.progress import achievement as formulas
from apps.progress import scores
from apps.progress.achievement import Predicate

Progress = Callable[[int, int], None]  # (done, total)


@dataclass(frozen=True)
class CapaianRow:
    """One indicator of the table."""

    objective_number: int
    objective: str
    first_of_objective: bool
    objective_span: int
    objective_percent: Decimal | None
    indicator: str
    unit: str
    target: Decimal | None
    target_low: Decimal | None
    target_high: Decimal | None
    actual: Decimal | None
    percent: Decimal | None
    predicate: Predicate | None

    @property
    def is_band(self) -> bool:
        return self.target is None

    @property
    def target_text(self) -> str:
        """'97,6 %' or the band '2–4 dokumen'."""
        return target_text(self.target, self.target_low, self.target_high, self.unit)

    @property
    def actual_text(self) -> str:
        """'91,35 %'; empty when not reported."""
        if self.actual is None:
            return ""
        return f"{number_formats.format_number(self.actual.normalize())} {self.unit}".strip()


def target_text(value: Decimal | None, low: Decimal | None, high: Decimal | None, unit: str = "") -> str:
    if value is not None:
        text = number_formats.format_number(value.normalize())
    elif low is not None:
        text = number_formats.format_number(low.normalize()) + number_formats.DASH
        text += number_formats.format_number(high.normalize())
    else:
        return number_formats.DASH
    return f"{text} {unit}".strip()


@dataclass
class DepartmentCapaian:
    """A department's table for the year; `agreement` is None when it has no signed PK for the year."""

    department: Department
    agreement: Agreement | None
    rows: list[CapaianRow] = field(default_factory=list)
    percent: Decimal | None = None

    @property
    def predicate(self) -> Predicate | None:
        return formulas.predicate(self.percent)

    @property
    def head_name(self) -> str:
        if self.agreement is None:
            return ""
        return self.agreement.first_party_name or self.agreement.official.name


@dataclass
class CapaianReport:
    year: int
    departments: list[DepartmentCapaian]
    is_region: bool

    @property
    def percent(self) -> Decimal | None:
        """The region's figure: the mean of the departments' capaian (each capped, as every average is)."""
        values = [min(d.percent, scores.cap()) for d in self.departments if d.percent is not None]
        if not values:
            return None
        return formulas.department_achievement(objectives=[[(value, None)] for value in values])

    @property
    def predicate(self) -> Predicate | None:
        return formulas.predicate(self.percent)


def latest_signed_agreements(*, year: int, department_ids: Iterable[int]) -> dict[int, Agreement]:
    """{department id: its newest signed PK of the year} in one query (the version realisasi is measured
    against, as `apps.agreements.selectors.latest_signed`)."""
    agreements = (
        Agreement.objects.filter(year=year, status=AgreementStatus.SIGNED, department_id__in=list(department_ids))
        .select_related("department", "official", "renstra__period")
        .order_by("department_id", "-version", "-signed_on", "-pk")
        .distinct("department_id")
    )
    return {agreement.department_id: agreement for agreement in agreements}


def objectives_by_agreement(agreements: Iterable[Agreement]) -> dict[int, list[AgreementObjective]]:
    indicators = AgreementIndicator.objects.order_by("order", "pk")
    objectives = (
        AgreementObjective.objects.filter(agreement__in=list(agreements))
        .order_by("agreement_id", "order", "pk")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
    )
    result: dict[int, list[AgreementObjective]] = {}
    for objective in objectives:
        result.setdefault(objective.agreement_id, []).append(objective)
    return result


def _department_table(department, agreement, objectives, indicator_scores) -> DepartmentCapaian:
    table = DepartmentCapaian(department=department, agreement=agreement)
    objective_scores = []
    for number, objective in enumerate(objectives, start=1):
        indicators = list(objective.indicators.all())
        score = scores.objective_score(objective, [indicator_scores[i.pk] for i in indicators])
        objective_scores.append(score)
        for index, indicator_score in enumerate(score.indicators):
            indicator = indicator_score.indicator
            table.rows.append(
                CapaianRow(
                    objective_number=number,
                    objective=objective.name,
                    first_of_objective=index == 0,
                    objective_span=len(indicators),
                    objective_percent=score.achievement_percent,
                    indicator=indicator.name,
                    unit=indicator.unit,
                    target=indicator.target,
                    target_low=indicator.target_low,
                    target_high=indicator.target_high,
                    actual=indicator_score.actual_year,
                    percent=indicator_score.achievement_percent,
                    predicate=indicator_score.predicate,
                )
            )
    table.percent = formulas.department_achievement(
        objectives=[[(s.achievement_capped, s.indicator.weight) for s in o.indicators] for o in objective_scores]
    )
    return table


def capaian_report(*, year: int, departments: Iterable[Department], is_region: bool, progress: Progress | None = None):
    """The capaian table of each department given (in code order), in five queries whatever their number."""
    departments = sorted(departments, key=lambda d: d.code)
    agreements = latest_signed_agreements(year=year, department_ids=[d.pk for d in departments])
    objectives = objectives_by_agreement(agreements.values())
    indicators = [i for group in objectives.values() for o in group for i in o.indicators.all()]
    indicator_scores = scores.indicator_scores(indicators)
    tables = []
    for done, department in enumerate(departments, start=1):
        agreement = agreements.get(department.pk)
        if agreement is None:
            tables.append(DepartmentCapaian(department=department, agreement=None))
        else:
            tables.append(_department_table(department, agreement, objectives.get(agreement.pk, []), indicator_scores))
        if progress:
            progress(done, len(departments))
    return CapaianReport(year=year, departments=tables, is_region=is_region)
