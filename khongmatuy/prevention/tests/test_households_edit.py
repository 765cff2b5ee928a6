"""Correcting a household and taking it off the list: checked like a new one, audited, the
coverage counts only the households on the list and their commitments."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.collation import name_sort_string
from khongmatuy.prevention import services
from khongmatuy.prevention.models import Household
from khongmatuy.prevention.selectors import households as selectors
from tests.personas import client_for

TODAY = date(2026, 11, 20)


def add(actor, group, name: str, signed_on: date | None = None) -> Household:  # type: ignore[no-untyped-def]
    return services.household_add(
        actor=actor,
        group=group,
        spec=services.HouseholdSpec(name, signed_on=signed_on),
        today=TODAY,
    )


def test_correct_a_household(world, leader_a):
    household = add(leader_a, world.group_a1, "Nguyễn Van An")
    services.household_update(
        actor=leader_a,
        household=household,
        head_name="  Nguyễn Văn An ",
        address="Số 3 ngõ 5",
        members=4,
    )
    household.refresh_from_db()
    assert (household.head_name, household.address, household.members) == (
        "Nguyễn Văn An",
        "Số 3 ngõ 5",
        4,
    )
    assert household.head_name_sort == name_sort_string("Nguyễn Văn An")
    assert AuditEvent.objects.filter(
        model="prevention.Household", object_id=str(household.pk), action="update"
    ).exists()
    with pytest.raises(ValidationError) as refused:
        services.household_update(actor=leader_a, household=household, head_name=" ", members=0)
    assert {"head_name"} <= set(refused.value.message_dict)


def test_a_household_taken_off_the_list_leaves_the_coverage(world, leader_a):
    staying = add(leader_a, world.group_a1, "Trần Thị Bình", signed_on=date(2026, 3, 1))
    leaving = add(leader_a, world.group_a1, "Lê Văn Cường", signed_on=date(2026, 3, 2))
    (row,) = [
        r for r in selectors.group_rows(user=leader_a, on=TODAY) if r.group_id == world.group_a1.pk
    ]
    assert row.reached == 2

    with pytest.raises(ValidationError) as refused:
        services.household_remove(actor=leader_a, household=leaving, note="")
    assert "note" in refused.value.message_dict
    services.household_remove(actor=leader_a, household=leaving, note="Chuyển đi nơi khác")

    (row,) = [
        r for r in selectors.group_rows(user=leader_a, on=TODAY) if r.group_id == world.group_a1.pk
    ]
    assert row.reached == 1
    assert [h.pk for h in selectors.household_list(group=world.group_a1, year=2026)] == [staying.pk]
    assert list(leaving.commitments.values_list("counted", flat=True)) == [False]
    assert list(staying.commitments.values_list("counted", flat=True)) == [True]
    entry = AuditEvent.objects.get(
        model="prevention.Household", object_id=str(leaving.pk), action="update"
    )
    assert entry.note == "Chuyển đi nơi khác"
    with pytest.raises(ValidationError):
        services.household_remove(actor=leader_a, household=leaving, note="Lần nữa")


def test_pages_edit_and_remove(world, leader_a, officer_b):
    household = add(leader_a, world.group_a1, "Phạm Văn Dũng")
    client = client_for(leader_a)
    edit = reverse("prevention:households_edit", args=[household.pk])
    page = client.get(edit)
    assert page.status_code == 200
    assert page.context["form"].initial["head_name"] == "Phạm Văn Dũng"
    response = client.post(edit, {"head_name": "Phạm Văn Dũng", "members": "5"})
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.members == 5

    remove = reverse("prevention:households_remove", args=[household.pk])
    refused = client.post(remove, {"note": ""})
    assert refused.status_code == 400
    assert "note" in refused.context["remove_form"].errors
    assert client_for(officer_b).post(remove, {"note": "x"}).status_code == 404
    assert client.post(remove, {"note": "Ghi trùng"}).status_code == 302
    household.refresh_from_db()
    assert not household.is_active
    assert client.get(edit).status_code == 404
