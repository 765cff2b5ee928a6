"""Bulk exchange through the API: import in the template's columns (all or nothing, every row
error in the answer), export in the same columns (a round trip), and the changes feed."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from khongmatuy.accounts.tests.factories import token_client
from khongmatuy.audit.models import AuditEvent
from khongmatuy.people import imports
from khongmatuy.people.models import Person

from .factories import CID_AN, XLSX, xlsx

ILLEGAL_USER = "Người sử dụng trái phép chất ma túy"


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        yield


def row(name: str, **cells: object) -> list[object]:
    values: dict[str, object] = {
        imports.NAME: name,
        imports.SEX: "Nam",
        imports.BORN: "12/04/1992",
        imports.GROUP: "Tổ dân phố số 1",
        imports.CATEGORY: ILLEGAL_USER,
        imports.CATEGORY_FROM: "01/10/2026",
    }
    values.update({getattr(imports, k): v for k, v in cells.items()})
    return [values.get(column) for column in imports.COLUMNS]


def _post(client, world, rows):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("nguoi.xlsx", xlsx(rows), content_type=XLSX)
    return client.post(
        "/api/v1/persons/import/", {"commune": world.ward_a.pk, "file": upload}, format="multipart"
    )


def test_import_is_all_or_nothing_with_every_row_error(world, officer_a):
    client = token_client(officer_a)
    response = _post(
        client, world, [row("Đào Văn Một"), row("Đào Văn Hai", SEX="?"), row("", BORN="x")]
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {(e["row"], e["column"]) for e in errors} >= {(3, imports.SEX), (4, imports.NAME)}
    assert not Person.objects.exists()

    response = _post(client, world, [row("Đào Văn Một"), row("Đào Văn Hai")])
    assert response.status_code == 201, response.json()
    assert response.json()["created"] == 2
    assert set(Person.objects.values_list("full_name", flat=True)) == {"Đào Văn Một", "Đào Văn Hai"}


def test_import_refuses_a_commune_out_of_scope(world, officer_b):
    response = _post(token_client(officer_b), world, [row("Đào Văn Một")])
    assert response.status_code == 400
    assert response.json()["errors"][0]["column"] == "commune"
    assert not Person.objects.exists()


def test_export_round_trips_through_the_import(world, officer_a, an):
    response = token_client(officer_a).get("/api/v1/persons/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert tuple(rows[0]) == imports.REQUIRED_COLUMNS
    assert rows[1][0] == "Nguyễn Văn An"
    assert CID_AN in rows[1]
    assert AuditEvent.objects.filter(action="export", model="people.Person").count() == 1
    # The file imports again (into an empty registry of another commune's officer it would be
    # the same person; here the duplicate citizen ID is refused, naming the row and column).
    upload = SimpleUploadedFile("lai.xlsx", response.content, content_type=XLSX)
    again = token_client(officer_a).post(
        "/api/v1/persons/import/", {"commune": world.ward_a.pk, "file": upload}, format="multipart"
    )
    assert again.status_code == 400
    assert again.json()["errors"][0]["row"] == 2
    assert again.json()["errors"][0]["column"] == imports.CITIZEN_ID


def test_export_leaves_the_citizen_id_out_for_group_leaders(world, leader_a, an):
    response = token_client(leader_a).get("/api/v1/persons/export/")
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    cells = [c for r in sheet.iter_rows(values_only=True) for c in r]
    assert "Nguyễn Văn An" in cells
    assert CID_AN not in cells


def test_changes_feed_pages_by_cursor_and_stays_in_scope(world, officer_a, officer_b, an, binh):
    client = token_client(officer_a)
    first = client.get("/api/v1/changes/", {"limit": 1}).json()
    assert first["more"] is True
    assert len(first["results"]) == 1
    rest = client.get("/api/v1/changes/", {"since": first["next_cursor"], "limit": 1000}).json()
    assert rest["more"] is False
    persons = {
        r["object_id"] for r in first["results"] + rest["results"] if r["model"] == "people.Person"
    }
    assert persons == {str(an.pk), str(binh.pk)}
    other = token_client(officer_b).get("/api/v1/changes/").json()["results"]
    assert not [r for r in other if r["object_id"] in persons and r["model"] == "people.Person"]


def test_changes_feed_is_for_roles_that_see_the_whole_area(leader_a):
    assert token_client(leader_a).get("/api/v1/changes/").status_code == 403
