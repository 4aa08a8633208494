"""Objects the Perjanjian Kinerja page tests need: a Renstra to draft from, and PKs in any status."""

import datetime
from decimal import Decimal

from apps.agreements.models import Agreement, AgreementStatus
from apps.plans.models import (
    Goal,
    Indicator,
    IndicatorTarget,
    Mission,
    Objective,
    Program,
    ProgramBudget,
    Renstra,
    RenstraGoal,
    RpjmdPeriod,
    StrategicObjective,
)


def make_renstra(department, *, year: int) -> Renstra:
    """A Renstra covering `year`: two sasaran, three indicators (one a band), two programs with that year's pagu."""
    period = RpjmdPeriod.objects.filter(start_year=year - 1).first() or RpjmdPeriod.objects.create(
        start_year=year - 1, end_year=year + 3, vision="Banjarbaru maju, sejahtera dan berkelanjutan"
    )
    mission = Mission.objects.get_or_create(period=period, number=1, defaults={"text": "Misi pertama"})[0]
    goal = Goal.objects.get_or_create(mission=mission, code="T1", defaults={"text": "Tujuan RPJMD"})[0]
    rpjmd_objective = Objective.objects.get_or_create(goal=goal, code="S1", defaults={"text": "Sasaran RPJMD"})[0]
    renstra = Renstra.objects.create(department=department, period=period)
    renstra_goal = RenstraGoal.objects.create(renstra=renstra, code="T1", text="Meningkatnya mutu layanan")
    first = StrategicObjective.objects.create(
        goal=renstra_goal, code="SS1", text="Meningkatnya akses pendidikan dasar", rpjmd_objective=rpjmd_objective
    )
    second = StrategicObjective.objects.create(
        goal=renstra_goal, code="SS2", text="Meningkatnya mutu tata kelola", rpjmd_objective=rpjmd_objective
    )
    apm = Indicator.objects.create(objective=first, name="Angka Partisipasi Murni SD", unit="%", is_iku=True)
    IndicatorTarget.objects.create(indicator=apm, year=year, value=Decimal("96.5"))
    lulus = Indicator.objects.create(objective=first, name="Angka kelulusan SMP", unit="%", weight=Decimal(10))
    IndicatorTarget.objects.create(indicator=lulus, year=year, value=Decimal("98"))
    band = Indicator.objects.create(
        objective=second, name="Rasio guru dan murid", unit="rasio", polarity="stabilize", aggregation="last"
    )
    IndicatorTarget.objects.create(indicator=band, year=year, low=Decimal(2), high=Decimal(4))
    for code, name, amount in (
        ("1.01.02", "Program Pengelolaan Pendidikan", Decimal("1250000000")),
        ("1.01.03", "Program Pengembangan Kurikulum", Decimal("350500000")),
    ):
        program = Program.objects.create(renstra=renstra, code=code, name=name)
        ProgramBudget.objects.create(program=program, year=year, amount=amount)
    return renstra


def make_agreement(department, official, *, year: int, by, status=AgreementStatus.DRAFT) -> Agreement:
    """A bare PK (no content) in any status, for the list page."""
    agreement = Agreement.objects.create(
        department=department,
        official=official,
        year=year,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        created_by=by,
    )
    if status != AgreementStatus.DRAFT:
        signed_on = datetime.date(year, 1, 31) if status == AgreementStatus.SIGNED else None
        Agreement.objects.filter(pk=agreement.pk).update(status=status, signed_on=signed_on)
        agreement.refresh_from_db()
    return agreement
