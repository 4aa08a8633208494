"""Capaian of many PKs at once, set-based: two queries (the indicators, then the counted reports) whatever the number
of PKs, computed with the very same rules as `apps.progress.scores.agreement_score` (which makes three queries per
PK): every indicator through `scores.indicator_score`, every sasaran through `scores.objective_score`, the PK through
`achievement.department_achievement` (DOMAIN.md §4: the mean over the sasaran of the mean of their indicators'
capped capaian; missing realisasi is left out, never 0).

Besides the year's capaian, the dashboards need, from the same values and with no further query:
- `trend`: the PK's capaian up to each quarter (TW I…IV; None where nothing was counted yet), for the trend chart;
- `quarters_reported`: how many quarters have a counted report for every indicator of the PK;
- `expected_percent`: where an indicator should stand by now on its way to the annual target (the progress bars).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from apps.agreements.models import Agreement, AgreementIndicator
from apps.progress import achievement as formulas
from apps.progress import scores
from apps.progress.achievement import Aggregation, Polarity
from apps.progress.scores import AgreementScore, IndicatorScore

QUARTERS = scores.QUARTERS
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class AgreementFigures:
    """What the dashboards show of one PK: its score (as `scores.agreement_score` gives it), its capaian to each
    quarter and how many quarters are fully reported."""

    score: AgreementScore
    trend: tuple[Decimal | None, ...]
    indicator_count: int
    reported_by_quarter: tuple[int, ...]  # indicators with a counted report, TW I…IV

    @property
    def quarters_reported(self) -> int:
        """Quarters with a counted report for every indicator of the PK."""
        return sum(1 for n in self.reported_by_quarter if self.indicator_count and n >= self.indicator_count)

    @property
    def achievement_percent(self) -> Decimal | None:
        return self.score.achievement_percent


def _indicators(agreement_ids: Sequence[int]) -> list[AgreementIndicator]:
    """Every indicator of the PKs with its sasaran, in the order of the PK pages: one query."""
    return list(
        AgreementIndicator.objects.filter(agreement_id__in=agreement_ids)
        .select_related("objective")
        .order_by("agreement_id", "objective__order", "objective_id", "order", "pk")
    )


def _trend(objectives: list[list[tuple[AgreementIndicator, list]]]) -> tuple[Decimal | None, ...]:
    """The PK's capaian counting the quarters 1…q only, for q = 1…4."""
    trend = []
    for quarter in QUARTERS:
        pairs = []
        for indicators in objectives:
            row = []
            for indicator, values in indicators:
                _actual, result = scores.indicator_achievement(indicator, values, upto=quarter)
                row.append((None if result is None else result.capped, indicator.weight))
            pairs.append(row)
        trend.append(formulas.department_achievement(objectives=pairs))
    return tuple(trend)


def agreement_figures(agreements: Iterable[Agreement], *, include_drafts: bool = False) -> dict[int, AgreementFigures]:
    """{agreement id: AgreementFigures} for the given PKs, in two queries."""
    agreements = {agreement.pk: agreement for agreement in agreements}
    if not agreements:
        return {}
    indicators = _indicators(list(agreements))
    indicator_scores = scores.indicator_scores(indicators, include_drafts=include_drafts)
    values = {pk: [quarter.actual for quarter in score.quarters] for pk, score in indicator_scores.items()}
    by_agreement: dict[int, dict] = defaultdict(dict)  # agreement id → {objective: [indicator, …]} (ordered)
    for indicator in indicators:
        by_agreement[indicator.agreement_id].setdefault(indicator.objective, []).append(indicator)
    result = {}
    for pk, agreement in agreements.items():
        objectives = by_agreement.get(pk, {})
        objective_scores = tuple(
            scores.objective_score(objective, [indicator_scores[i.pk] for i in members])
            for objective, members in objectives.items()
        )
        overall = formulas.department_achievement(
            objectives=[
                [(score.achievement_capped, score.indicator.weight) for score in objective.indicators]
                for objective in objective_scores
            ]
        )
        members = [i for group in objectives.values() for i in group]
        reported = tuple(sum(1 for i in members if values[i.pk][q - 1] is not None) for q in QUARTERS)
        result[pk] = AgreementFigures(
            score=AgreementScore(agreement=agreement, objectives=objective_scores, achievement_percent=overall),
            trend=_trend([[(i, values[i.pk]) for i in group] for group in objectives.values()]),
            indicator_count=len(members),
            reported_by_quarter=reported,
        )
    return result


# --- The expected trajectory of an indicator ----------------------------------------------------------------------
def expected_percent(indicator: AgreementIndicator, quarters_elapsed: int) -> Decimal | None:
    """Where the indicator's capaian should stand after `quarters_elapsed` quarters (0–4), in percent of the annual
    target: what its cumulative quarterly target at that quarter is worth against the annual target when it has
    them; else, for a sum (counts, rupiah: the year's value grows quarter by quarter) the straight line
    25 % a quarter; for a level (`last`, `average`) the target itself from the first quarter on (100 %).
    None before the first quarter has ended."""
    if quarters_elapsed <= 0:
        return None
    quarters_elapsed = min(quarters_elapsed, 4)
    targets = indicator.quarterly_targets
    if targets and len(targets) == 4 and targets[quarters_elapsed - 1] is not None:
        if indicator.target is not None:
            annual = {"target": indicator.target}
        else:
            annual = {"low": indicator.target_low, "high": indicator.target_high}
        result = formulas.achievement(
            polarity=indicator.polarity,
            actual=targets[quarters_elapsed - 1],
            negative_formula=scores.negative_formula(),
            cap=scores.cap(),
            **annual,
        )
        return None if result is None else result.capped
    if indicator.aggregation == Aggregation.SUM and indicator.polarity == Polarity.POSITIVE:
        return HUNDRED * quarters_elapsed / 4
    return HUNDRED


def on_track(score: IndicatorScore, expected: Decimal | None) -> bool | None:
    """Is the indicator's capaian to date at or above where it should be? None when either is unknown."""
    if expected is None or score.achievement_capped is None:
        return None
    return score.achievement_capped >= expected
