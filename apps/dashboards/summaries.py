"""What the city-wide pages show of each PK, computed once per change of its realisasi and then read from the cache.

The overview of the mayor's office, Bappeda's and the Inspektorat's dashboards, the dashboard API and the
performance tree show, for every PK of the year, its capaian, its sasaran's and indicators' capaian, its capaian to
each quarter, how many indicators were reported per quarter and the year-end projection. Computing them takes every
report of every PK (apps/dashboards/capaian.py, apps/evaluations/projection.py): at 60 departments, most of a
request. They change only when a report of the PK changes (a signed PK's indicators and targets are frozen), so
each PK's summary is cached under its **reports stamp** (`progress.ReportsStamp`, changed by a database trigger on
every insert, update and delete of its reports, whatever wrote them) and the settings the formulas read. A request
with nothing changed reads every summary in one cache round trip; a changed PK is recomputed alone.

Only the counted reports (submitted, verified) enter a summary: it is the same for every reader.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache

from apps.agreements.models import Agreement
from apps.progress import scores
from apps.progress.models import ReportsStamp

from . import joins
from .capaian import QUARTERS, agreement_figures

FORMAT = 1  # bump when AgreementSummary or the formulas change: the old entries are then never read
TIMEOUT = 14 * 24 * 3600


@dataclass(frozen=True)
class AgreementSummary:
    agreement_id: int
    achievement_percent: Decimal | None
    objectives: dict[int, Decimal | None]  # sasaran id → its capaian
    indicators: dict[int, Decimal | None]  # indicator id → its capaian (as reported, before the cap)
    trend: tuple[Decimal | None, ...]  # the capaian counting quarters 1…q, q = 1…4
    indicator_count: int
    reported_by_quarter: tuple[int, ...]  # indicators with a counted report, TW I…IV
    projected: Decimal | None = None  # the year-end projection (apps/evaluations/projection.py)

    @property
    def quarters_reported(self) -> int:
        """Quarters with a counted report for every indicator of the PK."""
        return sum(1 for n in self.reported_by_quarter if self.indicator_count and n >= self.indicator_count)


def _stamps(agreements: list[Agreement]) -> dict[int, int]:
    """{agreement id: its reports stamp (0: no report ever)}: from the `reports_version` annotation when the
    caller's query has it (no query), else one query."""
    if all(hasattr(agreement, "reports_version") for agreement in agreements):
        return {agreement.pk: agreement.reports_version or 0 for agreement in agreements}
    found = dict(
        ReportsStamp.objects.filter(agreement_id__in=[a.pk for a in agreements]).values_list("agreement_id", "version")
    )
    return {agreement.pk: found.get(agreement.pk, 0) for agreement in agreements}


def _key(agreement_id: int, stamp: int) -> str:
    formula = f"{scores.cap()}:{scores.negative_formula()}:{settings.EVALUATION_ACHIEVEMENT_THRESHOLD}"
    return f"pk-summary:{FORMAT}:{formula}:{agreement_id}:{stamp}"


def compute(agreements: list[Agreement]) -> dict[int, AgreementSummary]:
    """The summaries from the database (four queries whatever the number of PKs)."""
    if not agreements:
        return {}
    figures = agreement_figures(agreements)
    projections = (joins.projections(agreements) or {}) if joins.available() else {}
    result = {}
    for agreement in agreements:
        figure = figures[agreement.pk]
        objectives = figure.score.objectives
        result[agreement.pk] = AgreementSummary(
            agreement_id=agreement.pk,
            achievement_percent=figure.achievement_percent,
            objectives={objective.objective.pk: objective.achievement_percent for objective in objectives},
            indicators={
                score.indicator.pk: score.achievement_percent
                for objective in objectives
                for score in objective.indicators
            },
            trend=figure.trend,
            indicator_count=figure.indicator_count,
            reported_by_quarter=figure.reported_by_quarter,
            projected=projections.get(agreement.pk),
        )
    return result


def summaries(agreements: Iterable[Agreement]) -> dict[int, AgreementSummary]:
    """{agreement id: AgreementSummary}: one cache round trip, plus `compute` for the PKs whose reports changed
    since they were cached."""
    agreements = list({agreement.pk: agreement for agreement in agreements}.values())
    if not agreements:
        return {}
    keys = {pk: _key(pk, stamp) for pk, stamp in _stamps(agreements).items()}
    cached = cache.get_many(list(keys.values()))
    result = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [agreement for agreement in agreements if agreement.pk not in result]
    if missing:
        computed = compute(missing)
        cache.set_many({keys[pk]: summary for pk, summary in computed.items()}, TIMEOUT)
        result.update(computed)
    return result


__all__ = ["QUARTERS", "AgreementSummary", "compute", "summaries"]
