"""Checks of tests/test_demo.py (one load for all).

Issue 7: the demo flags and evaluations — last year's PKs evaluated in every decision state, a head in an
improvement period, open flags, this year's heads at risk; fast, and a second load changes nothing."""

import datetime

from apps.agreements import demo as agreements_demo
from apps.departments import demo as departments_demo
from apps.evaluations import demo as evaluations_demo
from apps.evaluations.early_warning import heads_at_risk
from apps.evaluations.models import Decision, Evaluation, Flag
from apps.innovations import demo as innovations_demo
from apps.plans import demo as plans_demo
from apps.progress import demo as progress_demo

BEFORE = [
    *departments_demo.STEPS,
    *plans_demo.STEPS,
    *agreements_demo.STEPS,
    *progress_demo.STEPS,
    *innovations_demo.STEPS,
]


def check_evaluations(counts):
    """The demo evaluates last year's heads in every decision state."""
    assert counts["Evaluation"]["created"] >= 10
    decisions = set(Evaluation.objects.values_list("decision", flat=True))
    assert set(Decision.values) <= decisions
    assert "" in decisions  # one opened and not decided yet
    running = Evaluation.objects.get(status="improvement")
    assert running.improvement_deadline > datetime.date(2026, 11, 23)
    assert Flag.objects.filter(kind="improvement").count() == 3
    assert Flag.objects.filter(resolved_at__isnull=True, agreement__year=2025).exists()
    assert Evaluation.objects.filter(is_jpt=False, decision="retained").exists()  # a Camat
    assert Evaluation.objects.filter(decision="retained", reasons=[]).exists()  # a head who met every target
    for moved in Evaluation.objects.filter(decision__in=["moved", "demoted"]).select_related("assignment"):
        assert moved.assignment.end_date == evaluations_demo.REPLACED
    assert heads_at_risk(year=2026, today=datetime.date(2026, 11, 23))
