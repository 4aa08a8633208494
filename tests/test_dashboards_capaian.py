"""The dashboards' set-based capaian (apps/dashboards/capaian.py) gives exactly what `scores.agreement_score` gives
per PK, for many PKs in two queries, with the capaian up to each quarter, the quarters fully reported and where an
indicator should stand by now."""

from decimal import Decimal

import pytest

from apps.dashboards.capaian import agreement_figures, expected_percent, on_track
from apps.progress import scores
from apps.progress.models import ReportStatus

from .factories import DepartmentFactory
from .factories_scores import indicators_of, make_report, make_scored_agreement

pytestmark = pytest.mark.django_db

D = Decimal


def _worked_cases_agreement(department):
    """DOMAIN.md §4's worked cases spread over three sasaran, one with weights, one indicator never reported."""
    agreement = make_scored_agreement(
        department,
        [
            [
                {"polarity": "positive", "target": "80"},
                {"polarity": "negative", "target": "10"},
                {"polarity": "negative", "target": "10"},
            ],
            [
                {"polarity": "positive", "band": ("80", "90")},
                {"polarity": "negative", "band": ("7", "8")},
                {"polarity": "stabilize", "band": ("2", "4")},
            ],
            [
                {"polarity": "positive", "target": "100", "aggregation": "sum", "weight": "3"},
                {"polarity": "positive", "target": "50", "weight": "1"},
                {"polarity": "positive", "target": "10"},
            ],
        ],
    )
    first, second, third, band, negative_band, stabilize, summed, weighted, silent = indicators_of(agreement)
    make_report(first, 1, "92")
    make_report(second, 2, "9", status=ReportStatus.SUBMITTED)
    make_report(third, 1, "25")
    make_report(band, 3, "70")
    make_report(negative_band, 1, "6.5")
    make_report(stabilize, 2, "5")
    for quarter, value in ((1, "20"), (2, "30"), (3, "40")):
        make_report(summed, quarter, value)
    make_report(weighted, 1, "40", status=ReportStatus.DRAFT)  # a draft does not count
    make_report(weighted, 2, "30", status=ReportStatus.RETURNED)  # nor a returned report
    assert silent  # never reported: left out of the mean, never 0
    return agreement


def test_figures_equal_the_per_agreement_score_for_every_pk(department, other_department):
    agreements = [
        _worked_cases_agreement(department),
        _worked_cases_agreement(other_department),
        make_scored_agreement(DepartmentFactory(), [[{"polarity": "positive", "target": "80"}]]),  # nothing reported
        make_scored_agreement(DepartmentFactory(), []),  # no indicator at all
    ]
    figures = agreement_figures(agreements)
    for agreement in agreements:
        expected = scores.agreement_score(agreement)
        got = figures[agreement.pk].score
        assert got.achievement_percent == expected.achievement_percent
        assert [s.achievement_percent for s in got.indicators] == [s.achievement_percent for s in expected.indicators]
        assert [o.achievement_percent for o in got.objectives] == [
            o.achievement_percent for o in expected.objectives if o.indicators
        ]
    worked = figures[agreements[0].pk]
    by_name = {s.indicator.name: s.achievement_percent for s in worked.score.indicators}
    assert by_name["Indikator 1.1"] == D("115.00") and by_name["Indikator 1.3"] == D("0.00")
    assert by_name["Indikator 2.1"] == D("87.50") and by_name["Indikator 2.2"] == D("107.14")
    assert by_name["Indikator 2.3"] == D("75.00") and by_name["Indikator 3.2"] is None
    assert figures[agreements[2].pk].achievement_percent is None
    assert figures[agreements[3].pk].indicator_count == 0


def test_drafts_count_only_when_asked(department):
    agreement = _worked_cases_agreement(department)
    preview = agreement_figures([agreement], include_drafts=True)[agreement.pk]
    assert preview.achievement_percent == scores.agreement_score(agreement, include_drafts=True).achievement_percent
    assert preview.achievement_percent != agreement_figures([agreement])[agreement.pk].achievement_percent


def test_figures_of_many_agreements_take_two_queries(django_assert_num_queries):
    agreements = []
    for _ in range(6):
        agreement = make_scored_agreement(
            DepartmentFactory(), [[{"target": "80"}, {"target": "50"}], [{"target": "9"}]]
        )
        for indicator in indicators_of(agreement):
            make_report(indicator, 1, "40")
        agreements.append(agreement)
    with django_assert_num_queries(2):
        figures = agreement_figures(agreements)
    assert len(figures) == 6
    with django_assert_num_queries(0):
        assert agreement_figures([]) == {}


def test_the_trend_counts_the_quarters_up_to_each_one(department):
    agreement = make_scored_agreement(
        department,
        [[{"polarity": "positive", "target": "100", "aggregation": "sum"}], [{"target": "80", "aggregation": "last"}]],
    )
    summed, level = indicators_of(agreement)
    make_report(summed, 1, "30")
    make_report(summed, 2, "30")
    make_report(level, 2, "40")
    make_report(level, 3, "80", status=ReportStatus.SUBMITTED)
    figures = agreement_figures([agreement])[agreement.pk]
    # TW I: only the sum (30 %); TW II: (60 + 50) / 2; TW III: (60 + 100) / 2; TW IV as TW III.
    assert figures.trend == (D("30.00"), D("55.00"), D("80.00"), D("80.00"))
    assert figures.trend[-1] == figures.achievement_percent
    assert figures.reported_by_quarter == (1, 2, 1, 0)
    assert figures.quarters_reported == 1  # only TW II has both indicators


def test_expected_trajectory_of_an_indicator(department):
    agreement = make_scored_agreement(
        department,
        [
            [
                {"polarity": "positive", "target": "100", "aggregation": "sum"},
                {"polarity": "positive", "target": "80", "aggregation": "last"},
                {
                    "polarity": "positive",
                    "target": "200",
                    "aggregation": "sum",
                    "quarterly_targets": [20, 60, 120, 200],
                },
            ]
        ],
    )
    summed, level, staged = indicators_of(agreement)
    assert expected_percent(summed, 0) is None
    assert [expected_percent(summed, q) for q in (1, 2, 3, 4)] == [D(25), D(50), D(75), D(100)]
    assert expected_percent(level, 2) == D(100)
    assert [expected_percent(staged, q) for q in (1, 2, 3, 4)] == [D("10.00"), D("30.00"), D("60.00"), D("100.00")]
    make_report(summed, 1, "30")
    score = agreement_figures([agreement])[agreement.pk].score.indicators[0]
    assert on_track(score, D(25)) is True and on_track(score, D(50)) is False and on_track(score, None) is None
