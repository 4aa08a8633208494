"""The reporting window of a quarter (DOMAIN.md §4).

A quarter can be reported from its first day until `PROGRESS_REPORTING_DAYS` (default 10) days after its last
(TW I: 1 January–10 April). After that its entries are locked, unless Bappeda has reopened the quarter for the
department until a later date (ReportingReopen, kept with who, when and why).
"""

import datetime

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from .models import ReportingReopen


def quarter_start(year: int, quarter: int) -> datetime.date:
    return datetime.date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> datetime.date:
    if quarter == 4:
        return datetime.date(year, 12, 31)
    return quarter_start(year, quarter + 1) - datetime.timedelta(days=1)


def reporting_deadline(year: int, quarter: int) -> datetime.date:
    """The last day the quarter can be reported without a reopening."""
    return quarter_end(year, quarter) + datetime.timedelta(days=settings.PROGRESS_REPORTING_DAYS)


def reopened_until(*, department, year: int, quarter: int) -> datetime.date | None:
    """The latest date Bappeda reopened the department's quarter until, if it ever did."""
    return ReportingReopen.objects.filter(department=department, year=year, quarter=quarter).aggregate(
        until=Max("until")
    )["until"]


def is_open(*, department, year: int, quarter: int, day: datetime.date | None = None) -> bool:
    """May the department enter (or change) the quarter's realisasi on `day` (today in the region by default)?"""
    day = day or timezone.localdate()
    if day < quarter_start(year, quarter):
        return False
    if day <= reporting_deadline(year, quarter):
        return True
    until = reopened_until(department=department, year=year, quarter=quarter)
    return until is not None and day <= until
