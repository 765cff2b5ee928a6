"""Derived name columns and how a typed name is matched against them.

A province or commune is stored without its unit word ("Gia Viên", kind ``ward``), as
``official.short_name`` cuts it from the official list's "Phường Gia Viên"; users type the name
either way. ``search_terms`` reads a query the same way, so both forms find the unit. A residential
group keeps its unit word in its name ("Tổ dân phố số 5", "Thôn 3"): typed as written, it matches
as it is; ``group_key`` lets "Tổ 5" and "Tổ dân phố số 5" name the same group when a commune has
only one such group.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from khongmatuy.common.collation import area_sort_string
from khongmatuy.common.text import fold

from ..choices import Kind, Level

if TYPE_CHECKING:
    from ..models import Area

GROUP_LEVEL = int(Level.GROUP)

# The unit words the official list writes before a name, and the kind each one names.
OFFICIAL_PREFIXES: tuple[tuple[str, str], ...] = (
    ("Thành phố ", Kind.CENTRAL_CITY),
    ("Tỉnh ", Kind.PROVINCE),
    ("Phường ", Kind.WARD),
    ("Xã ", Kind.COMMUNE),
    ("Đặc khu ", Kind.SPECIAL_ZONE),
)
_FOLDED_PREFIXES = tuple((fold(prefix) + " ", kind) for prefix, kind in OFFICIAL_PREFIXES)
# Unit words of residential groups, longest first, then an optional "số" ("Tổ dân phố số 5").
_GROUP_WORDS = re.compile(r"^(?:to dan pho|khu pho|tieu khu|thon|ap|ban|xom|to|khu)\s+(?:so\s+)?")


def sort_key_for(name: str) -> str:
    """The stored ``sort_key``: Vietnamese alphabetical order with numbers by value ("Tổ 2"
    before "Tổ 10", "Cà Mau" before "Cao Bằng" before "Cần Thơ", "Dương Kinh" before "Đường
    An"), as digits so any database collation orders it the same (``common.collation``)."""
    return area_sort_string(name)[:200]


@dataclass(frozen=True)
class SearchTerms:
    """A query read two ways: ``words`` as typed (folded), and, when it began with an official
    unit word, ``stripped`` (the words after it) with the ``kind`` that word names."""

    words: tuple[str, ...]
    stripped: tuple[str, ...] = ()
    kind: str = ""


def search_terms(query: str, *, max_words: int = 6) -> SearchTerms:
    """ "Phường Gia Viên" → words ("phuong", "gia", "vien"), stripped ("gia", "vien") of kind
    ``ward``; "Gia Viên" → words ("gia", "vien") only."""
    folded = fold(query)
    words = tuple(folded.split(" ")[:max_words]) if folded else ()
    for prefix, kind in _FOLDED_PREFIXES:
        if folded.startswith(prefix) and folded[len(prefix) :].strip():
            stripped = tuple(folded[len(prefix) :].split(" ")[:max_words])
            return SearchTerms(words=words, stripped=stripped, kind=kind)
    return SearchTerms(words=words)


def group_key(name: str) -> str:
    """A group's name without its unit word: "Tổ dân phố số 5", "Tổ 5" and "tổ dân phố 05" all
    give "5"; "Thôn Tân Lập" gives "tan lap"."""
    rest = _GROUP_WORDS.sub("", fold(name))
    return re.sub(r"\b0+(\d)", r"\1", rest)


def _one(found: list[Area]) -> Area | None:
    return found[0] if len(found) == 1 else None


class NameIndex:
    """Finds the one area among ``areas`` that a typed name names (built once per import).

    The folded name as stored first; then an official name with its unit word ("Phường Gia
    Viên" for the ward "Gia Viên", never for a commune "Gia Viên"); then a group by its name
    without the unit word ("Tổ 5" for "Tổ dân phố số 5") when only one group has that name.
    None when nothing matches, or two areas do.
    """

    def __init__(self, areas: Sequence[Area]) -> None:
        self._by_name: dict[str, list[Area]] = defaultdict(list)
        self._by_group_key: dict[str, list[Area]] = defaultdict(list)
        for area in areas:
            self._by_name[fold(area.name)].append(area)
            if area.level == GROUP_LEVEL:
                self._by_group_key[group_key(area.name)].append(area)

    def find(self, typed: str) -> Area | None:
        folded = fold(typed)
        if not folded:
            return None
        if folded in self._by_name:
            return _one(self._by_name[folded])
        terms = search_terms(typed, max_words=50)
        if terms.stripped:
            named = [
                a for a in self._by_name.get(" ".join(terms.stripped), []) if a.kind == terms.kind
            ]
            if named:
                return _one(named)
        return _one(self._by_group_key.get(group_key(typed), []))
