"""The map page and its GeoJSON endpoint: scope, filters, the tip layer, coordinates, queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khongmatuy.accounts.models import User
from khongmatuy.common.roles import Role
from khongmatuy.places import services as places
from khongmatuy.places.models import Camera, Place
from khongmatuy.reports import selectors
from khongmatuy.tips import services as tips
from khongmatuy.tips.models import Tip
from tests.personas import World, client_for, make_user

TODAY = date(2026, 11, 23)
POINTS = reverse("reports:map_points")


@dataclass
class MapData:
    hotspot: Place
    harbouring: Place
    unplaced: Place
    b_place: Place


def _place(actor: User, area, name: str, kind: str = Place.Kind.HOTSPOT, **coords):  # type: ignore[no-untyped-def]
    return places.place_create(
        actor=actor,
        area=area,
        kind=kind,
        name=name,
        discovered_on=date(2026, 3, 1),
        today=TODAY,
        **coords,
    )


@pytest.fixture
def data(world: World, officer_a: User, officer_b: User) -> MapData:
    hotspot = _place(
        officer_a,
        world.group_a1,
        "Bãi đất trống ven sông",
        latitude="20.8601",
        longitude="106.6802",
    )
    harbouring = _place(
        officer_a,
        world.group_a2,
        "Nhà trọ <b>Hoa</b> & Co",
        Place.Kind.HARBOURING,
        latitude="20.8612",
        longitude="106.6755",
    )
    places.place_transition(
        actor=officer_a, place=harbouring, to_status="eliminated", on=date(2026, 6, 1), today=TODAY
    )
    unplaced = _place(officer_a, world.ward_a, "Quán nước đầu ngõ 12")
    places.camera_create(
        actor=officer_a,
        area=world.group_a1,
        location="Ngã ba chợ Gia Viên",
        owner=Camera.Owner.PUBLIC,
        latitude="20.8590",
        longitude="106.6790",
        today=TODAY,
    )
    b_place = _place(
        officer_b, world.group_b1, "Điểm Thành Đông", latitude="20.9400", longitude="106.3300"
    )
    return MapData(hotspot, harbouring, unplaced, b_place)


def _points(client, **params):  # type: ignore[no-untyped-def]
    response = client.get(POINTS, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def _titles(collection) -> set[str]:  # type: ignore[no-untyped-def]
    return {f["properties"]["title"] for f in collection["features"]}


# --- scope ---------------------------------------------------------------------------------


def test_officer_sees_the_points_of_their_ward_only(officer_a_client, data):
    collection = _points(officer_a_client)

    assert collection["type"] == "FeatureCollection"
    assert _titles(collection) == {
        "Bãi đất trống ven sông",
        "Nhà trọ <b>Hoa</b> & Co",
        "Quán nước đầu ngõ 12",
        "Ngã ba chợ Gia Viên",
    }
    hotspot = next(f for f in collection["features"] if f["id"] == f"hotspot-{data.hotspot.pk}")
    assert hotspot["geometry"] == {"type": "Point", "coordinates": [106.6802, 20.8601]}
    assert hotspot["properties"]["status"] == "detected"
    assert hotspot["properties"]["status_label"] == "Mới phát hiện"
    assert hotspot["properties"]["area"] == "Tổ dân phố số 1"
    assert "Phát hiện: 01/03/2026" in hotspot["properties"]["lines"]
    assert collection["meta"]["layers"]["hotspot"] == {
        "label": "Điểm, tụ điểm phức tạp về ma túy",
        "count": 2,
        "truncated": False,
    }


def test_points_without_coordinates_have_no_geometry(officer_a_client, data):
    features = {f["id"]: f for f in _points(officer_a_client)["features"]}

    assert features[f"hotspot-{data.unplaced.pk}"]["geometry"] is None
    assert features[f"hotspot-{data.hotspot.pk}"]["geometry"] is not None


def test_popup_text_is_plain_text_never_markup(officer_a_client, data):
    feature = next(
        f for f in _points(officer_a_client)["features"] if f["properties"]["layer"] == "harbouring"
    )
    # Sent as data; the script inserts it with textContent (see map.js), so "<b>" shows as text.
    assert feature["properties"]["title"] == "Nhà trọ <b>Hoa</b> & Co"


def test_ward_b_sees_nothing_of_ward_a(officer_b_client, world, data):
    collection = _points(officer_b_client)
    assert _titles(collection) == {"Điểm Thành Đông"}
    body = officer_b_client.get(reverse("reports:map")).content.decode()
    assert "Gia Viên" not in body

    assert officer_b_client.get(POINTS, {"area": world.ward_a.pk}).status_code == 404
    assert (
        officer_b_client.get(reverse("reports:map"), {"area": world.ward_a.pk}).status_code == 404
    )
    assert officer_b_client.get(POINTS, {"area": world.group_a1.pk}).status_code == 404


def test_other_province_city_police_gets_404_for_ward_a(world, data):
    quang_ninh = client_for(make_user("ca_quangninh", Role.CITY_POLICE, [world.quangninh]))
    assert quang_ninh.get(POINTS, {"area": world.ward_a.pk}).status_code == 404
    assert quang_ninh.get(reverse("reports:map"), {"area": world.ward_a.pk}).status_code == 404
    assert _points(quang_ninh)["features"] == []


def test_city_user_picks_a_ward(city_client, world, data):
    whole_city = _titles(_points(city_client))
    assert "Điểm Thành Đông" in whole_city
    assert "Bãi đất trống ven sông" in whole_city
    ward_a_only = _titles(_points(city_client, area=world.ward_a.pk))
    assert "Điểm Thành Đông" not in ward_a_only
    assert "Bãi đất trống ven sông" in ward_a_only
    group_a2 = _titles(_points(city_client, area=world.group_a2.pk))
    assert group_a2 == {"Nhà trọ <b>Hoa</b> & Co"}


def test_bad_area_parameter_is_a_404_not_a_500(officer_a_client, data):
    assert officer_a_client.get(POINTS, {"area": "abc"}).status_code == 404
    assert officer_a_client.get(POINTS, {"area": "999999"}).status_code == 404


def test_roles_without_view_places_are_refused(world, leader_a, data):
    client = client_for(leader_a)
    assert client.get(reverse("reports:map")).status_code == 403
    assert client.get(POINTS).status_code == 403


def test_anonymous_is_sent_to_login(client, data):
    response = client.get(POINTS)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- filters -------------------------------------------------------------------------------


def test_filter_by_layer(officer_a_client, data):
    collection = _points(officer_a_client, layer="camera")
    assert _titles(collection) == {"Ngã ba chợ Gia Viên"}
    assert set(collection["meta"]["layers"]) == {"camera"}


def test_filter_by_status(officer_a_client, data):
    eliminated = _points(
        officer_a_client, layer=["hotspot", "harbouring"], status="harbouring:eliminated"
    )
    # The status filter applies to its layer only; hotspots keep every status.
    assert _titles(eliminated) == {
        "Nhà trọ <b>Hoa</b> & Co",
        "Bãi đất trống ven sông",
        "Quán nước đầu ngõ 12",
    }
    detected = _points(officer_a_client, layer="harbouring", status="harbouring:detected")
    assert detected["features"] == []


def test_unknown_filter_values_are_ignored(officer_a_client, data):
    collection = _points(officer_a_client, layer="nonsense", status=["x:y", "hotspot:zzz", "::"])
    assert len(collection["features"]) == 4  # every layer, every status


def test_layer_limit_marks_the_layer_truncated(officer_a, world, data):
    filters = selectors.MapFilters.parse(user=officer_a, layers=["hotspot"], statuses=[])
    collection = selectors.map_points(
        user=officer_a, area=world.ward_a, filters=filters, today=TODAY, limit=1
    )
    assert len(collection["features"]) == 1
    assert collection["meta"]["layers"]["hotspot"] == {
        "label": "Điểm, tụ điểm phức tạp về ma túy",
        "count": 1,
        "truncated": True,
    }
    assert collection["features"][0]["id"] == f"hotspot-{data.unplaced.pk}"  # newest first


# --- the tip layer -------------------------------------------------------------------------


@pytest.fixture
def tip(world: World, officer_a: User) -> Tip:
    return tips.tip_record(
        actor=officer_a,
        area=world.group_a1,
        channel=Tip.Channel.HOTLINE,
        category=Tip.Category.DEALING,
        description="Có người bán ma túy tại quán nước, gọi từ số máy riêng",
        location_text="Đầu ngõ 12 Lê Lợi",
        contact_name="Nguyễn Văn Báo",
        contact_phone="0912345678",
        received_at=datetime(2026, 11, 2, 2, 0, tzinfo=UTC),
        now=datetime(2026, 11, 23, 2, 0, tzinfo=UTC),
    )


def test_tip_layer_for_the_handling_chain_without_the_sender(officer_a_client, data, tip):
    response = officer_a_client.get(POINTS, {"layer": "tip"})
    collection = response.json()
    (feature,) = collection["features"]
    assert feature["id"] == f"tip-{tip.pk}"
    assert feature["geometry"] is None  # the tip's location is text only
    assert feature["properties"]["status"] == "received"
    assert feature["properties"]["title"] == f"Tin báo {tip.code}: Mua bán trái phép chất ma túy"
    assert "Đầu ngõ 12 Lê Lợi" in feature["properties"]["lines"]
    body = response.content.decode()
    for secret in ("Nguyễn Văn Báo", "0912345678", "gọi từ số máy riêng", "hotline"):
        assert secret not in body


def test_tip_layer_hidden_without_handle_tips(leadership_a, data, tip):
    client = client_for(leadership_a)
    collection = _points(client, layer="tip", status="tip:received")
    # "tip" is dropped: no layer chosen means every layer the role may see, tips excepted.
    assert "tip" not in collection["meta"]["layers"]
    assert all(f["properties"]["layer"] != "tip" for f in collection["features"])
    page = client.get(reverse("reports:map")).content.decode()
    assert 'name="layer" value="tip"' not in page
    assert 'name="layer" value="hotspot"' in page


# --- the page ------------------------------------------------------------------------------


def test_map_page_passes_its_configuration_by_data_attributes(officer_a_client, world, data):
    response = officer_a_client.get(reverse("reports:map"), {"layer": "camera"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Bản đồ: Phường Gia Viên" in body
    assert f'data-points-url="{POINTS}?area={world.ward_a.pk}&amp;layer=camera"' in body
    assert 'data-tile-url=""' in body
    assert "/static/leaflet/leaflet.js" in body
    assert "/static/reports/map.js" in body
    assert "<script>" not in body  # configuration only through data- attributes (CSP)
    assert 'name="layer" value="tip"' in body  # the officer handles tips


def test_map_page_uses_the_configured_tile_server(officer_a_client, settings, data):
    settings.KMT_MAP_TILE_URL = "/tiles/{z}/{x}/{y}.png"
    body = officer_a_client.get(reverse("reports:map")).content.decode()
    assert 'data-tile-url="/tiles/{z}/{x}/{y}.png"' in body
    assert "lưới tọa độ" not in body


# --- queries -------------------------------------------------------------------------------


def _queries(client, **params) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(POINTS, params).status_code == 200
    return len(captured)


def test_query_count_does_not_depend_on_the_number_of_points(officer_a, world, data):
    client = client_for(officer_a)
    before = _queries(client)
    for n in range(12):
        _place(officer_a, world.group_a1, f"Điểm thêm {n}", latitude="20.86", longitude="106.68")
    after = _queries(client)
    assert after == before
    # session, user, area, scope; one query per layer (6 layers for an officer); no session
    # write (renewed at most once a minute: accounts.middleware.SessionRenewalMiddleware)
    assert after == 4 + 6


def test_cultivation_popup_writes_numbers_in_the_users_language(officer_a, world, data):
    from decimal import Decimal

    from khongmatuy.places.tests.factories import CultivationFactory

    site = CultivationFactory(
        actor=officer_a, area=world.group_a1, plant_count=1250, area_m2=Decimal("37.5")
    )
    client = client_for(officer_a)
    feature = next(f for f in _points(client)["features"] if f["id"] == f"cultivation-{site.pk}")
    assert "1.250 cây, 37,5 m²" in feature["properties"]["lines"]
    client.post(reverse("set_language"), {"language": "en"})
    feature = next(f for f in _points(client)["features"] if f["id"] == f"cultivation-{site.pk}")
    assert "1,250" in feature["properties"]["lines"][0]
    assert "37.5 m²" in feature["properties"]["lines"][0]
