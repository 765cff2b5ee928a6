"""A worker killed in the middle of a person import leaves nothing half-saved.

The import runs in its own process (``killed_import``) on a database file or server that this
test also reads: on SQLite a copy of the test database in a file, on PostgreSQL the test
database itself (the test commits, so the other process sees its users and areas). That process
writes a marker from inside the import's transaction once it has inserted some persons, and is
killed with SIGKILL there. Afterwards none of its rows exist, the database passes its own
integrity check, and the same import runs again to completion.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from khongmatuy.accounts.models import User
from khongmatuy.audit.models import AuditEvent
from khongmatuy.people.models import Person, PersonCategory
from khongmatuy.people.tests.killed_import import PREFIX
from tests.personas import World
from tests.subprocess_db import database_for_subprocess

ROWS = 12
STOP_AFTER = 3  # persons inserted, with their categories and audit entries, before the kill


def _run(url: str, marker: Path, actor: User, world: World, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    command = [sys.executable, "-m", "khongmatuy.people.tests.killed_import", str(marker)]
    command += [str(actor.pk), str(world.group_a1.pk), str(ROWS), *extra]
    return subprocess.Popen(  # noqa: S603
        command,
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_inside_the_import_saves_nothing(
    officer_a: User, world: World, tmp_path: Path
) -> None:
    url, count = database_for_subprocess(tmp_path)
    persons = connection.ops.quote_name(Person._meta.db_table)
    categories = connection.ops.quote_name(PersonCategory._meta.db_table)
    audit = connection.ops.quote_name(AuditEvent._meta.db_table)
    named, audited = "full_name LIKE %s", "model = %s"
    theirs = f"person_id IN (SELECT id FROM {persons} WHERE {named})"  # noqa: S608
    audit_before = count(audit, audited, ["people.Person"])

    marker = tmp_path / "inside.json"
    worker = _run(url, marker, officer_a, world, "--stop-after", str(STOP_AFTER))
    deadline = time.monotonic() + 120
    while not marker.exists():
        if worker.poll() is not None:
            pytest.fail(f"the import ended before the marker: {worker.communicate()}")
        assert time.monotonic() < deadline, "no marker from the import"
        time.sleep(0.1)
    time.sleep(0.2)  # the marker is complete once written; let the file close
    proof = json.loads(marker.read_text(encoding="utf-8"))
    # The kill lands inside the transaction: the worker sees its own persons, nobody else does.
    assert proof["in_atomic_block"] is True
    assert proof["persons_inside"] == STOP_AFTER
    assert count(persons, named, [f"{PREFIX}%"]) == 0

    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL

    if proof["backend_pid"] is not None:  # PostgreSQL ends the killed client's session
        deadline = time.monotonic() + 30
        while count("pg_stat_activity", "pid = %s", [proof["backend_pid"]]):
            assert time.monotonic() < deadline, "the killed worker's session lingers"
            time.sleep(0.2)
    else:
        with sqlite3.connect(url.removeprefix("sqlite:///")) as reader:
            assert reader.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert count(persons, named, [f"{PREFIX}%"]) == 0
    assert count(categories, theirs, [f"{PREFIX}%"]) == 0
    assert count(audit, audited, ["people.Person"]) == audit_before

    # Nothing is left locked or half-written: the same import now commits every row.
    again = _run(url, tmp_path / "unused.json", officer_a, world)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert out.strip() == str(ROWS)
    assert count(persons, named, [f"{PREFIX}%"]) == ROWS
    assert count(categories, theirs, [f"{PREFIX}%"]) == ROWS
    assert count(audit, audited, ["people.Person"]) >= audit_before + ROWS
