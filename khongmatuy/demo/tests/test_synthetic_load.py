"""How the generator loads: every index and constraint of the migrations is there after a load
into empty tables, and rows built in a second process take the keys this one would reserve."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Model

from khongmatuy.areas.models import Area, AreaFigure, Kind, Level
from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.db import bulk
from khongmatuy.common.tests.test_bulk_loading import postgresql_only, structure
from khongmatuy.demo import (
    synthetic,
    synthetic_people,
    synthetic_pipeline,
    synthetic_places,
    synthetic_plans,
    synthetic_prevention,
    synthetic_programme,
)

pytestmark = pytest.mark.django_db

LOADED: tuple[type[Model], ...] = (
    *synthetic.AREA_TABLES,
    *synthetic_people.PEOPLE_TABLES,
    *synthetic_places.PLACES_TABLES,
    *synthetic_prevention.PREVENTION_TABLES,
    *synthetic_plans.PLANS_TABLES,
    *synthetic_programme.PROGRAMME_TABLES,
)
make_area = bulk.instance_maker(Area)
make_figure = bulk.instance_maker(AreaFigure)


def test_every_index_and_constraint_of_the_migrations_is_back_after_a_load() -> None:
    migrated = structure(LOADED)
    assert migrated  # the catalog query sees the tables

    call_command(
        "generate_synthetic",
        *("--scale", "ward", "--on", "2026-12-07"),
        *("--places", "--prevention", "--plans", "--programme"),
    )

    assert Area.objects.groups().exists()
    assert structure(LOADED) == migrated


@postgresql_only
def test_rows_built_in_a_second_process_take_the_keys_this_one_would_reserve() -> None:
    first = bulk.next_keys([Area])[Area]

    def build(n: int, put: synthetic_pipeline.Staging) -> int:
        country = make_area(level=Level.COUNTRY, kind=Kind.COUNTRY, name=f"Quốc gia {n}")
        province = make_area(
            level=Level.PROVINCE, kind=Kind.PROVINCE, name=f"Tỉnh {n}", parent=country
        )
        put(Area, [country, province])
        put(
            AreaFigure,
            [
                make_figure(area=area, as_of=date(2026, 1, 1), population=9, households=2)
                for area in (country, province)
            ],
        )
        return n

    written: Counter[type[Model]] = Counter()
    done = list(synthetic_pipeline.load([1, 2], build, tables=[Area, AreaFigure], written=written))
    audit.record_bulk(actor=None, action=AuditEvent.Action.CREATE, model=Area, count=4)
    audit.record_bulk(actor=None, action=AuditEvent.Action.CREATE, model=AreaFigure, count=4)

    assert done == [1, 2]
    assert written == {Area: 4, AreaFigure: 4}
    assert list(Area.objects.order_by("pk").values_list("pk", "name", "parent_id")) == [
        (first, "Quốc gia 1", None),
        (first + 1, "Tỉnh 1", first),
        (first + 2, "Quốc gia 2", None),
        (first + 3, "Tỉnh 2", first + 2),
    ]
    figures = list(AreaFigure.objects.order_by("pk").values_list("area_id", flat=True))
    assert figures == [first, first + 1, first + 2, first + 3]
    # The sequence moved past the keys handed out: the next reservation follows them.
    assert list(bulk.reserve_ids(Area, 1)) == [first + 4]


@postgresql_only
def test_a_failure_in_the_second_process_fails_the_load() -> None:
    def build(n: int, put: synthetic_pipeline.Staging) -> int:
        raise ValueError(f"chunk {n} is wrong")

    with pytest.raises(RuntimeError, match="chunk 1 is wrong"):
        list(synthetic_pipeline.load([1], build, tables=[Area], written=Counter()))
