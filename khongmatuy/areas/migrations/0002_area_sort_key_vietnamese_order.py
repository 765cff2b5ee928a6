"""Recompute ``Area.sort_key`` in Vietnamese alphabetical order.

The key was the folded name with zero-padded numbers, which put "Cà Mau, Cần Thơ, Cao Bằng" and
"Đường An" before "Dương Kinh". It is now ``common.collation.area_sort_string``; the few lines it
needs are copied here so the migration does not depend on application code that may change.
Re-runnable: every row is recomputed from its name, in batches.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db import migrations

_BASE_ORDER = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONE_ORDER = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_D_STROKE = str.maketrans({"ð": "đ", "Ð": "Đ"})
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"(\d+)")


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text.translate(_D_STROKE))
    text = "".join(
        ch for ch in text if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf")
    )
    return _SPACES.sub(" ", text).strip()


def _letter_code(ch: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", ch.translate(_D_STROKE).lower())
    base, marks = decomposed[0], decomposed[1:]
    letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _LETTER_MARKS))
    tone = next((_TONE_ORDER[m] for m in marks if m in _TONE_ORDER), 0)
    index = _BASE_ORDER.find(letter) if not letter.isdecimal() else -1
    if 0 <= index < 40:
        return f"{index + 10:02d}", tone
    return "99", 0


def _syllable_code(word: str) -> str:
    codes = [_letter_code(ch) for ch in word]
    return "".join(c for c, _ in codes) + "00" + str(max((t for _, t in codes), default=0))


def sort_key(name: str) -> str:
    parts: list[str] = []
    for index, part in enumerate(_NUMBER.split(_normalize(name))):
        if index % 2:
            digits = "".join(str(unicodedata.decimal(d)) for d in part).lstrip("0") or "0"
            parts.append(f"02{len(digits):03d}{digits}")
        else:
            parts.extend(_syllable_code(word) for word in part.split())
    return "01".join(parts)[:200]


def recompute(apps: Any, schema_editor: Any) -> None:
    area = apps.get_model("areas", "Area")
    batch: list[Any] = []
    for row in area.objects.only("pk", "name", "sort_key").order_by("pk").iterator(2000):
        key = sort_key(row.name)
        if row.sort_key != key:
            row.sort_key = key
            batch.append(row)
        if len(batch) >= 2000:
            area.objects.bulk_update(batch, ["sort_key"])
            batch = []
    if batch:
        area.objects.bulk_update(batch, ["sort_key"])


class Migration(migrations.Migration):
    dependencies = [("areas", "0001_initial")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
