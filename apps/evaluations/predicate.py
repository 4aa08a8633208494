"""The SKP-style predicate of a leader (DOMAIN.md §5, PermenPAN-RB 6/2022): pure functions, no Django imports.

The work result rating comes from the head's capaian: ≥ `above` (110 by default) above expectation, ≥ the
threshold (91) as expected, below it below expectation (both settings of the year). The mayor's office gives the
behaviour rating; the two give the predicate.
"""

from decimal import Decimal

ABOVE, MEETS, BELOW = "above", "meets", "below"
SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG = (
    "sangat_baik",
    "baik",
    "butuh_perbaikan",
    "kurang",
    "sangat_kurang",
)
RATINGS = (ABOVE, MEETS, BELOW)


def work_rating(percent: Decimal | None, *, threshold: Decimal, above: Decimal) -> str:
    """The rating of work results from a capaian (a missing capaian is below expectation)."""
    if percent is None or percent < threshold:
        return BELOW
    return ABOVE if percent >= above else MEETS


def skp_predicate(work: str, behaviour: str) -> str:
    """Work × behaviour → Sangat Baik / Baik / Butuh Perbaikan / Kurang (misconduct) / Sangat Kurang."""
    if work not in RATINGS or behaviour not in RATINGS:
        raise ValueError(f"ratings are {RATINGS}, not {work!r} and {behaviour!r}")
    if behaviour == BELOW:
        return SANGAT_KURANG if work == BELOW else KURANG
    if work == BELOW:
        return BUTUH_PERBAIKAN
    if work == ABOVE and behaviour == ABOVE:
        return SANGAT_BAIK
    return BAIK
