"""Vietnamese name order as a stored string, for ``ORDER BY`` in the database."""

from __future__ import annotations

from .text import _LETTER_RANK, _letter_key, normalize

_LETTERS = 40  # room for the 33 letters of ``text._BASE_ORDER``


def _letter_code(ch: str) -> tuple[str, str]:
    rank, tone = _letter_key(ch)
    index = rank - _LETTER_RANK
    if 0 <= index < _LETTERS:
        return f"{index + 10:02d}", str(tone)
    return "99", "0"


def name_sort_string(full_name: str) -> str:
    """A digits-only key that sorts names in Vietnamese order under any database collation.

    Given name first, then family and middle names (as ``text.person_name_key``); within a word the
    letters decide first (a < ă < â < b … d < đ), then the tones. Digits only, because database
    collations (PostgreSQL's en_US, for one) ignore punctuation and would scramble other keys.
    """
    words = normalize(full_name).split(" ")
    ordered = [words[-1], *words[:-1]] if words and words[0] else []
    parts = []
    for word in ordered:
        codes = [_letter_code(ch) for ch in word]
        parts.append("".join(c for c, _ in codes) + "00" + "".join(t for _, t in codes))
    return "01".join(parts)[:250]


def text_sort_string(text: str) -> str:
    """The same digits-only Vietnamese order for a title read left to right (a route, a plan):
    words in their written order, a number by its value ("Tuyến 2" before "Tuyến 10")."""
    parts = []
    for word in normalize(text).split(" "):
        if word.isdecimal():
            parts.append("05" + word.zfill(12)[-12:])
            continue
        codes = [_letter_code(ch) for ch in word]
        parts.append("".join(c for c, _ in codes) + "00" + "".join(t for _, t in codes))
    return "01".join(parts)[:200]
