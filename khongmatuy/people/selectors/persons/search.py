"""One person, search and lists, autocomplete.

Everything starts from ``Model.objects.for_user(user)``; a person outside the user's scope is a
404. The list page, the htmx results, the export and the autocomplete share ``person_queryset``.

Performance (a few hundred thousand persons): the scope is one indexed ``IN`` on the person's
area row; results are ordered by ``name_sort`` (index ``person_area_name`` serves a commune's or a
group's list). Search is ``search_text LIKE '%…%'`` on a folded, lower-case column: on SQLite a
scan of the persons in scope, on PostgreSQL it wants a trigram index (see
``SEARCH_INDEX_NOTE``). Open categories are prefetched in one query for the whole page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page
from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from khongmatuy.areas.models import Area, Level
from khongmatuy.common.pagination import COUNT_CAP, CappedPaginator
from khongmatuy.common.roles import Capability
from khongmatuy.common.scoping import scope_for
from khongmatuy.common.text import fold

from ... import counting
from ...models import (
    Person,
    PersonCategory,
)
from ...validators import CITIZEN_ID_LENGTH

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


SEARCH_INDEX_NOTE = """
PostgreSQL, for person search on the national dataset (one migration, PostgreSQL only, built
concurrently in an ``atomic = False`` migration; SQLite keeps scanning the persons in scope):

    CREATE EXTENSION IF NOT EXISTS pg_trgm;   -- django.contrib.postgres TrigramExtension()
    CREATE INDEX CONCURRENTLY person_search_trgm
        ON people_person USING gin (search_text gin_trgm_ops);
    -- citizen-ID prefix search by police roles:
    CREATE INDEX CONCURRENTLY person_citizen_id_prefix
        ON people_person (citizen_id varchar_pattern_ops);

``search_text__contains`` compiles to ``LIKE '%q%'`` (case-sensitive, on text we fold to lower
case ourselves), which a gin_trgm_ops index serves for queries of 3+ characters. ``icontains``
would wrap the column in UPPER() and defeat the index, so it is never used here.
"""

PER_PAGE = 50
# The columns a page of the list reads: its rows (``{% person_rows %}``) and the view audit of
# the persons shown (``str(person)``, the area). Not the rest of each record (addresses,
# contacts, notes, search text, timestamps) nor the area's, which cost the page more to convert
# and build than its query takes.
LIST_FIELDS = (
    "full_name",
    "aliases",
    "sex",
    "date_of_birth",
    "citizen_id",
    "psychosis",
    "is_active",
    "area__name",
)
SEARCH_COUNT_CAP = COUNT_CAP  # past it the list says "more than 1.000" (common.pagination)
AUTOCOMPLETE_LIMIT = 10
MAX_QUERY_LENGTH = 100
_DIGIT_SEPARATORS = re.compile(r"[\s.\-+()]+")


class Status:
    ACTIVE = "active"
    REMOVED = "removed"
    ALL = "all"


@dataclass(frozen=True)
class PersonFilters:
    """Filters of the list page and the export. ``area`` must come from the user's scope.

    ``as_of`` moves the category filters to that date (categories open then, not now); the
    groups ``users``, ``outside_treatment``, ``dealers`` and the first use in
    ``[new_from, new_to]`` are the criteria's counts (``people.counting``), so a figure's
    drill-down lists exactly the persons it counted.
    """

    category: str = ""
    area: Area | None = None
    psychosis: bool | None = None
    status: str = Status.ACTIVE
    as_of: date | None = None
    users: bool = False
    outside_treatment: bool = False
    dealers: bool = False
    new_from: date | None = None
    new_to: date | None = None


def person_get_for_user(*, user: User, pk: int) -> Person:
    """The person, or 404 outside the user's scope (its existence does not leak)."""
    qs = Person.objects.for_user(user).select_related(
        "area", "area__commune", "permanent_area", "merged_into", "created_by"
    )
    person: Person = get_object_or_404(qs, pk=pk)
    return person


def person_categories(*, user: User, person: Person) -> QuerySet[PersonCategory]:
    """The person's categories, open ones first, then by start date (newest first)."""
    qs: QuerySet[PersonCategory] = (
        PersonCategory.objects.for_user(user)
        .filter(person=person)
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on", "-pk")
    )
    return qs


def category_get_for_user(*, user: User, pk: int) -> PersonCategory:
    """A category row whose person the user sees (supervisors: only their persons), else 404."""
    qs = PersonCategory.objects.for_user(user).filter(
        person__in=Person.objects.for_user(user).values("pk")
    )
    category: PersonCategory = get_object_or_404(qs.select_related("person"), pk=pk)
    return category


def _open_categories() -> QuerySet[PersonCategory]:
    """Categories without an end, oldest first; the list and the export print their label only."""
    return (
        PersonCategory.objects.filter(ended_on__isnull=True)
        .only("person", "category")
        .order_by("started_on", "pk")
    )


def open_categories_prefetch() -> Prefetch[str, QuerySet[PersonCategory], str]:
    """``person.open_categories``: categories without an end, oldest first (one query)."""
    return Prefetch("personcategorys", queryset=_open_categories(), to_attr="open_categories")


def with_open_categories(persons: list[Person]) -> list[Person]:
    """Set ``person.open_categories`` (as ``open_categories_prefetch`` does) on a page of
    persons, in one query by id and a dict: the prefetch's per-instance lookups and reverse
    caching cost a page of 50 about 3 ms of Python for 0.3 ms of SQL."""
    found: dict[int, list[PersonCategory]] = {person.pk: [] for person in persons}
    if found:
        for category in _open_categories().filter(person_id__in=list(found)):
            found[category.person_id].append(category)
    for person in persons:
        person.open_categories = found[person.pk]  # type: ignore[attr-defined]
    return persons


def _not_merged(qs: QuerySet[Person]) -> QuerySet[Person]:
    """Leave out records merged into another (data quality).

    ``merged_into_id IS NULL`` holds for nearly every row. PostgreSQL knows it from its
    statistics and plans with it (a broad search walks ``person_name_order``, migration 0006).
    SQLite without statistics (no ANALYZE has run) takes it for a selective indexed lookup and
    walks the whole ``merged_into`` index instead of the scope's area index: 160 ms instead of
    1 ms for a commune's list among 200,000 persons; there ``COALESCE(...) = 0``, which is not
    indexable, makes it start from the scope (areas → ``person_area_name``).
    """
    if connection.vendor == "postgresql":
        return qs.filter(merged_into__isnull=True)
    return qs.alias(_merged=Coalesce("merged_into_id", Value(0))).filter(_merged=0)


def _search_condition(*, user: User, query: str) -> Q | None:
    """Name, alias, phone, address (folded, partial); the citizen ID for sensitive roles."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    if not query:
        return None
    digits = _DIGIT_SEPARATORS.sub("", query)
    sensitive = user.can(Capability.VIEW_SENSITIVE)
    if digits.isascii() and digits.isdigit() and len(digits) == CITIZEN_ID_LENGTH and sensitive:
        # A whole citizen ID (no phone number has 12 digits): the unique index, no scan.
        return Q(citizen_id=digits)
    if digits.isascii() and digits.isdigit() and len(digits) >= 3:
        condition = Q(search_text__contains=digits)
        if sensitive:
            condition |= Q(citizen_id__startswith=digits)
        return condition
    folded = fold(query)
    return Q(search_text__contains=folded) if folded else None


def search_condition(*, user: User, query: str) -> Q | None:
    """The list page's search as a condition (the API searches with it too)."""
    return _search_condition(user=user, query=query)


def _counted(qs: QuerySet[Person], filters: PersonFilters) -> QuerySet[Person]:
    """The criteria's groups, on ``filters.as_of`` (today when not given)."""
    on = filters.as_of or timezone.localdate()
    if filters.users:
        qs = qs.filter(counting.having(counting.managed_on(on)))
    if filters.outside_treatment:
        qs = qs.filter(counting.having(counting.outside_treatment_on(on)))
    if filters.dealers:
        qs = qs.filter(counting.having(counting.dealing_on(on)))
    if filters.new_from is not None and filters.new_to is not None:
        qs = qs.filter(counting.having(counting.new_user_between(filters.new_from, filters.new_to)))
    return qs


def person_queryset(
    *, user: User, query: str = "", filters: PersonFilters | None = None
) -> QuerySet[Person]:
    """Persons the user sees, matching ``query`` and ``filters``, in Vietnamese name order."""
    filters = filters or PersonFilters()
    qs = _not_merged(Person.objects.for_user(user))
    if filters.status == Status.ACTIVE:
        qs = qs.filter(is_active=True)
    elif filters.status == Status.REMOVED:
        qs = qs.filter(is_active=False)
    condition = _search_condition(user=user, query=query)
    if condition is not None:
        qs = qs.filter(condition)
    if filters.category:
        still_open = counting.open_on(filters.as_of) if filters.as_of else Q(ended_on__isnull=True)
        qs = qs.filter(counting.having(Q(category=filters.category) & still_open))
    qs = _counted(qs, filters)
    if filters.area is not None:
        area = filters.area
        if area.level == Level.GROUP:
            qs = qs.filter(area_id=area.pk)
        elif area.level == Level.COMMUNE:
            qs = qs.filter(area__commune_id=area.pk)
        elif area.level == Level.PROVINCE:
            qs = qs.filter(area__province_id=area.pk)
    if filters.psychosis is not None:
        qs = qs.filter(psychosis=filters.psychosis)
    return qs.select_related("area").order_by("name_sort", "pk")


def person_search(
    *,
    user: User,
    query: str = "",
    filters: PersonFilters | None = None,
    page: int | str | None = 1,
    per_page: int = PER_PAGE,
) -> Page[Person]:
    """One page of ``person_queryset``: a count (stopped past ``COUNT_CAP``: "more than 1.000"),
    the page's rows (``LIST_FIELDS``), their open categories."""
    qs = person_queryset(user=user, query=query, filters=filters).only(*LIST_FIELDS)
    result = CappedPaginator(qs, per_page, cap=SEARCH_COUNT_CAP).get_page(page)
    # evaluate here: the rows, then one query for their categories
    result.object_list = with_open_categories(list(result.object_list))
    return result


def person_autocomplete(*, user: User, query: str) -> list[dict[str, Any]]:
    """For picking a person: id, name, year of birth, area name, psychosis flag. No sensitive
    field.

    Needs 2+ characters; active persons only; citizen IDs never match here.
    """
    folded = fold(query.strip()[:MAX_QUERY_LENGTH])
    if len(folded) < 2:
        return []
    rows = (
        _not_merged(Person.objects.for_user(user))
        .filter(is_active=True, search_text__contains=folded)
        .order_by("name_sort", "pk")
        .values("pk", "full_name", "date_of_birth", "area__name", "psychosis")[:AUTOCOMPLETE_LIMIT]
    )
    return [
        {
            "id": row["pk"],
            "name": row["full_name"],
            "birth_year": row["date_of_birth"].year if row["date_of_birth"] else None,
            "area": row["area__name"],
            "psychosis": row["psychosis"],  # a safety flag shown to every role
        }
        for row in rows
    ]


def scoped_areas_for_filter(*, user: User) -> QuerySet[Area]:
    """Communes and residential groups the user sees (the list filter and the forms).

    A national scope would list about 100,000 residential groups in one <select>: it gets the
    communes only (a commune-level choice still filters or files a person correctly).
    """
    qs = Area.objects.for_user(user).filter(is_active=True, level__gte=Level.COMMUNE)
    if scope_for(user).everything:
        qs = qs.filter(level=Level.COMMUNE)
    return qs.order_by("commune_id", "level", "sort_key")
