"""Completeness, staleness and verification: the rule (pure) and the same facts in SQL.

Completeness is one rule, written twice on purpose and tested to agree: ``completeness`` (pure,
for the page of a person and the rows of a list) and ``incomplete_condition`` (a SQL condition
over the same annotations, for counts and drill-down filters over a whole commune or city). The
per-person facts come from ``with_quality_facts``: ``Exists``/``Subquery`` annotations, never a
query per row. Contact intervals are the care module's (``care.contact_intervals``, the
administrator's values over the defaults); each category's cut-off date is computed in Python and
compared in SQL, so no date arithmetic runs in the database.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy

from khongmatuy.areas.models import Level

from ...choices import Category
from ...models import (
    Contact,
    Person,
    PersonCategory,
    Supervision,
)
from ...rules import care
from .. import care as care_selectors

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
# 116/2021 Art. 81); Nghị quyết phường Thành Đông (III.4) asks for "one responsible person for
# each".
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
    """Which required facts the record lacks.

    Kế hoạch phường Gia Viên, III.3: records "correct and complete".

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
