"""The map's points and the tip queue, as a commune officer (Gia Viên) and a city user (Hải Phòng).

Each is timed twice: through the selector the pages use (``reports.selectors.map_points``, every
layer of the user's root area, one query per layer, as GeoJSON; ``tips.selectors.tip_queue``, the
open tips by deadline, a page of 50 with its count) and as the same work in hand-written SQL with
the same scope, so the cost of the ORM's shape is visible. Both must give the same rows.

The places stage of the generator runs first if the dataset has none (``make bench`` at ward or
city scale, where ``generate_synthetic`` leaves it off by default); it is idempotent.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date
from typing import Any

from django.db import connection
from django.utils import timezone

from bench.bench_people import _fetch, _scope_sql
from bench.timing import BenchError, Figure, p95, time_ms
from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.demo import synthetic_places
from khongmatuy.places.models import Business, Camera, Cultivation, Place
from khongmatuy.reports import selectors as map_selectors
from khongmatuy.tips import selectors as tip_selectors
from khongmatuy.tips.models import Tip

USERS = ("commune", "city")
PAGE = 50
LIMIT = map_selectors.LAYER_LIMIT
OPEN = ("received", "assigned", "verifying")

# layer → (table, extra condition): what each layer's query reads.
LAYER_SQL: dict[str, tuple[type[Any], str]] = {
    "hotspot": (Place, "t.kind = 'hotspot'"),
    "harbouring": (Place, "t.kind = 'harbouring'"),
    "business": (Business, "1 = 1"),
    "cultivation": (Cultivation, "1 = 1"),
    "camera": (Camera, "1 = 1"),
    "tip": (Tip, "1 = 1"),
}


def _coordinate(value: Any) -> float | None:
    return None if value is None else float(value)


def _subtree_sql(area: Area) -> tuple[str, list[Any]]:
    if area.level == Level.COUNTRY:
        return "1 = 1", []
    column = {Level.PROVINCE: "a.province_id", Level.COMMUNE: "a.commune_id"}.get(
        Level(area.level), "a.id"
    )
    return f"{column} = %s", [area.pk]


# --- map points ------------------------------------------------------------------------------
#
# The answer is the page's: a GeoJSON collection whose features carry the popup (title, status,
# lines, link). Both sides build it with the selector's own feature mapper; the floor reads the
# same columns with one hand-written query per layer instead of the ORM's.


def map_orm(user: User, area: Area, today: date) -> dict[str, Any]:
    filters = map_selectors.MapFilters.parse(user=user, layers=[], statuses=[])
    return map_selectors.map_points(user=user, area=area, filters=filters, today=today)


def map_sql(user: User, area: Area, today: date) -> dict[str, Any]:
    """One query per layer, like the selector: the rows with their area's name, newest first."""
    qn = connection.ops.quote_name
    scope, scope_params = _scope_sql(user, "a")
    subtree, subtree_params = _subtree_sql(area)
    filters = map_selectors.MapFilters.parse(user=user, layers=[], statuses=[])
    allowed = {layer.key for layer in map_selectors.layers_for_user(user)}
    queries = map_selectors._layer_queries()
    features: list[dict[str, Any]] = []
    meta: dict[str, Any] = {}
    for layer in map_selectors.LAYERS:
        if layer.key not in filters.layers or layer.key not in allowed:
            continue
        spec = queries[layer.key]
        model, condition = LAYER_SQL[layer.key]
        fields = [model._meta.get_field(name) for name in spec.fields]
        columns = ", ".join(f"t.{qn(f.column)}" for f in fields)
        rows = _fetch(
            f"SELECT t.id, a.name, t.latitude, t.longitude, {columns}"
            f" FROM {qn(model._meta.db_table)} t JOIN {qn(Area._meta.db_table)} a"
            f" ON a.id = t.area_id WHERE {scope} AND {subtree} AND {condition}"
            f" ORDER BY t.id DESC LIMIT {LIMIT + 1}",
            [*scope_params, *subtree_params],
        )
        url = map_selectors._url_pattern(spec.url_name) if spec.url_name else None
        records = [
            (
                row[0],
                row[1],
                _coordinate(row[2]),
                _coordinate(row[3]),
                *(f.to_python(value) for f, value in zip(fields, row[4:], strict=True)),
            )
            for row in rows[:LIMIT]
        ]
        features += map_selectors._features(layer.key, records, spec.describer(today), url)
        meta[layer.key] = {
            "label": str(layer.label),
            "count": min(len(rows), LIMIT),
            "truncated": len(rows) > LIMIT,
        }
    return {
        "type": "FeatureCollection",
        "features": features,
        "meta": {"area": area.display_name, "layers": meta},
    }


# --- tip queue ---------------------------------------------------------------------------------


def queue_orm(user: User, today: date) -> tuple[int, list[int]]:
    qs = tip_selectors.tip_queue(user=user, today=today)
    return qs.count(), [t.pk for t in qs[:PAGE]]


def queue_sql(user: User) -> tuple[int, list[int]]:
    qn = connection.ops.quote_name
    tip, area = qn(Tip._meta.db_table), qn(Area._meta.db_table)
    user_table = qn(User._meta.db_table)
    scope, params = _scope_sql(user, "a")
    where = f"{scope} AND t.status IN ({', '.join(['%s'] * len(OPEN))})"
    params = [*params, *OPEN]
    frm = f"FROM {tip} t JOIN {area} a ON a.id = t.area_id"
    (count,) = _fetch(f"SELECT COUNT(*) {frm} WHERE {where}", params)[0]
    rows = _fetch(
        # the columns the queue's table reads (``tips.selectors.QUEUE_FIELDS``)
        f"SELECT t.id, t.code, t.category, t.status, t.received_at, t.due_on, t.closed_on,"
        f" t.area_id, t.assigned_to_id, a.name, a.level, a.kind, u.username, u.full_name"
        f" {frm} LEFT JOIN {user_table} u ON u.id = t.assigned_to_id"
        f" WHERE {where} ORDER BY t.due_on, t.received_at, t.id LIMIT {PAGE}",
        params,
    )
    return int(count), [int(r[0]) for r in rows]


# --- figures -----------------------------------------------------------------------------------


def _map(key: str, user: User, today: date) -> list[Figure]:
    area = map_selectors.map_area(user=user, pk=None)
    orm, sql = map_orm(user, area, today), map_sql(user, area, today)
    if orm != sql:
        raise BenchError(
            f"map points for {key}: ORM and SQL differ"
            f" ({len(orm['features'])} vs {len(sql['features'])} features)"
        )
    if not orm["features"]:
        raise BenchError(f"map points for {key}: no points; is the dataset loaded?")
    return [
        Figure(f"map_points_{key}_p95", p95(time_ms(lambda: map_orm(user, area, today))), "ms"),
        Figure(f"map_points_{key}_sql_p95", p95(time_ms(lambda: map_sql(user, area, today))), "ms"),
        Figure(f"map_points_{key}_points", len(orm["features"]), "count"),
    ]


def _queue(key: str, user: User, today: date) -> list[Figure]:
    orm, sql = queue_orm(user, today), queue_sql(user)
    if orm != sql:
        raise BenchError(f"tip queue for {key}: ORM and SQL differ ({orm[0]} vs {sql[0]} rows)")
    if not orm[1]:
        raise BenchError(f"tip queue for {key}: no open tips; is the dataset loaded?")
    return [
        Figure(f"tip_queue_{key}_p95", p95(time_ms(lambda: queue_orm(user, today))), "ms"),
        Figure(f"tip_queue_{key}_sql_p95", p95(time_ms(lambda: queue_sql(user))), "ms"),
        Figure(f"tip_queue_{key}_open", orm[0], "count"),
    ]


def run() -> list[Figure]:
    today = timezone.localdate()
    started = time.perf_counter()
    result = synthetic_places.generate(
        scale=os.environ.get("SCALE") or "national", seed=42, on=today
    )
    if result.created_anything:
        print(
            f"bench: places stage {result.communes_filled} communes in "
            f"{time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    users = {key: User.objects.get(username=f"bench_{key}") for key in USERS}
    figures = [
        Figure("dataset_places", Place.objects.count(), "count"),
        Figure("dataset_tips", Tip.objects.count(), "count"),
    ]
    for key in USERS:
        figures += _map(key, users[key], today)
    for key in USERS:
        figures += _queue(key, users[key], today)
    return figures
