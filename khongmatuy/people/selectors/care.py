"""Reads of the care of managed persons: supervisors, contacts, tests, follow-ups, support.

Every read starts from ``Model.objects.for_user(user)``. The lists (overdue contacts, tests due,
the support indicator) are single queries with subqueries: the per-category intervals become a
``CASE`` of cut-off dates computed in Python (``care.cutoff``), so no date arithmetic runs in SQL
and nothing loops over persons.

Drug tests and follow-ups are sensitive (results of tests): they are read only for users whose
role holds ``VIEW_SENSITIVE``; group leaders and supervisors never receive them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.common.roles import Capability

from ..models import (
    CarePolicy,
    Contact,
    DrugTest,
    FollowUp,
    Person,
    PersonCategory,
    Supervision,
    SupportService,
)
from ..rules import care


def person_get_for_user(*, user: User, pk: int) -> Person:
    """The person if ``user`` sees them (supervisors: only their own persons), else 404."""
    persons: QuerySet[Person] = Person.objects.for_user(user)
    return get_object_or_404(persons.select_related("area"), pk=pk)


def policies() -> dict[str, care.Policy]:
    """The effective policy of every category: the administrator's values over the defaults."""
    overrides = {
        row.category: (row.contact_interval_days, row.test_interval_days)
        for row in CarePolicy.objects.all()
    }
    return care.effective_policies(overrides)


def _open_categories(on: date, categories: Mapping[str, int] | None = None) -> QuerySet[Any]:
    """The open categories (on date ``on``) of the person in the outer query."""
    qs = PersonCategory.objects.filter(person=OuterRef("pk"), started_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on)
    )
    if categories is not None:
        qs = qs.filter(category__in=list(categories))
    return qs


def _cutoff_case(on: date, intervals: Mapping[str, int]) -> Case:
    """``CASE category WHEN 'illegal_user' THEN <on - 30 days> …``: each category's cut-off."""
    return Case(
        *[
            When(category=c, then=Value(care.cutoff(on=on, interval_days=days)))
            for c, days in intervals.items()
        ],
        output_field=DateField(),
    )


def _with_schedule(
    qs: QuerySet[Person], *, on: date, intervals: Mapping[str, int], last: QuerySet[Any]
) -> QuerySet[Person]:
    """Annotate ``threshold`` (latest cut-off of the open categories, i.e. the shortest
    interval's), ``since`` (start of the earliest open category), ``last`` (the last dated record
    from ``last``, a ``values()`` subquery) and ``reference`` (last, else since)."""
    open_cats = _open_categories(on, intervals)
    return qs.annotate(
        threshold=Subquery(
            open_cats.annotate(cut=_cutoff_case(on, intervals)).order_by("-cut").values("cut")[:1]
        ),
        since=Subquery(open_cats.order_by("started_on").values("started_on")[:1]),
        last=Subquery(last[:1]),
    ).annotate(reference=Coalesce("last", "since"))


@dataclass(frozen=True)
class ScheduleRow:
    """One person of an overdue / due list, with the dates the page shows."""

    person: Person
    last: date | None
    interval_days: int
    due_on: date
    days_overdue: int

    @property
    def is_overdue(self) -> bool:
        return self.days_overdue > 0


def schedule_row(person: Person, *, on: date, window_days: int = 0) -> ScheduleRow:
    """Rebuild the due date from the annotations: the shortest interval is ``on + window -
    threshold`` (``threshold`` was ``on + window - interval``)."""
    interval = (on - person.threshold).days + window_days  # type: ignore[attr-defined]
    due = care.due_on(
        last=person.last,  # type: ignore[attr-defined]
        since=person.since,  # type: ignore[attr-defined]
        interval_days=interval,
    )
    return ScheduleRow(
        person=person,
        last=person.last,  # type: ignore[attr-defined]
        interval_days=interval,
        due_on=due,
        days_overdue=(on - due).days,
    )


def _list_base(user: User, area: Area | None) -> QuerySet[Person]:
    """Active persons in scope, optionally of one commune or residential group (a filter only:
    ``area`` comes from ``Area.objects.for_user`` in the view)."""
    qs: QuerySet[Person] = Person.objects.for_user(user).active()
    if area is None:
        return qs
    if area.level == Level.COMMUNE:
        return qs.filter(area__commune_id=area.pk)
    return qs.filter(area=area)


def contacts_overdue_of(qs: QuerySet[Person], *, on: date) -> QuerySet[Person]:
    """The persons of ``qs`` overdue for a contact on ``on``, annotated with ``threshold``,
    ``since``, ``last`` (see ``contacts_overdue``; the reminders read it for the whole country)."""
    intervals = care.contact_intervals(policies())
    if not intervals:
        return qs.none()
    last = (
        Contact.objects.filter(person=OuterRef("pk"), contacted_on__lte=on)
        .order_by("-contacted_on")
        .values("contacted_on")
    )
    qs = _with_schedule(qs, on=on, intervals=intervals, last=last)
    # No ``threshold IS NOT NULL``: a NULL threshold (no open category expecting contact) never
    # compares true, and the database would evaluate the threshold's subquery twice per person.
    return qs.filter(Q(reference__lt=F("threshold")))


def contacts_overdue(*, user: User, on: date, area: Area | None = None) -> QuerySet[Person]:
    """Active persons whose last contact is older than the shortest contact interval of their open
    categories (with no contact yet: counted from the start of the earliest open category).

    One query (plus the prefetches): ``reference < threshold`` where ``threshold`` is the latest
    per-category cut-off. Rows go through ``schedule_row`` for the dates shown.
    """
    return (
        contacts_overdue_of(_list_base(user, area), on=on)
        .select_related("area")
        .prefetch_related(
            Prefetch(
                "supervisions",
                queryset=Supervision.objects.filter(ended_on__isnull=True).order_by("name"),
                to_attr="open_supervisions",
            )
        )
        .order_by("area__sort_key", "name_sort", "pk")
    )


def periodic_tests_due(
    *, user: User, on: date, area: Area | None = None, window_days: int = care.TEST_DUE_WINDOW_DAYS
) -> QuerySet[Person]:
    """Active persons due (within ``window_days``) or overdue for a periodic drug test.

    Police only (the view requires ``VIEW_SENSITIVE``): the list itself tells who is tested.
    Due when the last test (of any reason), else the start of the earliest open category, plus the
    shortest test interval falls on or before ``on + window_days``.
    """
    intervals = care.test_intervals(policies())
    if not intervals or not user.can(Capability.VIEW_SENSITIVE):
        return Person.objects.none()
    last = (
        DrugTest.objects.filter(person=OuterRef("pk"), tested_on__lte=on)
        .order_by("-tested_on")
        .values("tested_on")
    )
    # "due on or before on + window" is "reference <= (on + window) - interval".
    horizon = on + timedelta(days=window_days)
    qs = _with_schedule(_list_base(user, area), on=horizon, intervals=intervals, last=last)
    return (
        qs.filter(Q(threshold__isnull=False) & Q(reference__lte=F("threshold")))
        .select_related("area")
        .order_by("area__sort_key", "name_sort", "pk")
    )


def followups(*, user: User, resolved: bool = False) -> QuerySet[FollowUp]:
    """Follow-ups of positive tests (open ones oldest first; resolved ones newest first)."""
    if not user.can(Capability.VIEW_SENSITIVE):
        return FollowUp.objects.none()
    qs: QuerySet[FollowUp] = FollowUp.objects.for_user(user).select_related(
        "person__area", "test", "resolved_by"
    )
    if resolved:
        return qs.filter(resolved_on__isnull=False).order_by("-resolved_on", "-pk")
    return qs.filter(resolved_on__isnull=True).order_by("opened_on", "pk")


def followup_get_for_user(*, user: User, pk: int) -> FollowUp:
    if not user.can(Capability.VIEW_SENSITIVE):
        raise Http404
    follow_ups: QuerySet[FollowUp] = FollowUp.objects.for_user(user)
    return get_object_or_404(follow_ups.select_related("person__area"), pk=pk)


def supervision_get_for_user(*, user: User, pk: int) -> Supervision:
    supervisions: QuerySet[Supervision] = Supervision.objects.for_user(user)
    return get_object_or_404(supervisions.select_related("person__area"), pk=pk)


# --- support indicator (Kế hoạch phường Thủy Nguyên, II.4-6) ----------------------------


@dataclass(frozen=True)
class SupportIndicator:
    """Share of managed persons who received counselling AND medical/psychological support."""

    on: date
    total: int
    complete: int
    percent: Decimal | None
    target: Decimal
    missing: QuerySet[Person]  # annotated has_counselling / has_medical, in name order

    @property
    def meets_target(self) -> bool:
        return self.percent is not None and self.percent >= self.target


def support_indicator(*, user: User, on: date, area: Area | None = None) -> SupportIndicator:
    """Kế hoạch phường Thủy Nguyên, II.4-6: 100% of users, addicts, persons in rehab, on
    methadone and after rehab counselled and given medical/psychological support.

    Counted: active persons in scope holding, on ``on``, an open category of
    ``care.SUPPORT_INDICATOR_CATEGORIES``. Support counts if provided on or before ``on`` (at any
    time: categories follow one another, user → addict → rehab → post-rehab, and support given
    under an earlier one still counts). One aggregate query for the figures; the list of those
    missing is a lazy queryset the page paginates.
    """
    managed = _list_base(user, area).filter(
        Exists(_open_categories(on).filter(category__in=care.SUPPORT_INDICATOR_CATEGORIES))
    )
    support = SupportService.objects.filter(person=OuterRef("pk"), provided_on__lte=on)
    managed = managed.annotate(
        has_counselling=Exists(support.filter(kind__in=care.COUNSELLING_KINDS)),
        has_medical=Exists(support.filter(kind__in=care.MEDICAL_KINDS)),
    )
    figures = managed.aggregate(
        total=Count("pk", distinct=True),
        complete=Count("pk", distinct=True, filter=Q(has_counselling=True, has_medical=True)),
    )
    missing = (
        managed.filter(Q(has_counselling=False) | Q(has_medical=False))
        .select_related("area")
        .order_by("name_sort", "pk")
    )
    return SupportIndicator(
        on=on,
        total=figures["total"],
        complete=figures["complete"],
        percent=care.percent(figures["complete"], figures["total"]),
        target=care.SUPPORT_TARGET_PERCENT,
        missing=missing,
    )


# --- the care section of the person page ----------------------------------------------------


def _schedule_status(
    *,
    person: Person,
    categories: list[tuple[str, date, date | None]],
    on: date,
    intervals: Mapping[str, int],
    last: date | None,
) -> dict[str, Any] | None:
    """The due date of the next contact (or test) from the person's open categories: the page's
    badge. The same rule as the lists (``care.due_on`` / ``care.is_overdue``)."""
    open_rows = [(c, s) for c, s, e in categories if s <= on and (e is None or e >= on)]
    interval = care.shortest_interval([c for c, _ in open_rows], intervals)
    if interval is None:
        return None
    since = min(s for c, s in open_rows if c in intervals)
    due = care.due_on(last=last, since=since, interval_days=interval)
    return {
        "interval_days": interval,
        "due_on": due,
        "overdue": person.is_active and care.is_overdue(due=due, on=on),
    }


def person_section(*, user: User, person: Person) -> dict[str, Any]:
    """Context of ``people/sections/care.html`` (keys prefixed ``care_``, see README).

    Tests and follow-ups are read only when the user may see sensitive facts; otherwise they are
    ``None`` and the template leaves the whole block out.
    """
    on = timezone.localdate()
    can_see_tests = user.can(Capability.VIEW_SENSITIVE)
    effective = policies()
    contacts = list(
        Contact.objects.for_user(user)
        .filter(person=person)
        .select_related("recorded_by")
        .order_by("-contacted_on", "-pk")[:5]
    )
    # Read here (not taken from the page) to keep this section self-contained: one small query.
    categories = list(
        PersonCategory.objects.filter(person=person).values_list(
            "category", "started_on", "ended_on"
        )
    )
    supervisions = list(
        Supervision.objects.for_user(user)
        .filter(person=person, ended_on__isnull=True)
        .select_related("supervisor_user")
        .order_by("started_on", "pk")
    )
    supports = list(
        SupportService.objects.for_user(user).filter(person=person).order_by("-provided_on", "-pk")
    )
    section: dict[str, Any] = {
        "care_on": on,
        "care_supervisions": supervisions,
        "care_contacts": contacts,
        "care_contact_status": _schedule_status(
            person=person,
            categories=categories,
            on=on,
            intervals=care.contact_intervals(effective),
            last=contacts[0].contacted_on if contacts else None,
        ),
        "care_support": supports[:10],
        "care_support_count": len(supports),
        "care_has_counselling": any(s.kind in care.COUNSELLING_KINDS for s in supports),
        "care_has_medical": any(s.kind in care.MEDICAL_KINDS for s in supports),
        "care_can_record": user.can(Capability.RECORD_CONTACTS) and person.is_active,
        "care_can_manage": user.can(Capability.MANAGE_PERSONS) and person.is_active,
        "care_can_see_tests": can_see_tests,
        "care_tests": None,
        "care_test_status": None,
        "care_followups": None,
    }
    if can_see_tests:
        tests = list(
            DrugTest.objects.for_user(user).filter(person=person).order_by("-tested_on", "-pk")[:10]
        )
        section["care_tests"] = tests
        section["care_test_status"] = _schedule_status(
            person=person,
            categories=categories,
            on=on,
            intervals=care.test_intervals(effective),
            last=tests[0].tested_on if tests else None,
        )
        section["care_followups"] = list(
            FollowUp.objects.for_user(user)
            .filter(person=person, resolved_on__isnull=True)
            .select_related("test")
            .order_by("opened_on", "pk")
        )
    return section


def visits(*, user: User, on: date, area: Area | None = None) -> QuerySet[Person]:
    """The persons a user looks after, with their last contact and contact schedule (annotations
    of ``_with_schedule``; ``threshold`` is None when no category expects contact).

    The supervisor's phone list: supervisors get their own persons (``Person.objects.for_user``),
    group leaders their group, officers their commune.
    """
    last = (
        Contact.objects.filter(person=OuterRef("pk"), contacted_on__lte=on)
        .order_by("-contacted_on")
        .values("contacted_on")
    )
    intervals = care.contact_intervals(policies()) or {"": 0}  # an empty CASE is invalid SQL
    return (
        _with_schedule(_list_base(user, area), on=on, intervals=intervals, last=last)
        .select_related("area")
        .order_by("name_sort", "pk")
    )
