"""Vietnamese text helpers: diacritics folding for search and the Vietnamese sort key.

Search must ignore diacritics ("nguyen van a" finds "Nguyễn Văn A"); we store a folded copy of
searchable text in an indexed column so that the same query works on SQLite and PostgreSQL
without database extensions.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NATURAL = re.compile(r"(\d+)")

# The Vietnamese alphabet order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
_BASE_ORDER = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONE_ORDER = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


def fold(text: str) -> str:
    """Lower-case, strip every diacritic (đ becomes d) and collapse white space."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


def normalize(text: str) -> str:
    """NFC form with collapsed white space: what we store for names typed by users."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _letter_key(ch: str) -> tuple[int, int]:
    decomposed = unicodedata.normalize("NFD", ch.lower())
    base = decomposed[0]
    marks = decomposed[1:]
    letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _LETTER_MARKS))
    tone = next((_TONE_ORDER[m] for m in marks if m in _TONE_ORDER), 0)
    index = _BASE_ORDER.find(letter)
    if index < 0:
        return (100 + ord(letter[0]) if not letter.isdigit() else ord(letter[0]) - 100, tone)
    return (index, tone)


def word_key(word: str) -> tuple[tuple[int, int], ...]:
    """Sort key of one word in Vietnamese alphabetical order (letters first, then tones)."""
    letters = tuple(_letter_key(ch) for ch in word if not ch.isspace())
    tones = tuple(t for _, t in letters)
    return tuple((b, 0) for b, _ in letters) + ((-1, 0),) + tuple((0, t) for t in tones)


def person_name_key(full_name: str) -> tuple[object, ...]:
    """Vietnamese name order: given name (last word) first, then family and middle names."""
    words = normalize(full_name).split(" ")
    ordered = [words[-1], *words[:-1]] if words and words[0] else []
    return tuple(word_key(w) for w in ordered)


def natural_key(text: str) -> tuple[object, ...]:
    """Order "Tổ 2" before "Tổ 10", and letters in Vietnamese order."""
    parts = _NATURAL.split(normalize(text))
    return tuple(
        (0, int(part), ()) if part.isdigit() else (1, 0, tuple(word_key(w) for w in part.split()))
        for part in parts
        if part != ""
    )
