"""Factories of the plan cascade: each level builds its parents, all in one RPJMD period (2025–2029)."""

from decimal import Decimal

import factory

from apps.plans.models import (
    Activity,
    Goal,
    Indicator,
    IndicatorTarget,
    Mission,
    Objective,
    ObjectiveIndicator,
    ObjectiveTarget,
    Program,
    ProgramBudget,
    Renstra,
    RenstraGoal,
    RpjmdPeriod,
    StrategicObjective,
    SubActivity,
)

from .factories import DepartmentFactory


class RpjmdPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RpjmdPeriod
        django_get_or_create = ("start_year",)

    start_year = 2025
    end_year = factory.LazyAttribute(lambda p: p.start_year + 4)
    vision = "Banjarbaru Maju, Religius, dan Berkelanjutan"


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission

    period = factory.SubFactory(RpjmdPeriodFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Misi contoh {n}")


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    mission = factory.SubFactory(MissionFactory)
    code = factory.Sequence(lambda n: f"{n}.1")
    text = factory.Sequence(lambda n: f"Tujuan contoh {n}")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    goal = factory.SubFactory(GoalFactory)
    code = factory.Sequence(lambda n: f"{n}.1.1")
    text = factory.Sequence(lambda n: f"Sasaran contoh {n}")


class ObjectiveIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ObjectiveIndicator

    objective = factory.SubFactory(ObjectiveFactory)
    name = factory.Sequence(lambda n: f"Indikator RPJMD {n}")
    unit = "%"
    baseline = Decimal("50")


class ObjectiveTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ObjectiveTarget

    indicator = factory.SubFactory(ObjectiveIndicatorFactory)
    year = 2025
    value = Decimal("60")


class RenstraFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Renstra

    department = factory.SubFactory(DepartmentFactory)
    period = factory.SubFactory(RpjmdPeriodFactory)


class RenstraGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RenstraGoal

    renstra = factory.SubFactory(RenstraFactory)
    code = factory.Sequence(lambda n: f"T{n}")
    text = factory.Sequence(lambda n: f"Tujuan PD {n}")


class StrategicObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicObjective

    goal = factory.SubFactory(RenstraGoalFactory)
    code = factory.Sequence(lambda n: f"SS{n}")
    text = factory.Sequence(lambda n: f"Sasaran strategis {n}")
    rpjmd_objective = factory.SubFactory(
        ObjectiveFactory, goal__mission__period=factory.SelfAttribute("....goal.renstra.period")
    )


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    objective = factory.SubFactory(StrategicObjectiveFactory)
    name = factory.Sequence(lambda n: f"Indikator PD {n}")
    unit = "%"
    baseline = Decimal("80")
    is_iku = True


class IndicatorTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorTarget

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2025
    value = Decimal("85")


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    renstra = factory.SubFactory(RenstraFactory)
    code = factory.Sequence(lambda n: f"1.01.{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Program contoh {n}")


class ProgramBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramBudget

    program = factory.SubFactory(ProgramFactory)
    year = 2025
    amount = Decimal("1500000000")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    program = factory.SubFactory(ProgramFactory)
    code = factory.LazyAttributeSequence(lambda a, n: f"{a.program.code}.2.{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Kegiatan contoh {n}")


class SubActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubActivity

    activity = factory.SubFactory(ActivityFactory)
    code = factory.LazyAttributeSequence(lambda s, n: f"{s.activity.code}.{n % 10000:04d}")
    name = factory.Sequence(lambda n: f"Sub kegiatan contoh {n}")


def rpjmd_tree(period=None, *, missions=1, objectives=1, indicators=2):
    """An RPJMD with `missions` misi, each one tujuan with `objectives` sasaran of `indicators` indicators, every
    indicator with a target for each year of the period."""
    period = period or RpjmdPeriodFactory()
    for _ in range(missions):
        goal = GoalFactory(mission=MissionFactory(period=period))
        for _ in range(objectives):
            objective = ObjectiveFactory(goal=goal)
            for _ in range(indicators):
                indicator = ObjectiveIndicatorFactory(objective=objective)
                for year in period.years:
                    ObjectiveTargetFactory(indicator=indicator, year=year, value=Decimal(year - 1960))
    return period


def renstra_tree(renstra=None, *, goals=1, objectives=1, indicators=2, programs=1, activities=1, subs=2):
    """A Renstra with every level filled, targets and budgets for each year of its period."""
    renstra = renstra or RenstraFactory()
    years = renstra.period.years
    for _ in range(goals):
        goal = RenstraGoalFactory(renstra=renstra)
        for _ in range(objectives):
            objective = StrategicObjectiveFactory(goal=goal)
            for _ in range(indicators):
                indicator = IndicatorFactory(objective=objective)
                for year in years:
                    IndicatorTargetFactory(indicator=indicator, year=year)
    for _ in range(programs):
        program = ProgramFactory(renstra=renstra)
        for year in years:
            ProgramBudgetFactory(program=program, year=year)
        for _ in range(activities):
            activity = ActivityFactory(program=program)
            for _ in range(subs):
                SubActivityFactory(activity=activity)
    return renstra
