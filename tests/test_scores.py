"""Capaian read from the database (apps/progress/scores.py): DOMAIN.md §4's worked cases through real PK indicators
and verified reports, the year's value by aggregation, missing quarters, the cap, the means, and which reports
count."""

from decimal import Decimal as D

import pytest

from apps.progress import scores
from apps.progress.achievement import Colour, Predicate
from apps.progress.models import ReportStatus as S

from .factories_scores import indicators_of, make_report, make_scored_agreement

pytestmark = pytest.mark.django_db

WORKED_CASES = [
    # polarity, target or band, R, capaian
    ("positive", "80", "92", "115.00"),
    ("negative", "10", "9", "110.00"),
    ("negative", "10", "25", "0.00"),
    ("positive", ("80", "90"), "70", "87.50"),
    ("positive", ("80", "90"), "85", "100.00"),
    ("positive", ("80", "90"), "92", "102.22"),
    ("negative", ("7", "8"), "6.5", "107.14"),
    ("negative", ("7", "8"), "9", "87.50"),
    ("stabilize", ("2", "4"), "5", "75.00"),
    ("stabilize", ("2", "4"), "1.5", "75.00"),
    ("stabilize", ("2", "4"), "3", "100.00"),
]


def _spec(polarity, target, **extra):
    key = "band" if isinstance(target, tuple) else "target"
    return {"polarity": polarity, key: target, **extra}


def _one(department, spec, reports):
    """The score of a PK with one indicator and the given {quarter: value} verified reports."""
    agreement = make_scored_agreement(department, [[spec]])
    (indicator,) = indicators_of(agreement)
    for quarter, value in reports.items():
        make_report(indicator, quarter, value)
    return scores.agreement_score(agreement).indicators[0]


# --- The worked cases of DOMAIN.md §4 ------------------------------------------------------------------------------
def test_every_worked_case_of_the_domain_comes_out_of_verified_reports(department):
    agreement = make_scored_agreement(department, [[_spec(p, t) for p, t, _, _ in WORKED_CASES]])
    for indicator, (_, _, actual, _) in zip(indicators_of(agreement), WORKED_CASES, strict=True):
        make_report(indicator, 1, actual)
    got = [score.achievement_percent for score in scores.agreement_score(agreement).indicators]
    assert got == [D(expected) for *_, expected in WORKED_CASES]


@pytest.mark.parametrize(("polarity", "target", "actual", "expected"), WORKED_CASES)
def test_a_worked_case_gives_its_capaian_predicate_and_colour(department, polarity, target, actual, expected):
    score = _one(department, _spec(polarity, target), {2: actual})
    assert score.actual_year == D(actual)
    assert score.achievement_percent == D(expected)
    assert score.achievement_capped == min(D(expected), D(120))
    grade = Predicate.SANGAT_TINGGI if D(expected) >= 91 else Predicate.TINGGI if D(expected) >= 76 else None
    if grade is not None:
        assert score.predicate == grade
    assert score.colour == score.predicate.colour


def test_zero_capaian_is_sangat_rendah_and_red(department):
    score = _one(department, _spec("negative", "10"), {1: "25"})
    assert (score.achievement_percent, score.predicate, score.colour) == (D("0.00"), Predicate.SANGAT_RENDAH, "red")


# --- The year's value by aggregation; missing quarters ------------------------------------------------------------
def test_a_sum_indicator_adds_the_reported_quarters(department):
    score = _one(department, _spec("positive", "120", aggregation="sum"), {1: "10", 2: "20", 3: "30"})
    assert score.actual_year == D(60)
    assert score.achievement_percent == D("50.00")


def test_a_last_indicator_takes_the_latest_reported_quarter(department):
    score = _one(department, _spec("positive", "80", aggregation="last"), {1: "50", 3: "70"})
    assert score.actual_year == D(70)
    assert score.achievement_percent == D("87.50")


def test_an_average_indicator_averages_only_the_reported_quarters(department):
    score = _one(department, _spec("positive", "100", aggregation="average"), {1: "80", 3: "100"})
    assert score.actual_year == D(90)  # not (80 + 0 + 100) / 3: a missing quarter is never 0
    assert score.achievement_percent == D("90.00")


def test_a_missing_quarter_is_none_not_zero_and_has_no_progress(department):
    score = _one(department, _spec("positive", "100", aggregation="sum"), {1: "30", 3: "20"})
    assert [q.actual for q in score.quarters] == [D(30), None, D(20), None]
    assert [q.progress_percent for q in score.quarters] == [D("30.00"), None, D("50.00"), None]


def test_an_indicator_with_nothing_reported_has_no_capaian(department):
    score = _one(department, _spec("positive", "100"), {})
    assert (score.actual_year, score.achievement, score.predicate, score.colour) == (None, None, None, None)
    assert [q.actual for q in score.quarters] == [None] * 4


def test_a_zero_target_is_not_computable(department):
    score = _one(department, _spec("positive", "0"), {1: "5"})
    assert score.actual_year == D(5)
    assert score.achievement is None


# --- Quarter progress -----------------------------------------------------------------------------------------------
def test_progress_is_measured_against_the_cumulative_quarterly_target(department):
    spec = _spec("positive", "100", aggregation="sum", quarterly_targets=["25", "50", "75", "100"])
    score = _one(department, spec, {1: "20", 2: "30"})
    assert score.quarter(1).progress_percent == D("80.00")  # 20 of 25
    assert score.quarter(2).progress_percent == D("100.00")  # 50 of 50
    assert score.achievement_percent == D("50.00")  # the capaian is against the annual target
    assert score.quarter(1).progress_colour == Colour.AMBER


def test_progress_without_quarterly_targets_is_measured_against_the_annual_target(department):
    score = _one(department, _spec("positive", "100", aggregation="sum"), {1: "20", 2: "30"})
    assert [score.quarter(q).progress_percent for q in (1, 2)] == [D("20.00"), D("50.00")]


# --- Which reports count --------------------------------------------------------------------------------------------
def test_only_submitted_and_verified_reports_count(department):
    agreement = make_scored_agreement(department, [[_spec("positive", "100", aggregation="sum")]])
    (indicator,) = indicators_of(agreement)
    make_report(indicator, 1, "10", status=S.VERIFIED)
    make_report(indicator, 2, "20", status=S.SUBMITTED)
    make_report(indicator, 3, "30", status=S.DRAFT)
    make_report(indicator, 4, "40", status=S.RETURNED)
    counted = scores.agreement_score(agreement).indicators[0]
    assert [q.actual for q in counted.quarters] == [D(10), D(20), None, None]
    assert counted.achievement_percent == D("30.00")
    preview = scores.agreement_score(agreement, include_drafts=True).indicators[0]
    assert [q.actual for q in preview.quarters] == [D(10), D(20), D(30), D(40)]
    assert preview.achievement_percent == D("100.00")


def test_a_draft_without_a_value_never_counts_even_in_the_preview(department):
    agreement = make_scored_agreement(department, [[_spec("positive", "100")]])
    (indicator,) = indicators_of(agreement)
    make_report(indicator, 1, None, status=S.DRAFT)
    assert scores.agreement_score(agreement, include_drafts=True).indicators[0].achievement is None


# --- The cap and the means ------------------------------------------------------------------------------------------
def test_averages_use_the_capped_capaian_and_keep_the_raw_one(department):
    agreement = make_scored_agreement(department, [[_spec("positive", "100"), _spec("positive", "100")]])
    first, second = indicators_of(agreement)
    make_report(first, 1, "150")
    make_report(second, 1, "80")
    score = scores.agreement_score(agreement)
    assert (score.indicators[0].achievement_percent, score.indicators[0].achievement_capped) == (D(150), D(120))
    assert score.objectives[0].achievement_percent == D("100.00")  # (120 + 80) / 2, not (150 + 80) / 2
    assert score.achievement_percent == D("100.00")


def test_the_cap_is_a_setting(department, settings):
    settings.ACHIEVEMENT_CAP = 110
    score = _one(department, _spec("positive", "100"), {1: "150"})
    assert (score.achievement_percent, score.achievement_capped) == (D("150.00"), D("110.00"))


def test_the_department_capaian_is_the_mean_over_sasaran_not_over_indicators(department):
    agreement = make_scored_agreement(
        department,
        [[_spec("positive", "100"), _spec("positive", "100")], [_spec("positive", "100")]],
    )
    a, b, c = indicators_of(agreement)
    make_report(a, 1, "100")
    make_report(b, 1, "80")
    make_report(c, 1, "60")
    score = scores.agreement_score(agreement)
    assert [o.achievement_percent for o in score.objectives] == [D("90.00"), D("60.00")]
    assert score.achievement_percent == D("75.00")  # (90 + 60) / 2; the mean over indicators would be 80
    assert score.predicate == Predicate.SEDANG
    assert score.colour == Colour.AMBER


def test_weights_count_when_every_indicator_of_a_sasaran_has_one(department):
    agreement = make_scored_agreement(
        department, [[_spec("positive", "100", weight="3"), _spec("positive", "100", weight="1")]]
    )
    a, b = indicators_of(agreement)
    make_report(a, 1, "100")
    make_report(b, 1, "80")
    assert scores.agreement_score(agreement).objectives[0].achievement_percent == D("95.00")


def test_a_sasaran_with_nothing_reported_is_left_out_of_the_mean(department):
    agreement = make_scored_agreement(department, [[_spec("positive", "100")], [_spec("positive", "100")]])
    first, _ = indicators_of(agreement)
    make_report(first, 1, "80")
    score = scores.agreement_score(agreement)
    assert [o.achievement_percent for o in score.objectives] == [D("80.00"), None]
    assert score.achievement_percent == D("80.00")


def test_a_pk_with_nothing_reported_has_no_capaian(department):
    agreement = make_scored_agreement(department, [[_spec("positive", "100")]])
    score = scores.agreement_score(agreement)
    assert (score.achievement_percent, score.predicate, score.colour) == (None, None, None)


# --- The API's answer and one row ----------------------------------------------------------------------------------
def test_agreement_achievement_gives_the_api_contract(department):
    agreement = make_scored_agreement(department, [[_spec("positive", "80")]])
    (indicator,) = indicators_of(agreement)
    make_report(indicator, 1, "92")
    body = scores.agreement_achievement(agreement)
    assert body == {
        "overall": {"achievement_percent": D("115.00"), "predicate": "sangat_tinggi"},
        "objectives": [{"id": indicator.objective_id, "achievement_percent": D("115.00")}],
        "indicators": [
            {
                "id": indicator.pk,
                "actual_year": D(92),
                "achievement_percent": D("115.00"),
                "achievement_capped": D("115.00"),
                "predicate": "sangat_tinggi",
                "quarters": [
                    {"actual": D(92), "progress_percent": D("115.00")},
                    {"actual": None, "progress_percent": None},
                    {"actual": None, "progress_percent": None},
                    {"actual": None, "progress_percent": None},
                ],
            }
        ],
    }


def test_a_row_shows_its_own_value_and_the_capaian_to_its_quarter(department):
    agreement = make_scored_agreement(department, [[_spec("positive", "100", aggregation="sum")]])
    (indicator,) = indicators_of(agreement)
    make_report(indicator, 1, "30")
    second = make_report(indicator, 2, "20", status=S.DRAFT)
    make_report(indicator, 3, "40")
    row = scores.report_score(second)
    assert row.actual_to_date == D(50)  # TW I (verified) + its own draft value; TW III is later
    assert (row.achievement_percent, row.progress_percent) == (D("50.00"), D("50.00"))
    assert row.predicate == Predicate.SANGAT_RENDAH
    assert row.colour == Colour.RED


def test_scores_take_a_constant_number_of_queries(department, django_assert_num_queries):
    for size in (1, 12):
        agreement = make_scored_agreement(department, [[_spec("positive", "100")] * size] * 2)
        for indicator in indicators_of(agreement):
            for quarter in (1, 2):
                make_report(indicator, quarter, "90")
        with django_assert_num_queries(3):
            score = scores.agreement_score(agreement)
        assert score.achievement_percent == D("90.00")
        reports = list(agreement.indicators.first().progress_reports.select_related("indicator")) + list(
            agreement.indicators.last().progress_reports.select_related("indicator")
        )
        with django_assert_num_queries(1):
            scores.report_scores(reports)
