"""Data quality of the registry ("đúng, đủ, sạch, sống"): completeness, staleness, likely
duplicates, verification, and the reconciliation rounds.

Every read starts from ``Model.objects.for_user(user)``. Completeness is one rule, written twice
on purpose and tested to agree: ``completeness`` (pure, for the page of a person and the rows of a
list) and ``incomplete_condition`` (a SQL condition over the same annotations, for counts and
drill-down filters over a whole commune or city). The per-person facts come from
``with_quality_facts``: ``Exists``/``Subquery`` annotations, never a query per row.

Contact intervals are the care module's (``care.contact_intervals``, the administrator's values over
the defaults); as in ``selectors.care``, each category's cut-off date is computed in Python and
compared in SQL, so no date arithmetic runs in the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import (
    Aggregate,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.common.roles import Capability
from khongmatuy.common.scoping import scope_for

from .. import care
from ..choices import Category, ReconciliationOutcome
from ..models import (
    Contact,
    Person,
    PersonCategory,
    ReconciliationItem,
    ReconciliationRound,
    Supervision,
)
from . import care as care_selectors

DEFAULT_STALE_DAYS = 90
PER_PAGE = 50
MAX_PAIRS = 500  # shown on the duplicates page; the counts cover every pair


def stale_days() -> int:
    """``settings.KMT_STALE_DAYS``: a record not updated for this many days is stale."""
    return int(getattr(settings, "KMT_STALE_DAYS", DEFAULT_STALE_DAYS))


# --- the rule (pure) ---------------------------------------------------------------------------

# Categories whose management requires a responsible person: the management team of an illegal
# drug user (Decree 105/2021 Art. 44, Law 73 Art. 23), addicts on the commune's list (Law 73
# Arts. 26, 43) and post-rehab management at the place of residence (Law 73 Art. 40; Decree
# 116/2021 Art. 81); seed 000 III.4 asks for "one responsible person for each".
SUPERVISED_CATEGORIES: tuple[str, ...] = (
    Category.ILLEGAL_USER,
    Category.ADDICT,
    Category.POST_REHAB,
)
# ... except while the person is in a rehab facility, which then manages them (Law 73 Arts. 31-35;
# the care module expects no contact from the commune either).
IN_FACILITY_CATEGORIES: tuple[str, ...] = (
    Category.REHAB_VOLUNTARY_FACILITY,
    Category.REHAB_COMPULSORY,
)


@dataclass(frozen=True)
class Fact:
    code: str
    label: Any  # lazy Vietnamese label


FACTS: tuple[Fact, ...] = (
    Fact("citizen_id", gettext_lazy("Số CCCD / định danh cá nhân")),
    Fact("date_of_birth", gettext_lazy("Ngày sinh")),
    Fact("sex", gettext_lazy("Giới tính")),
    Fact("group", gettext_lazy("Tổ dân phố, thôn nơi cư trú (đang ghi cấp xã)")),
    Fact("current_address", gettext_lazy("Nơi ở hiện tại")),
    Fact("phone", gettext_lazy("Số điện thoại")),
    Fact("family_contacts", gettext_lazy("Người thân, liên hệ gia đình")),
    Fact("category", gettext_lazy("Diện quản lý đang áp dụng")),
    Fact("supervisor", gettext_lazy("Người được giao quản lý, giúp đỡ")),
    Fact("contact", gettext_lazy("Tiếp xúc, thăm gặp trong định kỳ")),
)
_LABELS = {f.code: f.label for f in FACTS}


def needs_supervisor(open_categories: Collection[str]) -> bool:
    """A supervised category is open and the person is not in a rehab facility."""
    return any(c in SUPERVISED_CATEGORIES for c in open_categories) and not any(
        c in IN_FACILITY_CATEGORIES for c in open_categories
    )


def contact_on_time(
    *, last_contact_on: date | None, since: date | None, interval_days: int | None, on: date
) -> bool | None:
    """Whether the person was contacted within the interval (None: no contact is expected).

    The care module's rule (``care.due_on``/``care.is_overdue``): with no contact yet, the interval
    runs from the start of the management (``since``).
    """
    if interval_days is None or (last_contact_on is None and since is None):
        return None
    due = care.due_on(last=last_contact_on, since=since or on, interval_days=interval_days)
    return not care.is_overdue(due=due, on=on)


@dataclass(frozen=True)
class Completeness:
    score: int  # 0-100, share of the required facts present
    missing: tuple[str, ...]  # fact codes, in ``FACTS`` order

    @property
    def labels(self) -> list[str]:
        return [str(_LABELS[code]) for code in self.missing]

    @property
    def is_complete(self) -> bool:
        return not self.missing


def completeness(
    person: Person,
    *,
    open_categories: Collection[str],
    has_supervisor: bool,
    contact_on_time: bool | None,
    area_level: int | None = None,
) -> tuple[int, list[str]]:
    """(score 0-100, Vietnamese labels of the missing facts) of one record.

    ``open_categories``: the categories open today; ``contact_on_time``: see ``contact_on_time``
    (None when the open categories expect no periodic contact). See ``check_completeness``.
    """
    result = check_completeness(
        person,
        has_open_category=bool(open_categories),
        needs_supervisor=needs_supervisor(open_categories),
        has_supervisor=has_supervisor,
        contact_on_time=contact_on_time,
        area_level=area_level,
    )
    return result.score, result.labels


def check_completeness(
    person: Person,
    *,
    has_open_category: bool,
    needs_supervisor: bool,
    has_supervisor: bool,
    contact_on_time: bool | None,
    area_level: int | None = None,
) -> Completeness:
    """Which required facts the record lacks (seed 001 III.3: records "correct and complete").

    Always required: citizen ID, date of birth, sex, a residential group as the area (not only the
    commune), the current address, a phone number, a family contact, at least one open category.
    Required when it applies: a supervisor while a category of ``SUPERVISED_CATEGORIES`` is open
    (``needs_supervisor``); a contact within the care interval when the open categories expect
    periodic contact (``contact_on_time`` is None when they do not). A fact that does not apply is
    left out of the score. ``area_level`` defaults to ``person.area.level`` (load the area).
    """
    level = area_level if area_level is not None else person.area.level
    present = {
        "citizen_id": bool(person.citizen_id),
        "date_of_birth": person.date_of_birth is not None,
        "sex": bool(person.sex),
        "group": level == Level.GROUP,
        "current_address": bool(person.current_address.strip()),
        "phone": bool(person.phone.strip()),
        "family_contacts": bool(person.family_contacts.strip()),
        "category": has_open_category,
    }
    if needs_supervisor:
        present["supervisor"] = has_supervisor
    if contact_on_time is not None:
        present["contact"] = contact_on_time
    missing = tuple(f.code for f in FACTS if f.code in present and not present[f.code])
    have, need = len(present) - len(missing), len(present)
    score = (200 * have + need) // (2 * need)  # percent, rounded half up
    return Completeness(score=score, missing=missing)


# --- the same facts in SQL ---------------------------------------------------------------------


def contact_intervals() -> dict[str, int]:
    """``{category: days}`` of the categories expecting periodic contact (one query)."""
    return care.contact_intervals(care_selectors.policies())


def _open_categories(on: date) -> QuerySet[PersonCategory]:
    """Categories of the outer person open on ``on`` (as ``selectors.care`` counts them)."""
    return PersonCategory.objects.filter(person=OuterRef("pk"), started_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on)
    )


def with_quality_facts(
    qs: QuerySet[Person], *, on: date, intervals: Mapping[str, int]
) -> QuerySet[Person]:
    """Annotate the facts ``completeness`` needs, as correlated subqueries (no per-row query):

    ``q_open`` / ``q_needs_supervisor`` / ``q_has_supervisor`` (booleans), ``q_last_contact``,
    ``q_since`` (start of the earliest open category with a contact interval) and
    ``q_threshold`` (the latest per-category cut-off = the shortest interval's; NULL when no open
    category expects contact). ``q_level`` is the area's level.
    """
    open_cats = _open_categories(on)
    tracked = open_cats.filter(category__in=list(intervals))
    cutoff = Case(
        *[
            When(category=c, then=Value(care.cutoff(on=on, interval_days=days)))
            for c, days in intervals.items()
        ],
        output_field=DateField(),
    )
    supervisions = Supervision.objects.filter(person=OuterRef("pk"), started_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on)
    )
    last_contact = (
        Contact.objects.filter(person=OuterRef("pk"), contacted_on__lte=on)
        .order_by("-contacted_on")
        .values("contacted_on")[:1]
    )
    qs = qs.annotate(
        q_level=F("area__level"),
        q_open=Exists(open_cats),
        q_needs_supervisor=Exists(open_cats.filter(category__in=SUPERVISED_CATEGORIES))
        & ~Exists(open_cats.filter(category__in=IN_FACILITY_CATEGORIES)),
        q_has_supervisor=Exists(supervisions),
        q_last_contact=Subquery(last_contact, output_field=DateField()),
    )
    if not intervals:
        return qs.annotate(
            q_since=Value(None, output_field=DateField()),
            q_threshold=Value(None, output_field=DateField()),
        )
    return qs.annotate(
        q_since=Subquery(tracked.order_by("started_on").values("started_on")[:1]),
        q_threshold=Subquery(
            tracked.annotate(cut=cutoff).order_by("-cut").values("cut")[:1],
            output_field=DateField(),
        ),
    )


def _blank(field: str) -> Q:
    return Q(**{field: ""})


def incomplete_condition() -> Q:
    """``check_completeness(...).missing`` is not empty, over ``with_quality_facts`` annotations.

    The contact fact: overdue when (last contact, else since) is before the threshold.
    """
    return (
        Q(citizen_id__isnull=True)
        | _blank("citizen_id")
        | Q(date_of_birth__isnull=True)
        | _blank("sex")
        | ~Q(q_level=Level.GROUP)
        | _blank("current_address")
        | _blank("phone")
        | _blank("family_contacts")
        | Q(q_open=False)
        | Q(q_needs_supervisor=True, q_has_supervisor=False)
        | Q(
            q_threshold__isnull=False,
            q_last_contact__isnull=False,
            q_last_contact__lt=F("q_threshold"),
        )
        | Q(q_threshold__isnull=False, q_last_contact__isnull=True, q_since__lt=F("q_threshold"))
    )


def completeness_of_row(person: Person, *, on: date) -> Completeness:
    """``check_completeness`` of a person loaded through ``with_quality_facts`` (no query)."""
    facts = person.__dict__
    threshold = facts["q_threshold"]
    return check_completeness(
        person,
        has_open_category=facts["q_open"],
        needs_supervisor=facts["q_needs_supervisor"],
        has_supervisor=facts["q_has_supervisor"],
        contact_on_time=contact_on_time(
            last_contact_on=facts["q_last_contact"],
            since=facts["q_since"],
            interval_days=(on - threshold).days if threshold is not None else None,
            on=on,
        ),
        area_level=facts["q_level"],
    )


def stale_before(*, on: date, days: int | None = None) -> datetime:
    """Records whose ``updated_at`` is before this moment are stale on ``on``."""
    cutoff_day = on - timedelta(days=stale_days() if days is None else days)
    return datetime.combine(cutoff_day, time.min, tzinfo=timezone.get_current_timezone())


def stale_condition(*, on: date) -> Q:
    return Q(updated_at__lt=stale_before(on=on))


def unverified_condition(*, on: date, days: int) -> Q:
    """Never verified, or last verified more than ``days`` days before ``on``."""
    return Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=on - timedelta(days=days))


# --- scope helpers -----------------------------------------------------------------------------


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
    keys = (
        base.order_by()
        .values("name_folded", "date_of_birth")
        .annotate(n=Count("pk", distinct=True), ids=_IdList("pk"))
        .filter(n__gt=1)
    )
    groups = [sorted({int(pk) for pk in row["ids"].split(",")}) for row in keys]
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


def duplicate_counts(pairs: Iterable[DuplicatePair], *, by: str) -> dict[int, int]:
    """Persons in a likely duplicate, per ``area_id`` / ``commune_id`` / ``province_id``."""
    persons: dict[int, set[int]] = defaultdict(set)
    for pair in pairs:
        for p in (pair.first, pair.second):
            key = p.area_id if by == "area_id" else getattr(p.area, by)
            persons[key].add(p.pk)
    return {k: len(v) for k, v in persons.items()}


# --- the data-quality page ---------------------------------------------------------------------


@dataclass(frozen=True)
class QualityRow:
    """Counts of one area on the data-quality page."""

    area: Area | None  # None: persons recorded at the commune level (no residential group)
    total: int
    incomplete: int | None  # None: not counted at the national level (see ``is_nationwide``)
    stale: int
    unverified: int
    duplicates: int | None


def is_nationwide(*, user: User, area: Area | None) -> bool:
    """The whole country: completeness and duplicates are counted per province, on demand.

    Counting them for a few hundred thousand records takes seconds (a correlated subquery per
    fact per person); a province (about 7,000 persons) takes about a tenth of a second.
    """
    if area is not None:
        return area.level == Level.COUNTRY
    return scope_for(user).everything


def _flag(condition: Q) -> Case:
    """1 when ``condition`` holds, else 0 (summed per area)."""
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _child_key(area: Area | None) -> str:
    """How the rows below ``area`` are grouped: by province, commune or group."""
    if area is None or area.level == Level.COUNTRY:
        return "area__province_id"
    if area.level == Level.PROVINCE:
        return "area__commune_id"
    return "area_id"


def quality_rows(
    *,
    user: User,
    area: Area | None,
    on: date,
    verify_days: int,
    intervals: Mapping[str, int] | None = None,
) -> tuple[QualityRow, list[QualityRow]]:
    """The total for ``area`` and one row per area below it (provinces, communes or groups).

    Four queries: the aggregate (grouped), the likely duplicates (two), the areas of the rows
    (and the care intervals unless ``intervals`` is given). Nationwide, the incomplete and
    duplicate counts are left out (None): they are counted once a province is chosen.
    """
    nationwide = is_nationwide(user=user, area=area)
    key = _child_key(area)
    qs = managed_persons(user=user, area=area)
    flags = {
        "f_stale": _flag(stale_condition(on=on)),
        "f_unverified": _flag(unverified_condition(on=on, days=verify_days)),
    }
    sums = {"stale": Sum("f_stale"), "unverified": Sum("f_unverified")}
    if not nationwide:
        if intervals is None:
            intervals = contact_intervals()
        qs = with_quality_facts(qs, on=on, intervals=intervals)
        flags["f_incomplete"] = _flag(incomplete_condition())
        sums["incomplete"] = Sum("f_incomplete")
    grouped = qs.annotate(**flags).order_by().values(key).annotate(total=Count("pk"), **sums)
    counts = {row[key]: row for row in grouped}
    pairs = [] if nationwide else likely_duplicates(user=user, area=area)
    dup_key = {"area__province_id": "province_id", "area__commune_id": "commune_id"}.get(
        key, "area_id"
    )
    duplicates = duplicate_counts(pairs, by=dup_key)
    areas = {a.pk: a for a in Area.objects.filter(pk__in=list(counts)).order_by("sort_key", "name")}
    rows = []
    for area_id in sorted(counts, key=lambda pk: (areas[pk].level, areas[pk].sort_key)):
        row = counts[area_id]
        child = areas[area_id]
        rows.append(
            QualityRow(
                area=None if area is not None and child.pk == area.pk else child,
                total=row["total"],
                incomplete=None if nationwide else row["incomplete"] or 0,
                stale=row["stale"] or 0,
                unverified=row["unverified"] or 0,
                duplicates=None if nationwide else duplicates.get(area_id, 0),
            )
        )
    total = QualityRow(
        area=area,
        total=sum(r.total for r in rows),
        incomplete=None if nationwide else sum(r.incomplete or 0 for r in rows),
        stale=sum(r.stale for r in rows),
        unverified=sum(r.unverified for r in rows),
        duplicates=None
        if nationwide
        else len({p.pk for pair in pairs for p in (pair.first, pair.second)}),
    )
    return total, rows


LISTS = ("incomplete", "stale", "unverified", "duplicates")


@dataclass(frozen=True)
class PersonQualityRow:
    person: Person
    quality: Completeness


def drilldown(
    *,
    user: User,
    area: Area | None,
    which: str,
    on: date,
    verify_days: int,
    intervals: Mapping[str, int] | None = None,
) -> QuerySet[Person]:
    """The persons behind one count of the page, in Vietnamese name order, facts annotated."""
    if intervals is None:
        intervals = contact_intervals()
    qs = with_quality_facts(
        managed_persons(user=user, area=area), on=on, intervals=intervals
    ).select_related("area")
    if which == "incomplete":
        qs = qs.filter(incomplete_condition())
    elif which == "stale":
        qs = qs.filter(stale_condition(on=on))
    elif which == "unverified":
        qs = qs.filter(unverified_condition(on=on, days=verify_days))
    elif which == "duplicates":
        ids = {
            p.pk
            for pair in likely_duplicates(user=user, area=area)
            for p in (pair.first, pair.second)
        }
        qs = qs.filter(pk__in=sorted(ids))
    return qs.order_by("name_sort", "pk")


def quality_page_rows(persons: Sequence[Person], *, on: date) -> list[PersonQualityRow]:
    return [PersonQualityRow(p, completeness_of_row(p, on=on)) for p in persons]


# --- the person-page section -------------------------------------------------------------------


def person_section(*, user: User, person: Person, on: date | None = None) -> dict[str, Any]:
    """The quality section of the person page: completeness, verification, likely duplicates.

    Four queries: the facts, the duplicates, the last reconciliation item, the merged records.
    """
    on = on or timezone.localdate()
    row = with_quality_facts(
        Person.objects.filter(pk=person.pk), on=on, intervals=contact_intervals()
    ).get()
    quality = completeness_of_row(row, on=on)
    last_check = (
        ReconciliationItem.objects.for_user(user)
        .filter(person=person)
        .select_related("round", "checked_by")
        .order_by("-checked_at", "-pk")
        .first()
    )
    return {
        "quality": quality,
        "quality_stale": person.updated_at < stale_before(on=on),
        "quality_stale_days": stale_days(),
        "quality_last_check": last_check,
        "quality_duplicates": [
            pair.second if pair.first.pk == person.pk else pair.first
            for pair in likely_duplicates(user=user, person=person)
        ]
        if person.merged_into_id is None and person.is_active
        else [],
        "quality_merged_from": list(
            Person.objects.for_user(user).filter(merged_into=person).order_by("pk")
        ),
        "quality_can_merge": user.can(Capability.MANAGE_PERSONS),
    }


# --- merge -------------------------------------------------------------------------------------


def merge_pair_for_user(*, user: User, keep_pk: int, remove_pk: int) -> tuple[Person, Person]:
    """Both records of a merge, each 404 outside the user's scope."""
    qs = Person.objects.for_user(user).select_related("area", "area__commune", "permanent_area")
    return get_object_or_404(qs, pk=keep_pk), get_object_or_404(qs, pk=remove_pk)


def related_counts(person: Person) -> list[tuple[str, int]]:
    """(model's verbose name, rows of that model pointing at the person) for every relation.

    One COUNT per relation (about ten): shown on the merge page only.
    """
    out = []
    for relation in person._meta.related_objects:
        model = relation.related_model
        if relation.many_to_many or model is Person or isinstance(model, str):
            continue
        count = model._base_manager.filter(**{relation.field.name: person}).count()
        if count:
            out.append((str(model._meta.verbose_name_plural), count))
    return out


# --- reconciliation rounds ---------------------------------------------------------------------


def rounds_for_user(*, user: User, area: Area | None = None) -> QuerySet[ReconciliationRound]:
    """Rounds the user sees, newest first, with their counts of checked and non-confirmed rows."""
    qs = ReconciliationRound.objects.for_user(user).select_related(
        "area", "area__parent", "started_by"
    )
    if area is not None and area.level != Level.COUNTRY:
        field = {
            int(Level.PROVINCE): "area__province_id",
            int(Level.COMMUNE): "area__commune_id",
        }.get(area.level, "area_id")
        qs = qs.filter(**{field: area.pk})
    return qs.annotate(
        checked=Count("items"),
        discrepancies=Count("items", filter=~Q(items__outcome=ReconciliationOutcome.CONFIRMED)),
    ).order_by("-started_on", "-pk")


def round_get_for_user(*, user: User, pk: int) -> ReconciliationRound:
    qs = ReconciliationRound.objects.for_user(user).select_related(
        "area", "area__parent", "started_by"
    )
    return get_object_or_404(qs, pk=pk)


def round_persons(round: ReconciliationRound) -> QuerySet[Person]:
    """Who the round covers: the active persons recorded exactly at its area (a group, or the
    commune for persons without a group), plus anyone already checked in it (who may since have
    moved or been removed)."""
    checked = ReconciliationItem.objects.filter(round=round, person=OuterRef("pk"))
    return Person.objects.filter(
        Q(area_id=round.area_id, is_active=True, merged_into__isnull=True) | Q(Exists(checked))
    )


@dataclass(frozen=True)
class RoundRow:
    person: Person
    item: ReconciliationItem | None


def round_rows(*, user: User, round: ReconciliationRound) -> list[RoundRow]:
    """Every person of the round the user sees, with their result so far (two queries)."""
    persons = (
        round_persons(round)
        .filter(pk__in=Person.objects.for_user(user).values("pk"))
        .order_by("name_sort", "pk")
    )
    items = {i.person_id: i for i in ReconciliationItem.objects.filter(round=round)}
    return [RoundRow(p, items.get(p.pk)) for p in persons]


def round_row(*, user: User, round: ReconciliationRound, person_pk: int) -> RoundRow:
    """One row of the round (404 when the person is not in it or not visible)."""
    person = get_object_or_404(
        round_persons(round).filter(pk__in=Person.objects.for_user(user).values("pk")),
        pk=person_pk,
    )
    return RoundRow(person, ReconciliationItem.objects.filter(round=round, person=person).first())


def round_discrepancies(round: ReconciliationRound) -> list[ReconciliationItem]:
    """The non-confirmed results of a round (what differs from reality), in name order."""
    return list(
        ReconciliationItem.objects.filter(round=round)
        .exclude(outcome=ReconciliationOutcome.CONFIRMED)
        .select_related("person", "checked_by")
        .order_by("person__name_sort", "pk")
    )


def open_round_areas(area_ids: Iterable[int]) -> set[int]:
    """Which of these areas already have a round in progress."""
    return set(
        ReconciliationRound.objects.filter(
            area_id__in=list(area_ids), completed_on__isnull=True
        ).values_list("area_id", flat=True)
    )
