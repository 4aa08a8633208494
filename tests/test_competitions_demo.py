"""Issue 9: the demo competition — last year's round published with winners, this year's in judging with the two
external jurors half done; fast, and a second load changes nothing."""

import importlib
import io
import time

import pytest
import time_machine
from django.urls import reverse

from apps.competitions import demo as competitions_demo
from apps.competitions import selectors
from apps.competitions.models import Entry, Round, Score
from apps.departments import demo as departments_demo
from apps.departments.demo import demo_load
from apps.innovations import demo as innovations_demo
from apps.innovations.models import Innovation, Scheme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _seeded_schemes(db):
    if not Scheme.objects.exists():
        from django.apps import apps

        importlib.import_module("apps.innovations.migrations.0002_seed_schemes").seed(apps, None)


@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_the_demo_has_a_finished_round_and_one_in_judging_once():
    demo_load(stdout=io.StringIO(), steps=[*departments_demo.STEPS, *innovations_demo.STEPS])
    reverse("competitions:home")  # the URLconf is imported once per process, not by the demo's work
    started = time.monotonic()
    demo_load(stdout=io.StringIO(), steps=competitions_demo.STEPS)
    assert time.monotonic() - started < 5

    last, this = Round.objects.get(year=2025), Round.objects.get(year=2026)
    assert (last.status, this.status) == ("published", "judging")
    assert last.entries.count() == this.entries.count() == 8
    winners = last.entries.filter(recommended=True)
    assert set(winners.values_list("rank", flat=True)) == {1, 2, 3}
    assert {e.category for e in winners} == {"fisik", "non_fisik"}
    assert Innovation.objects.filter(replicated_from__entries__round=last, year=2026).exists()
    jurors = {juror.user.username: juror for juror in this.jurors.select_related("user")}
    assert set(jurors) == {"juri-ulm", "juri-uniska", "bappeda"}
    progress = {row["juror"].user.username: row for row in selectors.judging_progress(this)}
    for username in ("juri-ulm", "juri-uniska"):
        assert progress[username]["scored"] == progress[username]["total"] // 2 > 0
    assert progress["bappeda"]["scored"] == 0
    # Bappeda never scored its own department's entries.
    assert not Score.objects.filter(juror__user__username="bappeda", entry__department__short_name="Bappeda")
    assert jurors["juri-ulm"].user.check_password("kinerja-demo-2026")

    before = [model.objects.count() for model in (Round, Entry, Score, Score.pgh_event_model, Round.pgh_event_model)]
    again = demo_load(stdout=io.StringIO(), steps=competitions_demo.STEPS)
    for outcome in again.values():
        assert outcome["created"] == outcome["updated"] == 0
    after = [model.objects.count() for model in (Round, Entry, Score, Score.pgh_event_model, Round.pgh_event_model)]
    assert after == before
