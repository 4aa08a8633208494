"""The capaian formulas of DOMAIN.md §4: the worked cases, the edges, and properties that must hold for any input."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apps.plans.models import Aggregation as ModelAggregation
from apps.plans.models import Polarity as ModelPolarity
from apps.progress.achievement import (
    Achievement,
    Aggregation,
    Colour,
    Polarity,
    Predicate,
    absorption,
    achievement,
    department_achievement,
    objective_achievement,
    predicate,
    quarter_progress,
    year_value,
)


# --- the worked cases of DOMAIN.md §4 -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("polarity", "target", "band", "actual", "expected"),
    [
        ("positive", "80", None, "92", "115.00"),
        ("negative", "10", None, "9", "110.00"),
        ("negative", "10", None, "25", "0.00"),
        ("positive", None, ("80", "90"), "70", "87.50"),
        ("positive", None, ("80", "90"), "85", "100.00"),
        ("positive", None, ("80", "90"), "92", "102.22"),
        ("negative", None, ("7", "8"), "6.5", "107.14"),
        ("negative", None, ("7", "8"), "9", "87.50"),
        ("stabilize", None, ("2", "4"), "5", "75.00"),
        ("stabilize", None, ("2", "4"), "1.5", "75.00"),
        ("stabilize", None, ("2", "4"), "3", "100.00"),
    ],
)
def test_worked_cases_of_the_domain_give_the_documented_capaian(polarity, target, band, actual, expected):
    low, high = band or (None, None)
    result = achievement(
        polarity=polarity,
        actual=D(actual),
        target=None if target is None else D(target),
        low=None if low is None else D(low),
        high=None if high is None else D(high),
    )
    assert result.percent == D(expected)
    assert str(result.percent) == expected  # always two places


def test_polarity_and_aggregation_values_are_those_of_the_plan_models():
    assert {p.value for p in Polarity} == set(ModelPolarity.values)
    assert {a.value for a in Aggregation} == set(ModelAggregation.values)
    assert achievement(polarity=ModelPolarity.NEGATIVE, actual=D(9), target=D(10)).percent == D("110.00")


# --- capaian edges ------------------------------------------------------------------------------------------------
def test_capaian_is_rounded_half_up_and_exact_where_floats_are_not():
    assert achievement(polarity="positive", actual=D("92"), target=D("80")).percent == D("115.00")  # float: 114.99…
    assert achievement(polarity="positive", actual=D("1.00005"), target=D("1")).percent == D("100.01")
    assert achievement(polarity="positive", actual=D(2), target=D(3)).percent == D("66.67")


@pytest.mark.parametrize("polarity", ["positive", "negative"])
def test_target_zero_is_not_computable(polarity):
    assert achievement(polarity=polarity, actual=D(5), target=D(0)) is None
    assert achievement(polarity=polarity, actual=D(0), target=D(0)) is None


def test_missing_realisasi_has_no_capaian():
    assert achievement(polarity="positive", actual=None, target=D(80)) is None


def test_positive_capaian_below_zero_realisasi_is_kept_as_it_is():
    assert achievement(polarity="positive", actual=D(-2), target=D(5)).percent == D("-40.00")


def test_inverse_negative_formula_divides_the_target_by_the_realisation():
    assert achievement(polarity="negative", actual=D(9), target=D(10), negative_formula="inverse").percent == D(
        "111.11"
    )
    assert achievement(polarity="negative", actual=D(12), target=D(10), negative_formula="inverse").percent == D(
        "83.33"
    )


def test_inverse_negative_formula_with_zero_realisation_gives_the_cap():
    result = achievement(polarity="negative", actual=D(0), target=D(10), negative_formula="inverse", cap=D(130))
    assert result == Achievement(percent=D("130.00"), capped=D("130.00"))


def test_inverse_negative_formula_against_a_band():
    assert achievement(polarity="negative", actual=D(10), low=D(7), high=D(8), negative_formula="inverse").percent == D(
        "80.00"
    )
    assert achievement(polarity="negative", actual=D(7), low=D(7), high=D(8), negative_formula="inverse").percent == D(
        "100.00"
    )


def test_capaian_above_the_cap_keeps_the_raw_value():
    result = achievement(polarity="positive", actual=D(30), target=D(10))
    assert result == Achievement(percent=D("300.00"), capped=D("120.00"))
    assert achievement(polarity="positive", actual=D(30), target=D(10), cap=D(150)).capped == D("150.00")


def test_stabilize_with_one_target_is_the_band_of_that_value():
    assert achievement(polarity="stabilize", actual=D(3), target=D(3)).percent == D("100.00")
    assert achievement(polarity="stabilize", actual=D(4), target=D(2)).percent == D("0.00")
    assert achievement(polarity="stabilize", actual=D(1), target=D(2)).percent == D("50.00")


def test_a_band_whose_bounds_are_equal_is_met_only_on_the_value():
    assert achievement(polarity="positive", actual=D(5), low=D(5), high=D(5)).percent == D("100.00")
    assert achievement(polarity="positive", actual=D(6), low=D(5), high=D(5)).percent == D("120.00")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"target": D(1), "low": D(0), "high": D(2)},
        {"low": D(1)},
        {"high": D(1)},
        {"low": D(3), "high": D(2)},
        {},
    ],
)
def test_a_target_is_one_value_or_a_proper_band(kwargs):
    with pytest.raises(ValueError):
        achievement(polarity="positive", actual=D(1), **kwargs)


def test_floats_and_unknown_names_are_refused():
    with pytest.raises(TypeError):
        achievement(polarity="positive", actual=92.0, target=D(80))
    with pytest.raises(ValueError):
        achievement(polarity="upward", actual=D(92), target=D(80))
    with pytest.raises(ValueError):
        achievement(polarity="negative", actual=D(9), target=D(10), negative_formula="other")
    with pytest.raises(ValueError):
        achievement(polarity="positive", actual=D(92), target=D(80), cap=D(0))


def test_achievement_knows_its_predicate():
    assert achievement(polarity="positive", actual=D(92), target=D(80)).predicate is Predicate.SANGAT_TINGGI


# --- predicate ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("percent", "code", "label", "colour"),
    [
        ("120", "sangat_tinggi", "Sangat Tinggi", "green"),
        ("91", "sangat_tinggi", "Sangat Tinggi", "green"),
        ("90.99", "tinggi", "Tinggi", "amber"),
        ("90.50", "tinggi", "Tinggi", "amber"),
        ("76", "tinggi", "Tinggi", "amber"),
        ("75.99", "sedang", "Sedang", "amber"),
        ("66", "sedang", "Sedang", "amber"),
        ("65.99", "rendah", "Rendah", "red"),
        ("51", "rendah", "Rendah", "red"),
        ("50.99", "sangat_rendah", "Sangat Rendah", "red"),
        ("50", "sangat_rendah", "Sangat Rendah", "red"),
        ("0", "sangat_rendah", "Sangat Rendah", "red"),
        ("-10", "sangat_rendah", "Sangat Rendah", "red"),
    ],
)
def test_predicate_bands_and_colours(percent, code, label, colour):
    grade = predicate(D(percent))
    assert grade == code
    assert grade.label == label
    assert grade.colour == colour


def test_missing_capaian_has_no_predicate():
    assert predicate(None) is None


def test_predicate_codes_are_stable():
    assert [p.value for p in Predicate] == ["sangat_tinggi", "tinggi", "sedang", "rendah", "sangat_rendah"]
    assert [c.value for c in Colour] == ["green", "amber", "red"]


# --- the year's value ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("aggregation", "quarters", "expected"),
    [
        ("sum", [D(2), D(3), D(1), D(4)], D(10)),
        ("sum", [D(2), None, D(1), None], D(3)),
        ("sum", [None, None, D(0), None], D(0)),
        ("last", [D(40), D(45), None, D(52)], D(52)),
        ("last", [D(40), D(45), None, None], D(45)),
        ("last", [D(40), D(45), D(0), None], D(0)),
        ("average", [D(40), None, D(50), None], D(45)),
        ("average", [D(1), D(2), D(3), D(6)], D(3)),
        ("sum", [D(2)], D(2)),
    ],
)
def test_year_value_leaves_out_quarters_not_reported(aggregation, quarters, expected):
    assert year_value(aggregation=aggregation, quarters=quarters) == expected


@pytest.mark.parametrize("aggregation", ["sum", "last", "average"])
def test_year_value_with_nothing_reported_is_missing_not_zero(aggregation):
    assert year_value(aggregation=aggregation, quarters=[None, None, None, None]) is None
    assert year_value(aggregation=aggregation, quarters=[]) is None


def test_year_value_refuses_a_fifth_quarter():
    with pytest.raises(ValueError):
        year_value(aggregation="sum", quarters=[D(1)] * 5)


# --- quarter progress ---------------------------------------------------------------------------------------------
def test_progress_uses_the_cumulative_quarterly_target_when_there_is_one():
    result = quarter_progress(
        polarity="positive",
        aggregation="sum",
        quarters=[D(10), D(20), D(30), None],
        quarter=2,
        target=D(100),
        quarter_targets=[D(20), D(40), D(70), D(100)],
    )
    assert result.percent == D("75.00")  # 30 of 40


def test_progress_without_quarterly_targets_is_against_the_annual_target():
    result = quarter_progress(
        polarity="positive", aggregation="sum", quarters=[D(10), D(20), None, None], quarter=2, target=D(100)
    )
    assert result.percent == D("30.00")


def test_progress_of_a_level_takes_the_last_quarter_reported_to_date():
    result = quarter_progress(
        polarity="negative", aggregation="last", quarters=[D(9), None, D(12), D(5)], quarter=2, target=D(10)
    )
    assert result.percent == D("110.00")  # TW II missing: TW I's 9 is the latest to date; TW III is not counted


def test_progress_against_an_annual_band():
    result = quarter_progress(polarity="stabilize", aggregation="last", quarters=[D(5)], quarter=1, low=D(2), high=D(4))
    assert result.percent == D("75.00")


def test_progress_with_nothing_reported_to_date_is_missing():
    assert (
        quarter_progress(polarity="positive", aggregation="sum", quarters=[None, D(5)], quarter=1, target=D(10)) is None
    )


def test_progress_against_a_zero_quarterly_target_is_not_computable():
    assert (
        quarter_progress(
            polarity="positive",
            aggregation="sum",
            quarters=[D(3)],
            quarter=1,
            target=D(10),
            quarter_targets=[D(0), D(5), D(8), D(10)],
        )
        is None
    )


@pytest.mark.parametrize("quarter", [0, 5, True])
def test_progress_quarter_is_one_to_four(quarter):
    with pytest.raises(ValueError):
        quarter_progress(polarity="positive", aggregation="sum", quarters=[D(1)], quarter=quarter, target=D(1))


# --- department -------------------------------------------------------------------------------------------------
def test_department_capaian_is_the_mean_over_sasaran_of_capped_capaian():
    over = achievement(polarity="positive", actual=D(30), target=D(10))  # 300 raw, 120 capped
    objectives = [
        [(over.capped, None), (D(80), None)],  # 100
        [(None, None), (D(90), None)],  # 90: the missing one is left out, not 0
        [(None, None)],  # nothing computable: left out
    ]
    assert department_achievement(objectives=objectives) == D("95.00")


def test_department_capaian_uses_weights_when_they_are_set():
    objectives = [[(D(100), D(3)), (D(60), D(1))], [(D(70), None)]]  # 90 and 70
    assert objective_achievement(indicators=objectives[0]) == D("90.00")
    assert department_achievement(objectives=objectives) == D("80.00")


def test_weights_of_indicators_without_capaian_do_not_count():
    assert objective_achievement(indicators=[(D(100), D(3)), (None, D(1)), (D(50), D(2))]) == D("80.00")


def test_department_capaian_rounds_once_at_the_end():
    objectives = [[(D(1), None), (D(2), None), (D(2), None)], [(D(1), None)]]  # 1.666… and 1
    assert objective_achievement(indicators=objectives[0]) == D("1.67")
    assert department_achievement(objectives=objectives) == D("1.33")


def test_department_without_any_capaian_has_none():
    assert department_achievement(objectives=[]) is None
    assert department_achievement(objectives=[[], [(None, D(1))]]) is None


def test_weights_count_only_when_every_indicator_of_the_sasaran_has_one():
    assert objective_achievement(indicators=[(D(100), D(3)), (D(50), None)]) == D(75)
    assert objective_achievement(indicators=[(D(100), D(3)), (D(50), D(1))]) == D("87.50")


def test_weights_adding_up_to_zero_count_as_nothing_computable():
    assert objective_achievement(indicators=[(D(100), D(0))]) is None


# --- budget -------------------------------------------------------------------------------------------------------
def test_absorption_is_spending_against_the_pagu():
    assert absorption(spent=D("578600000"), budget=D("1000000000")) == D("57.86")
    assert absorption(spent=D(0), budget=D(1000)) == D("0.00")


def test_absorption_without_pagu_or_spending_is_missing():
    assert absorption(spent=D(100), budget=D(0)) is None
    assert absorption(spent=D(100), budget=None) is None
    assert absorption(spent=None, budget=D(100)) is None


# --- properties ---------------------------------------------------------------------------------------------------
values = st.decimals(min_value=-(10**6), max_value=10**6, places=4, allow_nan=False, allow_infinity=False)
positives = st.decimals(min_value=D("0.0001"), max_value=10**6, places=4, allow_nan=False, allow_infinity=False)
caps = st.decimals(min_value=100, max_value=500, places=2, allow_nan=False, allow_infinity=False)
polarities = st.sampled_from(list(Polarity))
formulas = st.sampled_from(["standard", "inverse"])


@st.composite
def bands(draw, elements=positives):
    low, high = sorted([draw(elements), draw(elements)])
    return low, high


@given(target=positives, a=values, b=values)
def test_positive_capaian_never_decreases_as_realisation_grows(target, a, b):
    low_r, high_r = sorted([a, b])
    assert (
        achievement(polarity="positive", actual=low_r, target=target).percent
        <= achievement(polarity="positive", actual=high_r, target=target).percent
    )


@given(band=bands(), a=values, b=values)
def test_positive_band_capaian_never_decreases_as_realisation_grows(band, a, b):
    low, high = band
    low_r, high_r = sorted([a, b])
    assert (
        achievement(polarity="positive", actual=low_r, low=low, high=high).percent
        <= achievement(polarity="positive", actual=high_r, low=low, high=high).percent
    )


@given(target=positives, actual=values, formula=formulas)
def test_negative_capaian_is_never_below_zero(target, actual, formula):
    assert achievement(polarity="negative", actual=actual, target=target, negative_formula=formula).percent >= 0


@given(band=bands(), actual=values, formula=formulas)
def test_negative_band_capaian_is_never_below_zero(band, actual, formula):
    low, high = band
    assert achievement(polarity="negative", actual=actual, low=low, high=high, negative_formula=formula).percent >= 0


@given(band=bands(), data=st.data(), formula=formulas)
def test_stabilize_capaian_above_the_band_is_never_below_zero(band, data, formula):
    low, high = band
    actual = data.draw(st.decimals(min_value=high, max_value=10**6, places=4, allow_nan=False, allow_infinity=False))
    assert achievement(polarity="stabilize", actual=actual, low=low, high=high, negative_formula=formula).percent >= 0


@given(band=bands(values), data=st.data(), polarity=polarities, formula=formulas)
def test_inside_a_band_capaian_is_always_100(band, data, polarity, formula):
    low, high = band
    actual = data.draw(st.decimals(min_value=low, max_value=high, places=4, allow_nan=False, allow_infinity=False))
    result = achievement(polarity=polarity, actual=actual, low=low, high=high, negative_formula=formula)
    assert result == Achievement(percent=D("100.00"), capped=D("100.00"))


@given(
    quarters=st.lists(st.none() | values, max_size=3),
    position=st.integers(min_value=0, max_value=3),
    aggregation=st.sampled_from(list(Aggregation)),
)
def test_a_missing_quarter_never_changes_the_year_value(quarters, position, aggregation):
    with_gap = [*quarters[:position], None, *quarters[position:]]
    assert year_value(aggregation=aggregation, quarters=with_gap) == year_value(
        aggregation=aggregation, quarters=quarters
    )


@given(target=positives, actual=values, cap=caps, polarity=polarities, formula=formulas)
def test_capped_never_exceeds_the_cap_and_equals_the_raw_value_below_it(target, actual, cap, polarity, formula):
    result = achievement(polarity=polarity, actual=actual, target=target, cap=cap, negative_formula=formula)
    assert result.capped <= cap
    assert result.capped == min(result.percent, cap)
    if result.percent <= cap:
        assert result.capped == result.percent
