"""The innovation figures of the dashboards: the year's index (self-assessed and verified) with its breakdown, the
stage counts of the inventory, and a department's innovations with their share of the index.

A department's **index contribution** is what its innovations add to the IID through the SID average: each
innovation's score / max(k, n) / the scheme's maximum total × 100, in IID points (the count score and the region
score are the region's, not a department's). Self-assessed from the claimed levels of the innovations counted in
the self-assessed index (not in draft); verified from the verified levels of the verified ones.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from apps.innovations import index
from apps.innovations.models import Innovation, InnovationStatus, Stage
from apps.innovations.scoring import SchemeMissing, index_inputs, scheme_for
from apps.innovations.selectors import innovations_for

POINTS = Decimal("0.0001")


def index_sides(year: int) -> dict | None:
    """{"scheme", "claimed", "verified"} (IndexResult each) of the year; None without a scoring scheme."""
    try:
        scheme = scheme_for(year)
    except SchemeMissing:
        return None
    sides = {"scheme": scheme}
    for side, verified in (("claimed", False), ("verified", True)):
        region, inputs = index_inputs(year=year, verified=verified, scheme=scheme)
        sides[side] = index.regional_index(scheme=scheme, region_levels=region, innovations=inputs)
    return sides


def points(score: Decimal, result: index.IndexResult, scheme: index.Scheme) -> Decimal:
    """The IID points one innovation's score adds through the SID average."""
    if not result.divisor or not scheme.max_total:
        return Decimal(0)
    return (score * 100 / result.divisor / scheme.max_total).quantize(POINTS, rounding=ROUND_HALF_UP)


def stage_counts(year: int) -> list[dict]:
    """Innovations of the year per stage (all, not in draft, verified), every stage listed: one query."""
    found = {
        row["stage"]: row
        for row in Innovation.objects.filter(year=year)
        .values("stage")
        .annotate(
            total=Count("pk"),
            counted=Count("pk", filter=~Q(status=InnovationStatus.DRAFT)),
            verified=Count("pk", filter=Q(status=InnovationStatus.VERIFIED)),
        )
        .order_by()
    }
    return [
        {
            "value": value,
            "label": label,
            **{key: found.get(value, {}).get(key, 0) for key in ("total", "counted", "verified")},
        }
        for value, label in Stage.choices
    ]


def innovation_rows(user, department, year: int) -> tuple[list[dict], dict]:
    """The department's innovations of the year (as the user may see them) with their claimed and verified scores
    and IID points, and the department's total contribution {"claimed", "verified"} (None without a scheme)."""
    innovations = list(
        innovations_for(user).filter(department=department, year=year).order_by("name", "pk").select_related(None)
    )
    sides = index_sides(year) if innovations else None
    scores = {}
    if sides is not None:
        for side in ("claimed", "verified"):
            result = sides[side]
            scores[side] = {
                item.key: (item.score, points(item.score, result, sides["scheme"])) for item in result.innovations
            }
    rows, totals = [], {"claimed": None, "verified": None}
    if sides is not None:
        totals = {"claimed": Decimal(0), "verified": Decimal(0)}
    for innovation in innovations:
        row = {"innovation": innovation, "active": innovation.stage in (Stage.UJI_COBA, Stage.PENERAPAN)}
        for side in ("claimed", "verified"):
            score, share = scores.get(side, {}).get(innovation.pk, (None, None))
            row[f"{side}_score"], row[f"{side}_points"] = score, share
            if share is not None:
                totals[side] += share
        rows.append(row)
    return rows, totals
