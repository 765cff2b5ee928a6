"""Pages: the ward-A officer's flows, form errors in Vietnamese, scope 404s, read-only 403s and
query counts of the list pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from khongmatuy.places import services
from khongmatuy.places.models import (
    Business,
    Camera,
    Cultivation,
    GroupFacilityCheck,
    Inspection,
    Place,
    PlaceEvent,
    PlacePerson,
)
from tests.personas import client_for

from .factories import (
    BusinessFactory,
    CameraFactory,
    CultivationFactory,
    InspectionFactory,
    PlaceFactory,
    register,
)

pytestmark = pytest.mark.usefixtures("frozen")

PLACE_FORM = {
    "kind": "harbouring",
    "name": "Phòng trọ số 7 ngõ 3",
    "address": "Ngõ 3 Lê Lợi",
    "discovered_on": "20/11/2026",
    "description": "Nhiều người tụ tập ban đêm",
    "latitude": "20.8449",
    "longitude": "106.6881",
}


@pytest.fixture
def ward_a_objects(world, hotspot_a, business_a):  # type: ignore[no-untyped-def]
    cultivation = CultivationFactory(area=world.group_a1)
    camera = CameraFactory(area=world.group_a1)
    return {
        "place": hotspot_a,
        "business": business_a,
        "cultivation": cultivation,
        "camera": camera,
    }


# --- the officer's flows --------------------------------------------------------------------


def test_officer_creates_a_harbouring_place(world, officer_a_client):
    response = officer_a_client.post(
        reverse("places:create"), {**PLACE_FORM, "area": world.group_a1.pk}
    )
    place = Place.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("places:detail", args=[place.pk])
    assert (place.kind, place.area, place.discovered_on, str(place.latitude)) == (
        "harbouring",
        world.group_a1,
        date(2026, 11, 20),
        "20.844900",
    )
    page = officer_a_client.get(response["Location"])
    body = page.content.decode()
    assert "Phòng trọ số 7 ngõ 3" in body
    assert "20/11/2026" in body
    assert "Mới phát hiện" in body


def test_coordinates_outside_vietnam_show_a_vietnamese_error(world, officer_a_client):
    response = officer_a_client.post(
        reverse("places:create"),
        {**PLACE_FORM, "area": world.group_a1.pk, "latitude": "48.85", "longitude": "2.35"},
    )
    assert response.status_code == 200
    assert "Vĩ độ phải trong khoảng 8–24 (lãnh thổ Việt Nam)." in response.content.decode()
    assert Place.objects.count() == 0


def test_garbage_input_is_a_form_error_not_a_500(world, officer_a_client):
    response = officer_a_client.post(
        reverse("places:create"),
        {"kind": "x", "area": "abc", "discovered_on": "31/02/2026", "latitude": "nan?"},
    )
    assert response.status_code == 200
    assert Place.objects.count() == 0


def test_transition_allowed_and_refused(world, officer_a_client, hotspot_a):
    url = reverse("places:transition", args=[hotspot_a.pk])
    refused = officer_a_client.post(url, {"to_status": "watched", "on": "01/11/2026"})
    assert refused.status_code == 400
    assert "Không thể chuyển từ “Mới phát hiện” sang" in refused.content.decode()
    hotspot_a.refresh_from_db()
    assert hotspot_a.status == "detected"
    done = officer_a_client.post(url, {"to_status": "eliminated", "on": "01/11/2026"})
    assert done.status_code == 302
    hotspot_a.refresh_from_db()
    assert (hotspot_a.status, hotspot_a.eliminated_on) == ("eliminated", date(2026, 11, 1))
    assert PlaceEvent.objects.filter(place=hotspot_a).count() == 2
    detail = officer_a_client.get(reverse("places:detail", args=[hotspot_a.pk])).content.decode()
    assert "Theo dõi, phòng ngừa tái phát" in detail  # offered next step
    assert "01/11/2026" in detail


def test_link_person_from_the_registry(world, officer_a_client, hotspot_a):
    an = register(world.group_a1, "Nguyễn Văn An")
    url = reverse("places:link_person", args=[hotspot_a.pk])
    form = officer_a_client.get(url)
    assert "Nguyễn Văn An" in form.content.decode()
    response = officer_a_client.post(url, {"person": an.pk, "role": "owner"})
    assert response.status_code == 302
    assert PlacePerson.objects.get().person == an
    detail = officer_a_client.get(reverse("places:detail", args=[hotspot_a.pk])).content.decode()
    assert "Nguyễn Văn An" in detail
    assert "Chủ điểm, người tổ chức" in detail


def test_inspection_flow_and_uninspected_list(world, officer_a_client, business_a):
    before = officer_a_client.get(reverse("places:uninspected")).content.decode()
    assert "Karaoke Hoa Hồng" in before
    response = officer_a_client.post(
        reverse("places:inspection_create", args=[business_a.pk]),
        {
            "inspected_on": "21/11/2026",
            "team": "Tổ kiểm tra liên ngành",
            "findings": "Đủ điều kiện",
        },
    )
    assert response.status_code == 302
    business_a.refresh_from_db()
    assert business_a.last_inspected_on == date(2026, 11, 21)
    assert Inspection.objects.count() == 1
    after = officer_a_client.get(reverse("places:uninspected")).content.decode()
    assert "Karaoke Hoa Hồng" not in after


def test_cultivation_edit_records_destruction(world, officer_a_client, ward_a_objects):
    cultivation = ward_a_objects["cultivation"]
    response = officer_a_client.post(
        reverse("places:cultivation_edit", args=[cultivation.pk]),
        {
            "plant": "cannabis",
            "site": "Vườn sau nhà số 5",
            "area": world.group_a1.pk,
            "plant_count": "12",
            "area_m2": "3.5",
            "discovered_on": "01/08/2026",
            "destroyed_on": "02/08/2026",
            "version": cultivation.version,
        },
    )
    assert response.status_code == 302
    cultivation.refresh_from_db()
    assert (str(cultivation.area_m2), cultivation.destroyed_on) == ("3.5", date(2026, 8, 2))


def test_facilities_page_and_quick_check(world, officer_a_client):
    page = officer_a_client.get(reverse("places:facilities"))
    body = page.content.decode()
    assert "0 / 2" in body
    assert "Tổ dân phố số 1" in body
    response = officer_a_client.post(
        reverse("places:facility_check"),
        {
            "area": world.group_a1.pk,
            "checked_on": "23/11/2026",
            "has_tip_box": "on",
            "has_hotline_board": "on",
        },
    )
    assert response.status_code == 302
    assert GroupFacilityCheck.objects.get().area == world.group_a1
    body = officer_a_client.get(reverse("places:facilities")).content.decode()
    assert "50,0%" in body  # Vietnamese decimal comma
    assert "1 / 2" in body


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("-1", "/places/facilities/"),
        ("//evil.example", "/places/facilities/"),
        ("https://evil.example/x", "/places/facilities/"),
        ("javascript:alert(1)", "/places/facilities/"),
        ("/places/facilities/?page=2", "/places/facilities/?page=2"),
    ],
)
def test_quick_check_goes_back_only_to_a_page_of_this_site(
    world, officer_a_client, target, expected
):
    response = officer_a_client.post(
        reverse("places:facility_check"),
        {"area": world.group_a1.pk, "checked_on": "23/11/2026", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == expected


def test_camera_status_change(world, officer_a_client, ward_a_objects):
    camera = ward_a_objects["camera"]
    response = officer_a_client.post(
        reverse("places:camera_edit", args=[camera.pk]),
        {
            "location": camera.location,
            "area": world.group_a1.pk,
            "owner": "public",
            "status": "broken",
            "version": camera.version,
        },
    )
    assert response.status_code == 302
    camera.refresh_from_db()
    assert camera.status == "broken"


def test_list_filters_and_htmx_partial(world, officer_a_client, hotspot_a):
    PlaceFactory(area=world.group_a2, name="Phòng trọ Hải Đăng", kind=Place.Kind.HARBOURING)
    response = officer_a_client.get(reverse("places:list"), {"kind": "harbouring"})
    body = response.content.decode()
    assert "Phòng trọ Hải Đăng" in body
    assert "Bãi đất trống cạnh chợ Gia Viên" not in body
    partial = officer_a_client.get(
        reverse("places:list"), {"q": "bai dat"}, headers={"HX-Request": "true"}
    )
    text = partial.content.decode()
    assert "<html" not in text
    assert "Bãi đất trống cạnh chợ Gia Viên" in text


# --- scope and roles ------------------------------------------------------------------------

OBJECT_ROUTES = [
    ("places:detail", "place", "get"),
    ("places:edit", "place", "get"),
    ("places:edit", "place", "post"),
    ("places:transition", "place", "post"),
    ("places:link_person", "place", "get"),
    ("places:business_detail", "business", "get"),
    ("places:business_edit", "business", "get"),
    ("places:inspection_create", "business", "post"),
    ("places:cultivation_edit", "cultivation", "get"),
    ("places:camera_edit", "camera", "post"),
]


@pytest.mark.parametrize(("url_name", "key", "method"), OBJECT_ROUTES)
def test_other_ward_gets_404(officer_b_client, ward_a_objects, url_name, key, method):
    url = reverse(url_name, args=[ward_a_objects[key].pk])
    response = getattr(officer_b_client, method)(url, {})
    assert response.status_code == 404


def test_other_ward_cannot_check_ward_a_group(world, officer_b_client):
    response = officer_b_client.post(
        reverse("places:facility_check"),
        {"area": world.group_a1.pk, "checked_on": "23/11/2026", "has_tip_box": "on"},
    )
    assert response.status_code == 404
    assert GroupFacilityCheck.objects.count() == 0


LIST_ROUTES = [
    "places:list",
    "places:businesses",
    "places:uninspected",
    "places:cultivations",
    "places:cameras",
    "places:facilities",
]


@pytest.mark.parametrize("url_name", LIST_ROUTES)
def test_other_ward_lists_show_nothing_of_ward_a(officer_b_client, ward_a_objects, url_name):
    body = officer_b_client.get(reverse(url_name)).content.decode()
    for text in (
        "Bãi đất trống cạnh chợ Gia Viên",
        "Karaoke Hoa Hồng",
        "Vườn sau nhà",
        "Ngã ba chợ",
    ):
        assert text not in body
    assert "Tổ dân phố số 1" not in body


WRITE_ROUTES = [
    ("places:create", None, "get"),
    ("places:edit", "place", "get"),
    ("places:transition", "place", "post"),
    ("places:link_person", "place", "get"),
    ("places:business_create", None, "get"),
    ("places:business_edit", "business", "get"),
    ("places:inspection_create", "business", "get"),
    ("places:cultivation_create", None, "get"),
    ("places:cultivation_edit", "cultivation", "get"),
    ("places:camera_create", None, "get"),
    ("places:camera_edit", "camera", "get"),
    ("places:facility_check", None, "post"),
]


@pytest.mark.parametrize(("url_name", "key", "method"), WRITE_ROUTES)
def test_read_only_leadership_gets_403_on_writes(
    leadership_a, ward_a_objects, url_name, key, method
):
    client = client_for(leadership_a)
    args = [ward_a_objects[key].pk] if key else []
    response = getattr(client, method)(reverse(url_name, args=args), {})
    assert response.status_code == 403


@pytest.mark.parametrize("url_name", LIST_ROUTES)
def test_leadership_reads_and_group_leader_cannot(leadership_a, leader_a, ward_a_objects, url_name):
    assert client_for(leadership_a).get(reverse(url_name)).status_code == 200
    assert client_for(leader_a).get(reverse(url_name)).status_code == 403


def test_leadership_sees_no_write_buttons(leadership_a, ward_a_objects):
    body = (
        client_for(leadership_a)
        .get(reverse("places:detail", args=[ward_a_objects["place"].pk]))
        .content.decode()
    )
    assert reverse("places:transition", args=[ward_a_objects["place"].pk]) not in body
    assert reverse("places:edit", args=[ward_a_objects["place"].pk]) not in body


# --- query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", LIST_ROUTES)
def test_list_pages_query_count_does_not_grow(
    world, officer_a_client, url_name, django_assert_max_num_queries
):
    for i in range(25):
        area = world.group_a1 if i % 2 else world.group_a2
        PlaceFactory(area=area, name=f"Điểm {i}")
        business = BusinessFactory(area=area, name=f"Cơ sở {i}")
        InspectionFactory(business=business, inspected_on=date(2026, 1, 1), team="Tổ")
        CultivationFactory(
            area=area,
            site=f"Vườn {i}",
            plant=Cultivation.Plant.POPPY,
            plant_count=i + 1,
            discovered_on=date(2026, 3, 1),
        )
        CameraFactory(area=area, location=f"Ngõ {i}", owner=Camera.Owner.HOUSEHOLD)
    with django_assert_max_num_queries(10):
        response = officer_a_client.get(reverse(url_name))
    assert response.status_code == 200


def test_business_detail_query_count(officer_a_client, business_a, django_assert_max_num_queries):
    for day in range(1, 6):
        InspectionFactory(business=business_a, inspected_on=date(2026, 10, day), team="Tổ")
    with django_assert_max_num_queries(8):
        response = officer_a_client.get(reverse("places:business_detail", args=[business_a.pk]))
    assert response.content.decode().count("05/10/2026") == 2  # last inspection + its row
    assert Business.objects.count() == 1


# --- numbers typed and shown the Vietnamese way ---------------------------------------------


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [("20,844912", "106,688084"), ("20.844912", "106.688084"), ("20.8", "106.688")],
)
def test_coordinates_read_a_comma_or_a_point(world, officer_a_client, latitude, longitude):
    """Coordinates are never grouped by thousands: "106.688" is a longitude, not 106 688."""
    form = {**PLACE_FORM, "area": world.group_a1.pk, "latitude": latitude, "longitude": longitude}
    page = officer_a_client.get(reverse("places:create")).content.decode()
    assert 'type="text" name="latitude"' in page
    response = officer_a_client.post(reverse("places:create"), form)
    assert response.status_code == 302
    place = Place.objects.get()
    assert str(place.latitude).startswith(latitude.replace(",", "."))
    assert str(place.longitude).startswith(longitude.replace(",", "."))


def test_fine_typed_with_thousands_is_stored_and_shown_grouped(officer_a_client, business_a):
    response = officer_a_client.post(
        reverse("places:inspection_create", args=[business_a.pk]),
        {
            "inspected_on": "21/11/2026",
            "team": "Tổ kiểm tra liên ngành",
            "findings": "Không xuất trình sổ theo dõi khách",
            "violation": "on",
            "sanction": "Phạt tiền",
            "fine_vnd": "2.000.000",
        },
    )
    assert response.status_code == 302
    assert Inspection.objects.get().fine_vnd == 2_000_000
    detail = officer_a_client.get(reverse("places:business_detail", args=[business_a.pk]))
    assert '<span class="num">2.000.000</span>' in detail.content.decode()


def test_cultivation_area_typed_with_a_comma_and_shown_grouped(
    world, officer_a_client, ward_a_objects
):
    cultivation = ward_a_objects["cultivation"]
    response = officer_a_client.post(
        reverse("places:cultivation_edit", args=[cultivation.pk]),
        {
            "plant": "cannabis",
            "site": "Vườn sau nhà số 5",
            "area": world.group_a1.pk,
            "plant_count": "12",
            "area_m2": "1.250,5",
            "discovered_on": "01/08/2026",
            "version": cultivation.version,
        },
    )
    assert response.status_code == 302
    cultivation.refresh_from_db()
    assert str(cultivation.area_m2) == "1250.5"
    page = officer_a_client.get(reverse("places:cultivations"), {"start": "01/01/2026"})
    assert '<td class="num">1.250,5</td>' in page.content.decode()


@pytest.mark.parametrize(
    ("steps", "badge"),
    [
        ((), "badge alert"),
        ((("under_action", date(2026, 2, 1)),), "badge warn"),
        ((("eliminated", date(2026, 6, 1)),), "badge ok"),
        ((("eliminated", date(2026, 6, 1)), ("watched", date(2026, 7, 1))), "badge ok"),
        ((("eliminated", date(2026, 6, 1)), ("recurred", date(2026, 9, 1))), "badge alert"),
    ],
)
def test_a_place_status_badge_has_the_colour_of_its_meaning(
    world, officer_a, officer_a_client, steps, badge
):
    """Red needs action (detected, relapsed), amber in hand, green achieved; never grey."""
    place = PlaceFactory(actor=officer_a, area=world.group_a1)
    for status, on in steps:
        services.place_transition(
            actor=officer_a, place=place, to_status=status, on=on, today=date(2026, 11, 23)
        )
    place.refresh_from_db()
    expected = f'<span class="{badge}">{place.get_status_display()}</span>'
    assert expected in officer_a_client.get(place.get_absolute_url()).content.decode()
    assert expected in officer_a_client.get(reverse("places:list")).content.decode()
