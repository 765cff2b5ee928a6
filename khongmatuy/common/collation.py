"""Vietnamese name order as a stored string, for ``ORDER BY`` in the database."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .text import _LETTER_RANK, _letter_key, normalize

_NUMBER = re.compile(r"(\d+)")

_LETTERS = 40  # room for the 33 letters of ``text._BASE_ORDER``


@lru_cache(maxsize=4096)  # pure; a load sorts millions of letters drawn from a few dozen
def _letter_code(ch: str) -> tuple[str, str]:
    rank, tone = _letter_key(ch)
    index = rank - _LETTER_RANK
    if 0 <= index < _LETTERS:
        return f"{index + 10:02d}", str(tone)
    return "99", "0"


@lru_cache(maxsize=65536)  # pure; names repeat their words (family names above all)
def _word_code(word: str) -> str:
    """Letters first, then "00", then the tones: "a" < "à" < "an" (letters decide first)."""
    codes = [_letter_code(ch) for ch in word]
    return "".join(c for c, _ in codes) + "00" + "".join(t for _, t in codes)


def _syllable_code(word: str) -> str:
    """As ``_word_code`` with the syllable's one tone instead of a tone per letter, so the old
    and new tone placements ("Hoà" / "Hòa", "Thuỷ" / "Thủy") give the same code."""
    codes = [_letter_code(ch) for ch in word]  # a word has at least one character
    return "".join(c for c, _ in codes) + "00" + max(t for _, t in codes)


def area_sort_string(name: str) -> str:
    """A digits-only key that sorts place names in Vietnamese order, numbers by value.

    Words in written order (as ``text.natural_key``): "Cà Mau" < "Cao Bằng" < "Cần Thơ",
    "Dương Kinh" < "Đường An", "Tổ 2" < "Tổ 10" ("Tổ 02" equals "Tổ 2", "Hoà" equals "Hòa").
    Parts are joined by "01", below every letter code (10-49, 99), so a shorter name sorts
    before its extensions; a number is "02", its digit count and its digits, so numbers sort
    before words.
    """
    parts: list[str] = []
    for index, part in enumerate(_NUMBER.split(normalize(name))):
        if index % 2:  # re.split puts the captured digit runs at the odd positions
            digits = "".join(str(unicodedata.decimal(d)) for d in part).lstrip("0") or "0"
            parts.append(f"02{len(digits):03d}{digits}")
        else:
            parts.extend(_syllable_code(word) for word in part.split())
    return "01".join(parts)


def name_sort_string(full_name: str) -> str:
    """A digits-only key that sorts names in Vietnamese order under any database collation.

    Given name first, then family and middle names (as ``text.person_name_key``); within a word the
    letters decide first (a < ă < â < b … d < đ), then the tones. Digits only, because database
    collations (PostgreSQL's en_US, for one) ignore punctuation and would scramble other keys.
    """
    words = normalize(full_name).split()
    ordered = [words[-1], *words[:-1]] if words else []
    parts = []
    for word in ordered:
        parts.append(_word_code(word))
    return "01".join(parts)[:250]


def text_sort_string(text: str) -> str:
    """The same digits-only Vietnamese order for a title read left to right (a route, a plan):
    words in their written order, a number by its value ("Tuyến 2" before "Tuyến 10")."""
    parts = []
    for word in normalize(text).split() or [""]:
        if word.isdecimal():
            parts.append("05" + word[-12:].zfill(12))
            continue
        codes = [_letter_code(ch) for ch in word]
        parts.append("".join(c for c, _ in codes) + "00" + "".join(t for _, t in codes))
    return "01".join(parts)[:200]
