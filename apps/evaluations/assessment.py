"""Is a head's target met? The one-year deadline and the three conditions of DOMAIN.md §5, for many heads at once.

A PK's deadline is its period start plus twelve months. It can be judged once the deadline has passed and the
last quarter of its period can no longer be reported (apps/progress/window.py), so that nobody is flagged on
1 January for a fourth quarter still due on the 10th. Target met (the year's Policy): capaian ≥ the threshold,
every quarter of the period reported (every indicator has a counted report), and an innovation of the department at
stage `uji_coba` or `penerapan` (not a draft) entered in the inventory of a year of the period, or of the year
before it and tried or implemented by the period's end (the inventory is yearly: last year's entry of an innovation
still running covers this year until this year's is entered).

`assess_many(items)` judges many (agreement, period) at once in a bounded number of queries: the PKs' capaian
(projection.agreement_scores: two; with `detail=False` projection.agreement_capaian: one), the innovations (one),
the policies (one).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from apps.agreements.models import Agreement
from apps.innovations.models import Innovation, InnovationStatus, Stage
from apps.progress import achievement as formulas
from apps.progress.window import quarter_end, quarter_start, reporting_deadline

from .models import Reason
from .policy import Policy, policies_for
from .projection import agreement_capaian, agreement_scores, ids_in

RUNNING_STAGES = (Stage.UJI_COBA, Stage.PENERAPAN)


def deadline_of(period_start: datetime.date) -> datetime.date:
    """The one-year deadline of a PK starting on `period_start` (1 January, or a mid-year head's first day)."""
    return period_start + relativedelta(months=12)


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def judged_from(agreement: Agreement) -> datetime.date:
    """The first day a PK can be judged: after its deadline and its last quarter's reporting deadline."""
    last_report = reporting_deadline(agreement.period_end.year, quarter_of(agreement.period_end))
    return max(deadline_of(agreement.period_start), last_report + datetime.timedelta(days=1))


def period_quarters(year: int, start: datetime.date, end: datetime.date) -> list[int]:
    """The quarters of `year` that overlap [start, end]."""
    return [q for q in (1, 2, 3, 4) if quarter_start(year, q) <= end and quarter_end(year, q) >= start]


def last_due_quarter(day: datetime.date) -> tuple[int, int]:
    """(year, quarter) of the latest quarter whose reporting deadline is on or before `day`."""
    for year in (day.year, day.year - 1):
        for quarter in (4, 3, 2, 1):
            if reporting_deadline(year, quarter) <= day:
                return year, quarter
    return day.year - 2, 4


def due_quarters(year: int, start: datetime.date, end: datetime.date) -> list[int]:
    """The quarters of `year` whose reporting deadline falls in [start, end] (what an improvement period owes)."""
    return [q for q in (1, 2, 3, 4) if start <= reporting_deadline(year, q) <= end]


@dataclass(frozen=True)
class Item:
    """What to judge: a PK over a period, with the quarters it must have reported."""

    agreement: Agreement
    start: datetime.date
    end: datetime.date
    quarters: tuple[int, ...]
    project: bool = False  # capaian projected to the year's end (an improvement period ending mid-year)
    key: object = None  # the caller's handle (an evaluation for an improvement period)


@dataclass(frozen=True)
class Assessment:
    item: Item
    policy: Policy
    achievement_percent: Decimal | None
    missing_quarters: tuple[int, ...]
    innovation_count: int
    indicators: list[dict] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if self.achievement_percent is None or self.achievement_percent < self.policy.threshold:
            reasons.append(Reason.LOW_ACHIEVEMENT.value)
        if self.policy.require_all_quarters and self.missing_quarters:
            reasons.append(Reason.MISSING_REPORTS.value)
        if self.policy.require_innovation and not self.innovation_count:
            reasons.append(Reason.NO_INNOVATION.value)
        return reasons

    @property
    def met(self) -> bool:
        return not self.reasons

    @property
    def achievement_predicate(self) -> str:
        grade = formulas.predicate(self.achievement_percent)
        return "" if grade is None else grade.value


def _innovation_counts(items: list[Item]) -> list[int]:
    """How many running innovations each item's department has in its period: one query (the innovations of the
    items' departments in the years they span, counted per item here)."""
    if not items:
        return []
    departments = {item.agreement.department_id for item in items}
    first = min(item.start.year for item in items) - 1
    last = max(item.end.year for item in items)
    rows = (
        Innovation.objects.filter(
            department_id__in=ids_in(departments), year__gte=first, year__lte=last, stage__in=RUNNING_STAGES
        )
        .exclude(status=InnovationStatus.DRAFT)
        .values_list("department_id", "year", "trial_date", "implementation_date")
    )
    by_year = defaultdict(list)  # (department, year): [(trial, implementation)]
    for department_id, year, trial, implementation in rows:
        by_year[department_id, year].append((trial, implementation))

    def counts(item: Item) -> int:
        department_id, end = item.agreement.department_id, item.end
        count = sum(len(by_year[department_id, year]) for year in range(item.start.year, end.year + 1))
        return count + sum(
            1
            for trial, implementation in by_year[department_id, item.start.year - 1]
            if (trial and trial <= end) or (implementation and implementation <= end)
        )

    return [counts(item) for item in items]


def _plain(value) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def _indicator_rows(score) -> list[dict]:
    """The figures of each indicator as kept on the evaluation (strings: JSON has no decimals)."""
    rows = []
    for i in score.indicators:
        indicator = i.indicator
        rows.append(
            {
                "id": indicator.pk,
                "name": indicator.name,
                "unit": indicator.unit,
                "target": _plain(indicator.target),
                "band": None
                if indicator.target is not None
                else [_plain(indicator.target_low), _plain(indicator.target_high)],
                "actual": _plain(i.actual),
                "achievement_percent": None if i.achievement_percent is None else str(i.achievement_percent),
                "reported_quarters": list(i.reported_quarters),
            }
        )
    return rows


def assess_many(items: list[Item], *, detail: bool = True) -> list[Assessment]:
    """Judge every item; a bounded number of queries whatever their number. Without `detail` the assessments have
    no `indicators` (what an evaluation keeps) and each capaian comes from one query of values
    (projection.agreement_capaian) instead of the indicators' model instances: the flag job's way."""
    if not items:
        return []
    scores = agreement_scores if detail else agreement_capaian
    reported = scores([i.agreement.pk for i in items if not i.project], project=False)
    projected = scores([i.agreement.pk for i in items if i.project], project=True)
    policies = policies_for(i.agreement.year for i in items)
    innovations = _innovation_counts(items)
    result = []
    for item, innovation_count in zip(items, innovations, strict=True):
        score = (projected if item.project else reported)[item.agreement.pk]
        missing = tuple(q for q in item.quarters if not score.quarter_complete(q))
        result.append(
            Assessment(
                item=item,
                policy=policies[item.agreement.year],
                achievement_percent=score.achievement_percent,
                missing_quarters=missing,
                innovation_count=innovation_count,
                indicators=_indicator_rows(score) if detail else [],
            )
        )
    return result


def deadline_item(agreement: Agreement) -> Item:
    """The one-year deadline of a PK: its whole period."""
    return Item(
        agreement=agreement,
        start=agreement.period_start,
        end=agreement.period_end,
        quarters=tuple(period_quarters(agreement.year, agreement.period_start, agreement.period_end)),
    )


def improvement_item(evaluation, measured: Agreement) -> Item:
    """An improvement period: from the decision to its deadline, measured on `measured` (the head's PK of the
    deadline's year, else the PK evaluated), with the quarters due in the period."""
    start, end = evaluation.decided_on, evaluation.improvement_deadline
    return Item(
        agreement=measured,
        start=start,
        end=end,
        quarters=tuple(due_quarters(measured.year, start, end)),
        project=measured.period_end >= end,
        key=evaluation,
    )
