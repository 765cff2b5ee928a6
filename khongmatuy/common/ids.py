"""Record ids read from a request: whole numbers that a database key can hold, or nothing.

A 20-digit number does not fit a 64-bit key: SQLite raises ``OverflowError`` and PostgreSQL refuses
the query, so an id typed into a URL, a form or an API filter would become a 500. Django guards a
plain ``pk=`` lookup itself, but not a foreign-key filter (``parent_id=``) nor ``pk__in``.
"""

from __future__ import annotations

MAX_ID = 2**63 - 1
_MAX_DIGITS = len(str(MAX_ID))


def parse_id(raw: object) -> int | None:
    """``raw`` as an id: ASCII digits (spaces around allowed) or an int, from 1 to ``MAX_ID``;
    anything else is None, for the caller to answer 404 or 400."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str):
        text = raw.strip()
        if not (text.isascii() and text.isdigit()) or len(text.lstrip("0")) > _MAX_DIGITS:
            return None
        value = int(text)
    else:
        return None
    return value if 1 <= value <= MAX_ID else None


def out_of_key_range(raw: object) -> bool:
    """True for a whole number (an int, or digits with an optional sign) that no 64-bit key can
    hold; False for anything else, which the caller's own parsing judges."""
    if isinstance(raw, bool):
        return False
    if isinstance(raw, int):
        return abs(raw) > MAX_ID
    if not isinstance(raw, str):
        return False
    digits = raw.strip().removeprefix("-").removeprefix("+")
    if not (digits.isascii() and digits.isdigit()):
        return False
    digits = digits.lstrip("0")
    return len(digits) > _MAX_DIGITS or (len(digits) == _MAX_DIGITS and int(digits) > MAX_ID)
