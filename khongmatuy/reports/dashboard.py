"""The leadership dashboard of an area (country, province or city, commune, residential group).

Live: the figures of the reporting period running today (Decree 09/2019/NĐ-CP Art. 12 periods,
``rules.periods``), counted up to today by the same code as the official reports
(``figures.counts``) and compared with the same days of last year; the monthly trend; the
roadmaps' targets against what is achieved (``criteria.selectors.roadmaps.progress``); what is
overdue now; and the subunits one level down, each row opening that subunit's dashboard.

Every figure whose records a list can show exactly carries that list's URL with its existing
filters (the same QuerySet conditions as the count), so the drill-down count equals the figure.
The lists filter by commune or residential group, or by the whole scope of the user: a province
seen by a national account shows its figures without links.

A fixed number of aggregate queries whatever the size of the area.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from khongmatuy.areas.models import Area, Level
from khongmatuy.cases.models import Case
from khongmatuy.common.access import may_open
from khongmatuy.common.roles import Capability
from khongmatuy.common.scoping import agency_organisation_id, scope_for
from khongmatuy.criteria.models import Recognition, Roadmap
from khongmatuy.criteria.selectors import roadmaps as roadmap_selectors
from khongmatuy.criteria.selectors.roadmaps import below_q_kwargs
from khongmatuy.people import counting
from khongmatuy.people.choices import Category
from khongmatuy.people.models import PersonCategory
from khongmatuy.people.selectors import episodes as episode_selectors
from khongmatuy.places.models import Place
from khongmatuy.prevention.selectors import coverage
from khongmatuy.tips.models import Tip
from khongmatuy.tips.selectors import tips_overdue

from . import figures
from .documents.content import cell, change
from .legal import cutoff_day_for
from .rules import periods
from .rules.periods import Period, PeriodKind

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)
TREND_MONTHS = 12
ROADMAPS_SHOWN = 3


@dataclass(frozen=True)
class Figure:
    code: str
    label: str
    value: int | str | None  # None: "chưa có dữ liệu" (the figure's source is not built yet)
    last_year: int | str | None
    unit: str
    url: str = ""  # the records behind the figure ("" when no list shows exactly them)
    kind: str = ""  # figures.MONEY or figures.PERCENT: shown through ``text``

    @property
    def change(self) -> int | None:
        if isinstance(self.value, int) and isinstance(self.last_year, int):
            return self.value - self.last_year
        return None

    @property
    def text(self) -> str:
        """Money "1.234.567 đ" or a rate "45,5 %" (the report's cell); "" for a count."""
        return cell(self.value, self.kind) if self.kind else ""

    @property
    def last_year_text(self) -> str:
        return cell(self.last_year, self.kind) if self.kind else ""

    @property
    def change_text(self) -> str:
        return change(
            figures.Row(self.code, self.label, self.value, self.last_year, kind=self.kind)
        )


@dataclass(frozen=True)
class Section:
    title: str
    figures: list[Figure]


@dataclass(frozen=True)
class Series:
    code: str
    label: str
    values: list[int]


@dataclass(frozen=True)
class SubunitRow:
    area: Area
    managed: int
    measures_overdue: int
    tips_overdue: int | None  # None: the user's role does not handle tips
    places_existing: int
    recognised: bool


@dataclass
class Dashboard:
    area: Area
    period: Period  # the running period, ``end`` = today
    compared: Period
    sections: list[Section]
    months: list[Period]
    series: list[Series]
    coverage: coverage.Ratio
    coverage_url: str
    roadmaps: list[roadmap_selectors.Progress]
    overdue: list[Figure]
    subunits: list[SubunitRow] = field(default_factory=list)
    programme_url: str = ""  # the programme's indicators: the year's target against the result

    def figure(self, code: str) -> Figure:
        return next(f for s in self.sections for f in s.figures if f.code == code)


def running_period(
    kind: str, today: date, *, cutoff_day: int = periods.CUTOFF_DAY
) -> tuple[Period, Period]:
    """The period of ``kind`` running on ``today``, cut at today, and the same days a year
    before (29/2 falls back to 28/2)."""
    full = periods.current(kind, on=today, cutoff_day=cutoff_day)
    now = replace(full, end=min(full.end, today))

    def year_before(day: date) -> date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:
            return day.replace(year=day.year - 1, day=28)

    return now, replace(now, start=year_before(now.start), end=year_before(now.end))


# --- drill-down links ----------------------------------------------------------------------------


def _is_whole_scope(user: User, area: Area) -> bool:
    """Whether a list without an area filter shows exactly ``area``'s records for ``user``."""
    scope = scope_for(user)
    if scope.everything:
        return area.level == Level.COUNTRY
    return scope.province_ids | scope.commune_ids | scope.group_ids == {area.pk}


def _linker(user: User, area: Area) -> Callable[..., str]:
    """``link(url_name, **filters)``: the list's URL narrowed to ``area``, or "" when no list
    narrows to it or the user's role may not open the list."""
    if _is_whole_scope(user, area):
        area_param: int | str = ""
    elif area.level >= Level.COMMUNE:
        area_param = area.pk
    else:
        return lambda name, **params: ""

    def link(name: str, *, area_filter: bool = True, named: bool = False, **params: Any) -> str:
        """``named``: the list's area filter also takes in what reaches the area from outside
        it (the activities), so a commune or group is always named, never left blank."""
        if not area_filter and area_param != "":
            return ""  # a list without an area filter shows only the whole scope
        if area_filter:
            params["area"] = area.pk if named and area.level >= Level.COMMUNE else area_param
        query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
        url = f"{reverse(name)}?{query}" if query else reverse(name)
        return url if may_open(user.role, url) else ""

    return link


def _urls(
    link: Callable[..., str], period: Period, *, user: User, area: Area, today: date
) -> dict[str, str]:
    """The list behind each period figure (codes of ``figures.counts``)."""
    day, start = f"{period.end:%d/%m/%Y}", f"{period.start:%d/%m/%Y}"
    urls = {
        "persons.managed": link("people:list", status="all", users="1", as_of=day),
        "persons.new_users": link("people:list", status="all", new_from=start, new_to=day),
        "places.existing": link("places:list", existing_on=day),
        "places.recurred": link("places:list", recurred_from=start, recurred_to=day),
        "cases.total": link("cases:list", start=start, end=day),
        "cases.arrested": link("cases:arrests", start=start, end=day),
        "prevention.sessions": link("prevention:list", named=True, date_from=start, date_to=day),
    }
    if period.end == today and area.level <= Level.COMMUNE and agency_organisation_id(user) is None:
        # The task list's overdue filter is as of today and its area filter takes a commune
        # (tasks are filed under a commune or a province); an agency sees only its own tasks.
        urls["plans.tasks_overdue"] = link("plans:tasks", due="overdue")
    for category in Category:
        urls[f"persons.{category.value}"] = link(
            "people:list", status="all", category=category.value, as_of=day
        )
    return urls


# --- the pieces ----------------------------------------------------------------------------------


def _sections(area: Area, period: Period, compared: Period, urls: dict[str, str]) -> list[Section]:
    rows = figures.compute(area=area, period=period, compared=compared)
    return [
        Section(
            title=title,
            figures=[
                Figure(r.code, r.label, r.value, r.last_year, r.unit, urls.get(r.code, ""), r.kind)
                for r in items
            ],
        )
        for title, items in figures.sections(rows)
    ]


def month_periods(
    today: date, months: int = TREND_MONTHS, *, cutoff_day: int = periods.CUTOFF_DAY
) -> list[Period]:
    """The reporting months ending with the one running today (the last cut at today)."""
    last = periods.current(PeriodKind.MONTH, on=today, cutoff_day=cutoff_day)
    out: list[Period] = []
    year, month = last.year, last.number
    for _i in range(months):
        out.append(periods.period(PeriodKind.MONTH, year, month, cutoff_day=cutoff_day))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    out.reverse()
    out[-1] = replace(out[-1], end=min(out[-1].end, today))
    return out


def _per_month(rows: Iterable[tuple[date, int]], months: list[Period]) -> list[int]:
    """Per month, the sum of the counts of the days that fall in it (``rows``: day, count)."""
    starts = [p.start for p in months]
    out = [0] * len(months)
    for day, n in rows:
        i = bisect_right(starts, day) - 1
        if i >= 0 and day <= months[i].end:
            out[i] += n
    return out


def _per_day(qs: QuerySet[Any], day: str, months: list[Period], counted: str = "pk") -> list[int]:
    """One grouped query: how many rows of ``qs`` (distinct ``counted`` values) each day of the
    months holds, added up per month in Python. Cheaper to build than a ``FILTER`` column per
    month, and the same numbers whatever the engine: the days are the ones the database gives."""
    rows = (
        qs.filter(**{f"{day}__gte": months[0].start, f"{day}__lte": months[-1].end})
        .values_list(day)
        .annotate(n=Count(counted, distinct=counted != "pk"))
        .order_by()
    )
    return _per_month(rows, months)


def _trend(area: Area, months: list[Period]) -> list[Series]:
    """Per month, counted as the period figures are: new users found, places found, cases,
    tips received (one query each).

    A new user counts in the month holding the start of the person's first user or addict
    category (``counting.new_user_between``): the rows that start a person's first category,
    counted per day (a person whose two first categories start the same day counts once)."""
    first_category = ~Exists(
        PersonCategory.objects.filter(
            person_id=OuterRef("person_id"),
            category__in=counting.USERS,
            started_on__lt=OuterRef("started_on"),
        )
    )
    return [
        Series(
            "persons.new_users",
            _("Người sử dụng, nghiện mới phát hiện"),
            _per_day(
                PersonCategory.objects.filter(
                    first_category,
                    category__in=counting.USERS,
                    **below_q_kwargs(area, "person__area__"),
                ),
                "started_on",
                months,
                counted="person_id",
            ),
        ),
        Series(
            "places.found",
            _("Điểm, tụ điểm phát hiện mới"),
            _per_day(
                Place.objects.filter(**below_q_kwargs(area, "area__")), "discovered_on", months
            ),
        ),
        Series(
            "cases.total",
            _("Vụ việc, vụ án phát hiện"),
            _per_day(Case.objects.filter(**below_q_kwargs(area, "area__")), "occurred_on", months),
        ),
        Series(
            "tips.received",
            _("Tin báo, tố giác tiếp nhận"),
            _per_day(
                Tip.objects.filter(**below_q_kwargs(area, "area__")), "received_at__date", months
            ),
        ),
    ]


def _overdue(user: User, area: Area, today: date, link: Callable[..., str]) -> list[Figure]:
    """What is overdue now, counted by the selectors of the lists it links to."""
    measures = _in_area(episode_selectors.overdue(user=user, today=today), area, "person__area")
    out = [
        Figure(
            "overdue.measures",
            _("Biện pháp quản lý, cai nghiện quá hạn"),
            measures.count(),
            None,
            _("biện pháp"),
            link("people:deadlines", area_filter=False, tab="overdue"),
        )
    ]
    if user.can(Capability.HANDLE_TIPS):
        tips = _in_area(tips_overdue(user=user, today=today), area, "area")
        out.append(
            Figure(
                "overdue.tips",
                _("Tin báo, tố giác quá hạn chưa giải quyết"),
                tips.count(),
                None,
                _("tin"),
                link("tips:queue", overdue="1"),
            )
        )
    return out


def _in_area(qs: QuerySet[Any], area: Area, path: str) -> QuerySet[Any]:
    return qs.filter(**below_q_kwargs(area, f"{path}__"))


# The column naming a record's subunit one level below the dashboard's area.
_CHILD = {Level.COUNTRY: "province_id", Level.PROVINCE: "commune_id", Level.COMMUNE: "id"}


def subunit_rows(*, user: User, area: Area, today: date) -> list[SubunitRow]:
    """The areas one level down, each with its live figures (a fixed number of grouped
    queries): persons managed, measures and tips overdue, places existing, recognised."""
    column = _CHILD.get(Level(area.level))
    if column is None:
        return []
    children = list(
        Area.objects.for_user(user).filter(parent=area, is_active=True).order_by("sort_key", "name")
    )
    if not children:
        return []
    ids = [c.pk for c in children]

    def grouped(qs: QuerySet[Any], path: str, distinct: str = "pk") -> dict[int, int]:
        key = f"{path}__{column}" if column != "id" else f"{path}_id"
        return dict(
            qs.filter(**{f"{key}__in": ids})
            .values(key)
            .annotate(n=Count(distinct, distinct=True))
            .order_by()
            .values_list(key, "n")
        )

    managed = grouped(
        PersonCategory.objects.filter(counting.managed_on(today)), "person__area", "person_id"
    )
    measures = grouped(episode_selectors.overdue(user=user, today=today), "person__area")
    handles_tips = user.can(Capability.HANDLE_TIPS)
    tips = grouped(tips_overdue(user=user, today=today), "area") if handles_tips else {}
    places = grouped(Place.objects.existing_on(today).for_user(user), "area")
    good = (Recognition.Status.RECOGNISED, Recognition.Status.KEPT)
    recognised = set(
        Recognition.objects.for_user(user)
        .filter(area_id__in=ids, status__in=good)
        .values_list("area_id", flat=True)
    )
    return [
        SubunitRow(
            area=c,
            managed=managed.get(c.pk, 0),
            measures_overdue=measures.get(c.pk, 0),
            tips_overdue=tips.get(c.pk, 0) if handles_tips else None,
            places_existing=places.get(c.pk, 0),
            recognised=c.pk in recognised,
        )
        for c in children
    ]


def _roadmaps(user: User, area: Area, today: date) -> list[roadmap_selectors.Progress]:
    """The area's own roadmaps: each target against what is achieved."""
    own = Roadmap.objects.for_user(user).filter(area=area).select_related("area")
    return [
        roadmap_selectors.progress(user=user, roadmap=r, on=today)
        for r in own.order_by("name_sort", "pk")[:ROADMAPS_SHOWN]
    ]


def build(*, user: User, area: Area, kind: str, today: date) -> Dashboard:
    """The whole dashboard of ``area`` (from the user's scope) for the ``kind`` period running
    on ``today``."""
    cutoff_day = cutoff_day_for(area)  # the province's regulation, else Art. 12's 14th
    period, compared = running_period(kind, today, cutoff_day=cutoff_day)
    link = _linker(user, area)
    months = month_periods(today, cutoff_day=cutoff_day)
    return Dashboard(
        area=area,
        period=period,
        compared=compared,
        sections=_sections(
            area, period, compared, _urls(link, period, user=user, area=area, today=today)
        ),
        months=months,
        series=_trend(area, months),
        coverage=coverage.month_coverage(user=user, on=today, area=area),
        coverage_url=_coverage_url(user, area),
        roadmaps=_roadmaps(user, area, today),
        overdue=_overdue(user, area, today, link),
        subunits=subunit_rows(user=user, area=area, today=today),
        programme_url=_programme_url(user, area),
    )


def _coverage_url(user: User, area: Area) -> str:
    url = f"{reverse('prevention:coverage')}?{urlencode({'area': area.pk})}"
    return url if may_open(user.role, url) else ""


def _programme_url(user: User, area: Area) -> str:
    """The national target programme's indicators of the area (a residential group's: its
    commune's, the lowest level the programme counts)."""
    area_id: int = area.pk
    if area.level > Level.COMMUNE and area.commune_id is not None:
        area_id = area.commune_id
    url = f"{reverse('programme:indicators')}?{urlencode({'area': area_id})}"
    return url if may_open(user.role, url) else ""


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"))


def chart_data(board: Dashboard) -> dict[str, Any]:
    """What ``reports/dashboard.js`` draws (read from a ``json_script`` element)."""
    return {
        "labels": [f"{p.number:02d}/{p.year}" for p in board.months],
        "series": [{"label": s.label, "values": s.values} for s in board.series],
        "roadmaps": [
            {
                "label": f"{p.roadmap.name} {t.label}",
                "expected": t.expected,
                "actual": t.actual,
            }
            for p in board.roadmaps
            for t in p.targets
        ],
    }
