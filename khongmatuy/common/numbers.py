"""Numbers typed the Vietnamese way (1.234,5) or the English way (1,234.5), read back exactly.

A browser's number input drops a decimal comma, and Django's localized parsing reads "0.5" typed
in a Vietnamese page as 5. ``parse_decimal`` reads both writings: the locale's decimal separator
is always a decimal separator; the other mark is a thousands separator only where it groups
digits by three ("3.000" is three thousand in Vietnamese, "0.5" is a half).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils import formats

_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_decimal(
    text: str, *, decimal_separator: str | None = None, grouping: bool = True
) -> Decimal | None:
    """The number written in ``text`` or None when it is not one.

    ``decimal_separator`` defaults to the active language's (``,`` in Vietnamese). With
    ``grouping=False`` (coordinates, which are never grouped by thousands) a comma and a point
    are both the decimal separator, so "106.688" is a hundred and six point six eight eight.
    """
    sep = decimal_separator or str(formats.get_format("DECIMAL_SEPARATOR"))
    other = "." if sep == "," else ","
    raw = _SPACES.sub("", text or "")
    if not raw:
        return None
    sign = ""
    if raw[0] in "+-":
        sign, raw = ("-" if raw[0] == "-" else ""), raw[1:]
    if not grouping:
        if not re.fullmatch(r"\d+(?:[.,]\d+)?", raw):
            return None
        return Decimal(sign + raw.replace(",", "."))
    grouped = re.fullmatch(rf"\d{{1,3}}(?:{re.escape(other)}\d{{3}})+(?:{re.escape(sep)}\d+)?", raw)
    if grouped:
        raw = raw.replace(other, "").replace(sep, ".")
    elif re.fullmatch(rf"\d+(?:{re.escape(sep)}\d+)?", raw):
        raw = raw.replace(sep, ".")
    elif re.fullmatch(rf"\d+{re.escape(other)}\d+", raw):
        raw = raw.replace(other, ".")  # "0.5" typed on a Vietnamese page: a decimal point
    elif not re.fullmatch(r"\d+", raw):
        return None
    try:
        return Decimal(sign + raw)
    except InvalidOperation:
        return None


def format_decimal(value: Decimal | int | None, *, grouping: bool = True) -> str:
    """``value`` written in the active language: 1.234,5 in Vietnamese, 1,234.5 in English.

    No trailing zeros and no exponent (12.500 is "12,5", 100 is "100"); "" for None. Pages and
    the text of exports use it, so a figure reads the same everywhere.
    """
    if value is None:
        return ""
    if type(value) is int and -1000 < value < 1000:
        return str(value)  # no separator to place: most counts of a page, at a tenth of the cost
    if isinstance(value, Decimal):
        value = value.normalize()
    return formats.number_format(value, force_grouping=grouping)


def plain_decimal(value: Decimal) -> str:
    """``value`` as plain digits in no language: no grouping, no exponent, no trailing zeros
    ("2.5", "1250"). The form stored in a report's frozen figures, read back as a Decimal."""
    return format(value.normalize(), "f")
