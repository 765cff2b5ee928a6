"""Who counts as what on a date: the conditions on ``PersonCategory`` rows that the criteria facts
count (``criteria.facts``) and the person list filters by (``selectors.persons``).

Defined once so that a figure and the list behind it cannot drift: the facts count
``person_id`` distinct over the rows matching a condition, the list keeps the persons having such
a row. A category counts on ``day`` when it started on or before ``day`` and has not ended before
it (``open_on``).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q

from .choices import Category
from .models import PersonCategory

USERS = (Category.ILLEGAL_USER, Category.ADDICT)
IN_TREATMENT = (
    Category.REHAB_VOLUNTARY_HOME,
    Category.REHAB_VOLUNTARY_FACILITY,
    Category.REHAB_COMPULSORY,
    Category.METHADONE,
)
DEALERS = (Category.DEALER, Category.SUSPECTED_DEALER)


def open_on(day: date, prefix: str = "") -> Q:
    """A category (through ``prefix``) open on ``day``."""
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": day})
    )


def managed_on(day: date) -> Q:
    """A user or addict category open on ``day``."""
    return Q(category__in=USERS) & open_on(day)


def outside_treatment_on(day: date) -> Q:
    """A user or addict category open on ``day`` whose person has no rehabilitation or
    substitution treatment category open that day."""
    treated = PersonCategory.objects.filter(
        open_on(day), person_id=OuterRef("person_id"), category__in=IN_TREATMENT
    )
    return managed_on(day) & Q(~Exists(treated))


def new_user_between(start: date, end: date) -> Q:
    """The person's first user or addict category, started in ``[start, end]``: a user becoming
    an addict (or a second category) is not a new user."""
    earlier = PersonCategory.objects.filter(
        person_id=OuterRef("person_id"), category__in=USERS, started_on__lt=start
    )
    return Q(category__in=USERS, started_on__gte=start, started_on__lte=end) & Q(~Exists(earlier))


def dealing_on(day: date) -> Q:
    """A dealer or suspected dealer category open on ``day``."""
    return Q(category__in=DEALERS) & open_on(day)


def having(condition: Q) -> Exists:
    """On ``Person``: the person has a category row matching ``condition``."""
    return Exists(PersonCategory.objects.filter(condition, person_id=OuterRef("pk")))
