"""Audit API: read-only, for roles that read the log, scoped like the audit page."""

from __future__ import annotations

from khongmatuy.accounts.tests.factories import token_client
from khongmatuy.areas import services as area_services


def test_city_police_read_their_entries_and_commune_police_cannot(world, city_user, officer_a):
    area_services.area_create(
        actor=officer_a, parent=world.ward_a, name="Tổ Nhật Ký", kind="residential_group"
    )
    client = token_client(city_user)
    rows = client.get("/api/v1/audit-events/", {"action": "create"}).json()["results"]
    assert "Tổ Nhật Ký" in [r["object_repr"] for r in rows]
    assert client.post("/api/v1/audit-events/", {}).status_code == 405
    assert token_client(officer_a).get("/api/v1/audit-events/").status_code == 403


def test_other_province_sees_none_of_it(world, officer_a):
    from khongmatuy.common.roles import Role
    from tests.personas import make_user

    area_services.area_create(
        actor=officer_a, parent=world.ward_a, name="Tổ Nhật Ký", kind="residential_group"
    )
    other = make_user("ca_quangninh", Role.CITY_POLICE, [world.quangninh])
    body = token_client(other).get("/api/v1/audit-events/").content.decode()
    assert "Tổ Nhật Ký" not in body
