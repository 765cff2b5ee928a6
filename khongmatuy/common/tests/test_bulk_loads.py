"""Bulk loads: keys reserved in order, parents' keys, timestamps, defaults, on both engines."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from khongmatuy.areas.models import Area, AreaFigure, Kind, Level
from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.db import bulk

pytestmark = pytest.mark.django_db

make_area = bulk.instance_maker(Area)
make_figure = bulk.instance_maker(AreaFigure)


@pytest.fixture(autouse=True)
def _audited() -> Iterator[None]:
    """Bulk loads are audited by one summary entry per table, as the loads that use them do."""
    yield
    for model in (Area, AreaFigure):
        audit.record_bulk(actor=None, action=AuditEvent.Action.CREATE, model=model, count=1)


def _country() -> Area:
    country = make_area(level=Level.COUNTRY, kind=Kind.COUNTRY, name="Quốc gia thử")
    bulk.insert_objects(Area, [country])
    return country


def test_insert_objects_hands_out_keys_in_order_and_children_take_their_parents_keys() -> None:
    country = _country()
    provinces = [
        make_area(level=Level.PROVINCE, kind=Kind.PROVINCE, name=f"Tỉnh {n}", parent=country)
        for n in range(3)
    ]
    assert bulk.insert_objects(Area, provinces) == 3
    keys = [p.pk for p in provinces]
    assert keys == list(range(country.pk + 1, country.pk + 4))
    figures = [
        make_figure(area=p, as_of=date(2026, 1, 1), population=100 + n, households=20)
        for n, p in enumerate(provinces)
    ]
    bulk.insert_objects(AreaFigure, figures)
    stored = list(
        AreaFigure.objects.order_by("pk").values_list("area_id", "population", "households")
    )
    assert stored == [(keys[0], 100, 20), (keys[1], 101, 20), (keys[2], 102, 20)]
    assert set(Area.objects.filter(pk__in=keys).values_list("parent_id", flat=True)) == {country.pk}
    # The sequence moved past the block: the next ordinary insert does not collide.
    later = make_area(level=Level.PROVINCE, kind=Kind.PROVINCE, name="Sau", parent=country)
    later.created_at = later.updated_at = timezone.now()
    later.save_base(raw=True)  # a plain INSERT taking its key from the sequence
    assert later.pk == keys[-1] + 1


def test_insert_objects_stamps_the_load_unless_a_kept_timestamp_is_set() -> None:
    country = _country()
    moment = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    kept, stamped = (
        make_area(level=Level.PROVINCE, kind=Kind.PROVINCE, name=name, parent=country)
        for name in ("Giữ", "Đóng dấu")
    )
    kept.created_at = kept.updated_at = moment
    bulk.insert_objects(Area, [kept], keep_timestamps=True)
    stamped.created_at = moment
    before = timezone.now()
    bulk.insert_objects(Area, [stamped])
    assert Area.objects.get(pk=kept.pk).updated_at == moment
    fresh = Area.objects.get(pk=stamped.pk)
    assert fresh.created_at >= before - timedelta(seconds=1)
    assert fresh.updated_at >= before - timedelta(seconds=1)


def test_insert_rows_writes_tuples_in_the_databases_form() -> None:
    country = _country()
    as_of = connection.ops.adapt_datefield_value(date(2025, 1, 1))
    moment = connection.ops.adapt_datetimefield_value(datetime(2025, 1, 2, tzinfo=UTC))
    rows = [(country.pk, as_of, 500, 120, "nguồn", True, moment)]
    columns = ("area_id", "as_of", "population", "households", "source", "is_current")
    assert bulk.insert_rows(AreaFigure, (*columns, "created_at"), rows, prepared=True) == 1
    figure = AreaFigure.objects.get()
    assert (figure.as_of, figure.population, figure.households, figure.is_current) == (
        date(2025, 1, 1),
        500,
        120,
        True,
    )


def test_instance_maker_gives_the_models_defaults_and_rejects_unknown_names() -> None:
    made, plain = make_area(name="Tổ 1"), Area(name="Tổ 1")
    for field in Area._meta.concrete_fields:
        assert getattr(made, field.attname) == getattr(plain, field.attname), field.name
    assert made._state.adding
    with pytest.raises(TypeError, match="no field 'colour'"):
        make_area(name="Tổ 2", colour="red")
