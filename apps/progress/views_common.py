"""What the realisasi pages share: the state of a quarter's reporting window and the status counts of a PK's
quarters, computed for many PKs at once from two queries (selectors.report_counts, selectors.reopened_map)."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import ReportStatus
from .window import quarter_start, reporting_deadline

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

UPCOMING, OPEN, REOPENED, CLOSED = "upcoming", "open", "reopened", "closed"
STATE_LABELS = {
    UPCOMING: _("not started"),
    OPEN: _("open"),
    REOPENED: _("reopened"),
    CLOSED: _("closed"),
}


def window_state(*, year: int, quarter: int, today: datetime.date, reopened: datetime.date | None) -> str:
    """The same rule as window.is_open, with the reopening looked up beforehand."""
    if today < quarter_start(year, quarter):
        return UPCOMING
    if today <= reporting_deadline(year, quarter):
        return OPEN
    if reopened is not None and today <= reopened:
        return REOPENED
    return CLOSED


@dataclass
class QuarterCell:
    agreement_id: int
    year: int
    quarter: int
    deadline: datetime.date
    state: str
    reopened_until: datetime.date | None
    indicators: int
    counts: dict = field(default_factory=dict)

    @property
    def roman(self) -> str:
        return ROMAN[self.quarter]

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def is_open(self) -> bool:
        return self.state in (OPEN, REOPENED)

    @property
    def missing(self) -> int:
        return max(self.indicators - sum(self.counts.values()), 0)

    @property
    def done(self) -> int:
        """Reports handed in (submitted or verified)."""
        return self.counts.get(ReportStatus.SUBMITTED, 0) + self.counts.get(ReportStatus.VERIFIED, 0)

    @property
    def is_complete(self) -> bool:
        """Every indicator verified: nothing left to enter, so the window no longer matters."""
        return self.indicators > 0 and self.counts.get(ReportStatus.VERIFIED, 0) >= self.indicators

    @property
    def is_late(self) -> bool:
        """Closed with reports still missing, in draft or returned."""
        return self.state == CLOSED and self.done < self.indicators

    @property
    def badges(self) -> list[dict]:
        badges = [
            {"status": value, "label": label, "count": self.counts[value]}
            for value, label in ReportStatus.choices
            if self.counts.get(value)
        ]
        if self.missing and self.state != UPCOMING:
            badges.append({"status": "missing", "label": _("not reported"), "count": self.missing})
        return badges

    @property
    def url(self) -> str:
        return reverse("progress:entry", kwargs={"pk": self.agreement_id, "quarter": self.quarter})


def attach_quarters(agreements, *, today: datetime.date) -> None:
    """Give each PK (annotated with `indicator_count`) its four `quarters` (QuarterCell), in two queries."""
    agreements = list(agreements)
    if not agreements:
        return
    counts = selectors.report_counts(a.pk for a in agreements)
    reopened = selectors.reopened_map(
        department_ids={a.department_id for a in agreements}, years={a.year for a in agreements}
    )
    for agreement in agreements:
        agreement.quarters = []
        for quarter in (1, 2, 3, 4):
            until = reopened.get((agreement.department_id, agreement.year, quarter))
            agreement.quarters.append(
                QuarterCell(
                    agreement_id=agreement.pk,
                    year=agreement.year,
                    quarter=quarter,
                    deadline=reporting_deadline(agreement.year, quarter),
                    state=window_state(year=agreement.year, quarter=quarter, today=today, reopened=until),
                    reopened_until=until,
                    indicators=agreement.indicator_count,
                    counts=counts.get((agreement.pk, quarter), {}),
                )
            )


def messages_of(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]
