"""Tips API: the sender's identity never in the list or the detail, only on the identity route
for the handling chain, every read of a named tip logged."""

from __future__ import annotations

from khongmatuy.accounts.tests.factories import token_client
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.roles import Role
from tests.personas import make_user


def test_list_and_detail_never_carry_the_identity(named_tip_a, officer_a, city_user):
    for user in (officer_a, city_user):
        client = token_client(user)
        listing = client.get("/api/v1/tips/").content.decode()
        detail = client.get(f"/api/v1/tips/{named_tip_a.pk}/").content.decode()
        for text in (listing, detail):
            assert "Vũ Thị Người Báo" not in text
            assert "0912 345 678" not in text
    notes = set(
        AuditEvent.objects.filter(action="view", model="tips.Tip").values_list("note", flat=True)
    )
    assert notes == {"Xem tin báo có thông tin người báo (không hiển thị danh tính)"}


def test_identity_only_for_the_handling_chain_and_logged(named_tip_a, officer_a, world):
    # officer_a recorded the tip: the handling chain (Criminal Procedure Code Art. 145-146).
    answer = token_client(officer_a).get(f"/api/v1/tips/{named_tip_a.pk}/identity/")
    assert answer.status_code == 200
    assert answer.json()["contact_name"] == "Vũ Thị Người Báo"
    assert AuditEvent.objects.filter(
        action="view", model="tips.Tip", note="Xem danh tính người báo"
    ).exists()
    colleague = make_user("cand_khac", Role.COMMUNE_POLICE, [world.ward_a])
    refused = token_client(colleague).get(f"/api/v1/tips/{named_tip_a.pk}/identity/")
    assert refused.status_code == 403
    assert "Vũ Thị Người Báo" not in refused.content.decode()


def test_assign_refuses_an_officer_who_cannot_handle_it(tip_a, officer_a, officer_b):
    response = token_client(officer_a).post(
        f"/api/v1/tips/{tip_a.pk}/assign/", {"officer": officer_b.pk}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["officer"]
    response = token_client(officer_a).post(
        f"/api/v1/tips/{tip_a.pk}/assign/", {"officer": officer_a.pk}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["assigned_to"] == officer_a.pk
