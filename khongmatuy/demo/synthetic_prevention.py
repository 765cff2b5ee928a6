"""Synthetic communication activities: every residential group, every month, for 24 months.

A stage of ``generate_synthetic`` (``--prevention``, the default at national scale; the bench
runs it itself when the dataset has none). For each commune of the scale and each of the 24
months ending with ``on``'s month: one ward-wide session (a loudspeaker broadcast or a meeting)
filed under the commune that reaches its groups, each group missed with a small probability, so
that the "groups not reached" list is never empty. About 80,000 activities and 2.4 million reach
rows nationwide.

Deterministic (one ``random.Random`` per seed and commune code, and the reference date ``on``)
and idempotent: a commune that already has an activity is left alone. Rows are written with
``bulk_create`` in one transaction and audited by one summary entry per table.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Model

from khongmatuy.areas.models import Area, Level
from khongmatuy.prevention.choices import ActivityForm, Audience
from khongmatuy.prevention.models import Activity, GroupReach
from khongmatuy.prevention.rules.periods import months_ending

from . import synthetic
from .synthetic import SCALES

MONTHS = 24
SOURCE_NOTE = "Dữ liệu mô phỏng (synthetic)"
MISS_RATE = 0.04  # a group missed in a month, about one in 25
COMMUNES_PER_CHUNK = 100
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
        activity = Activity(
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


def generate(
    *, scale: str, seed: int, on: date, batch_size: int = 5000, progress: Progress | None = None
) -> PreventionResult:
    """Fill every commune of ``scale`` that has no activity yet."""
    spec = SCALES[scale]
    say = progress or (lambda _message: None)
    written: Counter[type[Model]] = Counter()
    with transaction.atomic():
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
            reaches = [
                GroupReach(activity_id=a.pk, group_id=g, held_on=a.held_on)
                for a, reached in rows
                for g in reached
            ]
            synthetic.put(GroupReach, reaches, batch_size=batch_size, written=written)
            say(f"{scale}: {written[Activity]:,} activities, {written[GroupReach]:,} reaches")
        if todo:
            synthetic.record_stage(
                written=written,
                tag=f"synthetic-prevention:{scale}:{seed}",
                note="generate_synthetic --prevention",
            )
    if todo:
        synthetic.analyze((Activity, GroupReach))
    return PreventionResult(scale, len(todo), written[Activity], written[GroupReach])
