"""Early warning: the heads at risk of missing their target, before their deadline (issue 7).

From the second quarter of a year on, every head's signed PK of that year whose deadline has not passed is judged
as the flag job will judge it, on the year-end capaian projected from the quarters reported so far
(projection.py), the quarters already due, and the innovations so far. A head is at risk when any condition fails;
the indicators that pull them down are listed worst first. A bounded number of queries whatever the number of heads.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from apps.agreements.models import Agreement
from apps.progress.window import quarter_start, reporting_deadline

from .assessment import Assessment, Item, assess_many, deadline_of
from .flagging import newest_signed
from .projection import IndicatorProjection, agreement_scores


@dataclass(frozen=True)
class AtRisk:
    agreement: Agreement
    deadline: datetime.date
    assessment: Assessment
    drags: list[IndicatorProjection]
    quarters_reported: int

    @property
    def projected_achievement_percent(self) -> Decimal | None:
        return self.assessment.achievement_percent

    @property
    def reasons(self) -> list[str]:
        return self.assessment.reasons


def warning_starts(year: int) -> datetime.date:
    """The early warning of a year starts with its second quarter."""
    return quarter_start(year, 2)


def heads_at_risk(*, year: int, today: datetime.date, department_ids=None) -> list[AtRisk]:
    """The heads of `year`'s signed PKs at risk on `today` (empty before the second quarter)."""
    if today < warning_starts(year):
        return []
    agreements = Agreement.objects.filter(newest_signed(), year=year).select_related("official", "department")
    if department_ids is not None:
        agreements = agreements.filter(department_id__in=list(department_ids))
    agreements = [a for a in agreements.order_by("department__code", "pk") if deadline_of(a.period_start) > today]
    items = [
        Item(
            agreement=agreement,
            start=agreement.period_start,
            end=min(agreement.period_end, today),
            quarters=tuple(
                q
                for q in (1, 2, 3, 4)
                if reporting_deadline(year, q) < today and quarter_start(year, q) <= agreement.period_end
            ),
            project=True,
        )
        for agreement in agreements
    ]
    assessments = assess_many(items, detail=False)  # one query for the capaian of all
    scores = agreement_scores(agreements, project=True)  # two more queries for the indicators' detail
    result = []
    for agreement, assessment in zip(agreements, assessments, strict=True):
        if assessment.met:
            continue
        score = scores[agreement.pk]
        result.append(
            AtRisk(
                agreement=agreement,
                deadline=deadline_of(agreement.period_start),
                assessment=assessment,
                drags=score.drags(assessment.policy.threshold),
                quarters_reported=score.quarters_reported,
            )
        )
    result.sort(key=lambda r: (r.projected_achievement_percent is not None, r.projected_achievement_percent or 0))
    return result
