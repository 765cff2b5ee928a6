"""Roadmap pages: list, progress (table, chart, behind, at risk), create forms; access and scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Level
from khongmatuy.common.access import declared_access
from khongmatuy.criteria import urls as criteria_urls
from khongmatuy.criteria.models import Roadmap, RoadmapTarget
from khongmatuy.criteria.tests.factories import RoadmapFactory, RoadmapTargetFactory
from khongmatuy.criteria.tests.factories import recognised as recognise
from tests.personas import World, client_for


@pytest.fixture
def gia_vien_roadmap(officer_a: User, world: World) -> Roadmap:
    roadmap = RoadmapFactory(area=world.ward_a, actor=officer_a)
    RoadmapTargetFactory(
        actor=officer_a,
        roadmap=roadmap,
        phase="Giai đoạn 1",
        due_on=date(2025, 12, 31),
        areas=[world.group_a1, world.group_a2],
    )
    recognise(world.group_a1, date(2025, 11, 1))
    return roadmap


def test_every_page_declares_scoped_access() -> None:
    for pattern in [
        p for p in criteria_urls.urlpatterns if p.callback.__module__.endswith(".roadmaps")
    ]:
        assert declared_access(pattern.callback) == "scoped", pattern.name


def test_list_shows_only_roadmaps_in_scope(
    gia_vien_roadmap: Roadmap, officer_b: User, world: World, officer_b_client: Client
) -> None:
    other = RoadmapFactory(area=world.ward_b, actor=officer_b)
    response = officer_b_client.get(reverse("criteria:roadmaps"))
    assert response.status_code == 200
    assert list(response.context["roadmaps"]) == [other]
    assert reverse("criteria:roadmap_detail", args=[gia_vien_roadmap.pk]) not in (
        response.content.decode()
    )


def test_detail_shows_progress_chart_behind_and_at_risk(
    gia_vien_roadmap: Roadmap, officer_a_client: Client
) -> None:
    url = reverse("criteria:roadmap_detail", args=[gia_vien_roadmap.pk])
    response = officer_a_client.get(url, {"on": "23/11/2026"})
    assert response.status_code == 200
    html = response.content.decode()
    (row,) = response.context["progress"].targets
    assert (row.expected, row.actual, row.behind) == (2, 1, True)
    assert 'data-label="2025" data-target="2" data-actual="1"' in html
    assert "<svg" in html
    assert "<script" not in html.split("<svg", 1)[1].split("</svg>")[0]
    assert "Chậm tiến độ" in html
    assert 'id="behind-areas"' in html
    assert "Tổ dân phố số 2" in html
    # Recognised on 01/11/2025: more than 12 months without a keep evaluation.
    at_risk = html.split('id="at-risk"', 1)[1]
    assert "Tổ dân phố số 1" in at_risk
    assert "Đã quá 12 tháng chưa đánh giá giữ vững (lần gần nhất 01/11/2025)." in at_risk
    # the status keeps its colour code (recognised is green); the risk is the red flag beside it
    assert '<span class="badge ok">Được công nhận</span>' in at_risk
    assert '<span class="badge alert">Được công nhận</span>' not in at_risk


def test_out_of_scope_is_404_and_read_only_roles_get_403(
    gia_vien_roadmap: Roadmap,
    officer_b_client: Client,
    leadership_a: User,
    leader_a: User,
) -> None:
    detail = reverse("criteria:roadmap_detail", args=[gia_vien_roadmap.pk])
    add = reverse("criteria:roadmap_target_create", args=[gia_vien_roadmap.pk])
    assert officer_b_client.get(detail).status_code == 404
    assert officer_b_client.get(add).status_code == 404
    leadership = client_for(leadership_a)
    assert leadership.get(detail).status_code == 200
    assert leadership.get(reverse("criteria:roadmap_create")).status_code == 403
    assert leadership.get(add).status_code == 403
    # A group leader sees criteria only for the group: the ward's roadmap is out of scope.
    assert client_for(leader_a).get(detail).status_code == 404


def test_anonymous_is_sent_to_login(gia_vien_roadmap: Roadmap) -> None:
    response = Client().get(reverse("criteria:roadmaps"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_create_roadmap_and_target_through_the_pages(
    officer_a: User, officer_a_client: Client, world: World
) -> None:
    response = officer_a_client.post(
        reverse("criteria:roadmap_create"),
        {
            "area": world.ward_a.pk,
            "name": "Lộ trình 2026–2030",
            "rule_set_code": "local_drug_free_group",
            "target_level": Level.GROUP,
            "source": "Kế hoạch số 12/KH-UBND",
        },
    )
    roadmap = Roadmap.objects.get(name="Lộ trình 2026–2030")
    assert response.status_code == 302
    assert response["Location"] == reverse("criteria:roadmap_detail", args=[roadmap.pk])
    assert (roadmap.area, roadmap.target_level, roadmap.created_by) == (
        world.ward_a,
        Level.GROUP,
        officer_a,
    )
    add = reverse("criteria:roadmap_target_create", args=[roadmap.pk])
    refused = officer_a_client.post(
        add,
        {
            "measure": "recognised",
            "due_on": "31/12/2026",
            "percent": "40",
            "count": "1",
            "cumulative": "on",
        },
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors == {
        "count": ["Nhập đúng một trong ba: tỷ lệ (%), số địa bàn, hoặc danh sách địa bàn."]
    }
    response = officer_a_client.post(
        add,
        {
            "measure": "recognised",
            "phase": "Giai đoạn 1",
            "due_on": "31/12/2026",
            "areas": [world.group_a1.pk, world.group_a2.pk],
            "cumulative": "on",
            "note": "",
        },
    )
    assert response.status_code == 302
    target = RoadmapTarget.objects.get(roadmap=roadmap)
    assert target.due_on == date(2026, 12, 31)
    assert set(target.areas.all()) == {world.group_a1, world.group_a2}
    # The same due date measured as household commitments: a percentage of the households.
    refused = officer_a_client.post(
        add, {"measure": "household_commitments", "count": "3", "due_on": "31/12/2026"}
    )
    assert refused.context["form"].errors == {
        "count": ["Mục tiêu về hộ gia đình ký cam kết chỉ nhập tỷ lệ (%) số hộ."]
    }
    response = officer_a_client.post(
        add, {"measure": "household_commitments", "percent": "100", "due_on": "31/12/2026"}
    )
    assert response.status_code == 302
    households = RoadmapTarget.objects.get(roadmap=roadmap, measure="household_commitments")
    assert households.percent == 100


def test_create_form_offers_only_areas_in_scope(officer_a_client: Client, world: World) -> None:
    response = officer_a_client.post(
        reverse("criteria:roadmap_create"),
        {
            "area": world.ward_b.pk,
            "name": "x",
            "rule_set_code": "local_drug_free_group",
            "target_level": Level.GROUP,
        },
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["area"]
    assert not Roadmap.objects.exists()


def test_the_keep_interval_is_defined_once(
    gia_vien_roadmap: Roadmap, officer_a_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The roadmap's "due for its keep evaluation" reads the lifecycle's one interval."""
    from khongmatuy.criteria.rules import lifecycle

    monkeypatch.setattr(lifecycle, "KEEP_INTERVAL_MONTHS", 24)
    url = reverse("criteria:roadmap_detail", args=[gia_vien_roadmap.pk])
    html = officer_a_client.get(url, {"on": "23/11/2026"}).content.decode()
    assert "chưa đánh giá giữ vững" not in html.split('id="at-risk"', 1)[1]
