"""Reads behind the map: places, businesses, cultivation, cameras and tips of an area, as points.

Every layer is ONE query (``values()`` with the joins it needs, limited to ``LAYER_LIMIT + 1`` rows
so that truncation is visible) starting from ``Model.objects.for_user(user)`` and then restricted,
never widened, to the chosen area. The number of queries therefore does not depend on the number
of points. Rows without coordinates are returned too (``geometry: null``) so that the page can
list them beside the map.

Nothing sensitive leaves here: no person linked to a place, no business owner's phone, and for a
tip neither its description nor anything about its sender (``Tip.IDENTITY_FIELDS``); the tip
layer is built only for users whose role may handle tips. Text is returned as plain strings; the
map script inserts it with ``textContent``, so it is never interpreted as HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db.models import Count, FloatField, Q, QuerySet
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, trans_real

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.areas.selectors import root_areas_for_user
from khongmatuy.common.badges import tone_of
from khongmatuy.common.dates import dmy
from khongmatuy.common.links import detail_url_pattern
from khongmatuy.common.numbers import format_decimal
from khongmatuy.common.roles import Capability
from khongmatuy.criteria.models import Recognition
from khongmatuy.people.models import Person
from khongmatuy.people.selectors import episodes
from khongmatuy.places.models import Business, Camera, Cultivation, Place
from khongmatuy.tips.models import Tip
from khongmatuy.tips.selectors import tips_overdue

# Points per layer sent to the browser; Leaflet draws a few thousand circle markers smoothly.
LAYER_LIMIT = 2000


@dataclass(frozen=True)
class LayerSpec:
    """A map layer: its key in URLs and GeoJSON, its label, its statuses and who may see it."""

    key: str
    label: Any  # lazy translation
    statuses: tuple[tuple[str, Any], ...]
    capability: Capability = Capability.VIEW_PLACES


BUSINESS_STATUSES = (
    ("active", gettext_lazy("Đang hoạt động")),
    ("inactive", gettext_lazy("Đã ngừng hoạt động")),
)
CULTIVATION_STATUSES = (
    ("present", gettext_lazy("Chưa tiêu hủy")),
    ("destroyed", gettext_lazy("Đã tiêu hủy")),
)

LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec("hotspot", Place.Kind.HOTSPOT.label, tuple(Place.Status.choices)),
    LayerSpec("harbouring", Place.Kind.HARBOURING.label, tuple(Place.Status.choices)),
    LayerSpec("business", gettext_lazy("Cơ sở kinh doanh có điều kiện"), BUSINESS_STATUSES),
    LayerSpec("cultivation", gettext_lazy("Trồng cây có chứa chất ma túy"), CULTIVATION_STATUSES),
    LayerSpec("camera", gettext_lazy("Camera an ninh"), tuple(Camera.Status.choices)),
    LayerSpec(
        "tip", gettext_lazy("Tin báo, tố giác"), tuple(Tip.Status.choices), Capability.HANDLE_TIPS
    ),
)
LAYER_BY_KEY = {layer.key: layer for layer in LAYERS}


def layers_for_user(user: User) -> list[LayerSpec]:
    """The layers the user's role may see (tips only for the handling chain)."""
    return [layer for layer in LAYERS if user.can(layer.capability)]


@dataclass(frozen=True)
class MapFilters:
    """What to draw: layer keys, and per layer the statuses kept (absent: every status)."""

    layers: frozenset[str]
    statuses: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def parse(cls, *, user: User, layers: Iterable[str], statuses: Iterable[str]) -> MapFilters:
        """From ``?layer=hotspot&status=hotspot:detected``; unknown or forbidden values are
        dropped (never an error). No ``layer`` at all means every layer the user may see."""
        allowed = {layer.key: layer for layer in layers_for_user(user)}
        chosen = frozenset(key for key in layers if key in allowed) or frozenset(allowed)
        by_layer: dict[str, set[str]] = {}
        for raw in statuses:
            key, _sep, status = raw.partition(":")
            if key in chosen and status in dict(allowed[key].statuses):
                by_layer.setdefault(key, set()).add(status)
        return cls(chosen, {key: frozenset(values) for key, values in by_layer.items()})

    def status_filter(self, key: str) -> frozenset[str] | None:
        return self.statuses.get(key)

    def query_items(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs (for the points URL and the form)."""
        items = [("layer", key) for key in sorted(self.layers)]
        for key in sorted(self.statuses):
            items += [("status", f"{key}:{s}") for s in sorted(self.statuses[key])]
        return items


# --- the area ----------------------------------------------------------------------------------


def map_area(*, user: User, pk: int | None) -> Area:
    """``pk`` from the user's scope (else 404); without one, the user's (first) root area."""
    if pk is not None:
        return get_object_or_404(
            Area.objects.for_user(user).select_related("parent"), pk=pk, is_active=True
        )
    roots = root_areas_for_user(user=user)
    if not roots:
        from django.http import Http404

        raise Http404
    return sorted(roots, key=lambda a: (a.level, a.sort_key, a.pk))[0]


def area_choices(*, user: User, area: Area) -> list[Area]:
    """What the area picker offers: the user's root areas, the current area and its children."""
    roots = root_areas_for_user(user=user)
    children = list(
        Area.objects.for_user(user).filter(parent=area, is_active=True).order_by("sort_key", "name")
    )
    seen: set[int] = set()
    result: list[Area] = []
    for candidate in [*sorted(roots, key=lambda a: (a.level, a.sort_key)), area, *children]:
        if candidate.pk not in seen:
            seen.add(candidate.pk)
            result.append(candidate)
    return result


def dashboard_ancestors(*, user: User, area: Area) -> list[Area]:
    """The areas above ``area`` that the user sees, top first (the dashboard's way back up;
    one query)."""
    ids = {i for i in (area.parent_id, area.province_id, area.commune_id) if i and i != area.pk}
    above = Q(pk__in=ids) | Q(level=Level.COUNTRY) if area.level > Level.COUNTRY else Q(pk__in=())
    return list(
        Area.objects.for_user(user).filter(above, is_active=True).order_by("level", "sort_key")
    )


def _in_area(qs: QuerySet[Any], area: Area, area_field: str = "area") -> QuerySet[Any]:
    """Restrict (never widen) a scoped queryset to ``area`` and below (one indexed column)."""
    if area.level == Level.COUNTRY:
        return qs
    if area.level == Level.PROVINCE:
        return qs.filter(**{f"{area_field}__province_id": area.pk})
    if area.level == Level.COMMUNE:
        return qs.filter(**{f"{area_field}__commune_id": area.pk})
    return qs.filter(**{f"{area_field}_id": area.pk})


# --- the points --------------------------------------------------------------------------------


def _url_pattern(name: str) -> str | None:
    """``/places/{pk}/`` for a detail URL name, reversed once (not per row); None if the app
    has no such page (yet)."""
    try:
        return detail_url_pattern(name)
    except NoReverseMatch:
        return None


class _Memo(dict[Any, str]):
    """``memo[key]`` is ``make(key)``, made once per key and request: a popup's dated line or
    label repeats across thousands of points, and a hit is a dict lookup instead of a call and
    a ``%`` formatting."""

    def __init__(self, make: Callable[[Any], str]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: Any) -> str:
        value = self[key] = self.make(key)
        return value


def _dated(template: str, *, optional: bool = False, never: str = "") -> _Memo:
    """``template % {"date": dd/mm/yyyy}`` per date, memoised. Without a date: no line at all
    (``""``) if ``optional``, else the template with ``never`` for the date."""
    memo = _Memo(lambda on: template % {"date": dmy(on) or never})
    if optional:
        memo[None] = ""
    return memo


# A layer's row: (pk, area name, latitude, longitude, *LayerQuery.fields), a tuple from
# ``values_list``: no dict per row, and the coordinates read as floats (a cast in SQL) instead of
# ``Decimal``s converted back. Each describer unpacks ``row[4:]``, the layer's own columns, and
# answers title, status label, status and popup lines (empty ones are left out).
Row = tuple[Any, ...]
Popup = tuple[Any, Any, Any, tuple[Any, ...]]
ROW_HEAD = 4
_LATITUDE, _LONGITUDE = Cast("latitude", FloatField()), Cast("longitude", FloatField())


@dataclass(frozen=True)
class LayerQuery:
    """How to read one layer: the base queryset, its status expression and the row mapper."""

    queryset: Callable[[User], QuerySet[Any]]
    status_q: Callable[[frozenset[str]], Q]
    fields: tuple[str, ...]  # the layer's own columns, after ``ROW_HEAD``
    # ``describer(today)``: a request's row mapper, with its own memos (``_Memo``)
    describer: Callable[[date], Callable[[Row], Popup]]
    url_name: str | None = None


def _labels(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """Choice labels translated once per language (not once per row: gettext is the hot spot)."""
    return {value: str(label) for value, label in choices}


def _place_query(kind: str) -> LayerQuery:
    statuses = _labels(Place.Status.choices)
    found_text, eliminated_text = _("Phát hiện: %(date)s"), _("Triệt xóa: %(date)s")

    def describer(today: date) -> Callable[[Row], Popup]:
        found, eliminated = _dated(found_text), _dated(eliminated_text, optional=True)

        def describe(row: Row) -> Popup:
            name, status, address, discovered_on, eliminated_on = row[ROW_HEAD:]
            return (
                name,
                statuses.get(status, status),
                status,
                (address, found[discovered_on], eliminated[eliminated_on]),
            )

        return describe

    return LayerQuery(
        queryset=lambda user: Place.objects.for_user(user).filter(kind=kind),
        status_q=lambda values: Q(status__in=sorted(values)),
        fields=("name", "status", "address", "discovered_on", "eliminated_on"),
        describer=describer,
        url_name="places:detail",
    )


def _business_query() -> LayerQuery:
    kinds, risks = _labels(Business.Kind.choices), _labels(Business.Risk.choices)
    statuses = _labels(BUSINESS_STATUSES)
    risk_text, inspected_text = _("Mức độ rủi ro: %(risk)s"), _("Kiểm tra gần nhất: %(date)s")
    never = _("chưa kiểm tra")

    def describer(today: date) -> Callable[[Row], Popup]:
        risk_lines = _Memo(lambda risk: risk_text % {"risk": risks.get(risk, risk)})
        inspected = _dated(inspected_text, never=never)

        def describe(row: Row) -> Popup:
            name, kind, risk, is_active, address, last_inspected_on = row[ROW_HEAD:]
            status = "active" if is_active else "inactive"
            return (
                name,
                statuses[status],
                status,
                (kinds.get(kind, kind), address, risk_lines[risk], inspected[last_inspected_on]),
            )

        return describe

    return LayerQuery(
        queryset=lambda user: Business.objects.for_user(user),
        status_q=lambda values: Q(is_active__in=sorted(v == "active" for v in values)),
        fields=("name", "kind", "risk", "is_active", "address", "last_inspected_on"),
        describer=describer,
        url_name="places:business_detail",
    )


def _cultivation_query() -> LayerQuery:
    plants, statuses = _labels(Cultivation.Plant.choices), _labels(CULTIVATION_STATUSES)
    size, found_text = _("%(plants)s cây, %(m2)s m²"), _("Phát hiện: %(date)s")
    destroyed_text = _("Tiêu hủy: %(date)s")

    def status_q(values: frozenset[str]) -> Q:
        condition = Q(pk__in=[])
        if "present" in values:
            condition |= Q(destroyed_on__isnull=True)
        if "destroyed" in values:
            condition |= Q(destroyed_on__isnull=False)
        return condition

    def describer(today: date) -> Callable[[Row], Popup]:
        found, destroyed = _dated(found_text), _dated(destroyed_text, optional=True)

        def describe(row: Row) -> Popup:
            site, plant, plant_count, area_m2, discovered_on, destroyed_on = row[ROW_HEAD:]
            status = "destroyed" if destroyed_on else "present"
            return (
                f"{plants.get(plant, plant)}: {site}",
                statuses[status],
                status,
                (
                    size % {"plants": format_decimal(plant_count), "m2": format_decimal(area_m2)},
                    found[discovered_on],
                    destroyed[destroyed_on],
                ),
            )

        return describe

    return LayerQuery(
        queryset=lambda user: Cultivation.objects.for_user(user),
        status_q=status_q,
        fields=("site", "plant", "plant_count", "area_m2", "discovered_on", "destroyed_on"),
        describer=describer,
    )


def _camera_query() -> LayerQuery:
    statuses, owners = _labels(Camera.Status.choices), _labels(Camera.Owner.choices)
    installed_text = _("Lắp đặt: %(date)s")

    def describer(today: date) -> Callable[[Row], Popup]:
        installed = _dated(installed_text, optional=True)

        def describe(row: Row) -> Popup:
            location, owner, status, installed_on = row[ROW_HEAD:]
            return (
                location,
                statuses.get(status, status),
                status,
                (owners.get(owner, owner), installed[installed_on]),
            )

        return describe

    return LayerQuery(
        queryset=lambda user: Camera.objects.for_user(user),
        status_q=lambda values: Q(status__in=sorted(values)),
        fields=("location", "owner", "status", "installed_on"),
        describer=describer,
    )


def _tip_query() -> LayerQuery:
    statuses, categories = _labels(Tip.Status.choices), _labels(Tip.Category.choices)
    title, due_text, overdue = (
        _("Tin báo %(code)s: %(category)s"),
        _("Hạn giải quyết: %(date)s"),
        _("Quá hạn"),
    )
    closed = Tip.Status.CLOSED.value

    def describer(today: date) -> Callable[[Row], Popup]:
        due = _dated(due_text)

        def describe(row: Row) -> Popup:
            code, category, status, location_text, due_on = row[ROW_HEAD:]
            late = status != closed and due_on < today
            return (
                title % {"code": code, "category": categories.get(category, category)},
                statuses.get(status, status),
                status,
                (location_text, due[due_on], overdue if late else ""),
            )

        return describe

    # Only handling facts: never the description, the contact fields or the channel's sender.
    return LayerQuery(
        queryset=lambda user: Tip.objects.for_user(user),
        status_q=lambda values: Q(status__in=sorted(values)),
        fields=("code", "category", "status", "location_text", "due_on"),
        describer=describer,
        url_name="tips:detail",
    )


@lru_cache(maxsize=16)
def _layer_queries_in(catalog: object) -> dict[str, LayerQuery]:
    """Built once per translation ``catalog`` (every label and template is in its language):
    the choices and some fifty ``gettext`` calls were a third of a millisecond per map."""
    return {
        "hotspot": _place_query(Place.Kind.HOTSPOT),
        "harbouring": _place_query(Place.Kind.HARBOURING),
        "business": _business_query(),
        "cultivation": _cultivation_query(),
        "camera": _camera_query(),
        "tip": _tip_query(),
    }


def _layer_queries() -> dict[str, LayerQuery]:
    """The layers' queries in the active language."""
    return _layer_queries_in(trans_real.catalog())


def _layer_rows(
    *, user: User, area: Area, spec: LayerQuery, statuses: frozenset[str] | None, limit: int
) -> list[Row]:
    """One query: the layer's rows in the area, newest first, at most ``limit + 1``."""
    qs = _in_area(spec.queryset(user), area)
    if statuses is not None:
        qs = qs.filter(spec.status_q(statuses))
    qs = qs.annotate(map_latitude=_LATITUDE, map_longitude=_LONGITUDE)
    fields = ("pk", "area__name", "map_latitude", "map_longitude", *spec.fields)
    return list(qs.order_by("-pk").values_list(*fields)[: limit + 1])


def _features(
    layer: str, rows: Iterable[Row], describe: Callable[[Row], Popup], url: str | None
) -> list[Any]:
    """The GeoJSON features of a layer's rows (one loop, no call per row but ``describe``)."""
    # ``url.format(pk=pk)`` without parsing the pattern per row: the parts around ``{pk}``.
    head, _marker, tail = url.partition("{pk}") if url else ("", "", "")
    features: list[Any] = []
    append = features.append
    for row in rows:
        pk, area_name, lat, lon = row[:ROW_HEAD]
        title, status_label, status, lines = describe(row)
        append(
            {
                "type": "Feature",
                "id": f"{layer}-{pk}",
                "geometry": {"type": "Point", "coordinates": [lon, lat]}
                if lat is not None and lon is not None
                else None,
                "properties": {
                    "layer": layer,
                    "title": title,
                    "status": status,
                    "status_label": status_label,
                    "area": area_name,
                    "lines": list(filter(None, lines)),
                    "url": f"{head}{pk}{tail}" if url else "",
                },
            }
        )
    return features


def map_points(
    *, user: User, area: Area, filters: MapFilters, today: date, limit: int = LAYER_LIMIT
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the chosen layers in ``area`` (already in the user's
    scope). ``meta`` (a foreign member) gives per layer the label, the count and whether it was
    cut at ``limit``. One query per layer; layers the user may not see are never queried."""
    allowed = {layer.key for layer in layers_for_user(user)}
    queries = _layer_queries()
    features: list[dict[str, Any]] = []
    meta: dict[str, Any] = {}
    for layer in LAYERS:
        if layer.key not in filters.layers or layer.key not in allowed:
            continue
        spec = queries[layer.key]
        rows = _layer_rows(
            user=user,
            area=area,
            spec=spec,
            statuses=filters.status_filter(layer.key),
            limit=limit,
        )
        url = _url_pattern(spec.url_name) if spec.url_name else None
        truncated = len(rows) > limit
        features += _features(layer.key, rows[:limit], spec.describer(today), url)
        meta[layer.key] = {
            "label": str(layer.label),
            "count": min(len(rows), limit),
            "truncated": truncated,
        }
    return {
        "type": "FeatureCollection",
        "features": features,
        "meta": {"area": area.display_name, "layers": meta},
    }


# --- the city's view: its communes compared -----------------------------------------------------

# Above this many communes in scope (a national account), the comparison asks for one province.
COMPARISON_MAX_COMMUNES = 200


@dataclass(frozen=True)
class CommuneRow:
    """One commune's figures, each counted by the same selector as the list behind it."""

    commune: Area
    persons: int
    psychosis: int
    measures_overdue: int
    tips_overdue: int | None  # None: the user's role does not handle tips
    groups: int
    groups_recognised: int
    commune_status: str  # the commune's own recognition status ("" when none is recorded)
    commune_status_code: str = ""

    @property
    def status_badge(self) -> str:
        return tone_of("criteria.Recognition.status", self.commune_status_code)

    @property
    def recognised_percent(self) -> Decimal | None:
        if not self.groups:
            return None
        return (Decimal(100 * self.groups_recognised) / self.groups).quantize(Decimal("0.1"))


def comparison_provinces(*, user: User) -> QuerySet[Area]:
    """The provinces a national account chooses from (the comparison is per province)."""
    return Area.objects.for_user(user).filter(level=Level.PROVINCE, is_active=True)


def commune_comparison(
    *, user: User, on: date, province: Area | None = None
) -> list[CommuneRow] | None:
    """The communes of the user's scope (or of ``province``) side by side, most persons first.

    A fixed number of aggregate queries, grouped by commune, whatever the number of communes:
    persons and psychosis flags, overdue management measures, overdue tips, residential groups and
    those recognised drug-free, each commune's own recognition. None when the scope holds more
    than ``COMPARISON_MAX_COMMUNES`` communes and no province is chosen.
    """
    communes = Area.objects.for_user(user).filter(level=Level.COMMUNE, is_active=True)
    if province is not None:
        communes = communes.filter(province=province)
    communes = communes.select_related("parent").order_by("sort_key")
    rows = list(communes[: COMPARISON_MAX_COMMUNES + 1])
    if len(rows) > COMPARISON_MAX_COMMUNES:
        return None
    ids = [c.pk for c in rows]

    def by_commune(qs: QuerySet[Any], path: str, **extra: Any) -> dict[int, dict[str, int]]:
        return {
            r[path]: r
            for r in qs.filter(**{f"{path}__in": ids})
            .values(path)
            .annotate(n=Count("pk", distinct=True), **extra)
            .order_by()
        }

    persons = by_commune(
        Person.objects.for_user(user).active(),
        "area__commune_id",
        psychosis=Count("pk", filter=Q(psychosis=True)),
    )
    overdue = by_commune(episodes.overdue(user=user, today=on), "person__area__commune_id")
    handles_tips = user.can(Capability.HANDLE_TIPS)
    tips = by_commune(tips_overdue(user=user, today=on), "area__commune_id") if handles_tips else {}
    groups = by_commune(
        Area.objects.for_user(user).filter(level=Level.GROUP, is_active=True), "commune_id"
    )
    good = (Recognition.Status.RECOGNISED, Recognition.Status.KEPT)
    recognised = by_commune(
        Recognition.objects.for_user(user).filter(
            area__level=Level.GROUP, area__is_active=True, status__in=good
        ),
        "area__commune_id",
        areas=Count("area", distinct=True),
    )
    own = dict(
        Recognition.objects.for_user(user)
        .filter(area_id__in=ids)
        .order_by("area_id", "-pk")
        .values_list("area_id", "status")
    )
    status_labels = dict(Recognition.Status.choices)
    result = [
        CommuneRow(
            commune=c,
            persons=persons.get(c.pk, {}).get("n", 0),
            psychosis=persons.get(c.pk, {}).get("psychosis", 0),
            measures_overdue=overdue.get(c.pk, {}).get("n", 0),
            tips_overdue=tips.get(c.pk, {}).get("n", 0) if handles_tips else None,
            groups=groups.get(c.pk, {}).get("n", 0),
            groups_recognised=recognised.get(c.pk, {}).get("areas", 0),
            commune_status=str(status_labels.get(own.get(c.pk, ""), "")),
            commune_status_code=own.get(c.pk, ""),
        )
        for c in rows
    ]
    result.sort(key=lambda r: (-r.persons, -r.measures_overdue, r.commune.sort_key))
    return result
