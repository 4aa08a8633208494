"""Data for the report tests: a department with a Renstra (period 2025–2029), its signed PKs of 2025 and 2026
linked to the Renstra's indicator and program, and realisasi (K and Rp) in both years (made with the ORM)."""

import datetime
from decimal import Decimal

from apps.agreements.models import Agreement, AgreementIndicator, AgreementObjective, AgreementProgram
from apps.progress.models import BudgetRealisation

from .factories import OfficialFactory, UserFactory
from .factories_plans import (
    IndicatorFactory,
    IndicatorTargetFactory,
    ProgramBudgetFactory,
    ProgramFactory,
    RenstraFactory,
    RpjmdPeriodFactory,
    StrategicObjectiveFactory,
)
from .factories_scores import make_report


def sign(agreement: Agreement, year: int) -> Agreement:
    Agreement.objects.filter(pk=agreement.pk).update(
        status="signed", signed_on=datetime.date(year, 1, 31), first_party_name=agreement.official.name
    )
    agreement.refresh_from_db()
    return agreement


def linked_agreement(
    department, renstra, plan_indicator, plan_program, *, year, target, budget, official=None, aggregation="sum"
):
    """A draft PK of the year with one sasaran (from the Renstra), its one indicator and one program."""
    agreement = Agreement.objects.create(
        department=department,
        official=official or OfficialFactory(),
        renstra=renstra,
        year=year,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        created_by=UserFactory(role="admin"),
    )
    objective = AgreementObjective.objects.create(
        agreement=agreement, order=1, name=plan_indicator.objective.text, plan_objective=plan_indicator.objective
    )
    AgreementIndicator.objects.create(
        agreement=agreement,
        objective=objective,
        order=1,
        plan_indicator=plan_indicator,
        name=plan_indicator.name,
        unit="dokumen",
        polarity="positive",
        aggregation=aggregation,
        target=Decimal(target),
    )
    AgreementProgram.objects.create(
        agreement=agreement,
        order=1,
        program=plan_program,
        code=plan_program.code,
        name=plan_program.name,
        budget=Decimal(budget),
    )
    return agreement


def e81_department(department, *, reports_2026=((1, "3"), (2, "4")), aggregation="sum"):
    """The Renstra (target 2029: 40 dokumen; pagu Rp 100 juta a year), PK 2025 (realisasi 10 dokumen, Rp 80 juta)
    and PK 2026 (target 12; the given quarters; Rp 20 + 25 juta in TW I–II). Returns the 2026 PK."""
    period = RpjmdPeriodFactory(start_year=2025)
    renstra = RenstraFactory(department=department, period=period)
    objective = StrategicObjectiveFactory(goal__renstra=renstra, text="Meningkatnya kualitas perencanaan")
    indicator = IndicatorFactory(objective=objective, name="Dokumen perencanaan yang ditetapkan", unit="dokumen")
    IndicatorTargetFactory(indicator=indicator, year=2029, value=Decimal(40))
    program = ProgramFactory(renstra=renstra, code="5.01.02", name="Program Perencanaan", objective=objective)
    for year in period.years:
        ProgramBudgetFactory(program=program, year=year, amount=Decimal(100_000_000))
    by = UserFactory(role="bappeda")

    common = {"renstra": renstra, "plan_indicator": indicator, "plan_program": program, "aggregation": aggregation}
    last_year = linked_agreement(department, year=2025, target="10", budget="100000000", **common)
    sign(last_year, 2025)
    make_report(last_year.indicators.get(), 4, "10", by=by)
    BudgetRealisation.objects.create(
        program=last_year.programs.get(), quarter=4, amount=Decimal(80_000_000), created_by=by, updated_by=by
    )

    agreement = linked_agreement(department, year=2026, target="12", budget="100000000", **common)
    sign(agreement, 2026)
    for quarter, value in reports_2026:
        make_report(agreement.indicators.get(), quarter, value, by=by)
    for quarter, amount in ((1, 20_000_000), (2, 25_000_000)):
        BudgetRealisation.objects.create(
            program=agreement.programs.get(), quarter=quarter, amount=Decimal(amount), created_by=by, updated_by=by
        )
    return agreement
