"""The whole demo (`manage.py load_demo`), loaded once for all its checks (a load takes a minute or more): each
app's demo data as its issue describes it (tests/demo_<app>.py), the evaluation step fast, and a second load that
changes nothing."""

import importlib
import io
import time

import pytest
import time_machine

from apps.departments import demo
from apps.evaluations import demo as evaluations_demo
from apps.innovations.models import Scheme

from . import demo_agreements, demo_evaluations, demo_innovations, demo_progress

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _seeded_schemes(db):
    """The schemes the migration seeds (a transactional test elsewhere flushes every table, seeds included)."""
    if not Scheme.objects.exists():
        from django.apps import apps

        importlib.import_module("apps.innovations.migrations.0002_seed_schemes").seed(apps, None)


@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_the_demo_loads_every_issue_s_data_once():
    steps = demo.all_steps()
    cut = steps.index(evaluations_demo.STEPS[0])
    before = demo.demo_load(stdout=io.StringIO(), steps=steps[:cut])
    # the plan, PKs, realisasi and innovations as their issues describe them, before later apps build on them
    demo_agreements.check_agreements(before)
    demo_agreements.check_cascade()
    demo_progress.check_progress()
    demo_innovations.check_innovations(before)

    started = time.monotonic()
    after = demo.demo_load(stdout=io.StringIO(), steps=steps[cut:])
    assert time.monotonic() - started < 20, "the evaluations demo (and what follows it) stays fast"
    demo_evaluations.check_evaluations(after)

    again = demo.demo_load(stdout=io.StringIO())
    assert {model: c for model, c in again.items() if c["created"] or c["updated"]} == {}
