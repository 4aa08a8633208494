"""Capaian of many PKs at once, as reported and projected to the year's end (DOMAIN.md §4, §5 early warning).

`agreement_scores(agreements, project=…)` makes two queries whatever the number of PKs (their indicators with their
sasaran, and the counted reports of all of them) and computes with the same formulas as apps/progress/scores.py:
- `project=False`: the capaian as reported (what `scores.agreement_score` gives for one PK): the flag job and the
  evaluation use it at the deadline;
- `project=True`: the year-end capaian projected from the quarters reported so far. An indicator aggregated by
  `sum` or `average` runs at the mean of its reported quarters for the quarters not reported (its run rate); one
  aggregated by `last` keeps its latest value. An indicator with nothing reported has no projection (left out of
  the means, like a missing realisasi). The early warning and the dashboards use it.

`projected_achievements(agreements)` → {agreement id: projected capaian or None}; `AgreementProjection.drags()`
lists the indicators that pull a head below the threshold, worst first.

`agreement_capaian(agreements, project=…)` gives the same capaian and the quarters reported in one query, without
the indicators' detail (no model instances: one row of values per indicator, its four quarters pivoted by
PostgreSQL): what the flag job judges on, for every head at once. The ids go to PostgreSQL as one array parameter
(`ids_in`), not as an `IN (…)` list of thousands of parameters that Django builds slowly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db import connection
from django.db.models.expressions import RawSQL

from apps.agreements.models import Agreement, AgreementIndicator, AgreementObjective
from apps.plans.models import Aggregation
from apps.progress import achievement as formulas
from apps.progress.achievement import Achievement
from apps.progress.models import ProgressReport
from apps.progress.scores import cap, counted_statuses, indicator_achievement, negative_formula


@dataclass(frozen=True)
class IndicatorProjection:
    indicator: AgreementIndicator
    values: tuple[Decimal | None, ...]  # TW I…IV as reported (None: not reported)
    actual: Decimal | None  # the year's realisasi (projected when projecting)
    achievement: Achievement | None

    @property
    def reported_quarters(self) -> tuple[int, ...]:
        return tuple(q for q, value in enumerate(self.values, start=1) if value is not None)

    @property
    def achievement_percent(self) -> Decimal | None:
        return None if self.achievement is None else self.achievement.percent

    @property
    def achievement_capped(self) -> Decimal | None:
        return None if self.achievement is None else self.achievement.capped


@dataclass(frozen=True)
class AgreementProjection:
    agreement_id: int
    achievement_percent: Decimal | None
    indicators: tuple[IndicatorProjection, ...] = field(default=())

    @property
    def quarters_reported(self) -> int:
        """The latest quarter any indicator has reported (0: none)."""
        return max((max(i.reported_quarters, default=0) for i in self.indicators), default=0)

    def quarter_complete(self, quarter: int) -> bool:
        """Has every indicator of the PK reported the quarter?"""
        return bool(self.indicators) and all(i.values[quarter - 1] is not None for i in self.indicators)

    def drags(self, threshold: Decimal) -> list[IndicatorProjection]:
        """The indicators below the threshold (or not reported at all), worst first."""
        low = [i for i in self.indicators if i.achievement_capped is None or i.achievement_capped < threshold]
        return sorted(low, key=lambda i: (i.achievement_capped is not None, i.achievement_capped or 0))


def project_values(aggregation: str, values: list[Decimal | None]) -> list[Decimal | None]:
    """The four quarters with the ones not reported filled in at the indicator's run rate (see the docstring)."""
    reported = [value for value in values if value is not None]
    if not reported or aggregation == Aggregation.LAST:
        return list(values)
    mean = sum(reported, Decimal(0)) / len(reported)
    return [mean if value is None else value for value in values]


def _ids(agreements: Iterable[Agreement | int]) -> list[int]:
    return [a if isinstance(a, int) else a.pk for a in agreements]


def ids_in(ids: Iterable[int]) -> RawSQL:
    """For `field__in=ids_in(ids)`: `IN (SELECT unnest(%s))` with the ids as one array parameter."""
    return RawSQL("SELECT unnest(%s::bigint[])", (list(ids),))


def agreement_scores(
    agreements: Iterable[Agreement | int], *, project: bool, include_drafts: bool = False
) -> dict[int, AgreementProjection]:
    """{agreement id: AgreementProjection} for PKs (or their ids): two queries in all."""
    ids = _ids(agreements)
    if not ids:
        return {}
    indicators = list(
        # the heads' PKs only (DOMAIN.md §5: the cascade below the head is not evaluated)
        AgreementIndicator.objects.filter(agreement_id__in=ids_in(ids), agreement__position__isnull=True)
        .select_related("objective")
        .order_by("agreement_id", "objective__order", "objective_id", "order", "pk")
    )
    values: dict[int, list] = defaultdict(lambda: [None] * 4)
    rows = ProgressReport.objects.filter(
        indicator__agreement_id__in=ids_in(ids),
        indicator__agreement__position__isnull=True,
        status__in=counted_statuses(include_drafts=include_drafts),
        actual__isnull=False,
    ).values_list("indicator_id", "quarter", "actual")
    for indicator_id, quarter, actual in rows:
        values[indicator_id][quarter - 1] = actual

    by_agreement: dict[int, list[IndicatorProjection]] = defaultdict(list)
    for indicator in indicators:
        reported = values[indicator.pk]
        counted = project_values(indicator.aggregation, reported) if project else reported
        actual, result = indicator_achievement(indicator, counted)
        by_agreement[indicator.agreement_id].append(
            IndicatorProjection(indicator=indicator, values=tuple(reported), actual=actual, achievement=result)
        )

    result = {}
    for agreement_id in ids:
        scores = by_agreement.get(agreement_id, [])
        objectives: dict[int, list] = defaultdict(list)
        for score in scores:
            objectives[score.indicator.objective_id].append((score.achievement_capped, score.indicator.weight))
        overall = formulas.department_achievement(objectives=list(objectives.values()))
        result[agreement_id] = AgreementProjection(
            agreement_id=agreement_id, achievement_percent=overall, indicators=tuple(scores)
        )
    return result


class _Row(NamedTuple):
    """What scores.indicator_achievement reads of an indicator, from a row of values."""

    polarity: str
    aggregation: str
    target: Decimal | None
    target_low: Decimal | None
    target_high: Decimal | None


@dataclass(frozen=True)
class AgreementCapaian:
    """A PK's capaian (as `agreement_scores` gives it) and how many of its indicators reported each quarter."""

    agreement_id: int
    achievement_percent: Decimal | None
    indicator_count: int = 0
    reported: tuple[int, int, int, int] = (0, 0, 0, 0)

    def quarter_complete(self, quarter: int) -> bool:
        """Has every indicator of the PK reported the quarter?"""
        return self.indicator_count > 0 and self.reported[quarter - 1] == self.indicator_count


def _capaian_sql() -> str:
    """Each indicator of the PKs (the heads' PKs only) in the order of `agreement_scores`, with its counted value of
    each quarter: the reports are grouped per indicator first (a hash aggregate), then joined."""
    indicator, agreement = AgreementIndicator._meta.db_table, Agreement._meta.db_table
    objective, report = AgreementObjective._meta.db_table, ProgressReport._meta.db_table
    quarters = ", ".join(f"max(r.actual) FILTER (WHERE r.quarter = {q}) AS q{q}" for q in (1, 2, 3, 4))
    return (
        "SELECT i.agreement_id, i.objective_id, i.weight, i.polarity, i.aggregation, i.target, i.target_low, "  # noqa: S608 - constants only
        "i.target_high, v.q1, v.q2, v.q3, v.q4 "
        f"FROM {indicator} i JOIN {agreement} a ON a.id = i.agreement_id JOIN {objective} o ON o.id = i.objective_id "
        f"LEFT JOIN (SELECT r.indicator_id, {quarters} FROM {report} r JOIN {indicator} ri ON ri.id = r.indicator_id "
        "WHERE ri.agreement_id = ANY(%(ids)s::bigint[]) AND r.status = ANY(%(statuses)s::text[]) "
        "AND r.actual IS NOT NULL GROUP BY r.indicator_id) v ON v.indicator_id = i.id "
        "WHERE i.agreement_id = ANY(%(ids)s::bigint[]) AND a.position_id IS NULL "
        'ORDER BY i.agreement_id, o."order", i.objective_id, i."order", i.id'
    )


def agreement_capaian(
    agreements: Iterable[Agreement | int], *, project: bool, include_drafts: bool = False
) -> dict[int, AgreementCapaian]:
    """{agreement id: AgreementCapaian} for PKs (or their ids): one query in all, whatever their number.

    The same figures as `agreement_scores` (the same formulas on the same values in the same order); PostgreSQL
    only pivots each indicator's counted reports (one per quarter at most) into its four quarters."""
    ids = _ids(agreements)
    if not ids:
        return {}
    statuses = [str(status) for status in counted_statuses(include_drafts=include_drafts)]
    with connection.cursor() as cursor:
        cursor.execute(_capaian_sql(), {"ids": ids, "statuses": statuses})
        rows = cursor.fetchall()
    formula, limit = negative_formula(), cap()
    by_agreement: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    reported: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    counts: dict[int, int] = defaultdict(int)
    for agreement_id, objective_id, weight, *indicator, q1, q2, q3, q4 in rows:
        row = _Row(*indicator)
        values = [q1, q2, q3, q4]
        counted = project_values(row.aggregation, values) if project else values
        _actual, result = indicator_achievement(row, counted, negative_formula=formula, cap=limit)
        by_agreement[agreement_id][objective_id].append((None if result is None else result.capped, weight))
        counts[agreement_id] += 1
        tally = reported[agreement_id]
        for q, value in enumerate(values):
            if value is not None:
                tally[q] += 1
    return {
        agreement_id: AgreementCapaian(
            agreement_id=agreement_id,
            achievement_percent=formulas.department_achievement(objectives=list(by_agreement[agreement_id].values()))
            if agreement_id in by_agreement
            else None,
            indicator_count=counts[agreement_id],
            reported=tuple(reported[agreement_id]),
        )
        for agreement_id in ids
    }


def projected_achievements(agreements: Iterable[Agreement | int]) -> dict[int, Decimal | None]:
    """{agreement id: the year-end capaian projected from the quarters reported so far, or None}: two queries."""
    return {pk: score.achievement_percent for pk, score in agreement_scores(agreements, project=True).items()}


def achievements(agreements: Iterable[Agreement | int]) -> dict[int, Decimal | None]:
    """{agreement id: the capaian as reported}: two queries (the same figure as scores.agreement_score)."""
    return {pk: score.achievement_percent for pk, score in agreement_scores(agreements, project=False).items()}
