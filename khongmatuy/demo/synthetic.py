"""Synthetic residential groups and population figures on top of the official area list.

Three scales, each contained in the next so that they can be loaded one after another:

* ``ward``: Gia Viên (Hải Phòng, code 11359) with its 73 residential groups;
* ``city``: every commune-level unit of Hải Phòng (code 31, 114 units, about 3,800 groups);
* ``national``: the 34 provinces and 3,321 units, about 100,000 groups (design §4, Scale).

Provinces and communes are the official ones (``load_official_areas``); only the groups and the
figures are invented, and every figure says so in its ``source``. A commune's groups depend only on
the seed and the commune's code (one ``random.Random`` per commune), so Gia Viên is the same at
every scale and two runs with one seed write the same rows.

Idempotent without a marker row: a commune that already has residential groups is left alone, so a
second run finds nothing to do, and loading ``city`` after ``ward`` only fills the other units.
Rows are written by the bulk loader (``common.db.bulk``: COPY on PostgreSQL, ``executemany`` on
SQLite, keys handed out in list order) in one transaction and audited by one summary event, as
bulk loads are (``load_official_areas`` does the same).
"""

from __future__ import annotations

import random
import secrets
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from django.db import connection, transaction
from django.db.models import Model, QuerySet

from khongmatuy.accounts import services as account_services
from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, AreaFigure, Kind, Level
from khongmatuy.areas.official import load_official_areas
from khongmatuy.areas.rules.naming import sort_key_for
from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.db import bulk
from khongmatuy.common.roles import Role
from khongmatuy.common.text import fold

# Instances built without ``Model.__init__``'s overhead (``bulk.instance_maker``).
make_area = bulk.instance_maker(Area)
make_area_figure = bulk.instance_maker(AreaFigure)


HAI_PHONG_CODE = "31"
GIA_VIEN_CODE = "11359"
GIA_VIEN_GROUPS = 73  # the real count, from the Gia Viên programme in shared/seeds
# Group counts per unit: wards are denser than rural communes; about 30 on average nationwide.
GROUPS_PER_WARD = (15, 60)
GROUPS_PER_COMMUNE = (10, 50)
FIGURE_DATES = (date(2025, 1, 1), date(2026, 1, 1))
SOURCE = "Số liệu mô phỏng (synthetic)"
BATCH_SIZE = 2000
COMMUNES_PER_CHUNK = 100  # about 3,500 groups held in memory at a time

VILLAGE_NAMES = (
    "An Bình", "An Hòa", "An Lạc", "An Phú", "Bắc", "Bình Minh", "Cầu", "Chợ", "Đình", "Đoài",
    "Đông", "Đồng Tâm", "Hạ", "Hòa Bình", "Hồng Phong", "Hưng Long", "Kim Sơn", "Làng Mới",
    "Lương Điền", "Minh Khai", "Nam", "Ngọc Lâm", "Phú Mỹ", "Phúc Lộc", "Quang Trung", "Tân An",
    "Tân Lập", "Tân Thành", "Thái Hòa", "Thanh Bình", "Thịnh Vượng", "Thống Nhất", "Thượng",
    "Tiền Phong", "Trại", "Trung", "Trung Hậu", "Vạn Phúc", "Văn Trì", "Vĩnh Phúc", "Xuân Đài",
    "Yên Thái",
)  # fmt: skip


@dataclass(frozen=True)
class ScaleSpec:
    """Which official units a scale loads and fills with groups (None: all of them)."""

    province_codes: frozenset[int] | None
    commune_codes: frozenset[str] | None


SCALES: dict[str, ScaleSpec] = {
    "ward": ScaleSpec(frozenset({int(HAI_PHONG_CODE)}), frozenset({GIA_VIEN_CODE})),
    "city": ScaleSpec(frozenset({int(HAI_PHONG_CODE)}), None),
    "national": ScaleSpec(None, None),
}


@dataclass(frozen=True)
class FigurePlan:
    as_of: date
    population: int
    households: int


@dataclass(frozen=True)
class GroupPlan:
    name: str
    kind: str
    figures: tuple[FigurePlan, ...]  # oldest first; the last one is current


def _rng(seed: int, commune_code: str) -> random.Random:
    # A str seed is hashed with SHA-512: stable across processes and Python builds.
    return random.Random(f"kmt-synthetic:{seed}:{commune_code}")


def _group_figures(rng: random.Random, *, urban: bool) -> tuple[FigurePlan, ...]:
    population = rng.randint(400, 2400) if urban else rng.randint(300, 3000)
    current = FigurePlan(
        FIGURE_DATES[-1], population, max(1, round(population / rng.uniform(3.2, 4.4)))
    )
    if rng.random() < 0.5:
        return (current,)
    earlier_population = max(1, round(population * rng.uniform(0.94, 1.03)))
    earlier = FigurePlan(
        FIGURE_DATES[0],
        earlier_population,
        max(1, round(earlier_population / rng.uniform(3.3, 4.5))),
    )
    return (earlier, current)


def commune_plan(*, seed: int, commune_code: str, commune_kind: str) -> list[GroupPlan]:
    """The groups of one commune-level unit and their figures; depends on nothing else."""
    rng = _rng(seed, commune_code)
    urban = commune_kind != Kind.COMMUNE
    if commune_code == GIA_VIEN_CODE:
        count = GIA_VIEN_GROUPS
    else:
        count = rng.randint(*(GROUPS_PER_WARD if commune_kind == Kind.WARD else GROUPS_PER_COMMUNE))
    if urban:
        kind, names = Kind.RESIDENTIAL_GROUP, [f"Tổ dân phố số {n}" for n in range(1, count + 1)]
    elif count <= len(VILLAGE_NAMES) and rng.random() < 0.4:
        kind, names = Kind.VILLAGE, [f"Thôn {name}" for name in rng.sample(VILLAGE_NAMES, count)]
    else:
        kind, names = Kind.VILLAGE, [f"Thôn {n}" for n in range(1, count + 1)]
    return [GroupPlan(name, kind, _group_figures(rng, urban=urban)) for name in names]


def commune_figures(groups: Sequence[GroupPlan]) -> tuple[FigurePlan, ...]:
    """A commune's figure at each date: its groups' figures in force then (else their first)."""
    figures = []
    for as_of in FIGURE_DATES:
        population = households = 0
        for group in groups:
            in_force = [f for f in group.figures if f.as_of <= as_of] or [group.figures[0]]
            population += in_force[-1].population
            households += in_force[-1].households
        figures.append(FigurePlan(as_of, population, households))
    return tuple(figures)


@dataclass(frozen=True)
class BenchUser:
    username: str
    full_name: str
    role: str
    area_level: int


BENCH_USERS = (
    BenchUser(
        "bench_commune",
        "Cán bộ Công an phường Gia Viên (bench)",
        Role.COMMUNE_POLICE,
        Level.COMMUNE,
    ),
    BenchUser(
        "bench_city", "Công an thành phố Hải Phòng (bench)", Role.CITY_POLICE, Level.PROVINCE
    ),
    BenchUser("bench_national", "Quản trị toàn quốc (bench)", Role.ADMIN, Level.COUNTRY),
)


@dataclass(frozen=True)
class GenerateResult:
    scale: str
    seed: int
    provinces: int
    communes: int
    communes_filled: int
    groups: int
    figures: int
    users: int

    @property
    def created_anything(self) -> bool:
        return any((self.provinces, self.communes, self.groups, self.figures, self.users))


Progress = Callable[[str], None]


def communes_in_scope(spec: ScaleSpec) -> QuerySet[Area]:
    """The active commune-level units that ``spec`` loads (every stage fills these)."""
    qs = Area.objects.communes().filter(is_active=True)
    if spec.province_codes is not None:
        qs = qs.filter(province__code__in=[str(c) for c in sorted(spec.province_codes)])
    if spec.commune_codes is not None:
        qs = qs.filter(code__in=sorted(spec.commune_codes))
    return qs


def chunks(items: Sequence[Area], size: int) -> Iterator[Sequence[Area]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@lru_cache(maxsize=4096)
def _names(name: str) -> tuple[str, str]:
    """Folded name and sort key; group names repeat across communes, so compute each once."""
    return fold(name), sort_key_for(name)


def _figure_rows(area_id: int, figures: Sequence[FigurePlan]) -> list[AreaFigure]:
    last = len(figures) - 1
    return [
        make_area_figure(
            area_id=area_id,
            as_of=f.as_of,
            population=f.population,
            households=f.households,
            source=SOURCE,
            is_current=i == last,  # plans list figures oldest first
        )
        for i, f in enumerate(figures)
    ]


def put(
    model: type[Model],
    objs: Sequence[Any],
    *,
    batch_size: int,
    written: Counter[type[Model]],
    keep_timestamps: bool = False,
) -> None:
    """Insert ``objs`` (COPY on PostgreSQL, ``executemany`` on SQLite, keys given in list order
    as ``bulk_create`` would) and count them for the stage's bulk audit entries.
    ``keep_timestamps``: an ``auto_now`` column already set on an object keeps its value."""
    bulk.insert_objects(model, objs, keep_timestamps=keep_timestamps, batch_size=batch_size)
    written[model] += len(objs)


def put_rows(
    model: type[Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    batch_size: int,
    written: Counter[type[Model]],
) -> None:
    """Insert rows already in the database's form (no model instance built: the largest
    tables) and count them like ``put``."""
    bulk.insert_rows(model, columns, rows, batch_size=batch_size)
    written[model] += len(rows)


def record_stage(*, written: Counter[type[Model]], tag: str, note: str) -> None:
    """One bulk audit entry per table a stage filled (``audit.record_bulk``), tagged
    ``<stage tag>/<model>`` beside the stage's own summary entry."""
    for model, count in written.items():
        if count:
            audit.record_bulk(
                actor=None,
                action=AuditEvent.Action.CREATE,
                model=model,
                count=count,
                tag=f"{tag}/{model._meta.model_name}",
                note=note,
            )


def _fill(
    communes: Sequence[Area],
    *,
    seed: int,
    with_commune_figures: set[int],
    batch_size: int,
    written: Counter[type[Model]],
) -> tuple[int, int]:
    """Create the planned groups and figures of ``communes``; returns (groups, figures)."""
    plans = {
        c.pk: commune_plan(seed=seed, commune_code=c.code, commune_kind=c.kind) for c in communes
    }
    groups: list[Area] = []
    for commune in communes:
        for plan in plans[commune.pk]:
            folded, sort_key = _names(plan.name)
            groups.append(
                make_area(
                    level=Level.GROUP,
                    kind=plan.kind,
                    name=plan.name,
                    name_folded=folded,
                    sort_key=sort_key,
                    parent_id=commune.pk,
                    province_id=commune.province_id,
                    commune_id=commune.pk,
                )
            )
    # Both engines return the new primary keys from a bulk insert (RETURNING), in order.
    put(Area, groups, batch_size=batch_size, written=written)
    figures: list[AreaFigure] = []
    created = iter(groups)
    for commune in communes:
        for plan in plans[commune.pk]:
            figures.extend(_figure_rows(next(created).pk, plan.figures))
        if commune.pk in with_commune_figures:
            figures.extend(_figure_rows(commune.pk, commune_figures(plans[commune.pk])))
    put(AreaFigure, figures, batch_size=batch_size, written=written)
    return len(groups), len(figures)


def _ensure_bench_users() -> int:
    """The accounts the bench logs in as; created once, with a random password nobody knows."""
    anchors: dict[int, Area | None] = {
        Level.COUNTRY: Area.objects.filter(level=Level.COUNTRY).first(),
        Level.PROVINCE: Area.objects.filter(level=Level.PROVINCE, code=HAI_PHONG_CODE).first(),
        Level.COMMUNE: Area.objects.filter(level=Level.COMMUNE, code=GIA_VIEN_CODE).first(),
    }
    existing = set(
        User.objects.filter(username__in=[u.username for u in BENCH_USERS]).values_list(
            "username", flat=True
        )
    )
    created = 0
    for bench_user in BENCH_USERS:
        area = anchors[bench_user.area_level]
        if bench_user.username in existing or area is None:
            continue
        account_services.user_create(
            actor=None,
            username=bench_user.username,
            password=secrets.token_urlsafe(32),  # the bench uses force_login; never typed in
            full_name=bench_user.full_name,
            role=bench_user.role,
            areas=[area],
            validate=False,
        )
        created += 1
    return created


AREA_TABLES: tuple[type[Model], ...] = (Area, AreaFigure)


def analyze(models: tuple[type[Model], ...] = AREA_TABLES) -> None:
    """Refresh the planner's statistics of ``models`` after a bulk load (both engines plan from
    them). The people and places stages call it with their own tables."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def generate(
    *, scale: str, seed: int, batch_size: int = BATCH_SIZE, progress: Progress | None = None
) -> GenerateResult:
    """Load ``scale`` (see the module docstring); a unit that already has groups is skipped."""
    spec = SCALES[scale]
    say = progress or (lambda _message: None)
    with transaction.atomic(), bulk.loading(AREA_TABLES):
        official = load_official_areas(
            province_codes=set(spec.province_codes) if spec.province_codes is not None else None
        )
        communes_qs = communes_in_scope(spec)
        filled = set(
            Area.objects.groups()
            .filter(commune__in=communes_qs)
            .order_by()
            .values_list("commune_id", flat=True)
            .distinct()
        )
        with_figures = set(
            AreaFigure.objects.filter(area__in=communes_qs).values_list("area_id", flat=True)
        )
        todo = sorted(
            (
                c
                for c in communes_qs.only("pk", "code", "kind", "province_id")
                if c.pk not in filled
            ),
            key=lambda c: int(c.code),
        )
        groups = figures = 0
        written: Counter[type[Model]] = Counter()
        for chunk in chunks(todo, COMMUNES_PER_CHUNK):
            made_groups, made_figures = _fill(
                chunk,
                seed=seed,
                with_commune_figures={c.pk for c in chunk if c.pk not in with_figures},
                batch_size=batch_size,
                written=written,
            )
            groups, figures = groups + made_groups, figures + made_figures
            say(f"{scale}: {groups:,} groups, {figures:,} figures")
        users = _ensure_bench_users()
        result = GenerateResult(
            scale=scale,
            seed=seed,
            provinces=official.provinces,
            communes=official.communes,
            communes_filled=len(todo),
            groups=groups,
            figures=figures,
            users=users,
        )
        if groups or figures:
            audit.record(
                actor=None,
                action=AuditEvent.Action.CREATE,
                model_label="areas.Area",
                object_id=f"synthetic:{scale}:{seed}",
                object_repr=(
                    f"synthetic {scale} (seed {seed}): {len(todo)} communes filled, "
                    f"{groups} groups, {figures} figures"
                ),
                note="generate_synthetic",
            )
            record_stage(
                written=written, tag=f"synthetic:{scale}:{seed}", note="generate_synthetic"
            )
    if groups:
        analyze()
    return result
