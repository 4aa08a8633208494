"""Checks of tests/test_demo.py (one load for all).

The demo realisasi (`manage.py load_demo`): last year's four quarters and this year's finished ones for every
reportable PK, covering every predicate, some reports returned, some waiting, one department late. One test: the
full load is slow."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum

from apps.agreements.models import Agreement, AgreementStatus
from apps.progress import achievement
from apps.progress.models import (
    BudgetRealisation,
    Evidence,
    ProgressReport,
    ProgressReview,
    ReportingReopen,
    ReportStatus,
)
from apps.progress.selectors import is_reportable

S = ReportStatus


def department_achievement(agreement: Agreement) -> Decimal | None:
    objectives = defaultdict(list)
    for indicator in agreement.indicators.prefetch_related("progress_reports"):
        quarters = {report.quarter: report.actual for report in indicator.progress_reports.all()}
        actual = achievement.year_value(
            aggregation=indicator.aggregation, quarters=[quarters.get(q) for q in range(1, 5)]
        )
        band = indicator.target_low is not None and indicator.target_high is not None
        target = {"low": indicator.target_low, "high": indicator.target_high} if band else {"target": indicator.target}
        result = achievement.achievement(polarity=indicator.polarity, actual=actual, **target)
        objectives[indicator.objective_id].append((result.capped if result else None, None))
    return achievement.department_achievement(objectives=objectives.values())


def check_progress():
    """The demo reports every finished quarter and covers every predicate."""
    reportable = [a for a in Agreement.objects.filter(status=AgreementStatus.SIGNED) if is_reportable(a)]
    last_year = [a for a in reportable if a.year == 2025]
    this_year = [a for a in reportable if a.year == 2026]

    # last year: every indicator of every reportable PK, four quarters, verified; the amended PK's newest version
    for agreement in last_year:
        reports = ProgressReport.objects.filter(indicator__agreement=agreement)
        assert reports.count() == 4 * agreement.indicators.count()
        assert set(reports.values_list("status", flat=True)) == {S.VERIFIED}
    amended = Agreement.objects.get(year=2025, version=2)
    assert amended in last_year and not ProgressReport.objects.filter(indicator__agreement=amended.previous).exists()

    # this year: TW I and II verified, TW IV not yet; TW III in every state, one department late
    assert not ProgressReport.objects.filter(quarter=4, indicator__agreement__year=2026).exists()
    heads = ProgressReport.objects.filter(indicator__agreement__position__isnull=True)  # the cascade: below
    early = heads.filter(indicator__agreement__year=2026, quarter__in=[1, 2])
    assert early.count() == 2 * sum(a.indicators.count() for a in this_year)
    assert set(early.values_list("status", flat=True)) == {S.VERIFIED}
    third = heads.filter(indicator__agreement__year=2026, quarter=3)
    assert set(third.values_list("status", flat=True)) == {S.VERIFIED, S.SUBMITTED, S.RETURNED, S.DRAFT}
    returns = ProgressReview.objects.filter(to_status=S.RETURNED)
    assert returns.count() >= 2 and all(review.comment for review in returns)
    late = [a for a in this_year if not third.filter(indicator__agreement=a).exists()]
    assert len(late) == 1
    assert not ReportingReopen.objects.filter(department=late[0].department, year=2026, quarter=3).exists()
    assert ReportingReopen.objects.filter(reason__icontains="migrasi").exists()
    # the walkthrough head (Disdik) has a returned report to correct
    assert third.filter(indicator__agreement__department__short_name="Disdik", status=S.RETURNED).exists()

    # the cascade (issue 10): every quarter of its PKs reported by the officials and verified by their superiors, but
    # for one eselon IV official's latest quarter, which waits for their superior
    cascade = ProgressReport.objects.filter(indicator__agreement__position__isnull=False)
    for agreement in Agreement.all_levels.filter(position__isnull=False, status=AgreementStatus.SIGNED):
        quarters = 4 if agreement.year == 2025 else 3
        assert cascade.filter(indicator__agreement=agreement).count() == quarters * agreement.indicators.count()
    waiting = cascade.filter(status=S.SUBMITTED)
    assert waiting.exists() and {r.indicator.agreement.position.superior_id is not None for r in waiting} == {True}
    assert set(cascade.exclude(status=S.SUBMITTED).values_list("status", flat=True)) == {S.VERIFIED}

    # every predicate among last year's departments
    predicates = {achievement.predicate(department_achievement(a)) for a in last_year}
    assert predicates == set(achievement.Predicate)

    # small PDFs as evidence on some reports
    assert 0 < Evidence.objects.count() < ProgressReport.objects.count()
    evidence = Evidence.objects.order_by("pk").first()
    with evidence.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert evidence.content_type == "application/pdf" and evidence.size < 1000

    # budget spent per program and quarter: 15–30 % of the pagu a quarter
    for agreement in last_year[:5]:
        for program in agreement.programs.all():
            for row in BudgetRealisation.objects.filter(program=program):
                assert Decimal("0.15") <= row.amount / program.budget <= Decimal("0.30")
    assert BudgetRealisation.objects.filter(program__agreement__year=2025).aggregate(s=Sum("amount"))["s"] > 0
