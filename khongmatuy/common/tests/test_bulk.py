"""``insert_rows`` writes plain tuples in one statement and the rows read back as the ORM would
have stored them (aware times, JSON, UUIDs, nulls), on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khongmatuy.accounts.models import User
from khongmatuy.common.db.bulk import insert_rows
from khongmatuy.common.models import Job, ScheduleMark

pytestmark = pytest.mark.django_db

AT = datetime(2026, 11, 23, 7, 30, 15, 123456, tzinfo=UTC)


def test_rows_are_written_in_one_statement_and_read_back_unchanged() -> None:
    rows = [(f"mark-{n}", AT if n % 2 else None) for n in range(500)]
    with CaptureQueriesContext(connection) as ctx:
        assert insert_rows(ScheduleMark, ("key", "last_enqueued_at"), rows) == 500
    assert len(ctx.captured_queries) == 1
    # COPY on PostgreSQL, one executemany (logged as "<n> times: INSERT …") elsewhere.
    assert re.match(r"(COPY|500 times: INSERT) ", ctx.captured_queries[0]["sql"])
    stored = dict(ScheduleMark.objects.values_list("key", "last_enqueued_at"))
    assert stored == dict(rows)
    assert insert_rows(ScheduleMark, ("key", "last_enqueued_at"), []) == 0


def test_json_uuid_and_foreign_key_columns(officer_a: User) -> None:
    ids = [uuid.uuid4(), uuid.uuid4()]
    fields = ("id", "user_id", "kind", "label", "params", "messages", "created_at", "status")
    fields += ("done", "total", "step", "result_url", "file_name", "file_type", "attempts")
    fields += ("max_attempts", "task_id")
    blank = ("queued", 0, 0, "", "", "", "", 0, 3, "")
    rows = [
        (
            pk,
            officer_a.pk,
            "k",
            "Tổng hợp",
            {"root": n, "tên": "Gia Viên"},
            [f"dòng {n}"],
            AT,
            *blank,
        )
        for n, pk in enumerate(ids)
    ]
    insert_rows(Job, fields, rows)
    jobs = {j.pk: j for j in Job.objects.all()}
    assert set(jobs) == set(ids)
    assert jobs[ids[1]].params == {"root": 1, "tên": "Gia Viên"}
    assert jobs[ids[1]].messages == ["dòng 1"]
    assert (jobs[ids[0]].user, jobs[ids[0]].created_at) == (officer_a, AT)


def test_skipping_conflicts_keeps_the_stored_rows() -> None:
    insert_rows(ScheduleMark, ("key", "last_enqueued_at"), [("a", AT), ("b", None)])
    later = AT.replace(year=2027)
    rows = [("b", later), ("c", later), ("c", AT)]  # "b" stored already, "c" twice
    insert_rows(ScheduleMark, ("key", "last_enqueued_at"), rows, skip_conflicts=True)
    stored = dict(ScheduleMark.objects.values_list("key", "last_enqueued_at"))
    assert stored == {"a": AT, "b": None, "c": later}
