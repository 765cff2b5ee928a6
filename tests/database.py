"""Database set-up shared by many tests: data built once for a module or a package, and the
seed rows a migration writes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module
from typing import Any

from django.db import connections, transaction


def ensure_national_substances() -> None:
    """The national list of substances a migration seeds (``cases/0006``), back when a
    transactional test (a browser or live-server test) flushed the tables before this one ran in
    the same worker. Written as the migration writes it (raw saves: seed data, not a user's
    write)."""
    from khongmatuy.cases.models import Substance
    from khongmatuy.common.collation import text_sort_string

    if Substance.objects.exists():
        return
    seeded = import_module("khongmatuy.cases.migrations.0006_substance_list_fill").SUBSTANCES
    for name, other_names, unit in seeded:
        substance = Substance(
            name=name, other_names=other_names, unit=unit, name_sort=text_sort_string(name)
        )
        substance.save_base(raw=True)


def ensure_programme_catalogue() -> None:
    """The programme's projects and indicators a migration seeds (``programme/0002``), back
    after a flush, written by the migration's own function (it creates only what is missing)."""
    from django.apps import apps

    from khongmatuy.programme.models import Project

    if not Project.objects.exists():
        import_module("khongmatuy.programme.migrations.0002_catalogue").load(apps, None)


@contextmanager
def rolled_back(django_db_blocker: Any) -> Iterator[None]:
    """A transaction around data that many tests read, built once (for a module or a package
    fixture) and rolled back after them. Each test still runs in its own savepoint inside it
    (pytest-django's ``db``), so a test may write: its writes go with its savepoint.

    The fixture may be set up after a transactional test flushed the tables (pytest-django runs
    the tests without the database last, and a module's first test may be one of them), so the
    seed rows are put back first."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            ensure_national_substances()
            ensure_programme_catalogue()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            connections.close_all()
