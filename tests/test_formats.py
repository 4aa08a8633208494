from decimal import Decimal

import pytest

from apps.core.formats import format_number, format_percent, format_rupiah, parse_number


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Decimal("1234.5"), None, "1.234,5"),
        (1234567, None, "1.234.567"),
        (Decimal("57.856"), 2, "57,86"),
        (Decimal("-1234.5"), 1, "-1.234,5"),
        (Decimal("0.125"), 2, "0,13"),
        (None, None, "–"),
    ],
)
def test_numbers_are_shown_in_indonesian_format(value, places, text):
    assert format_number(value, places) == text


def test_money_is_rupiah_without_decimals():
    assert format_rupiah(Decimal("1234567.49")) == "Rp 1.234.567"


def test_percent_has_two_decimals_and_a_comma():
    assert format_percent(Decimal("57.856")) == "57,86%"


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.234,5", "1234.5"), ("1.234", "1234"), ("1.234.567", "1234567"), ("12,75", "12.75"), ("7.5", "7.5")],
)
def test_indonesian_number_input_is_parsed(text, value):
    assert parse_number(text) == Decimal(value)


def test_text_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError):
        parse_number("dua belas")
