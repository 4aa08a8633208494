"""The competition's ranking rules (DOMAIN.md §6 "Competition") as pure functions, on hand-computed cases."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from apps.competitions import ranking

WEIGHTS = {"kebaruan": 25, "kemanfaatan": 30, "keberlanjutan": 20, "kemudahan_replikasi": 15, "presentasi": 10}


def _scores(*values):
    return dict(zip(WEIGHTS, values, strict=True))


def test_weighted_score_is_the_sum_of_score_times_weight_over_100():
    # 80×25 + 90×30 + 70×20 + 60×15 + 50×10 = 7500 → 75
    assert ranking.weighted(_scores(80, 90, 70, 60, 50), WEIGHTS) == Decimal("75")


def test_a_juror_who_has_not_scored_every_criterion_has_no_weighted_score():
    assert ranking.weighted({"kebaruan": 80}, WEIGHTS) is None


def test_entry_result_is_the_mean_over_jurors_rounded_to_two_decimals():
    by_juror = {1: _scores(70, 70, 70, 70, 70), 2: _scores(70, 70, 70, 70, 70), 3: _scores(71, 71, 71, 71, 71)}
    result = ranking.entry_result("x", "a", by_juror, WEIGHTS, "kemanfaatan")
    assert result.result == Decimal("70.33")  # 211 / 3
    assert result.benefit == Decimal("70.33")
    assert result.jurors == 3


def test_entry_result_leaves_out_a_juror_with_an_incomplete_score():
    by_juror = {1: _scores(80, 90, 70, 60, 50), 2: {"kebaruan": 10}}
    result = ranking.entry_result("x", "a", by_juror, WEIGHTS, "kemanfaatan")
    assert (result.result, result.jurors) == (Decimal("75.00"), 1)


def test_ties_go_to_the_higher_kemanfaatan_then_to_the_earlier_entry():
    results = [
        ranking.Result("A", "c", Decimal("74.50"), Decimal("85.00"), 2),
        ranking.Result("B", "c", Decimal("74.50"), Decimal("90.00"), 2),
        ranking.Result("C", "c", Decimal("74.50"), Decimal("85.00"), 2),
        ranking.Result("D", "c", Decimal("85.00"), Decimal("85.00"), 2),
        ranking.Result("E", "c", None, None, 0),
        ranking.Result("F", "other", Decimal("10.00"), Decimal("10.00"), 1),
    ]
    order = {"A": 2, "B": 3, "C": 4, "D": 5, "E": 1, "F": 6}
    ranked = ranking.rank(results, order)
    assert [(r.entry, r.rank) for r in ranked] == [
        ("D", 1),
        ("B", 2),
        ("A", 3),
        ("C", 4),
        ("E", None),
        ("F", 1),
    ]


def test_weights_are_valid_only_when_they_sum_to_100():
    assert ranking.weights_valid(WEIGHTS.values())
    assert not ranking.weights_valid([25, 30, 20, 15, 11])
    assert not ranking.weights_valid([100, 0])
    assert not ranking.weights_valid([])


@given(st.lists(st.integers(min_value=1, max_value=100), min_size=5, max_size=5))
def test_a_weighted_score_stays_between_the_lowest_and_highest_score(values):
    score = ranking.weighted(_scores(*values), WEIGHTS)
    assert min(values) <= score <= max(values)
