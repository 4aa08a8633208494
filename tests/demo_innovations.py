"""Checks of tests/test_demo.py (one load for all).

Issue 6: the demo innovations — 78 of the 2024 index year across the departments, about ten in draft or returned,
the self-assessed 2024 index "sangat inovatif" between 60 and 65, the six basic-service affairs covered, a few
entries this year (carried over, linked to PK sasaran), and a second load that changes nothing."""

from decimal import Decimal

from apps.agreements import demo as agreements_demo
from apps.departments import demo as departments_demo
from apps.innovations import demo as innovations_demo
from apps.innovations.index import BASIC_AFFAIR_CODES
from apps.innovations.models import Innovation, InnovationIndicator, RegionIndicator
from apps.innovations.models import InnovationStatus as S
from apps.innovations.scoring import index_for
from apps.innovations.services import word_count
from apps.plans import demo as plans_demo

STEPS = [*departments_demo.STEPS, *plans_demo.STEPS, *agreements_demo.STEPS, *innovations_demo.STEPS]


def check_innovations(counts):
    """The demo innovations give a very innovative self-assessed 2024 index."""
    assert counts["Innovation"]["created"] == 78 + 8

    year = Innovation.objects.filter(year=2024)
    assert year.count() == 78 and year.values("department").distinct().count() >= 25
    unfinished = year.filter(status__in=[S.DRAFT, S.RETURNED]).count()
    assert 8 <= unfinished <= 12
    assert year.filter(status=S.VERIFIED).count() > year.filter(status=S.SUBMITTED).count() > 0
    assert all(word_count(design) >= 300 for design in year.values_list("design", flat=True))
    covered = set()
    for main, affairs in year.exclude(status=S.DRAFT).values_list("main_affair", "affairs"):
        covered |= {main, *affairs}
    assert set(BASIC_AFFAIR_CODES) <= covered
    assert set(year.values_list("stage", flat=True)) == {"inisiatif", "uji_coba", "penerapan"}
    assert set(year.values_list("form", flat=True)) == {
        "tata_kelola",
        "pelayanan_publik",
        "lainnya_sesuai_urusan",
    }
    assert not InnovationIndicator.objects.filter(innovation__status=S.VERIFIED, verified_level__isnull=True).exists()
    assert InnovationIndicator.objects.exclude(evidence_file="").exists()
    assert RegionIndicator.objects.filter(year=2024).count() == 20

    claimed = index_for(2024, verified=False)
    print(f"2024 index: claimed {claimed.score}, verified {index_for(2024, verified=True).score}")
    assert Decimal("60") <= claimed.score <= Decimal("65"), claimed
    assert claimed.category == "sangat_inovatif"
    assert claimed.basic_affairs_covered == 6
    verified = index_for(2024, verified=True)
    assert verified.score < claimed.score

    this_year = Innovation.objects.filter(year=2026)
    assert this_year.filter(previous_entry__year=2024).count() == 5
    assert this_year.filter(plan_objective__agreement__year=2026).count() == this_year.count()
    assert set(this_year.values_list("stage", flat=True)) == {"uji_coba", "penerapan"}
    assert index_for(2026, verified=False).innovation_count > 0
