"""Synthetic communication activities: every residential group, every month, for 24 months.

Households too: at city and ward scale about one group in four keeps a household list (rows,
most of them signed this year), the others a paper count of the year; nationally every group a
paper count.

A stage of ``generate_synthetic`` (``--prevention``, the default at national scale; the bench
runs it itself when the dataset has none). For each commune of the scale and each of the 24
months ending with ``on``'s month: one ward-wide session (a loudspeaker broadcast or a meeting)
filed under the commune that reaches its groups, each group missed with a small probability, so
that the "groups not reached" list is never empty. About 80,000 activities and 2.4 million reach
rows nationwide.

Deterministic (one ``random.Random`` per seed and commune code, and the reference date ``on``)
and idempotent: a commune that already has an activity is left alone. Rows are written with
the bulk loader (``common.db.bulk``) in one transaction and audited by one summary entry per table.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Model

from khongmatuy.areas.models import Area, AreaFigure, Level
from khongmatuy.common.collation import name_sort_string
from khongmatuy.common.db import bulk
from khongmatuy.prevention.choices import ActivityForm, Audience
from khongmatuy.prevention.models import (
    Activity,
    GroupReach,
    Household,
    HouseholdCommitment,
    HouseholdCount,
)
from khongmatuy.prevention.rules.periods import months_ending

from . import synthetic
from .synthetic import SCALES

# Instances built without ``Model.__init__``'s overhead (``bulk.instance_maker``).
make_activity = bulk.instance_maker(Activity)
make_household = bulk.instance_maker(Household)
make_household_commitment = bulk.instance_maker(HouseholdCommitment)
make_household_count = bulk.instance_maker(HouseholdCount)


MONTHS = 24
SOURCE_NOTE = "Dữ liệu mô phỏng (synthetic)"
MISS_RATE = 0.04  # a group missed in a month, about one in 25
COMMUNES_PER_CHUNK = 100
PREVENTION_TABLES = (Activity, GroupReach, Household, HouseholdCommitment, HouseholdCount)
TOPICS = (
    "Tác hại của ma túy tổng hợp",
    "Phòng, chống ma túy trong thanh thiếu niên",
    "Trách nhiệm tố giác tội phạm về ma túy",
    "Thuốc lá điện tử và chất ma túy trá hình",
    "Gia đình không có người mắc tệ nạn ma túy",
)
Progress = Callable[[str], None]


@dataclass(frozen=True)
class PreventionResult:
    scale: str
    communes_filled: int
    activities: int
    reaches: int
    households: int = 0
    household_counts: int = 0

    @property
    def created_anything(self) -> bool:
        return self.communes_filled > 0


def _rng(seed: int, code: str) -> random.Random:
    return random.Random(f"kmt-synthetic-prevention:{seed}:{code}")


def commune_rows(
    *, seed: int, commune: Area, groups: list[int], on: date
) -> list[tuple[Activity, list[int]]]:
    """The commune's monthly sessions and the groups each reached (pure: nothing written)."""
    rng = _rng(seed, commune.code or str(commune.pk))
    rows = []
    for period in months_ending(on, MONTHS):
        last = min(period.last, on)
        held_on = period.first.replace(day=rng.randint(1, last.day))
        reached = [g for g in groups if rng.random() >= MISS_RATE]
        activity = make_activity(
            area_id=commune.pk,
            held_on=held_on,
            form=rng.choice((ActivityForm.LOUDSPEAKER, ActivityForm.MEETING)),
            topic=rng.choice(TOPICS),
            audience=Audience.RESIDENTS,
            audience_count=rng.randint(40, 400),
            note=SOURCE_NOTE,
        )
        rows.append((activity, reached))
    return rows


FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
GIVEN_NAMES = ("Văn Mẫu", "Thị Thử", "Văn Giả", "Thị Mô", "Văn Phỏng", "Thị Tạo")


def household_rows(
    *, seed: int, group_id: int, households: int, on: date, with_list: bool
) -> tuple[list[tuple[Household, date | None]], HouseholdCount | None]:
    """A group's synthetic households (with the date each signed this year, or None) or its
    paper count of ``on``'s year (pure: nothing written)."""
    rng = random.Random(f"kmt-synthetic-households:{seed}:{group_id}")
    share = rng.uniform(0.55, 1.0)
    if not with_list:
        signed = int(households * share)
        return [], make_household_count(
            area_id=group_id, year=on.year, households=households, signed=signed, as_of=on
        )
    rows = []
    for n in range(households):
        head = f"{rng.choice(FAMILY_NAMES)} {rng.choice(GIVEN_NAMES)} {n + 1}"
        signed_on = (
            date(on.year, 1, 1) + timedelta(days=rng.randrange((on - date(on.year, 1, 1)).days + 1))
            if rng.random() < share
            else None
        )
        household = make_household(
            area_id=group_id,
            head_name=head,
            head_name_sort=name_sort_string(head),
            address=f"Số {n + 1}",
            members=rng.randint(1, 7),
        )
        rows.append((household, signed_on))
    return rows, None


def _households(
    *,
    seed: int,
    scale: str,
    groups: list[int],
    on: date,
    batch_size: int,
    written: Counter[type[Model]],
) -> None:
    figures = dict(
        AreaFigure.objects.filter(area_id__in=groups, is_current=True).values_list(
            "area_id", "households"
        )
    )
    listed: list[tuple[Household, date | None]] = []
    counts: list[HouseholdCount] = []
    for group_id in groups:
        with_list = scale != "national" and group_id % 4 == 0
        rows, count = household_rows(
            seed=seed,
            group_id=group_id,
            households=figures.get(group_id, 0),
            on=on,
            with_list=with_list,
        )
        listed += rows
        if count is not None:
            counts.append(count)
    synthetic.put(Household, [h for h, _ in listed], batch_size=batch_size, written=written)
    commitments = [
        make_household_commitment(
            household_id=h.pk,
            area_id=h.area_id,
            year=on.year,
            signed_on=signed_on,
            signed_by=h.head_name,
        )
        for h, signed_on in listed
        if signed_on is not None
    ]
    synthetic.put(HouseholdCommitment, commitments, batch_size=batch_size, written=written)
    synthetic.put(HouseholdCount, counts, batch_size=batch_size, written=written)


def generate(
    *, scale: str, seed: int, on: date, batch_size: int = 5000, progress: Progress | None = None
) -> PreventionResult:
    """Fill every commune of ``scale`` that has no activity yet."""
    spec = SCALES[scale]
    say = progress or (lambda _message: None)
    written: Counter[type[Model]] = Counter()
    with transaction.atomic(), bulk.loading(PREVENTION_TABLES):
        communes_qs = Area.objects.communes().filter(is_active=True)
        if spec.province_codes is not None:
            communes_qs = communes_qs.filter(
                province__code__in=[str(c) for c in sorted(spec.province_codes)]
            )
        if spec.commune_codes is not None:
            communes_qs = communes_qs.filter(code__in=sorted(spec.commune_codes))
        filled = set(
            Activity.objects.filter(area__commune__in=communes_qs)
            .order_by()
            .values_list("area__commune_id", flat=True)
            .distinct()
        )
        todo = [c for c in communes_qs.only("pk", "code").order_by("pk") if c.pk not in filled]
        for start in range(0, len(todo), COMMUNES_PER_CHUNK):
            chunk = todo[start : start + COMMUNES_PER_CHUNK]
            groups: dict[int, list[int]] = {c.pk: [] for c in chunk}
            for commune_id, pk in (
                Area.objects.filter(level=Level.GROUP, is_active=True, commune_id__in=groups)
                .order_by("commune_id", "pk")
                .values_list("commune_id", "pk")
            ):
                groups[commune_id].append(pk)
            rows = [
                row
                for c in chunk
                for row in commune_rows(seed=seed, commune=c, groups=groups[c.pk], on=on)
            ]
            activities = [a for a, _ in rows]
            synthetic.put(Activity, activities, batch_size=batch_size, written=written)
            # About 2.4 million reaches nationally: written as plain rows, no instance built.
            adapt = connection.ops.adapt_datefield_value
            reaches = [
                (a.pk, g, held_on)
                for a, reached in rows
                for held_on in (adapt(a.held_on),)
                for g in reached
            ]
            synthetic.put_rows(
                GroupReach,
                ("activity_id", "group_id", "held_on"),
                reaches,
                batch_size=batch_size,
                written=written,
            )
            _households(
                seed=seed,
                scale=scale,
                groups=[g for c in chunk for g in groups[c.pk]],
                on=on,
                batch_size=batch_size,
                written=written,
            )
            say(f"{scale}: {written[Activity]:,} activities, {written[GroupReach]:,} reaches")
        if todo:
            synthetic.record_stage(
                written=written,
                tag=f"synthetic-prevention:{scale}:{seed}",
                note="generate_synthetic --prevention",
            )
    if todo:
        synthetic.analyze(PREVENTION_TABLES)
    return PreventionResult(
        scale,
        len(todo),
        written[Activity],
        written[GroupReach],
        written[Household],
        written[HouseholdCount],
    )
