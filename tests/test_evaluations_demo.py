"""Issue 7: the demo flags and evaluations — last year's PKs evaluated in every decision state, a head in an
improvement period, open flags, this year's heads at risk; fast, and a second load changes nothing."""

import datetime
import importlib
import io
import time

import pytest
import time_machine

from apps.agreements import demo as agreements_demo
from apps.departments import demo as departments_demo
from apps.departments.demo import demo_load
from apps.evaluations import demo as evaluations_demo
from apps.evaluations.early_warning import heads_at_risk
from apps.evaluations.models import Decision, Evaluation, Flag
from apps.innovations import demo as innovations_demo
from apps.innovations.models import Scheme
from apps.plans import demo as plans_demo
from apps.progress import demo as progress_demo

pytestmark = pytest.mark.django_db
BEFORE = [
    *departments_demo.STEPS,
    *plans_demo.STEPS,
    *agreements_demo.STEPS,
    *progress_demo.STEPS,
    *innovations_demo.STEPS,
]


@pytest.fixture(autouse=True)
def _seeded_schemes(db):
    if not Scheme.objects.exists():
        from django.apps import apps

        importlib.import_module("apps.innovations.migrations.0002_seed_schemes").seed(apps, None)


@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_the_demo_evaluates_last_years_heads_in_every_decision_state_once():
    demo_load(stdout=io.StringIO(), steps=BEFORE)
    started = time.monotonic()
    counts = demo_load(stdout=io.StringIO(), steps=evaluations_demo.STEPS)
    assert time.monotonic() - started < 10

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

    again = demo_load(stdout=io.StringIO(), steps=evaluations_demo.STEPS)
    assert again["Evaluation"]["created"] == 0
    assert again["Flag"]["created"] == 0
