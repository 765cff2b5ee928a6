"""Reads of the person registry: one person, search and lists, autocomplete, the timeline."""

from __future__ import annotations

from .search import (
    SEARCH_INDEX_NOTE,
    PersonFilters,
    Status,
    category_get_for_user,
    open_categories_prefetch,
    person_autocomplete,
    person_categories,
    person_get_for_user,
    person_queryset,
    person_search,
    scoped_areas_for_filter,
)
from .timeline import (
    TimelineEntry,
    person_timeline,
)

__all__ = [
    "SEARCH_INDEX_NOTE",
    "PersonFilters",
    "Status",
    "TimelineEntry",
    "category_get_for_user",
    "open_categories_prefetch",
    "person_autocomplete",
    "person_categories",
    "person_get_for_user",
    "person_queryset",
    "person_search",
    "person_timeline",
    "scoped_areas_for_filter",
]
