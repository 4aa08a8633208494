"""Capaian of a signed PK from the reports in the database: the bridge between the models and the pure formulas of
apps/progress/achievement.py (DOMAIN.md §4). The pages, the API and the exports all read capaian from here.

Which reports count
    A quarter counts when its report has a realisasi (`actual`) and has been sent: `submitted` or `verified`.
    Drafts and returned reports do not count (a head cannot raise the dashboard with a draft nobody checked), and
    a quarter without a counted report is "not reported" (`None`), never 0. `include_drafts=True` also counts
    drafts and returned reports with a value: the department's own preview of what its entries will give.

What is computed (cap: `settings.ACHIEVEMENT_CAP`; the negative formula: `settings.ACHIEVEMENT_NEGATIVE_FORMULA`,
"standard" unless set)
    - per indicator: the value of each quarter, the progres at each reported quarter (realisasi to date against
      the cumulative quarterly target, else the annual target), the year's realisasi by its aggregation and its
      capaian (raw and capped) with predicate and colour;
    - per sasaran: the (weighted, when every indicator has a weight) mean of its indicators' capped capaian;
    - the PK: the mean over its sasaran, and its predicate.

Queries: `agreement_score` makes three (sasaran, indicators, reports) whatever the size of the PK;
`indicator_scores` and `report_scores` one for all the indicators or reports given.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch

from apps.agreements.models import Agreement, AgreementIndicator, AgreementObjective

from . import achievement as formulas
from .achievement import Achievement, Colour, Predicate
from .models import ProgressReport, ReportStatus

COUNTED_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.VERIFIED)
PREVIEW_STATUSES = (*COUNTED_STATUSES, ReportStatus.DRAFT, ReportStatus.RETURNED)
QUARTERS = (1, 2, 3, 4)


def cap() -> Decimal:
    return Decimal(settings.ACHIEVEMENT_CAP)


def negative_formula() -> str:
    return getattr(settings, "ACHIEVEMENT_NEGATIVE_FORMULA", formulas.NegativeFormula.STANDARD)


_cap, _negative_formula = cap, negative_formula  # for the functions whose arguments of those names hide them


def counted_statuses(*, include_drafts: bool = False) -> tuple[str, ...]:
    return PREVIEW_STATUSES if include_drafts else COUNTED_STATUSES


# --- Results ------------------------------------------------------------------------------------------------------
def _percent(value: Achievement | None) -> Decimal | None:
    return None if value is None else value.percent


@dataclass(frozen=True)
class QuarterScore:
    """One quarter of an indicator: its value (None: not reported) and the progres to date at that quarter."""

    quarter: int
    actual: Decimal | None
    progress: Achievement | None

    @property
    def progress_percent(self) -> Decimal | None:
        return _percent(self.progress)

    @property
    def progress_colour(self) -> Colour | None:
        return None if self.progress is None else self.progress.predicate.colour


@dataclass(frozen=True)
class IndicatorScore:
    """An indicator's quarters, its year's realisasi and capaian (None: nothing reported or not computable)."""

    indicator: AgreementIndicator
    quarters: tuple[QuarterScore, ...]
    actual_year: Decimal | None
    achievement: Achievement | None

    @property
    def achievement_percent(self) -> Decimal | None:
        return _percent(self.achievement)

    @property
    def achievement_capped(self) -> Decimal | None:
        return None if self.achievement is None else self.achievement.capped

    @property
    def predicate(self) -> Predicate | None:
        return None if self.achievement is None else self.achievement.predicate

    @property
    def colour(self) -> Colour | None:
        return None if self.achievement is None else self.achievement.predicate.colour

    def quarter(self, number: int) -> QuarterScore:
        return self.quarters[number - 1]


@dataclass(frozen=True)
class ObjectiveScore:
    objective: AgreementObjective
    indicators: tuple[IndicatorScore, ...]
    achievement_percent: Decimal | None


@dataclass(frozen=True)
class AgreementScore:
    """A PK's capaian: its sasaran with their indicators, and the overall capaian (the department's, its head's)."""

    agreement: Agreement
    objectives: tuple[ObjectiveScore, ...]
    achievement_percent: Decimal | None

    @property
    def predicate(self) -> Predicate | None:
        return formulas.predicate(self.achievement_percent)

    @property
    def colour(self) -> Colour | None:
        grade = self.predicate
        return None if grade is None else grade.colour

    @property
    def indicators(self) -> list[IndicatorScore]:
        return [score for objective in self.objectives for score in objective.indicators]


@dataclass(frozen=True)
class ReportScore:
    """What one row of a quarter shows: the progres at the report's quarter and the capaian of the year to that
    quarter (with its predicate and colour)."""

    report: ProgressReport
    progress: Achievement | None
    achievement: Achievement | None
    actual_to_date: Decimal | None

    @property
    def progress_percent(self) -> Decimal | None:
        return _percent(self.progress)

    @property
    def achievement_percent(self) -> Decimal | None:
        return _percent(self.achievement)

    @property
    def achievement_capped(self) -> Decimal | None:
        return None if self.achievement is None else self.achievement.capped

    @property
    def predicate(self) -> Predicate | None:
        return None if self.achievement is None else self.achievement.predicate

    @property
    def colour(self) -> Colour | None:
        return None if self.achievement is None else self.achievement.predicate.colour


# --- Computing from values ----------------------------------------------------------------------------------------
def _target(indicator: AgreementIndicator) -> dict:
    if indicator.target is not None:
        return {"target": indicator.target}
    return {"low": indicator.target_low, "high": indicator.target_high}


def _quarter_targets(indicator: AgreementIndicator):
    targets = indicator.quarterly_targets
    return list(targets) if targets and len(targets) == 4 else None


def indicator_achievement(
    indicator: AgreementIndicator,
    values: Sequence[Decimal | None],
    *,
    upto: int = 4,
    negative_formula: str | None = None,
    cap: Decimal | None = None,
) -> tuple[Decimal | None, Achievement | None]:
    """The realisasi of quarters 1…`upto` by the indicator's aggregation, and its capaian against the annual
    target. `negative_formula` and `cap` default to the settings (a caller scoring thousands of indicators reads
    them once and passes them)."""
    actual = formulas.year_value(aggregation=indicator.aggregation, quarters=list(values[:upto]))
    result = formulas.achievement(
        polarity=indicator.polarity,
        actual=actual,
        negative_formula=_negative_formula() if negative_formula is None else negative_formula,
        cap=_cap() if cap is None else cap,
        **_target(indicator),
    )
    return actual, result


def indicator_progress(indicator: AgreementIndicator, values: Sequence[Decimal | None], *, quarter: int):
    """Progres at `quarter`: the realisasi to date against the cumulative quarterly target (else the annual one);
    None when that quarter is not reported."""
    if values[quarter - 1] is None:
        return None
    return formulas.quarter_progress(
        polarity=indicator.polarity,
        aggregation=indicator.aggregation,
        quarters=list(values),
        quarter=quarter,
        quarter_targets=_quarter_targets(indicator),
        negative_formula=negative_formula(),
        cap=cap(),
        **_target(indicator),
    )


def indicator_score(indicator: AgreementIndicator, values: Sequence[Decimal | None]) -> IndicatorScore:
    """The score of an indicator from its four quarterly values (TW I…IV, None = not reported); no query."""
    values = list(values) + [None] * (4 - len(values))
    quarters = tuple(
        QuarterScore(quarter=q, actual=values[q - 1], progress=indicator_progress(indicator, values, quarter=q))
        for q in QUARTERS
    )
    actual, result = indicator_achievement(indicator, values)
    return IndicatorScore(indicator=indicator, quarters=quarters, actual_year=actual, achievement=result)


def _values_by_indicator(indicator_ids: Iterable[int], *, include_drafts: bool) -> dict[int, list]:
    """{indicator id: [TW I…IV value or None]} from the counted reports: one query."""
    values: dict[int, list] = defaultdict(lambda: [None] * 4)
    rows = ProgressReport.objects.filter(
        indicator_id__in=list(indicator_ids),
        status__in=counted_statuses(include_drafts=include_drafts),
        actual__isnull=False,
    ).values_list("indicator_id", "quarter", "actual")
    for indicator_id, quarter, actual in rows:
        values[indicator_id][quarter - 1] = actual
    return values


def indicator_scores(
    indicators: Iterable[AgreementIndicator], *, include_drafts: bool = False
) -> dict[int, IndicatorScore]:
    """{indicator id: IndicatorScore} for the given indicators, in one query."""
    indicators = list(indicators)
    values = _values_by_indicator([i.pk for i in indicators], include_drafts=include_drafts)
    return {i.pk: indicator_score(i, values[i.pk]) for i in indicators}


def objective_score(objective: AgreementObjective, scores: Sequence[IndicatorScore]) -> ObjectiveScore:
    percent = formulas.objective_achievement(
        indicators=[(score.achievement_capped, score.indicator.weight) for score in scores]
    )
    return ObjectiveScore(objective=objective, indicators=tuple(scores), achievement_percent=percent)


# --- A whole PK ---------------------------------------------------------------------------------------------------
def agreement_score(agreement: Agreement, *, include_drafts: bool = False) -> AgreementScore:
    """The capaian of a PK: per indicator, per sasaran and overall (three queries)."""
    indicators = AgreementIndicator.objects.order_by("order", "pk")
    objectives = list(
        AgreementObjective.objects.filter(agreement=agreement)
        .order_by("order", "pk")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
    )
    all_indicators = [indicator for objective in objectives for indicator in objective.indicators.all()]
    scores = indicator_scores(all_indicators, include_drafts=include_drafts)
    objective_scores = tuple(
        objective_score(objective, [scores[indicator.pk] for indicator in objective.indicators.all()])
        for objective in objectives
    )
    overall = formulas.department_achievement(
        objectives=[
            [(score.achievement_capped, score.indicator.weight) for score in objective.indicators]
            for objective in objective_scores
        ]
    )
    return AgreementScore(agreement=agreement, objectives=objective_scores, achievement_percent=overall)


def _code(value) -> str | None:
    return None if value is None else str(value)


def agreement_achievement(agreement: Agreement, *, include_drafts: bool = False) -> dict:
    """What `GET /api/v1/agreements/{id}/achievement/` answers (percents and values as Decimals)."""
    score = agreement_score(agreement, include_drafts=include_drafts)
    return {
        "overall": {"achievement_percent": score.achievement_percent, "predicate": _code(score.predicate)},
        "objectives": [
            {"id": objective.objective.pk, "achievement_percent": objective.achievement_percent}
            for objective in score.objectives
        ],
        "indicators": [
            {
                "id": indicator.indicator.pk,
                "actual_year": indicator.actual_year,
                "achievement_percent": indicator.achievement_percent,
                "achievement_capped": indicator.achievement_capped,
                "predicate": _code(indicator.predicate),
                "quarters": [
                    {"actual": quarter.actual, "progress_percent": quarter.progress_percent}
                    for quarter in indicator.quarters
                ],
            }
            for indicator in score.indicators
        ],
    }


# --- One row (a report) -------------------------------------------------------------------------------------------
def report_scores(reports: Iterable[ProgressReport], *, include_drafts: bool = False) -> dict[int, ReportScore]:
    """{report id: ReportScore} for the given reports, in one query (their `indicator` should be selected).

    A row's own value always counts (it is what the row shows, whatever its status); the other quarters of its
    indicator count as the module's docstring says. The capaian is that of the year up to the report's quarter.
    """
    reports = list(reports)
    values = _values_by_indicator({r.indicator_id for r in reports}, include_drafts=include_drafts)
    result = {}
    for report in reports:
        quarters = list(values[report.indicator_id])
        quarters[report.quarter - 1] = report.actual
        indicator = report.indicator
        actual, capaian = indicator_achievement(indicator, quarters, upto=report.quarter)
        result[report.pk] = ReportScore(
            report=report,
            progress=indicator_progress(indicator, quarters, quarter=report.quarter),
            achievement=capaian,
            actual_to_date=actual,
        )
    return result


def report_score(report: ProgressReport, *, include_drafts: bool = False) -> ReportScore:
    """The ReportScore of one report (one query)."""
    return report_scores([report], include_drafts=include_drafts)[report.pk]
