"""Derived name columns: folded text for search, a natural sort key for display order."""

from __future__ import annotations

import re

from khongmatuy.common.text import fold

_NUMBER = re.compile(r"\d+")


def sort_key_for(name: str) -> str:
    """ "Tổ 2" sorts before "Tổ 10": numbers are zero-padded inside the folded name."""
    return _NUMBER.sub(lambda m: m.group().zfill(8), fold(name))[:200]
