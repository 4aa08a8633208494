"""The ranking of a round (DOMAIN.md §6 "Competition"): pure functions over Decimal, no Django.

A juror's weighted score of an entry = Σ score × weight / 100 over the criteria (only a juror who scored every
criterion of the entry counts). An entry's result = the mean over those jurors, rounded to 2 decimals (the figure
published). Ranked per category, highest first; a tie (equal published results) goes to the higher kemanfaatan
score (its mean over the same jurors, 2 decimals), then to the earlier entry.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")


def weights_valid(weights: Iterable[int]) -> bool:
    """Weights sum to 100 and each is 1–100."""
    weights = list(weights)
    return bool(weights) and all(1 <= w <= 100 for w in weights) and sum(weights) == 100


def weighted(scores: Mapping[str, int], weights: Mapping[str, int]) -> Decimal | None:
    """One juror's weighted score of one entry, or None when a criterion is not scored yet."""
    if any(code not in scores for code in weights):
        return None
    return sum((Decimal(scores[code]) * Decimal(weight) for code, weight in weights.items()), Decimal(0)) / 100


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Result:
    entry: Any  # the entry's key (an id)
    category: str
    result: Decimal | None
    benefit: Decimal | None
    jurors: int
    rank: int | None = None


def entry_result(
    entry, category: str, by_juror: Mapping[Any, Mapping[str, int]], weights: Mapping[str, int], benefit: str
) -> Result:
    """`by_juror`: {juror: {criterion code: score}} for one entry."""
    complete = {juror: scores for juror, scores in by_juror.items() if weighted(scores, weights) is not None}
    totals = [weighted(scores, weights) for scores in complete.values()]
    benefits = [Decimal(scores[benefit]) for scores in complete.values() if benefit in scores]
    return Result(entry, category, _mean(totals), _mean(benefits), len(complete))


def rank(results: Iterable[Result], order: Mapping[Any, Any]) -> list[Result]:
    """The results ranked per category (1, 2, 3… within each; an entry without a complete score is unranked, last).
    `order`: {entry: its entry time (or any value that sorts the earlier entry first)}."""
    ranked = []
    by_category: dict[str, list[Result]] = {}
    for result in results:
        by_category.setdefault(result.category, []).append(result)
    for category in sorted(by_category):
        items = by_category[category]
        scored = [r for r in items if r.result is not None]
        scored.sort(key=lambda r: (-r.result, -(r.benefit or Decimal(0)), order[r.entry]))
        ranked += [Result(**{**r.__dict__, "rank": place}) for place, r in enumerate(scored, start=1)]
        ranked += sorted((r for r in items if r.result is None), key=lambda r: order[r.entry])
    return ranked
