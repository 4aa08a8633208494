"""What the realisasi tests share: a signed PK of the test department with its people, and travel in WITA."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from apps.accounts.models import Role
from apps.progress import services

from .factories_progress import make_signed_agreement

WITA = zoneinfo.ZoneInfo("Asia/Makassar")


def on(year, month, day, hour=10):
    """Travel to a moment in the region's time (WITA)."""
    return time_machine.travel(datetime.datetime(year, month, day, hour, tzinfo=WITA), tick=False)


@pytest.fixture
def people(make_user, other_department):
    return {
        "staff": make_user(Role.DEPARTMENT_STAFF),
        "head": make_user(Role.DEPARTMENT_HEAD),
        "bappeda": make_user(Role.BAPPEDA),
        "mayor": make_user(Role.MAYOR_OFFICE),
        "other_staff": make_user(Role.DEPARTMENT_STAFF, department=other_department),
        "other_head": make_user(Role.DEPARTMENT_HEAD, department=other_department),
    }


@pytest.fixture
def agreement(department):
    return make_signed_agreement(department, year=2026)


@pytest.fixture
def indicator(agreement):
    return agreement.indicators.order_by("order").first()


@pytest.fixture
def program(agreement):
    return agreement.programs.get()


@pytest.fixture
def in_april_2026():
    """Inside the reporting window of TW I 2026 (1 January–10 April) unless a test travels elsewhere."""
    with on(2026, 4, 5):
        yield


def draft(indicator, people, **values):
    values = {"actual": "92,5", "analysis": "Sesuai rencana", **values}
    return services.report_save(indicator=indicator, quarter=1, by=people["staff"], **values)


def entry_url(agreement, quarter=1):
    return reverse("progress:entry", kwargs={"pk": agreement.pk, "quarter": quarter})


def row_url(indicator, quarter=1):
    return reverse("progress:row_save", kwargs={"pk": indicator.pk, "quarter": quarter})


def row_data(indicator, row_version=0, **values):
    """One row's POST as the entry page's form sends it."""
    fields = {"actual": "92,5", "analysis": "Sesuai rencana", "supporting_factors": "", "hindering_factors": ""}
    fields |= {"follow_up": "", "row_version": row_version, **values}
    return {f"r{indicator.pk}-{name}": value for name, value in fields.items()}
