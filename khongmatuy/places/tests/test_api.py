"""Places API: scoped lists and details, the lifecycle step through the service, inspections."""

from __future__ import annotations

from khongmatuy.accounts.tests.factories import token_client
from khongmatuy.audit.models import AuditEvent
from khongmatuy.places.models import Place


def test_lists_are_scoped_filtered_and_searched(hotspot_a, business_a, officer_a, officer_b):
    client = token_client(officer_a)
    names = [
        p["name"] for p in client.get("/api/v1/places/", {"q": "cho gia vien"}).json()["results"]
    ]
    assert names == ["Bãi đất trống cạnh chợ Gia Viên"]
    assert client.get("/api/v1/places/", {"status": "eliminated"}).json()["count"] == 0
    outsider = token_client(officer_b)
    assert outsider.get("/api/v1/places/").json()["count"] == 0
    assert outsider.get(f"/api/v1/places/{hotspot_a.pk}/").status_code == 404
    assert outsider.get(f"/api/v1/businesses/{business_a.pk}/").status_code == 404


def test_lifecycle_step_goes_through_the_service(frozen, hotspot_a, officer_a):
    client = token_client(officer_a)
    url = f"/api/v1/places/{hotspot_a.pk}/transition/"
    refused = client.post(url, {"to_status": "watched", "on": "2026-11-20"}, format="json")
    assert refused.status_code == 400
    assert "to_status" in refused.json()
    done = client.post(url, {"to_status": "under_action", "on": "2026-11-20"}, format="json")
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "under_action"
    hotspot_a.refresh_from_db()
    assert hotspot_a.status == Place.Status.UNDER_ACTION
    assert AuditEvent.objects.filter(model="places.Place", object_id=str(hotspot_a.pk)).exists()


def test_leadership_reads_but_cannot_record_an_inspection(frozen, business_a, leadership_a):
    client = token_client(leadership_a)
    assert client.get(f"/api/v1/businesses/{business_a.pk}/").status_code == 200
    response = client.post(
        f"/api/v1/businesses/{business_a.pk}/inspections/",
        {"inspected_on": "2026-11-20", "team": "Tổ 1"},
        format="json",
    )
    assert response.status_code == 403
    assert not business_a.inspections.exists()


def test_officer_records_an_inspection(frozen, business_a, officer_a):
    response = token_client(officer_a).post(
        f"/api/v1/businesses/{business_a.pk}/inspections/",
        {"inspected_on": "2026-11-20", "team": "Tổ 1", "violation": True, "fine_vnd": 1500000},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["fine_vnd"] == 1500000
