"""A person import run as its own process, for ``test_import_killed``.

    python -m khongmatuy.people.tests.killed_import MARKER ACTOR_PK AREA_PK ROWS [--stop-after N]

Registers ROWS synthetic persons through ``commit_rows`` (one transaction). With ``--stop-after
N`` it watches the SQL it sends: once the N-th ``INSERT`` into the persons table has run, it
writes MARKER (JSON: whether it is inside the transaction, how many of the import's persons
that transaction sees, and on PostgreSQL its server process id) and sleeps, to be killed there.
Uses DATABASE_URL and DJANGO_SETTINGS_MODULE from the environment.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import django

PREFIX = "Người Thử Ngắt"  # synthetic names; no real person
PERSON_INSERT = 'INSERT INTO "people_person"'


def payload(area_pk: int, rows: int) -> list[dict[str, Any]]:
    return [
        {
            "row": index + 2,
            "area": area_pk,
            "full_name": f"{PREFIX} {index:03d}",
            "sex": "male" if index % 2 else "female",
            "date_of_birth": "1990-01-01",
            "citizen_id": "",
            "aliases": "",
            "permanent_address": "",
            "current_address": "",
            "phone": "",
            "occupation": "",
            "psychosis": False,
            "categories": [["illegal_user", "2026-01-05", ""]],
            "episode": None,
        }
        for index in range(rows)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("marker", type=Path)
    parser.add_argument("actor", type=int)
    parser.add_argument("area", type=int)
    parser.add_argument("rows", type=int)
    parser.add_argument("--stop-after", type=int, default=0)
    args = parser.parse_args()
    django.setup()

    from django.db import connection
    from django.utils import timezone

    from khongmatuy.accounts.models import User
    from khongmatuy.people.imports import commit_rows
    from khongmatuy.people.models import Person

    inserted = 0

    def stop_inside(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        nonlocal inserted
        result = execute(sql, params, many, context)
        if sql.startswith(PERSON_INSERT):
            inserted += 1
            if inserted == args.stop_after:
                proof = {
                    "in_atomic_block": connection.in_atomic_block,
                    "persons_inside": Person.objects.filter(full_name__startswith=PREFIX).count(),
                    "backend_pid": None,
                }
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_backend_pid()")
                        proof["backend_pid"] = cursor.fetchone()[0]
                args.marker.write_text(json.dumps(proof), encoding="utf-8")
                time.sleep(600)  # SIGKILL lands here, inside the transaction
        return result

    actor = User.objects.get(pk=args.actor)
    with connection.execute_wrapper(stop_inside):
        persons, errors = commit_rows(
            actor=actor, payload=payload(args.area, args.rows), today=timezone.localdate()
        )
    assert not errors, errors
    sys.stdout.write(f"{len(persons)}\n")


if __name__ == "__main__":
    main()
