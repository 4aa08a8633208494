"""The innovation dashboard of a year: innovations per department (by status), per stage, per form, the digital
share, the departments with no innovation at `uji_coba` or `penerapan` (their heads are at risk, DOMAIN.md §5),
and the index (self-assessed and verified) of every year that has innovations.

Every signed-in user sees it: the figures are counts (another department's unverified innovations are numbers,
never names). Aggregated in SQL; the number of queries does not grow with the number of innovations (it grows
with the number of index years only)."""

import dataclasses
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from apps.core.fingerprint import fingerprint
from apps.core.views import PermissionMixin
from apps.departments.models import Department

from . import index
from .models import Form, Innovation, InnovationStatus, Kind, Stage
from .scoring import index_inputs_many, schemes_for

S = InnovationStatus
#: The stages that meet the mayors' rule (DOMAIN.md §5). A draft is not counted: like the self-assessed index
#: (DOMAIN.md §6), an innovation counts for the region once its department has submitted it.
ACTIVE_STAGES = (Stage.UJI_COBA, Stage.PENERAPAN)
COUNTED_STATUSES = (S.SUBMITTED, S.RETURNED, S.VERIFIED)


def department_rows(year: int) -> list[dict]:
    """Each active department (and any inactive one with innovations in the year) with its counts, in one query."""
    of_year = Q(innovations__year=year)
    counts = {status: Count("innovations", filter=of_year & Q(innovations__status=status)) for status in S.values}
    rows = (
        Department.objects.filter(
            Q(is_active=True) | Q(pk__in=Innovation.objects.filter(year=year).values("department_id"))
        )
        .annotate(
            total=Count("innovations", filter=of_year),
            active=Count(
                "innovations",
                filter=of_year & Q(innovations__stage__in=ACTIVE_STAGES, innovations__status__in=COUNTED_STATUSES),
            ),
            **{f"n_{status}": count for status, count in counts.items()},
        )
        .order_by("code")
        .values("pk", "code", "name", "short_name", "total", "active", *(f"n_{status}" for status in S.values))
    )
    return [
        {**row, "statuses": [row[f"n_{status}"] for status in S.values], "at_risk": row["active"] == 0} for row in rows
    ]


def _grouped(year: int, field: str, choices) -> list[dict]:
    """Counts per value of `field` (all statuses, and verified), every choice listed, in one query."""
    found = {
        row[field]: row
        for row in Innovation.objects.filter(year=year)
        .values(field)
        .annotate(total=Count("pk"), verified=Count("pk", filter=Q(status=S.VERIFIED)))
        .order_by()
    }
    return [
        {
            "value": value,
            "label": label,
            "total": found.get(value, {}).get("total", 0),
            "verified": found.get(value, {}).get("verified", 0),
        }
        for value, label in choices
    ]


#: What the index of a year is computed from: a write to any of these changes it (and leaves an event row behind).
INDEX_SOURCES = ("Innovation", "InnovationIndicator", "RegionIndicator", "Scheme", "SchemeIndicator", "SchemeCategory")
INDEX_CACHE_SECONDS = 3600


def _index_fingerprint() -> str:
    """The newest audit event of every table the index is computed from, in one query (apps/core/fingerprint.py):
    every write counts, bulk updates and deletes too."""
    return fingerprint(*(f"innovations.{name}" for name in INDEX_SOURCES))


def index_by_year() -> list[dict]:
    """The self-assessed and verified index of every year that has innovations, cached until one of its sources
    changes: one query when nothing did (the mayor's dashboard asks on every request), else 2 + 9 per year."""
    key = f"innovations:index-by-year:2:{timezone.localdate():%Y%m%d}:{_index_fingerprint()}"
    rows = cache.get(key)
    if rows is None:
        rows = _index_by_year()
        cache.set(key, rows, INDEX_CACHE_SECONDS)
    return rows


def _index_by_year() -> list[dict]:
    """Ten queries whatever the number of years: the years, their schemes (three), the inputs of both sides (three
    each)."""
    years = list(Innovation.objects.order_by("-year").values_list("year", flat=True).distinct())
    schemes = schemes_for(years)
    scored = {year: scheme for year, scheme in schemes.items() if scheme is not None}
    sides = {
        side: index_inputs_many(years_schemes=scored, verified=verified) if scored else {}
        for side, verified in (("claimed", False), ("verified", True))
    }
    rows = []
    for year in years:
        row = {"year": year, "scheme": None}
        scheme = schemes.get(year)
        if scheme is not None:
            row["scheme"] = scheme.year
            for side, inputs in sides.items():
                region, innovations = inputs[year]
                result = index.regional_index(scheme=scheme, region_levels=region, innovations=innovations)
                # the year's figures without each innovation's score: what the charts and tables show, small to cache
                row[side] = dataclasses.replace(result, innovations=())
        rows.append(row)
    return rows


class DashboardView(PermissionMixin, TemplateView):
    permission = "innovations.view"
    template_name = "innovations/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = kwargs["year"]
        departments = department_rows(year)
        stages = _grouped(year, "stage", Stage.choices)
        kinds = _grouped(year, "kind", Kind.choices)
        total = sum(row["total"] for row in stages)
        digital = next(row["total"] for row in kinds if row["value"] == Kind.DIGITAL)
        context.update(
            year=year,
            statuses=S.choices,
            departments=departments,
            at_risk=[row for row in departments if row["at_risk"]],
            groups=[
                {"key": "stages", "title": _("Per stage"), "rows": stages},
                {"key": "forms", "title": _("Per form"), "rows": _grouped(year, "form", Form.choices)},
                {"key": "kinds", "title": _("Per kind"), "rows": kinds},
            ],
            total=total,
            status_totals=[sum(row["statuses"][n] for row in departments) for n in range(len(S.values))],
            digital=digital,
            digital_share=Decimal(digital * 100) / Decimal(total) if total else None,
            index_years=index_by_year(),
        )
        return context
