"""Capaian of many PKs at once (apps/evaluations/projection.py) and the dashboards' selectors of flags and
evaluations: the same figures as apps/progress/scores.py, the year-end projection, and bounded query counts."""

from decimal import Decimal as D

import pytest

from apps.evaluations import projection, selectors
from apps.evaluations.models import Flag
from apps.progress import scores
from apps.progress.models import ReportStatus

from .factories_evaluations import make_head, make_head_agreement
from .factories_scores import indicators_of, make_report, make_scored_agreement

pytestmark = pytest.mark.django_db


def test_reported_capaian_of_many_agreements_equals_the_one_of_scores(department):
    specs = [
        [{"target": "80"}, {"band": ("2", "4"), "polarity": "stabilize"}],
        [{"target": "10", "polarity": "negative", "aggregation": "sum", "weight": "2"}],
    ]
    first = make_scored_agreement(department, specs)
    second = make_scored_agreement(department, specs, year=2025)
    for indicator, values in zip(indicators_of(first), (("92", "70"), ("5",), ("3", "4")), strict=True):
        for quarter, value in enumerate(values, start=1):
            make_report(indicator, quarter, value)
    make_report(indicators_of(second)[0], 1, "60", status=ReportStatus.DRAFT)  # a draft does not count

    got = projection.achievements([first, second])

    assert got[first.pk] == scores.agreement_score(first).achievement_percent
    assert got[first.pk] is not None
    assert got[second.pk] is None


def test_projection_runs_a_sum_indicator_at_its_mean_and_keeps_the_last_value_of_a_level(department):
    agreement = make_scored_agreement(
        department, [[{"target": "100", "aggregation": "sum"}, {"target": "80", "aggregation": "last"}]]
    )
    total, level = indicators_of(agreement)
    make_report(total, 1, "20")
    make_report(total, 2, "30")  # 50 so far, running at 25 a quarter: 100 at the year's end
    make_report(level, 1, "60")

    scored = projection.agreement_scores([agreement], project=True)[agreement.pk]

    assert [i.actual for i in scored.indicators] == [D(100), D(60)]
    assert [i.achievement_percent for i in scored.indicators] == [D("100.00"), D("75.00")]
    assert scored.achievement_percent == D("87.50")
    assert projection.projected_achievements([agreement]) == {agreement.pk: D("87.50")}
    assert projection.achievements([agreement]) == {agreement.pk: D("62.50")}  # (50 + 75) / 2 as reported
    assert scored.quarters_reported == 2
    assert [i.indicator for i in scored.drags(D(91))] == [level]


def test_an_agreement_with_nothing_reported_has_no_projection(department):
    agreement = make_scored_agreement(department, [[{"target": "100"}]])
    assert projection.projected_achievements([agreement.pk]) == {agreement.pk: None}
    assert projection.projected_achievements([]) == {}


@pytest.mark.parametrize("size", [2, 6])
def test_projection_makes_two_queries_whatever_the_number_of_agreements(size, django_assert_num_queries):
    agreements = [make_head_agreement(year=2026, quarters=(1, 2)) for _ in range(size)]
    with django_assert_num_queries(2):
        got = projection.projected_achievements(agreements)
    assert got == {a.pk: D("97.50") for a in agreements}  # (95 + 100) / 2


def _flag(agreement, *, resolved=False, **extra):
    from django.utils import timezone

    return Flag.objects.create(
        official=agreement.official,
        agreement=agreement,
        department=agreement.department,
        deadline=agreement.period_start.replace(year=agreement.year + 1),
        reasons=["low_achievement"],
        achievement_percent=D("50"),
        threshold=D(91),
        resolved_at=timezone.now() if resolved else None,
        **extra,
    )


def test_open_flags_by_agreement_leaves_out_resolved_flags_in_one_query(django_assert_num_queries):
    open_one = make_head_agreement(values=("10", "1"))
    resolved = make_head_agreement(values=("10", "1"))
    clean = make_head_agreement()
    flag = _flag(open_one)
    _flag(resolved, resolved=True)
    with django_assert_num_queries(1):
        got = selectors.open_flags_by_agreement([open_one.pk, resolved.pk, clean.pk])
    assert got == {open_one.pk: flag}


def test_latest_evaluations_by_agreement_gives_the_newest_in_one_query(django_assert_num_queries):
    from apps.evaluations.models import Evaluation

    agreement = make_head_agreement(values=("10", "1"))
    by = make_head().user
    common = {
        "official": agreement.official,
        "agreement": agreement,
        "department": agreement.department,
        "period_start": agreement.period_start,
        "period_end": agreement.period_end,
        "deadline": agreement.period_end,
        "threshold": D(91),
        "created_by": by,
    }
    first = Evaluation.objects.create(**common)
    second = Evaluation.objects.create(previous=first, **common)
    with django_assert_num_queries(1):
        got = selectors.latest_evaluations_by_agreement([agreement.pk, agreement.pk + 999])
    assert got == {agreement.pk: second}
