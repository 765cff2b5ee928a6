"""``bulk.loading``: a load into empty tables drops their secondary indexes and constraints on
PostgreSQL and builds them all again; a table with rows keeps them; SQLite is untouched."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

import pytest
from django.db import IntegrityError, connection, models, transaction

from khongmatuy.areas.models import Area, AreaFigure, Kind, Level
from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.db import bulk

pytestmark = pytest.mark.django_db

make_area = bulk.instance_maker(Area)
make_figure = bulk.instance_maker(AreaFigure)
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite keeps its indexes during a load"
)


def structure(tables: Iterable[type[models.Model]]) -> set[tuple[str, str, str]]:
    """Every index and constraint of ``tables`` with its definition, as the catalog holds it."""
    names = [model._meta.db_table for model in tables]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(
                "SELECT tbl_name, name, COALESCE(sql, '') FROM sqlite_master"
                " WHERE type = 'index' AND tbl_name IN (SELECT value FROM json_each(%s))",
                [json.dumps(names)],
            )
            return set(cursor.fetchall())
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes"
            " WHERE tablename = ANY(%s) AND schemaname = current_schema()",
            [names],
        )
        found = set(cursor.fetchall())
        cursor.execute(
            "SELECT t.relname, c.conname, pg_get_constraintdef(c.oid)"
            " FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
            " WHERE t.relname = ANY(%s) AND pg_table_is_visible(t.oid)",
            [names],
        )
        return found | set(cursor.fetchall())


def _country() -> Area:
    country = make_area(level=Level.COUNTRY, kind=Kind.COUNTRY, name="Quốc gia thử")
    bulk.insert_objects(Area, [country])
    audit.record_bulk(actor=None, action=AuditEvent.Action.CREATE, model=Area, count=1)
    return country


@postgresql_only
def test_an_empty_tables_indexes_and_constraints_are_dropped_then_all_rebuilt() -> None:
    country = _country()
    before = structure([Area, AreaFigure])
    with bulk.loading([Area, AreaFigure]):
        during = structure([Area, AreaFigure])
        figures = [
            make_figure(area=country, as_of=date(2025 + n, 1, 1), population=10, households=3)
            for n in range(2)
        ]
        bulk.insert_objects(AreaFigure, figures)
        audit.record_bulk(actor=None, action=AuditEvent.Action.CREATE, model=AreaFigure, count=2)
    after = structure([Area, AreaFigure])
    assert after == before
    kept = {
        name
        for table, name, definition in during
        if table == AreaFigure._meta.db_table and not definition.startswith("CHECK")
    }
    assert kept == {"areas_areafigure_pkey"}  # the figures were empty: the key and checks stay
    assert {row for row in before if row[0] == Area._meta.db_table} <= during  # it had rows
    assert AreaFigure.objects.filter(area=country).count() == 2


@postgresql_only
@pytest.mark.unaudited_writes  # the load fails and is rolled back with its audit entry
def test_a_row_breaking_a_rebuilt_constraint_fails_the_load() -> None:
    orphan = make_figure(area_id=987_654_321, as_of=date(2025, 1, 1), population=1, households=1)

    def load() -> None:
        with transaction.atomic(), bulk.loading([AreaFigure]):
            bulk.insert_objects(AreaFigure, [orphan])
            audit.record_bulk(
                actor=None, action=AuditEvent.Action.CREATE, model=AreaFigure, count=1
            )

    with pytest.raises(IntegrityError):
        load()


def test_sqlite_and_tables_with_rows_keep_everything() -> None:
    country = _country()
    before = structure([Area, AreaFigure])
    with bulk.loading([Area] if connection.vendor == "postgresql" else [Area, AreaFigure]):
        assert structure([Area, AreaFigure]) == before
        bulk.insert_objects(
            AreaFigure,
            [make_figure(area=country, as_of=date(2025, 1, 1), population=10, households=3)],
        )
        audit.record_bulk(actor=None, action=AuditEvent.Action.CREATE, model=AreaFigure, count=1)
    assert structure([Area, AreaFigure]) == before
