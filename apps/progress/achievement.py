"""Capaian (achievement) formulas of DOMAIN.md §4 as pure functions over `Decimal`, with no Django imports.

Every percentage is rounded half-up to 2 decimals. "Not computable" and "not yet reported" are `None`, never 0:
callers show them as "–" / "belum dilaporkan" and leave them out of averages. Floats are refused (`TypeError`):
pass `Decimal` or `int`. The string values of polarity and aggregation are those of `apps.plans.models.Polarity`
and `Aggregation`, so model fields can be passed as they are.

API (all arguments keyword-only):

`achievement(*, polarity, actual, target=None, low=None, high=None, negative_formula="standard", cap=120)`
    → `Achievement(percent, capped)` or `None` (no realisasi, or the target it is measured against is 0).
    Give one `target` value, or a band `low`–`high` (neither, both, or low > high is a `ValueError`).
    - positive: R / T × 100 (may be negative when R is).
    - negative, `negative_formula="standard"`: (2T − R) / T × 100, never below 0;
      `negative_formula="inverse"` (a setting of some Pemda): T / R × 100, never below 0, R = 0 → the cap.
    - band [low, high]: inside it (bounds included) 100; above it the polarity's formula against `high`, below it
      against `low`. `stabilize` uses the negative formula above the band and the positive one below it; a
      `stabilize` indicator given a single target T is treated as the band [T, T].
    - `percent` is the raw capaian (rounded), `capped = min(percent, cap)`: averages use `capped`, pages show both.
      `Achievement.predicate` gives the predicate of the raw percent.

`year_value(*, aggregation, quarters)` → the year's R from up to four quarterly (non-cumulative) values in
    order TW I…IV, `None` for a quarter not reported: `sum` of the reported ones, `last` reported one, or
    `average` over the reported ones (not rounded). Nothing reported → `None`.

`quarter_progress(*, polarity, aggregation, quarters, quarter, target=None, low=None, high=None,
    quarter_targets=None, negative_formula="standard", cap=120)`
    → "progres" at quarter 1…4: the realisation to date (`year_value` of quarters 1…q) against the cumulative
    quarterly target of quarter q (`quarter_targets`, the indicator's four cumulative targets) when there is one,
    else against the annual target / band. Same formulas and result as `achievement`.

`predicate(percent)` → a `Predicate` (stable code, `.label` in Indonesian, `.colour`) or `None` for `None`:
    ≥ 91 Sangat Tinggi, ≥ 76 Tinggi, ≥ 66 Sedang, ≥ 51 Rendah, else Sangat Rendah; colour ≥ 91 green, ≥ 66 amber,
    else red.

`objective_achievement(*, indicators)` → the (weighted) mean of one sasaran's capped capaian, `None` if none.
    `indicators` is an iterable of `(capped, weight)` pairs; pairs whose capaian is `None` are left out; weights
    are used when every counted indicator has one, equal weights when none has (a mix is a `ValueError`);
    weights adding up to 0 count as nothing computable.

`department_achievement(*, objectives)` → a department's capaian for the year: the mean over its sasaran of
    `objective_achievement` (a sasaran with nothing computable is left out), `None` if nothing is computable.
    Sasaran means are kept exact and only the result is rounded.

`absorption(*, spent, budget)` → budget absorption (serapan) Σ realisasi Rp / pagu × 100; `None` when nothing
    was spent-reported (`spent is None`) or there is no pagu (`None` or 0).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
DEFAULT_CAP = Decimal(120)
_CENT = Decimal("0.01")

Number = Decimal | int


class Polarity(enum.StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"
    STABILIZE = "stabilize"


class Aggregation(enum.StrEnum):
    SUM = "sum"
    LAST = "last"
    AVERAGE = "average"


class NegativeFormula(enum.StrEnum):
    STANDARD = "standard"  # (2T − R) / T × 100 — PermenPAN-RB 8/2021 "kondisi khusus"
    INVERSE = "inverse"  # T / R × 100 — used by some Pemda


class Colour(enum.StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class Predicate(enum.StrEnum):
    """The Permendagri 86/2017 predicate of a capaian; `.label` is its official Indonesian name."""

    SANGAT_TINGGI = "sangat_tinggi"
    TINGGI = "tinggi"
    SEDANG = "sedang"
    RENDAH = "rendah"
    SANGAT_RENDAH = "sangat_rendah"

    @property
    def label(self) -> str:
        return _PREDICATE_LABELS[self]

    @property
    def colour(self) -> Colour:
        return _PREDICATE_COLOURS[self]


_PREDICATE_LABELS = {
    Predicate.SANGAT_TINGGI: "Sangat Tinggi",
    Predicate.TINGGI: "Tinggi",
    Predicate.SEDANG: "Sedang",
    Predicate.RENDAH: "Rendah",
    Predicate.SANGAT_RENDAH: "Sangat Rendah",
}
# Colour bands (≥ 91 green, ≥ 66 amber, else red) fall on predicate bounds, so the colour follows the predicate.
_PREDICATE_COLOURS = {
    Predicate.SANGAT_TINGGI: Colour.GREEN,
    Predicate.TINGGI: Colour.AMBER,
    Predicate.SEDANG: Colour.AMBER,
    Predicate.RENDAH: Colour.RED,
    Predicate.SANGAT_RENDAH: Colour.RED,
}
_PREDICATE_FLOORS = [
    (Decimal(91), Predicate.SANGAT_TINGGI),
    (Decimal(76), Predicate.TINGGI),
    (Decimal(66), Predicate.SEDANG),
    (Decimal(51), Predicate.RENDAH),
]


@dataclass(frozen=True)
class Achievement:
    """A capaian (or progres) in percent: `percent` raw, `capped` = min(percent, cap); both rounded to 2 places."""

    percent: Decimal
    capped: Decimal

    @property
    def predicate(self) -> Predicate:
        return predicate(self.percent)


# --- helpers ------------------------------------------------------------------------------------------------------
# The members by value, looked up in a dict: `Polarity(value)` (enum.__new__) is slow in the loops over thousands of
# indicators. A value not in the table goes to the enum itself, which raises its usual ValueError.
_MEMBERS = {kind: {member.value: member for member in kind} for kind in (Polarity, Aggregation, NegativeFormula)}


def _member(kind: type[enum.StrEnum], value):
    try:
        return _MEMBERS[kind][value]
    except (KeyError, TypeError):
        return kind(value)


def _decimal(value: Number | None, name: str) -> Decimal | None:
    if value is None:
        return None
    if type(value) is Decimal:  # the usual case, without the copy below
        if not value.is_finite():
            raise ValueError(f"{name} must be a finite number, not {value}")
        return value
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal or an int, not {type(value).__name__}")
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"{name} must be a finite number, not {value}")
    return value


def _round(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def _cap(cap: Number) -> Decimal:
    cap = _decimal(cap, "cap")
    if cap is None or cap <= 0:
        raise ValueError("cap must be a positive number")
    return cap


def _against(polarity: Polarity, actual: Decimal, target: Decimal, formula: NegativeFormula, cap: Decimal):
    """Raw capaian of `actual` against one target value; `polarity` is positive or negative here."""
    if target == 0:
        return None
    if polarity is Polarity.POSITIVE:
        return actual * HUNDRED / target
    if formula is NegativeFormula.STANDARD:
        return max((2 * target - actual) * HUNDRED / target, Decimal(0))
    if actual == 0:
        return cap
    return max(target * HUNDRED / actual, Decimal(0))


def _target(target: Number | None, low: Number | None, high: Number | None) -> tuple[Decimal, Decimal]:
    """The target as a band (low, high); one value T is the band (T, T)."""
    target, low, high = _decimal(target, "target"), _decimal(low, "low"), _decimal(high, "high")
    if target is not None:
        if low is not None or high is not None:
            raise ValueError("give one target value or a band (low, high), not both")
        return target, target
    if low is None or high is None:
        raise ValueError("give one target value or a band with both low and high")
    if low > high:
        raise ValueError(f"the band starts above its end: {low} > {high}")
    return low, high


# --- capaian of one indicator -------------------------------------------------------------------------------------
def achievement(
    *,
    polarity: Polarity | str,
    actual: Number | None,
    target: Number | None = None,
    low: Number | None = None,
    high: Number | None = None,
    negative_formula: NegativeFormula | str = NegativeFormula.STANDARD,
    cap: Number = DEFAULT_CAP,
) -> Achievement | None:
    """Capaian of realisasi `actual` against one `target` or the band `low`–`high` (see the module docstring)."""
    polarity = _member(Polarity, polarity)
    formula = _member(NegativeFormula, negative_formula)
    cap = _cap(cap)
    low, high = _target(target, low, high)
    actual = _decimal(actual, "actual")
    if actual is None:
        return None
    is_band = target is None or polarity is Polarity.STABILIZE  # stabilize with one target T: the band [T, T]
    if actual > high:
        side = Polarity.NEGATIVE if polarity is Polarity.STABILIZE else polarity
        raw = _against(side, actual, high, formula, cap)
    elif actual < low:
        side = Polarity.POSITIVE if polarity is Polarity.STABILIZE else polarity
        raw = _against(side, actual, low, formula, cap)
    elif is_band:
        raw = HUNDRED
    else:  # exactly on a single target
        raw = _against(polarity, actual, low, formula, cap)
    if raw is None:
        return None
    percent = _round(raw)
    return Achievement(percent=percent, capped=_round(min(percent, cap)))


# --- the year's value and the quarter's progress ------------------------------------------------------------------
def year_value(*, aggregation: Aggregation | str, quarters: Sequence[Number | None]) -> Decimal | None:
    """The year's realisasi from the quarterly values (TW I…IV, `None` = not reported), by `aggregation`."""
    aggregation = _member(Aggregation, aggregation)
    if len(quarters) > 4:
        raise ValueError(f"a year has four quarters, not {len(quarters)}")
    reported = [_decimal(value, "quarter") for value in quarters if value is not None]
    if not reported:
        return None
    if aggregation is Aggregation.SUM:
        return sum(reported, Decimal(0))
    if aggregation is Aggregation.LAST:
        return reported[-1]
    return sum(reported, Decimal(0)) / len(reported)


def quarter_progress(
    *,
    polarity: Polarity | str,
    aggregation: Aggregation | str,
    quarters: Sequence[Number | None],
    quarter: int,
    target: Number | None = None,
    low: Number | None = None,
    high: Number | None = None,
    quarter_targets: Sequence[Number | None] | None = None,
    negative_formula: NegativeFormula | str = NegativeFormula.STANDARD,
    cap: Number = DEFAULT_CAP,
) -> Achievement | None:
    """Progres at `quarter` (1…4): realisasi to date against the cumulative quarterly target, else the annual one."""
    if isinstance(quarter, bool) or not isinstance(quarter, int) or not 1 <= quarter <= 4:
        raise ValueError(f"quarter must be 1, 2, 3 or 4, not {quarter!r}")
    to_date = year_value(aggregation=aggregation, quarters=quarters[:quarter])
    quarter_target = None
    if quarter_targets is not None:
        if len(quarter_targets) != 4:
            raise ValueError(f"give the four cumulative quarterly targets, not {len(quarter_targets)}")
        quarter_target = quarter_targets[quarter - 1]
    if quarter_target is not None:
        target, low, high = quarter_target, None, None
    return achievement(
        polarity=polarity,
        actual=to_date,
        target=target,
        low=low,
        high=high,
        negative_formula=negative_formula,
        cap=cap,
    )


# --- predicate ----------------------------------------------------------------------------------------------------
def predicate(percent: Number | None) -> Predicate | None:
    """The predicate (with its label and colour) of a capaian in percent; `None` for a missing capaian."""
    percent = _decimal(percent, "percent")
    if percent is None:
        return None
    for floor, grade in _PREDICATE_FLOORS:
        if percent >= floor:
            return grade
    return Predicate.SANGAT_RENDAH


# --- averages -----------------------------------------------------------------------------------------------------
def _objective_mean(indicators: Iterable[tuple[Number | None, Number | None]]) -> Decimal | None:
    counted = [
        (_decimal(capped, "capaian"), _decimal(weight, "weight")) for capped, weight in indicators if capped is not None
    ]
    if not counted:
        return None
    weights = [weight for _, weight in counted]
    if any(weight is None for weight in weights):  # weights count only when every indicator has one
        return sum((capped for capped, _ in counted), Decimal(0)) / len(counted)
    if any(weight < 0 for weight in weights):
        raise ValueError("a weight cannot be negative")
    total = sum(weights, Decimal(0))
    if total == 0:
        return None
    return sum((capped * weight for capped, weight in counted), Decimal(0)) / total


def objective_achievement(*, indicators: Iterable[tuple[Number | None, Number | None]]) -> Decimal | None:
    """The (weighted) mean of one sasaran's capped capaian, given as `(capped, weight)` pairs."""
    mean = _objective_mean(indicators)
    return None if mean is None else _round(mean)


def department_achievement(*, objectives: Iterable[Iterable[tuple[Number | None, Number | None]]]) -> Decimal | None:
    """A department's capaian for the year: the mean over its sasaran of their indicators' (weighted) mean."""
    means = [mean for indicators in objectives if (mean := _objective_mean(indicators)) is not None]
    if not means:
        return None
    return _round(sum(means, Decimal(0)) / len(means))


# --- budget -------------------------------------------------------------------------------------------------------
def absorption(*, spent: Number | None, budget: Number | None) -> Decimal | None:
    """Serapan anggaran: the rupiah realised (Σ over the quarters reported) against the pagu, in percent."""
    spent, budget = _decimal(spent, "spent"), _decimal(budget, "budget")
    if spent is None or not budget:
        return None
    if budget < 0:
        raise ValueError("a pagu cannot be negative")
    return _round(spent * HUNDRED / budget)
