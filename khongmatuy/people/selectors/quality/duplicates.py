"""The areas a user may review, and likely duplicate persons within them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Aggregate,
    CharField,
    Count,
    QuerySet,
)
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level

from ...models import (
    Person,
)

# --- scope ---------------------------------------------------------------------------------------


def area_get_for_user(*, user: User, pk: int) -> Area:
    return get_object_or_404(
        Area.objects.for_user(user).select_related("parent", "commune", "province"), pk=pk
    )


def default_area(*, user: User) -> Area | None:
    """The user's one bound area when they have exactly one (the usual case), else None."""
    areas = list(
        Area.objects.filter(assignments__user=user, is_active=True).order_by("level", "pk")[:2]
    )
    return areas[0] if len(areas) == 1 else None


def _in_area(qs: QuerySet[Person], area: Area | None) -> QuerySet[Person]:
    """Restrict (never widen) a scoped queryset to the persons of ``area`` and below."""
    if area is None or area.level == Level.COUNTRY:
        return qs
    if area.level == Level.PROVINCE:
        return qs.filter(area__province_id=area.pk)
    if area.level == Level.COMMUNE:
        return qs.filter(area__commune_id=area.pk)
    return qs.filter(area_id=area.pk)


def managed_persons(*, user: User, area: Area | None = None) -> QuerySet[Person]:
    """Active persons on the list (not removed, not merged) the user sees, in ``area``."""
    return _in_area(Person.objects.for_user(user).active(), area)


# --- likely duplicates -------------------------------------------------------------------------


@dataclass(frozen=True)
class DuplicatePair:
    """Two records with the same folded name and date of birth (``first.pk < second.pk``)."""

    first: Person
    second: Person

    @property
    def same_group(self) -> bool:
        return self.first.area_id == self.second.area_id

    @property
    def same_commune(self) -> bool:
        return self.first.area.commune_id == self.second.area.commune_id

    @property
    def conflicting_ids(self) -> bool:
        """Both hold a citizen ID, and they differ: two people, or one ID is wrong."""
        a, b = self.first.citizen_id, self.second.citizen_id
        return bool(a and b and a != b)

    @property
    def strength(self) -> int:
        """3: same group, 2: same commune, 1: name and birth date only; 0 if the IDs conflict."""
        if self.conflicting_ids:
            return 0
        return 3 if self.same_group else 2 if self.same_commune else 1

    @property
    def strength_label(self) -> str:
        return str(
            {
                3: _("Rất có thể trùng (cùng tổ dân phố, thôn)"),
                2: _("Có thể trùng (cùng xã, phường)"),
                1: _("Trùng họ tên và ngày sinh"),
                0: _("Khác số CCCD: có thể là hai người"),
            }[self.strength]
        )


class _IdList(Aggregate):
    """The grouped rows' ids as "1,2,3": ``GROUP_CONCAT`` (SQLite), ``STRING_AGG`` (PostgreSQL)."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s::text, ',')",
            **extra,
        )


ID_CHUNK = 5000  # ids per ``IN`` (SQLite allows 32,766 parameters)


def _duplicate_groups(base: QuerySet[Person]) -> list[list[int]]:
    """The ids of the records of ``base`` sharing a folded name and birth date, one sorted list
    per key held by two or more (one aggregate query, index ``person_name_dob``)."""
    keys = (
        base.order_by()
        .values("name_folded", "date_of_birth")
        # one row per person: the join to its area is many-to-one, so no DISTINCT is needed
        .annotate(n=Count("pk"), ids=_IdList("pk"))
        .filter(n__gt=1)
    )
    return [sorted({int(pk) for pk in row["ids"].split(",")}) for row in keys]


def likely_duplicates(
    *, user: User, area: Area | None = None, person: Person | None = None
) -> list[DuplicatePair]:
    """Pairs of active records in the user's scope with the same folded name and birth date.

    One aggregate query finds the keys and their members' ids (``GROUP BY name_folded,
    date_of_birth HAVING COUNT > 1``, index ``person_name_dob``); a second fetches those records
    with their areas by primary key. Strongest pairs first (same group, then same commune), the
    pairs of one person together, in Vietnamese name order. With ``person``, only the pairs that
    include that person.
    """
    base = managed_persons(user=user, area=area).filter(date_of_birth__isnull=False)
    if person is not None:
        base = base.filter(name_folded=person.name_folded, date_of_birth=person.date_of_birth)
    groups = _duplicate_groups(base)
    wanted = sorted({pk for group in groups for pk in group})
    found: dict[int, Person] = {}
    for start in range(0, len(wanted), ID_CHUNK):
        chunk = wanted[start : start + ID_CHUNK]
        found.update((p.pk, p) for p in Person.objects.filter(pk__in=chunk).select_related("area"))
    ranked: list[tuple[tuple[Any, ...], DuplicatePair]] = []
    for ids in groups:
        group = [found[pk] for pk in ids if pk in found]
        if len(group) < 2:
            continue
        group_sort = min(p.name_sort for p in group)  # the pairs of one person stay together
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                pair = DuplicatePair(first, second)
                ranked.append(((-pair.strength, group_sort, first.pk, second.pk), pair))
    ranked.sort(key=lambda entry: entry[0])
    pairs = [pair for _key, pair in ranked]
    if person is not None:
        pairs = [p for p in pairs if person.pk in (p.first.pk, p.second.pk)]
    return pairs


_AREA_COLUMN = {
    "area_id": "area_id",
    "commune_id": "area__commune_id",
    "province_id": "area__province_id",
}


def duplicate_counts(*, user: User, area: Area | None, by: str) -> tuple[dict[int, int], int]:
    """Persons in a likely duplicate per ``area_id`` / ``commune_id`` / ``province_id``, and
    how many in all: what ``likely_duplicates`` would count, without building its pairs (two
    queries; the second reads only ids and areas, a city has hundreds of such persons)."""
    base = managed_persons(user=user, area=area).filter(date_of_birth__isnull=False)
    wanted = sorted({pk for group in _duplicate_groups(base) for pk in group})
    per_area: dict[int, int] = defaultdict(int)
    for start in range(0, len(wanted), ID_CHUNK):
        rows = Person.objects.filter(pk__in=wanted[start : start + ID_CHUNK]).values_list(
            _AREA_COLUMN[by], flat=True
        )
        for key in rows:
            per_area[key] += 1
    return dict(per_area), len(wanted)
