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


def _merge(*counts_list) -> dict:
    merged = {}
    for counts in counts_list:
        for model, values in counts.items():
            row = merged.setdefault(model, {"created": 0, "updated": 0, "unchanged": 0})
            for key, value in values.items():
                row[key] = row.get(key, 0) + value
    return merged


@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_the_demo_loads_every_issue_s_data_once():
    steps = demo.all_steps()
    cut = steps.index(evaluations_demo.STEPS[0])
    before = demo.demo_load(stdout=io.StringIO(), steps=steps[:cut])
    started = time.monotonic()
    after = demo.demo_load(stdout=io.StringIO(), steps=steps[cut:])
    assert time.monotonic() - started < 20, "the evaluations demo (and what follows it) stays fast"
    counts = _merge(before, after)

    demo_agreements.check_agreements(counts)
    demo_progress.check_progress()
    demo_innovations.check_innovations(counts)
    demo_evaluations.check_evaluations(counts)

    again = demo.demo_load(stdout=io.StringIO())
    assert {model: c for model, c in again.items() if c["created"] or c["updated"]} == {}
