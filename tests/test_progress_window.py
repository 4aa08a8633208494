"""The reporting window of a quarter (DOMAIN.md §4): open until the 10th day after it ends, then locked unless Bappeda
reopens it (recorded)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats

from apps.progress import services
from apps.progress.models import ProgressReport, ReportingReopen
from apps.progress.models import ReportStatus as S

from .factories_progress import (
    pdf_file,
)

# ruff: noqa: F811 - the fixtures imported from tests/progress_fixtures.py are the parameters of the tests
from .progress_fixtures import WITA, agreement, draft, in_april_2026, indicator, on, people, program  # noqa: F401

pytestmark = pytest.mark.usefixtures("in_april_2026")


# --- The reporting window ------------------------------------------------------------------------------------------
def test_the_deadline_is_the_tenth_day_after_the_quarter_ends(settings):
    assert services.reporting_deadline(2026, 1) == datetime.date(2026, 4, 10)
    assert services.reporting_deadline(2026, 2) == datetime.date(2026, 7, 10)
    assert services.reporting_deadline(2026, 4) == datetime.date(2027, 1, 10)
    settings.PROGRESS_REPORTING_DAYS = 15
    assert services.reporting_deadline(2026, 3) == datetime.date(2026, 10, 15)


def test_a_quarter_is_open_from_its_first_day_until_its_deadline(department):
    is_open = services.is_open
    assert not is_open(department=department, year=2026, quarter=2, day=datetime.date(2026, 3, 31))
    assert is_open(department=department, year=2026, quarter=2, day=datetime.date(2026, 4, 1))
    assert is_open(department=department, year=2026, quarter=2, day=datetime.date(2026, 7, 10))
    assert not is_open(department=department, year=2026, quarter=2, day=datetime.date(2026, 7, 11))


def test_realisasi_is_locked_after_the_tenth_day(indicator, program, people):
    with on(2026, 4, 10, hour=23):
        report = draft(indicator, people)
    with on(2026, 4, 11, hour=0):
        with pytest.raises(services.ReportingClosedError):
            draft(indicator, people, actual="1", row_version=report.row_version)
        with pytest.raises(services.ReportingClosedError):
            services.report_submit(report=report, by=people["head"])
        with pytest.raises(services.ReportingClosedError):
            services.evidence_add(report=report, file=pdf_file(), by=people["staff"])
        with pytest.raises(services.ReportingClosedError):
            services.budget_realisation_save(program=program, quarter=1, amount="1", by=people["staff"])
    report.refresh_from_db()
    assert (report.status, report.actual) == (S.DRAFT, Decimal("92.5"))


def test_the_window_follows_the_setting(indicator, people, settings):
    settings.PROGRESS_REPORTING_DAYS = 15
    with on(2026, 4, 15):
        assert draft(indicator, people).status == S.DRAFT


def test_the_closed_message_names_the_deadline(indicator, people, english_messages):
    with on(2026, 4, 11), pytest.raises(services.ReportingClosedError) as error:
        draft(indicator, people)
    assert f"closed on {formats.date_format(datetime.date(2026, 4, 10))}." in str(error.value)


def test_bappeda_reopens_a_closed_quarter_and_it_is_recorded(indicator, department, people):
    with on(2026, 4, 15):
        reopen = services.reporting_reopen(
            department=department,
            year=2026,
            quarter=1,
            until=datetime.date(2026, 4, 20),
            reason="Server dinas rusak",
            by=people["bappeda"],
        )
        report = draft(indicator, people)
        services.report_submit(report=report, by=people["head"])
    stored = ReportingReopen.objects.get()
    assert (stored.department, stored.year, stored.quarter, stored.until, stored.reason, stored.by) == (
        department,
        2026,
        1,
        datetime.date(2026, 4, 20),
        "Server dinas rusak",
        people["bappeda"],
    )
    assert stored.at == reopen.at
    assert stored.at.astimezone(WITA).date() == datetime.date(2026, 4, 15)
    with on(2026, 4, 21):
        assert not services.is_open(department=department, year=2026, quarter=1)


def test_a_report_returned_after_the_deadline_can_still_be_corrected_and_resubmitted(indicator, people):
    with on(2026, 4, 9):
        report = draft(indicator, people)
        services.report_submit(report=report, by=people["head"])
    with on(2026, 4, 14):  # the window closed on 10 April; Bappeda returns it anyway
        services.report_return(report=report, by=people["bappeda"], comment="Lampirkan bukti")
        report = draft(indicator, people, actual="93", row_version=ProgressReport.objects.get().row_version)
        services.evidence_add(report=report, file=pdf_file(), by=people["staff"])
        services.report_submit(report=report, by=people["head"])
        assert ProgressReport.objects.get().status == S.SUBMITTED
        with pytest.raises(services.ReportingClosedError):  # … but not once it is submitted again
            draft(indicator, people, actual="94")


def test_a_reopening_is_for_one_department(indicator, department, other_department, people):
    with on(2026, 4, 15):
        services.reporting_reopen(
            department=other_department,
            year=2026,
            quarter=1,
            until=datetime.date(2026, 4, 20),
            reason="Banjir",
            by=people["bappeda"],
        )
        with pytest.raises(services.ReportingClosedError):
            draft(indicator, people)


def test_only_bappeda_reopens_and_says_why_until_a_later_date(department, people):
    def reopen(by, **overrides):
        values = {"until": datetime.date(2026, 4, 20), "reason": "Server rusak", **overrides}
        return services.reporting_reopen(department=department, year=2026, quarter=1, by=by, **values)

    with on(2026, 4, 15):
        for role in ("head", "staff", "mayor"):
            with pytest.raises(PermissionDenied):
                reopen(people[role])
        with pytest.raises(ValidationError) as error:
            reopen(people["bappeda"], reason=" ")
        assert "reason" in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            reopen(people["bappeda"], until=datetime.date(2026, 4, 14))
        assert "until" in error.value.message_dict
    with on(2026, 4, 2), pytest.raises(ValidationError) as error:
        reopen(people["bappeda"], until=datetime.date(2026, 4, 9))  # it is open until the 10th anyway
    assert "until" in error.value.message_dict
    assert not ReportingReopen.objects.exists()


def test_a_quarter_cannot_be_reported_before_it_starts(indicator, program, people):
    with pytest.raises(ValidationError) as error:
        services.report_save(indicator=indicator, quarter=3, by=people["staff"], actual="1")
    assert "quarter" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.budget_realisation_save(program=program, quarter=3, amount="1", by=people["staff"])
    assert services.report_save(indicator=indicator, quarter=2, by=people["staff"], actual="1").quarter == 2
    assert not ProgressReport.objects.filter(quarter=3).exists()


def test_there_is_no_fifth_quarter(indicator, people):
    with pytest.raises(ValidationError):
        services.report_save(indicator=indicator, quarter=5, by=people["staff"], actual="1")
