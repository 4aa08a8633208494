"""A signed PK with the indicators a capaian test needs, and reports with the status it needs (made with the ORM:
no reporting window, no workflow)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from apps.agreements.models import Agreement, AgreementIndicator, AgreementObjective, AgreementProgram
from apps.progress.models import ProgressReport, ReportStatus

from .factories import OfficialFactory, UserFactory


def _decimal(value):
    return None if value is None else Decimal(str(value))


def make_scored_agreement(department, objectives, *, year=2026, official=None, budgets=("1000000",)) -> Agreement:
    """A signed PK whose sasaran hold the given indicators: `objectives` is a list of lists of dicts with
    `polarity`, `aggregation`, and `target` or `band` (low, high), optionally `quarterly_targets` and `weight`;
    one program per pagu in `budgets`."""
    agreement = Agreement.objects.create(
        department=department,
        official=official or OfficialFactory(),
        year=year,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        created_by=UserFactory(role="admin"),
    )
    for number, indicators in enumerate(objectives, start=1):
        objective = AgreementObjective.objects.create(agreement=agreement, order=number, name=f"Sasaran {number}")
        for order, spec in enumerate(indicators, start=1):
            low, high = spec.get("band") or (None, None)
            quarterly = spec.get("quarterly_targets")
            AgreementIndicator.objects.create(
                agreement=agreement,
                objective=objective,
                order=order,
                name=spec.get("name", f"Indikator {number}.{order}"),
                unit=spec.get("unit", "%"),
                polarity=spec.get("polarity", "positive"),
                aggregation=spec.get("aggregation", "last"),
                target=_decimal(spec.get("target")),
                target_low=_decimal(low),
                target_high=_decimal(high),
                quarterly_targets=None if quarterly is None else [_decimal(v) for v in quarterly],
                weight=_decimal(spec.get("weight")),
            )
    for order, budget in enumerate(budgets, start=1):
        AgreementProgram.objects.create(
            agreement=agreement, order=order, code=f"1.01.0{order}", name=f"Program {order}", budget=Decimal(budget)
        )
    Agreement.objects.filter(pk=agreement.pk).update(status="signed", signed_on=datetime.date(year, 1, 31))
    agreement.refresh_from_db()
    return agreement


def indicators_of(agreement) -> list[AgreementIndicator]:
    return list(agreement.indicators.order_by("objective__order", "order"))


def make_report(indicator, quarter, actual, *, status=ReportStatus.VERIFIED, by=None, **fields) -> ProgressReport:
    """A report of the indicator's quarter in `status` (verified by default, with its verifier)."""
    by = by or UserFactory(role="bappeda")
    extra = {}
    if status in (ReportStatus.SUBMITTED, ReportStatus.VERIFIED):
        extra.update(submitted_at=timezone.now(), submitted_by=by)
    if status == ReportStatus.VERIFIED:
        extra.update(verified_at=timezone.now(), verified_by=by)
    return ProgressReport.objects.create(
        indicator=indicator,
        quarter=quarter,
        actual=_decimal(actual),
        status=status,
        created_by=by,
        **extra,
        **fields,
    )
