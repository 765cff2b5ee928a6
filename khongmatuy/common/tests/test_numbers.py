"""Numbers typed the Vietnamese or the English way are read back exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest

from khongmatuy.common.numbers import parse_decimal


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
