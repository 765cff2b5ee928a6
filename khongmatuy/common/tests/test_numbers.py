"""Numbers typed the Vietnamese or the English way are read back exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from khongmatuy.common.numbers import format_decimal, parse_decimal


@pytest.mark.parametrize(
    ("typed", "vi", "en"),
    [
        ("0,5", "0.5", "0.5"),
        ("0.5", "0.5", "0.5"),
        ("3.000", "3000", "3.000"),
        ("3,000", "3.000", "3000"),
        ("1.234.567", "1234567", None),
        ("1.234,5", "1234.5", None),
        ("1,234.5", None, "1234.5"),
        (" 12 ", "12", "12"),
        ("-0,25", "-0.25", "-0.25"),
        ("1 234,5", "1234.5", "1234.5"),  # a comma after four digits groups nothing
        ("abc", None, None),
        ("1.2.3", None, None),
        ("", None, None),
        ("=1+1", None, None),
    ],
)
def test_both_writings(typed: str, vi: str | None, en: str | None) -> None:
    assert parse_decimal(typed, decimal_separator=",") == (Decimal(vi) if vi else None)
    assert parse_decimal(typed, decimal_separator=".") == (Decimal(en) if en else None)


@pytest.mark.parametrize(
    ("typed", "value"),
    [("106.688", "106.688"), ("106,688", "106.688"), ("-20,5", "-20.5"), ("1.2.3", None)],
)
def test_ungrouped_figures_read_a_comma_or_a_point_as_decimals(typed, value):
    expected = Decimal(value) if value else None
    assert parse_decimal(typed, decimal_separator=",", grouping=False) == expected
    assert parse_decimal(typed, decimal_separator=".", grouping=False) == expected


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("vi", Decimal("1234.500"), "1.234,5"),
        ("en", Decimal("1234.500"), "1,234.5"),
        ("vi", Decimal("100.000"), "100"),
        ("vi", 2_000_000, "2.000.000"),
        ("vi", 999, "999"),
        ("en", -999, "-999"),
        ("vi", 1000, "1.000"),
        ("en", -1000, "-1,000"),
        ("en", None, ""),
    ],
)
def test_format_decimal_in_the_active_language(language, value, shown):
    with translation.override(language):
        assert format_decimal(value) == shown
