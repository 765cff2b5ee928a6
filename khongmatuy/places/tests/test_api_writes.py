"""Places API writes besides a place's creation and step: businesses, cultivation, cameras and a
place's correction, each through the page's service (audited), refusing a stale version, and
never reaching another ward's record."""

from __future__ import annotations

from khongmatuy.accounts.tests.factories import token_client
from khongmatuy.audit.models import AuditEvent
from khongmatuy.places.models import Business, Camera, Cultivation


def test_business_recorded_and_edited_with_its_version(frozen, world, officer_a, officer_b):
    client = token_client(officer_a)
    created = client.post(
        "/api/v1/businesses/",
        {"area": world.group_a1.pk, "kind": "karaoke", "name": "Karaoke Sao Mai", "risk": "high"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk, version = created.json()["id"], created.json()["version"]
    no_risk = client.post(
        "/api/v1/businesses/",
        {"area": world.group_a1.pk, "kind": "bar", "name": "Bar Mới"},
        format="json",
    )
    assert no_risk.status_code == 400
    assert "risk" in no_risk.json()  # a choice with consequences has no default
    edited = client.patch(
        f"/api/v1/businesses/{pk}/", {"owner_name": "Lê Văn Chủ", "version": version}, format="json"
    )
    assert edited.status_code == 200, edited.json()
    assert Business.objects.get(pk=pk).owner_name == "Lê Văn Chủ"
    stale = client.patch(
        f"/api/v1/businesses/{pk}/", {"owner_name": "Người khác", "version": version}, format="json"
    )
    assert stale.status_code == 400
    assert Business.objects.get(pk=pk).owner_name == "Lê Văn Chủ"
    assert AuditEvent.objects.filter(
        model="places.Business", object_id=str(pk), action="update"
    ).exists()
    outsider = token_client(officer_b)
    assert outsider.patch(f"/api/v1/businesses/{pk}/", {"name": "X"}).status_code == 404


def test_cultivation_recorded_then_destroyed_once(frozen, world, officer_a):
    client = token_client(officer_a)
    created = client.post(
        "/api/v1/cultivation/",
        {
            "area": world.group_a2.pk,
            "site": "Vườn sau nhà",
            "plant": "cannabis",
            "plant_count": 12,
            "discovered_on": "2026-11-20",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    url = f"/api/v1/cultivation/{pk}/destroy/"
    early = client.post(url, {"destroyed_on": "2026-11-19"}, format="json")
    assert early.status_code == 400
    assert "destroyed_on" in early.json()
    done = client.post(url, {"destroyed_on": "2026-11-21"}, format="json")
    assert done.status_code == 200, done.json()
    assert str(Cultivation.objects.get(pk=pk).destroyed_on) == "2026-11-21"


def test_camera_recorded_and_place_corrected(frozen, world, officer_a, hotspot_a, leadership_a):
    client = token_client(officer_a)
    camera = client.post(
        "/api/v1/cameras/",
        {
            "area": world.group_a1.pk,
            "location": "Ngã ba chợ",
            "owner": "public",
            "status": "active",
        },
        format="json",
    )
    assert camera.status_code == 201, camera.json()
    assert Camera.objects.get().location == "Ngã ba chợ"
    place = client.patch(
        f"/api/v1/places/{hotspot_a.pk}/", {"address": "Ngõ 7 chợ Gia Viên"}, format="json"
    )
    assert place.status_code == 200, place.json()
    assert place.json()["address"] == "Ngõ 7 chợ Gia Viên"
    assert place.json()["status"] == hotspot_a.status  # the status moves only by a step
    reader = token_client(leadership_a)
    assert reader.patch(f"/api/v1/places/{hotspot_a.pk}/", {"address": "X"}).status_code == 403
