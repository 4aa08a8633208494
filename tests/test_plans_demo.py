"""The demo plan of Kota Banjarbaru: the RPJMD 2025–2029 and a Renstra for every demo department, loaded once."""

import pytest

from apps.departments import demo as departments_demo
from apps.departments.demo import demo_load
from apps.plans import demo
from apps.plans.models import (
    IndicatorTarget,
    ObjectiveIndicator,
    ObjectiveTarget,
    Polarity,
    Program,
    Renstra,
    RpjmdPeriod,
    StrategicObjective,
    SubActivity,
)
from apps.plans.services import target_errors

pytestmark = pytest.mark.django_db
STEPS = [*departments_demo.STEPS, *demo.STEPS]  # what the plans build on, without the PKs


def test_the_demo_plan_loads_once_and_a_second_run_changes_nothing():
    demo_load(steps=STEPS)
    period = RpjmdPeriod.objects.get()
    assert (period.start_year, period.end_year) == (2025, 2029)
    assert period.vision.startswith("Banjarbaru")
    assert 4 <= period.missions.count() <= 5
    objectives = period.missions.values_list("goals__objectives", flat=True)
    assert 9 <= len(objectives) <= 12
    poverty = ObjectiveIndicator.objects.get(name="Persentase penduduk miskin")
    assert poverty.polarity == Polarity.NEGATIVE
    inflation = ObjectiveIndicator.objects.get(name="Tingkat inflasi")
    assert inflation.polarity == Polarity.STABILIZE
    assert {(t.low, t.high) for t in inflation.targets.all()} == {(2, 4)}
    for indicator in ObjectiveIndicator.objects.prefetch_related("targets"):
        assert sorted(t.year for t in indicator.targets.all()) == list(range(2025, 2030)), indicator.name

    # a Renstra for every demo department, each sasaran strategis serving an RPJMD sasaran of the same period
    assert Renstra.objects.filter(period=period).count() == len(departments_demo.DEPARTMENTS)
    assert not StrategicObjective.objects.exclude(rpjmd_objective__goal__mission__period=period).exists()
    for renstra in Renstra.objects.prefetch_related("goals__objectives__indicators__targets", "programs__budgets"):
        assert 1 <= renstra.goals.count() <= 2
        for goal in renstra.goals.all():
            assert 1 <= len(goal.objectives.all()) <= 3
            for objective in goal.objectives.all():
                assert 1 <= len(objective.indicators.all()) <= 4
        assert 2 <= len(renstra.programs.all()) <= 3
        for program in renstra.programs.all():
            assert program.code.startswith(renstra.department.code[:4] + ".")
            assert [b.year for b in program.budgets.all()] == list(range(2025, 2030))
    disdik = Renstra.objects.get(department__short_name="Disdik")
    assert disdik.programs.filter(code="1.01.02", name="Program Pengelolaan Pendidikan").exists()
    assert SubActivity.objects.filter(code="1.01.02.2.01.0001", activity__program__renstra=disdik).exists()
    aki = StrategicObjective.objects.get(
        goal__renstra__department__short_name="Dinkes", indicators__name="Angka Kematian Ibu per 100.000 KH"
    ).indicators.get(name="Angka Kematian Ibu per 100.000 KH")
    assert aki.polarity == Polarity.NEGATIVE
    for target in IndicatorTarget.objects.select_related("indicator"):
        assert not target_errors(target=target, polarity=target.indicator.polarity, period=period)
    for target in ObjectiveTarget.objects.select_related("indicator"):
        assert not target_errors(target=target, polarity=target.indicator.polarity, period=period)

    programs = Program.objects.count()
    counts = demo_load(steps=STEPS)
    changed = {model: c for model, c in counts.items() if c["created"] or c["updated"]}
    assert changed == {}
    assert Program.objects.count() == programs


def test_every_demo_department_has_a_plan():
    for department in departments_demo.DEPARTMENTS:
        plan = demo.plan_for(department.short_name)
        assert plan.objectives and plan.programs
