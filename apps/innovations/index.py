"""The Indeks Inovasi Daerah (IID) of DOMAIN.md §6 as pure functions over `Decimal`, with no Django imports.

A `Scheme` is one year's scoring rules (weights, level texts, k, m, count score, categories); the seeded ones are in
`apps.innovations.schemes`, and the Django side builds others from database rows. Floats are refused (`TypeError`).

Indicator levels are given as mappings from an indicator code to a level 0–3 (`None` or a missing code = 0: no
evidence, or not verified). A code is the indicator number with its sub-part, if any, as a string ("1", "2a",
"16"); int keys are accepted for indicators without a sub-part. Whether the levels are the claimed or the verified
ones is the caller's choice: pass the claimed levels for the self-assessed index, the verified ones for the
verified index.

API (all arguments keyword-only):

`innovation_score(*, scheme, levels)` → Σ weight × level over the innovation indicators (16–35), max 111.
`region_score(*, scheme, levels)` → SPD: Σ weight × level over the region indicators (1–15), max 63.
`basic_affairs(*, innovations)` → the basic-service affairs (codes of `BASIC_AFFAIR_CODES`) that the innovations
    cover, in the order of `BASIC_AFFAIR_CODES`. Affair codes outside the six are ignored.
`regional_index(*, scheme, region_levels, innovations)` → `IndexResult` for `InnovationInput`s.
`index_from_scores(*, scheme, spd, innovation_scores, basic_affairs_covered)` → `IndexResult` from ready scores
    (`innovation_scores` are the per-innovation totals; `IndexResult.innovations` keys are their positions, and
    `missing_basic_affairs` is empty as only the count of covered affairs is known).
    The formula, with n innovations:
        SID average = Σ innovation scores / max(k, n)            (0 when n = 0)
        count score = min(n, count_cap) × count_factor          (0 unless at least m basic affairs are covered)
        total = SPD + SID average + count score;  IID = total / max_total × 100, ROUND_HALF_UP to 2 decimals.
    `spd` and `count_score` are exact; `sid_average`, `sid` and `total` are shown rounded half-up to 2 decimals but
    the IID is computed from the exact values. The category is that of the rounded IID.
`gains(*, scheme, region_levels, innovations, extra_score=None)` → `Gains`, the what-if figures:
    - `indicators`: for every region indicator and every indicator of every innovation below level 3, the IID points
      gained by raising it to level 3 with everything else unchanged, biggest first (ties: region first, then the
      innovations in the order given, then by indicator).
    - `extra_innovation`: the IID points one more innovation scoring `extra_score` adds (it is assumed to cover no
      new basic affair). `extra_score` defaults to the exact mean score of the current innovations (0 when none).
      While n < k a new innovation fills an empty seat of the divisor and is worth far more.
    - `affairs`: for every basic affair not covered, the IID points covering it (and nothing else) adds; only non-0
      when it brings the coverage to m. `affairs_needed` is how many more affairs unlock the count score and
      `unlock_points` what unlocking it is worth (0 when it is already unlocked).
    Points are exact differences of the unrounded IID, rounded half-up to 4 decimals (one indicator of one of 78
    innovations is worth hundredths of a point, which 2 decimals would show as 0).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
MAX_LEVEL = 3
_CENT = Decimal("0.01")
_POINT = Decimal("0.0001")

Number = Decimal | int
Levels = Mapping[str | int, int | None]

# The six basic-service affairs (urusan wajib pelayanan dasar); names in `apps.innovations.schemes.BASIC_AFFAIRS`.
BASIC_AFFAIR_CODES = ("education", "health", "public_works", "housing", "public_order", "social")


class Aspect(enum.StrEnum):
    REGION = "region"  # Satuan Pemerintahan Daerah (SPD), indicators 1–15, once a year per region
    INNOVATION = "innovation"  # Satuan Inovasi Daerah (SID), indicators 16–35, per innovation


def _decimal(value: Number, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{what} must be a Decimal or an int, not {type(value).__name__}")
    return Decimal(value)


def _round(value: Decimal, quantum: Decimal = _CENT) -> Decimal:
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Indicator:
    """One scored indicator: `levels` are the texts of levels 1, 2 and 3; `part` is a sub-part letter or ""."""

    number: int
    aspect: Aspect
    weight: Decimal
    levels: tuple[str, str, str]
    part: str = ""
    name: str = ""
    variable: str = ""
    mandatory: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "aspect", Aspect(self.aspect))
        object.__setattr__(self, "weight", _decimal(self.weight, "weight"))
        object.__setattr__(self, "levels", tuple(self.levels))
        if self.number < 1:
            raise ValueError(f"indicator number must be positive, not {self.number}")
        if self.weight <= 0:
            raise ValueError(f"indicator {self.code}: weight must be positive")
        if len(self.levels) != MAX_LEVEL:
            raise ValueError(f"indicator {self.code}: exactly {MAX_LEVEL} level texts are needed")
        if self.part and not (len(self.part) == 1 and self.part.isalpha() and self.part.islower()):
            raise ValueError(f"indicator {self.number}: part must be one lowercase letter, not {self.part!r}")

    @property
    def code(self) -> str:
        return f"{self.number}{self.part}"

    @property
    def max_score(self) -> Decimal:
        return self.weight * MAX_LEVEL

    def score(self, level: int | None) -> Decimal:
        return self.weight * _level(level, self.code)


@dataclass(frozen=True)
class Category:
    """An IID category: it admits a score ≥ `min_score` (> `min_score` when not `inclusive`)."""

    name: str
    min_score: Decimal
    inclusive: bool = True
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "min_score", _decimal(self.min_score, "min_score"))

    def admits(self, score: Decimal) -> bool:
        return score >= self.min_score if self.inclusive else score > self.min_score


@dataclass(frozen=True)
class Scheme:
    """One year's IID scoring rules. Lists given for `indicators`/`categories` are stored as tuples."""

    year: int
    k: int  # the minimum divisor of the SID average: max(k, n)
    m: int  # basic-service affairs to cover (of six) for the count score to count
    count_factor: Decimal
    count_cap: int
    max_total: Decimal
    indicators: tuple[Indicator, ...]
    categories: tuple[Category, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "count_factor", _decimal(self.count_factor, "count_factor"))
        object.__setattr__(self, "max_total", _decimal(self.max_total, "max_total"))
        object.__setattr__(self, "indicators", tuple(self.indicators))
        # Highest threshold first; at an equal threshold the strict one (> x) is tried before the inclusive one.
        ordered = sorted(self.categories, key=lambda c: (c.min_score, not c.inclusive), reverse=True)
        object.__setattr__(self, "categories", tuple(ordered))
        if self.k < 1:
            raise ValueError("k must be at least 1")
        if not 0 <= self.m <= len(BASIC_AFFAIR_CODES):
            raise ValueError(f"m must be between 0 and {len(BASIC_AFFAIR_CODES)}")
        if self.count_cap < 0 or self.count_factor < 0:
            raise ValueError("count_cap and count_factor cannot be negative")
        if self.max_total <= 0:
            raise ValueError("max_total must be positive")
        codes = [indicator.code for indicator in self.indicators]
        duplicates = sorted({code for code in codes if codes.count(code) > 1})
        if duplicates:
            raise ValueError(f"duplicate indicator codes: {', '.join(duplicates)}")
        if not self.categories:
            raise ValueError("a scheme needs at least one category")
        # indicator(code) runs once per innovation and indicator (70,000 times per mayor's dashboard at size M)
        object.__setattr__(self, "_by_code", {indicator.code: indicator for indicator in self.indicators})

    @property
    def region_indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.aspect == Aspect.REGION)

    @property
    def innovation_indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.aspect == Aspect.INNOVATION)

    @property
    def spd_max(self) -> Decimal:
        return sum((i.max_score for i in self.region_indicators), Decimal(0))

    @property
    def innovation_max(self) -> Decimal:
        return sum((i.max_score for i in self.innovation_indicators), Decimal(0))

    @property
    def count_max(self) -> Decimal:
        return self.count_cap * self.count_factor

    def indicator(self, code: str | int) -> Indicator:
        try:
            return self._by_code[str(code)]
        except KeyError:
            raise KeyError(f"no indicator {code} in the {self.year} scheme") from None

    def category(self, score: Decimal) -> Category | None:
        """The category of an (already rounded) IID, or None when no category admits it."""
        return next((c for c in self.categories if c.admits(score)), None)


@dataclass(frozen=True)
class InnovationInput:
    """One innovation counted in an index: `key` identifies it to the caller (e.g. its id)."""

    key: object
    levels: Levels = field(default_factory=dict)
    affairs: frozenset[str] = frozenset()  # affair codes; only those of BASIC_AFFAIR_CODES count


@dataclass(frozen=True)
class InnovationScore:
    key: object
    score: Decimal


@dataclass(frozen=True)
class IndexResult:
    year: int  # of the scheme
    innovation_count: int
    basic_affairs_covered: int
    missing_basic_affairs: tuple[str, ...]
    divisor: int  # max(k, n)
    spd: Decimal
    sid_average: Decimal
    count_score: Decimal
    sid: Decimal
    total: Decimal
    score: Decimal  # the IID, 0–100, 2 decimals
    category: str | None
    category_label: str
    innovations: tuple[InnovationScore, ...]


@dataclass(frozen=True)
class IndicatorGain:
    innovation: object | None  # the InnovationInput key; None for a region indicator
    code: str
    level: int
    score_gain: Decimal  # weight × (3 − level)
    points: Decimal


@dataclass(frozen=True)
class AffairGain:
    affair: str
    points: Decimal


@dataclass(frozen=True)
class Gains:
    indicators: tuple[IndicatorGain, ...]
    extra_score: Decimal
    extra_innovation: Decimal
    affairs: tuple[AffairGain, ...]
    affairs_needed: int
    unlock_points: Decimal


def _level(level: int | None, code: str) -> int:
    if level is None:
        return 0
    if isinstance(level, bool) or not isinstance(level, int):
        raise TypeError(f"indicator {code}: level must be an int 0–{MAX_LEVEL} or None")
    if not 0 <= level <= MAX_LEVEL:
        raise ValueError(f"indicator {code}: level must be between 0 and {MAX_LEVEL}, not {level}")
    return level


def _levels(scheme: Scheme, aspect: Aspect, levels: Levels) -> dict[str, int]:
    """Levels by code for every indicator of `aspect` (missing ones 0); unknown or foreign codes are refused."""
    wanted = {i.code: i for i in scheme.indicators if i.aspect == aspect}
    result = dict.fromkeys(wanted, 0)
    for key, level in levels.items():
        code = str(key)
        if code not in wanted:
            raise ValueError(f"indicator {code} is not a {aspect} indicator of the {scheme.year} scheme")
        result[code] = _level(level, code)
    return result


def _weighted(scheme: Scheme, levels: dict[str, int]) -> Decimal:
    return sum((scheme.indicator(code).weight * level for code, level in levels.items()), Decimal(0))


def innovation_score(*, scheme: Scheme, levels: Levels) -> Decimal:
    return _weighted(scheme, _levels(scheme, Aspect.INNOVATION, levels))


def region_score(*, scheme: Scheme, levels: Levels) -> Decimal:
    return _weighted(scheme, _levels(scheme, Aspect.REGION, levels))


def basic_affairs(*, innovations: Iterable[InnovationInput]) -> tuple[str, ...]:
    covered: set[str] = set()
    for innovation in innovations:
        covered.update(innovation.affairs)
    return tuple(code for code in BASIC_AFFAIR_CODES if code in covered)


def _count_score(scheme: Scheme, n: int, covered: int) -> Decimal:
    if covered < scheme.m:
        return Decimal(0)
    return min(n, scheme.count_cap) * scheme.count_factor


def _exact_index(scheme: Scheme, spd: Decimal, score_sum: Decimal, n: int, covered: int) -> Decimal:
    average = score_sum / max(scheme.k, n) if n else Decimal(0)
    return (spd + average + _count_score(scheme, n, covered)) / scheme.max_total * HUNDRED


def index_from_scores(
    *, scheme: Scheme, spd: Number, innovation_scores: Sequence[Number], basic_affairs_covered: int
) -> IndexResult:
    scores = [InnovationScore(key=position, score=_decimal(s, "score")) for position, s in enumerate(innovation_scores)]
    return _result(scheme, _decimal(spd, "spd"), scores, basic_affairs_covered, missing=None)


def regional_index(*, scheme: Scheme, region_levels: Levels, innovations: Iterable[InnovationInput]) -> IndexResult:
    innovations = list(innovations)
    covered = basic_affairs(innovations=innovations)
    scores = [InnovationScore(key=i.key, score=innovation_score(scheme=scheme, levels=i.levels)) for i in innovations]
    missing = tuple(code for code in BASIC_AFFAIR_CODES if code not in covered)
    return _result(scheme, region_score(scheme=scheme, levels=region_levels), scores, len(covered), missing)


def _result(
    scheme: Scheme, spd: Decimal, scores: list[InnovationScore], covered: int, missing: tuple[str, ...] | None
) -> IndexResult:
    if not 0 <= covered <= len(BASIC_AFFAIR_CODES):
        raise ValueError(f"basic_affairs_covered must be between 0 and {len(BASIC_AFFAIR_CODES)}")
    n = len(scores)
    score_sum = sum((s.score for s in scores), Decimal(0))
    divisor = max(scheme.k, n)
    average = score_sum / divisor if n else Decimal(0)
    count = _count_score(scheme, n, covered)
    iid = _round(_exact_index(scheme, spd, score_sum, n, covered))
    category = scheme.category(iid)
    return IndexResult(
        year=scheme.year,
        innovation_count=n,
        basic_affairs_covered=covered,
        missing_basic_affairs=missing if missing is not None else (),
        divisor=divisor,
        spd=spd,
        sid_average=_round(average),
        count_score=count,
        sid=_round(average + count),
        total=_round(spd + average + count),
        score=iid,
        category=category.name if category else None,
        category_label=category.label if category else "",
        innovations=tuple(scores),
    )


def gains(
    *,
    scheme: Scheme,
    region_levels: Levels,
    innovations: Iterable[InnovationInput],
    extra_score: Number | None = None,
) -> Gains:
    innovations = list(innovations)
    region = _levels(scheme, Aspect.REGION, region_levels)
    per_innovation = [_levels(scheme, Aspect.INNOVATION, i.levels) for i in innovations]
    spd = _weighted(scheme, region)
    scores = [_weighted(scheme, levels) for levels in per_innovation]
    score_sum = sum(scores, Decimal(0))
    n = len(innovations)
    covered_codes = basic_affairs(innovations=innovations)
    covered = len(covered_codes)
    now = _exact_index(scheme, spd, score_sum, n, covered)

    ranked: list[tuple[Decimal, int, int, IndicatorGain]] = []
    order = {indicator.code: position for position, indicator in enumerate(scheme.indicators)}

    def add(innovation: object | None, rank: int, code: str, level: int, new_index: Decimal, score_gain: Decimal):
        exact = new_index - now
        gain = IndicatorGain(innovation, code, level, score_gain, _round(exact, _POINT))
        ranked.append((exact, rank, order[code], gain))

    for code, level in region.items():
        if level < MAX_LEVEL:
            score_gain = scheme.indicator(code).weight * (MAX_LEVEL - level)
            add(None, 0, code, level, _exact_index(scheme, spd + score_gain, score_sum, n, covered), score_gain)
    for rank, (innovation, levels) in enumerate(zip(innovations, per_innovation, strict=True), start=1):
        for code, level in levels.items():
            if level < MAX_LEVEL:
                score_gain = scheme.indicator(code).weight * (MAX_LEVEL - level)
                new_index = _exact_index(scheme, spd, score_sum + score_gain, n, covered)
                add(innovation.key, rank, code, level, new_index, score_gain)
    ranked.sort(key=lambda item: (-item[0], item[1], item[2]))

    mean = score_sum / n if n else Decimal(0)
    extra = mean if extra_score is None else _decimal(extra_score, "extra_score")
    extra_points = _exact_index(scheme, spd, score_sum + extra, n + 1, covered) - now

    one_more = _round(_exact_index(scheme, spd, score_sum, n, covered + 1) - now, _POINT)
    affairs = tuple(AffairGain(code, one_more) for code in BASIC_AFFAIR_CODES if code not in covered_codes)
    needed = max(0, scheme.m - covered)
    unlock = _exact_index(scheme, spd, score_sum, n, max(covered, scheme.m)) - now

    return Gains(
        indicators=tuple(item[3] for item in ranked),
        extra_score=extra,
        extra_innovation=_round(extra_points, _POINT),
        affairs=affairs,
        affairs_needed=needed,
        unlock_points=_round(unlock, _POINT),
    )
