"""Roadmaps through the API: laid out and given targets by the page's services (audited), one of
percent, count or named areas, and their progress read back; another ward's roadmap is absent."""

from __future__ import annotations

from khongmatuy.accounts.tests.factories import token_client
from khongmatuy.areas.models import Level
from khongmatuy.audit.models import AuditEvent
from khongmatuy.criteria.models import Roadmap, RoadmapTarget


def test_roadmap_targets_and_progress(officer_a, officer_b, world):
    client = token_client(officer_a)
    created = client.post(
        "/api/v1/roadmaps/",
        {
            "area": world.ward_a.pk,
            "name": "Lộ trình 2026–2030",
            "rule_set": "local_drug_free_group",
            "target_level": Level.GROUP,
            "source": "Kế hoạch số 12/KH-UBND",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    roadmap = Roadmap.objects.get()
    assert AuditEvent.objects.filter(
        model="criteria.Roadmap", object_id=str(roadmap.pk), action="create"
    ).exists()
    url = f"/api/v1/roadmaps/{roadmap.pk}"
    both = client.post(
        f"{url}/targets/", {"due_on": "2026-12-31", "percent": "40", "count": 1}, format="json"
    )
    assert both.status_code == 400
    assert not RoadmapTarget.objects.exists()
    foreign = client.post(
        f"{url}/targets/", {"due_on": "2026-12-31", "areas": [world.group_b1.pk]}, format="json"
    )
    assert foreign.status_code == 400
    assert "areas" in foreign.json()
    target = client.post(
        f"{url}/targets/", {"due_on": "2027-12-31", "percent": "50"}, format="json"
    )
    assert target.status_code == 201, target.json()
    assert target.json()["measure"] == "recognised"  # the default measure
    progress = client.get(f"{url}/progress/", {"on": "2026-11-30"}).json()
    assert [(t["kind"], t["base"], t["expected"], t["actual"]) for t in progress["targets"]] == [
        ("percent", 2, 1, 0)
    ]
    outsider = token_client(officer_b)
    assert outsider.get(f"{url}/progress/").status_code == 404
    assert outsider.post(f"{url}/targets/", {"due_on": "2027-12-31"}).status_code == 404
