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
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from apps.agreements.models import Agreement, AgreementIndicator
from apps.plans.models import Aggregation
from apps.progress import achievement as formulas
from apps.progress.achievement import Achievement
from apps.progress.models import ProgressReport
from apps.progress.scores import counted_statuses, indicator_achievement


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
    if not reported or Aggregation(aggregation) is Aggregation.LAST:
        return list(values)
    mean = sum(reported, Decimal(0)) / len(reported)
    return [mean if value is None else value for value in values]


def _ids(agreements: Iterable[Agreement | int]) -> list[int]:
    return [a if isinstance(a, int) else a.pk for a in agreements]


def agreement_scores(
    agreements: Iterable[Agreement | int], *, project: bool, include_drafts: bool = False
) -> dict[int, AgreementProjection]:
    """{agreement id: AgreementProjection} for PKs (or their ids): two queries in all."""
    ids = _ids(agreements)
    if not ids:
        return {}
    indicators = list(
        # the heads' PKs only (DOMAIN.md §5: the cascade below the head is not evaluated)
        AgreementIndicator.objects.filter(agreement_id__in=ids, agreement__position__isnull=True)
        .select_related("objective")
        .order_by("agreement_id", "objective__order", "objective_id", "order", "pk")
    )
    values: dict[int, list] = defaultdict(lambda: [None] * 4)
    rows = ProgressReport.objects.filter(
        indicator__agreement_id__in=ids,
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


def projected_achievements(agreements: Iterable[Agreement | int]) -> dict[int, Decimal | None]:
    """{agreement id: the year-end capaian projected from the quarters reported so far, or None}: two queries."""
    return {pk: score.achievement_percent for pk, score in agreement_scores(agreements, project=True).items()}


def achievements(agreements: Iterable[Agreement | int]) -> dict[int, Decimal | None]:
    """{agreement id: the capaian as reported}: two queries (the same figure as scores.agreement_score)."""
    return {pk: score.achievement_percent for pk, score in agreement_scores(agreements, project=False).items()}
