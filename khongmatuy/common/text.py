"""Vietnamese text helpers: diacritics folding for search and the Vietnamese sort keys.

Search must ignore diacritics ("nguyen van a" finds "Nguyễn Văn A"); we store a folded copy of
searchable text in an indexed column so that the same query works on SQLite and PostgreSQL
without database extensions.

Text arrives from forms, spreadsheets and copy-paste, so the same name can come in NFC or NFD, with
the old tone placement ("Thuỷ" / "Thủy"), with non-breaking spaces or with invisible format
characters (zero-width space, byte-order mark). ``normalize`` and ``fold`` make all of those equal.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NATURAL = re.compile(r"(\d+)")

# The Vietnamese alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y; the Latin
# letters it lacks (f, j, w, z: loanwords, foreign names) are slotted in at their Latin place.
_BASE_ORDER = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Tones in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_ORDER = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter
# "Đ" is sometimes typed as the look-alike Icelandic eth (legacy TCVN3 conversions).
_D_LIKE = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
_D_STROKE = str.maketrans({"ð": "đ", "Ð": "Đ"})

# Rank bands of ``_letter_key``: digits, then letters, then anything else.
_DIGIT_RANK, _LETTER_RANK, _OTHER_RANK = 0, 100, 1000


def _visible(text: str) -> str:
    """Drop control characters (except white space) and invisible format characters."""
    if text.isprintable():  # none of them (checked in C): the common case
        return text
    return "".join(
        ch for ch in text if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf")
    )


def normalize(text: str) -> str:
    """NFC form with collapsed white space: what we store for names typed by users."""
    cleaned = _visible(unicodedata.normalize("NFC", text.translate(_D_STROKE)))
    return _SPACES.sub(" ", cleaned).strip()


def fold(text: str) -> str:
    """Lower-case, strip every diacritic (đ becomes d) and collapse white space."""
    decomposed = unicodedata.normalize("NFD", _visible(text).translate(_D_LIKE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


def _letter_key(ch: str) -> tuple[int, int]:
    """(rank of the letter without its tone, tone): "ấ" is the letter "â" with the sắc tone."""
    decomposed = unicodedata.normalize("NFD", ch.translate(_D_STROKE).lower())
    base, marks = decomposed[0], decomposed[1:]
    letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _LETTER_MARKS))
    tone = next((_TONE_ORDER[m] for m in marks if m in _TONE_ORDER), 0)
    if letter.isdecimal():
        return (_DIGIT_RANK + int(letter), tone)
    index = _BASE_ORDER.find(letter)
    if index >= 0:
        return (_LETTER_RANK + index, tone)
    return (_OTHER_RANK + ord(letter[0]), tone)


WordKey = tuple[tuple[int, ...], tuple[int, ...]]


def word_key(word: str) -> WordKey:
    """Sort key of one word in Vietnamese alphabetical order: letters first, then tones.

    "an" < "ăn" < "ân" < "ánh" (letters decide before tones; a prefix sorts first), "a" < "à".
    """
    letters = [_letter_key(ch) for ch in normalize(word) if not ch.isspace()]
    return tuple(b for b, _ in letters), tuple(t for _, t in letters)


def person_name_key(full_name: str) -> tuple[WordKey, ...]:
    """Vietnamese name order: given name (last word) first, then family and middle names.

    "Nguyễn Văn An" < "Trần Thị Ánh" < "Lê Văn Bình" < "Phạm Đức", as on a class list.
    """
    words = normalize(full_name).split()
    ordered = [words[-1], *words[:-1]] if words else []
    return tuple(word_key(w) for w in ordered)


NaturalPart = tuple[int, int, str, tuple[WordKey, ...]]


def natural_key(text: str) -> tuple[NaturalPart, ...]:
    """Order "Tổ 2" before "Tổ 10", and letters in Vietnamese order.

    Numbers compare by value without converting to ``int`` (any length is safe); "Tổ 02" and
    "Tổ 2" are equal.
    """
    parts = _NATURAL.split(normalize(text))
    key: list[NaturalPart] = []
    for index, part in enumerate(parts):
        if index % 2:  # re.split puts the captured digit runs at the odd positions
            digits = "".join(str(unicodedata.decimal(d)) for d in part).lstrip("0") or "0"
            key.append((0, len(digits), digits, ()))
        elif part.strip():
            key.append((1, 0, "", tuple(word_key(w) for w in part.split())))
    return tuple(key)
