"""The people registry's API: scoped like the pages, sensitive fields null for group leaders and
supervisors, every person shown in the access log, writes through the services."""

from __future__ import annotations

from datetime import date

import pytest

from khongmatuy.accounts.tests.factories import token_client
from khongmatuy.audit.models import AuditEvent
from khongmatuy.people.models import Contact, Person

from .factories import CID_AN

PERSONS = "/api/v1/persons/"


def test_officer_lists_persons_with_citizen_id_and_each_view_is_logged(an, binh, officer_a):
    client = token_client(officer_a)
    before = AuditEvent.objects.filter(action="view").count()
    body = client.get(PERSONS).json()
    assert [row["full_name"] for row in body["results"]] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert body["results"][0]["citizen_id"] == CID_AN
    assert body["results"][0]["notes"] == "Ghi chú nghiệp vụ mật"
    views = AuditEvent.objects.filter(action="view").order_by("pk")[before:]
    assert {(e.model, e.object_id) for e in views} == {
        ("people.Person", str(an.pk)),
        ("people.Person", str(binh.pk)),
    }


def test_other_ward_sees_nothing(an, officer_b, person_b):
    client = token_client(officer_b)
    assert [r["full_name"] for r in client.get(PERSONS).json()["results"]] == ["Lê Văn Cường"]
    assert client.get(f"{PERSONS}{an.pk}/").status_code == 404
    assert client.patch(f"{PERSONS}{an.pk}/", {"phone": "0900000000"}).status_code == 404


@pytest.mark.parametrize("persona", ["leader_a", "supervisor_a"])
def test_group_leader_and_supervisor_get_null_sensitive_fields(request, persona, supervised_an):
    client = token_client(request.getfixturevalue(persona))
    row = client.get(f"{PERSONS}{supervised_an.pk}/").json()
    assert row["full_name"] == "Nguyễn Văn An"
    assert (row["citizen_id"], row["notes"], row["psychosis_note"]) == (None, None, None)
    assert CID_AN not in client.get(PERSONS, {"q": CID_AN}).content.decode()
    assert client.get("/api/v1/drug-tests/").status_code == 403


def test_supervisor_sees_only_assigned_persons(supervised_an, binh, supervisor_a):
    names = [r["full_name"] for r in token_client(supervisor_a).get(PERSONS).json()["results"]]
    assert names == ["Nguyễn Văn An"]


def test_search_ignores_diacritics_and_area_filter_keeps_the_subtree(an, binh, officer_a, world):
    client = token_client(officer_a)
    assert [r["full_name"] for r in client.get(PERSONS, {"q": "nguyen van"}).json()["results"]] == [
        "Nguyễn Văn An"
    ]
    rows = client.get(PERSONS, {"area": world.group_a2.pk}).json()["results"]
    assert [r["full_name"] for r in rows] == ["Trần Thị Bình"]
    rows = client.get(PERSONS, {"area": world.ward_a.pk, "ordering": "-name"}).json()["results"]
    assert [r["full_name"] for r in rows] == ["Trần Thị Bình", "Nguyễn Văn An"]


def test_bad_filter_is_400_naming_it(officer_a):
    response = token_client(officer_a).get(PERSONS, {"ordering": "citizen_id", "area": "x"})
    assert response.status_code == 400
    assert set(response.json()) == {"ordering", "area"}


def test_register_through_the_service_and_refuse_a_duplicate_citizen_id(an, officer_a, world):
    client = token_client(officer_a)
    payload = {
        "area": world.group_a2.pk,
        "full_name": "Phạm Văn Mới",
        "sex": "male",
        "citizen_id": CID_AN,
    }
    response = client.post(PERSONS, payload, format="json")
    assert response.status_code == 400
    assert "citizen_id" in response.json()
    assert not Person.objects.filter(full_name="Phạm Văn Mới").exists()
    del payload["citizen_id"]
    response = client.post(PERSONS, payload, format="json")
    assert response.status_code == 201, response.json()
    created = Person.objects.get(full_name="Phạm Văn Mới")
    assert AuditEvent.objects.filter(
        model="people.Person", object_id=str(created.pk), action="create"
    ).exists()


def test_register_refuses_an_area_out_of_scope(officer_a, world):
    response = token_client(officer_a).post(
        PERSONS,
        {"area": world.group_b1.pk, "full_name": "Phạm Văn Mới", "sex": "male"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"area": ["Không có địa bàn này trong phạm vi của tài khoản."]}


def test_update_checks_the_version(an, officer_a):
    client = token_client(officer_a)
    version = client.get(f"{PERSONS}{an.pk}/").json()["version"]
    first = client.patch(f"{PERSONS}{an.pk}/", {"phone": "0987654321", "version": version})
    assert first.status_code == 200, first.json()
    assert first.json()["phone"] == "0987654321"
    stale = client.patch(f"{PERSONS}{an.pk}/", {"phone": "0911111111", "version": version})
    assert stale.status_code == 400
    an.refresh_from_db()
    assert an.phone == "0987654321"


def test_leader_records_a_visit_but_cannot_edit(supervised_an, leader_a):
    client = token_client(leader_a)
    response = client.post(
        f"{PERSONS}{supervised_an.pk}/contacts/",
        {"contacted_on": "2026-11-20", "form": "home_visit", "content": "Thăm hỏi"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Contact.objects.get().contacted_on == date(2026, 11, 20)
    assert client.patch(f"{PERSONS}{supervised_an.pk}/", {"phone": "1"}).status_code == 403


def test_read_only_token_cannot_record(an, officer_a):
    client = token_client(officer_a, read_only=True)
    response = client.post(
        f"{PERSONS}{an.pk}/contacts/",
        {"contacted_on": "2026-11-20", "form": "home_visit", "content": "Thăm hỏi"},
        format="json",
    )
    assert response.status_code == 403
    assert not Contact.objects.exists()


def test_transfer_proposed_to_another_province_and_seen_by_the_receiver(an, officer_a, world):
    from khongmatuy.common.roles import Role
    from khongmatuy.people.models import Transfer
    from tests.personas import make_user

    client = token_client(officer_a)
    url = f"/api/v1/persons/{an.pk}/transfers/"
    same = client.post(url, {"to_commune": world.ward_a.pk}, format="json")
    assert same.status_code == 400
    assert "to_commune" in same.json()
    group = client.post(url, {"to_commune": world.group_b1.pk}, format="json")
    assert group.status_code == 400  # a group is not a commune
    proposed = client.post(
        url, {"to_commune": world.ward_c.pk, "new_address": "Số 3 phố Mới"}, format="json"
    )
    assert proposed.status_code == 201, proposed.json()
    transfer = Transfer.objects.get()
    assert transfer.to_commune_id == world.ward_c.pk
    assert AuditEvent.objects.filter(
        model="people.Transfer", object_id=str(transfer.pk), action="create"
    ).exists()
    receiver = make_user("cand_caoxanh", Role.COMMUNE_POLICE, [world.ward_c])
    seen = token_client(receiver).get(f"/api/v1/transfers/{transfer.pk}/")
    assert seen.status_code == 200
