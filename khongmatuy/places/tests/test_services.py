"""Writes of the places app: lifecycle, refusals, coordinates, inspections, cultivation, checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.errors import DomainError, InvalidTransition
from khongmatuy.places import services
from khongmatuy.places.models import (
    Business,
    Cultivation,
    GroupFacilityCheck,
    Inspection,
    Place,
    PlaceEvent,
    PlacePerson,
)
from khongmatuy.places.rules import lifecycle

from .factories import (
    TODAY,
    BusinessFactory,
    CultivationFactory,
    InspectionFactory,
    PlaceFactory,
    move,
    register,
)

S = Place.Status


def _statuses(place: Place) -> list[tuple[str, str, date]]:
    return list(place.events.order_by("on", "pk").values_list("from_status", "to_status", "on"))


# --- lifecycle ------------------------------------------------------------------------------


def test_place_create_writes_the_detected_event(world, officer_a):
    place = PlaceFactory(area=world.group_a1, actor=officer_a, address="  Ngõ 12   Lê Lợi ")
    assert (place.status, place.address, place.eliminated_on) == (S.DETECTED, "Ngõ 12 Lê Lợi", None)
    assert _statuses(place) == [("", S.DETECTED, date(2026, 1, 10))]
    event = place.events.get()
    assert event.actor == officer_a
    assert AuditEvent.objects.filter(model="places.Place", object_id=str(place.pk)).count() == 1


def test_full_lifecycle_sets_and_clears_eliminated_on(world, officer_a, hotspot_a):
    move(hotspot_a, S.UNDER_ACTION, date(2026, 2, 1), actor=officer_a)
    place = move(hotspot_a, S.ELIMINATED, date(2026, 3, 1), actor=officer_a)
    assert (place.status, place.eliminated_on) == (S.ELIMINATED, date(2026, 3, 1))
    place = move(place, S.WATCHED, date(2026, 3, 15), actor=officer_a)
    assert place.eliminated_on == date(2026, 3, 1)
    place = move(place, S.RECURRED, date(2026, 6, 1), actor=officer_a)
    assert (place.status, place.eliminated_on) == (S.RECURRED, None)
    place = move(place, S.UNDER_ACTION, date(2026, 6, 2), actor=officer_a)
    place.refresh_from_db()
    assert (place.status, place.eliminated_on) == (S.UNDER_ACTION, None)
    assert _statuses(place) == [
        ("", S.DETECTED, date(2026, 1, 10)),
        (S.DETECTED, S.UNDER_ACTION, date(2026, 2, 1)),
        (S.UNDER_ACTION, S.ELIMINATED, date(2026, 3, 1)),
        (S.ELIMINATED, S.WATCHED, date(2026, 3, 15)),
        (S.WATCHED, S.RECURRED, date(2026, 6, 1)),
        (S.RECURRED, S.UNDER_ACTION, date(2026, 6, 2)),
    ]


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([], S.WATCHED),
        ([], S.RECURRED),
        ([], S.DETECTED),
        ([S.UNDER_ACTION], S.WATCHED),
        ([S.UNDER_ACTION], S.UNDER_ACTION),
        ([S.ELIMINATED], S.UNDER_ACTION),
        ([S.ELIMINATED, S.WATCHED], S.ELIMINATED),
        ([S.ELIMINATED, S.WATCHED], S.UNDER_ACTION),
    ],
)
def test_refused_transitions_change_nothing(world, hotspot_a, path, refused):
    for step, status in enumerate(path):
        move(hotspot_a, status, date(2026, 2, 1 + step))
    hotspot_a.refresh_from_db()
    before = (hotspot_a.status, hotspot_a.eliminated_on, PlaceEvent.objects.count())
    with pytest.raises(InvalidTransition) as excinfo:
        move(hotspot_a, refused, date(2026, 5, 1))
    assert list(excinfo.value.message_dict) == ["to_status"]
    hotspot_a.refresh_from_db()
    assert (hotspot_a.status, hotspot_a.eliminated_on, PlaceEvent.objects.count()) == before


def test_refusal_message_names_the_allowed_steps():
    assert lifecycle.refusal(S.DETECTED, S.WATCHED) == (
        "Không thể chuyển từ “Mới phát hiện” sang “Theo dõi, phòng ngừa tái phát”. Tình trạng "
        "tiếp theo được phép: “Đang đấu tranh, xử lý”, “Đã triệt xóa”."
    )
    assert lifecycle.refusal(S.WATCHED, S.RECURRED) is None
    assert lifecycle.refusal(S.DETECTED, "bogus") == "Tình trạng “bogus” không hợp lệ."


def test_transition_dates_follow_the_history(world, hotspot_a):
    move(hotspot_a, S.UNDER_ACTION, date(2026, 3, 1))
    with pytest.raises(DomainError) as early:
        move(hotspot_a, S.ELIMINATED, date(2026, 2, 28))
    assert early.value.message_dict == {
        "on": ["Ngày phải từ ngày chuyển tình trạng gần nhất (01/03/2026) trở đi."]
    }
    with pytest.raises(DomainError) as future:
        move(hotspot_a, S.ELIMINATED, date(2026, 11, 24))
    assert future.value.message_dict == {
        "on": ["Ngày 24/11/2026 ở tương lai; hôm nay là 23/11/2026."]
    }
    assert PlaceEvent.objects.count() == 2


def test_other_ward_officer_cannot_write_ward_a(world, officer_b, hotspot_a):
    with pytest.raises(PermissionDenied):
        PlaceFactory(area=world.group_a1, actor=officer_b)
    with pytest.raises(PermissionDenied):
        move(hotspot_a, S.UNDER_ACTION, date(2026, 2, 1), actor=officer_b)
    assert Place.objects.count() == 1
    assert PlaceEvent.objects.count() == 1


def test_leadership_cannot_write(world, leadership_a):
    with pytest.raises(PermissionDenied):
        PlaceFactory(area=world.group_a1, actor=leadership_a)


def test_place_needs_a_commune_or_group(world):
    with pytest.raises(DomainError) as excinfo:
        PlaceFactory(area=world.haiphong)
    assert excinfo.value.message_dict == {"area": ["Chọn một xã, phường hoặc tổ dân phố, thôn."]}


# --- coordinates ----------------------------------------------------------------------------


def test_coordinates_are_rounded_and_kept(world):
    place = PlaceFactory(
        area=world.group_a1, latitude="20.8449123", longitude=Decimal("106.6880841")
    )
    place.refresh_from_db()
    assert (place.latitude, place.longitude) == (Decimal("20.844912"), Decimal("106.688084"))


@pytest.mark.parametrize(
    ("lat", "lng", "errors"),
    [
        ("48.85", "2.35", {"latitude": ["Vĩ độ phải trong khoảng 8–24 (lãnh thổ Việt Nam)."]}),
        ("21.0", "2.35", {"longitude": ["Kinh độ phải trong khoảng 102–110 (lãnh thổ Việt Nam)."]}),
        ("21.0", None, {"longitude": ["Nhập cả vĩ độ và kinh độ, hoặc để trống cả hai."]}),
        ("abc", "106", {"latitude": ["Nhập tọa độ dạng số thập phân, ví dụ 20.8449."]}),
    ],
)
def test_coordinates_outside_vietnam_are_refused(world, lat, lng, errors):
    with pytest.raises(DomainError) as excinfo:
        PlaceFactory(area=world.group_a1, latitude=lat, longitude=lng)
    assert excinfo.value.message_dict == errors
    assert Place.objects.count() == 0


# --- update and persons ---------------------------------------------------------------------


def test_update_moves_the_detected_event_with_the_discovery_date(world, officer_a, hotspot_a):
    services.place_update(
        actor=officer_a,
        place=hotspot_a,
        name="Bãi đất trống chợ Gia Viên",
        discovered_on=date(2026, 1, 5),
        today=TODAY,
    )
    hotspot_a.refresh_from_db()
    assert (hotspot_a.name, hotspot_a.discovered_on) == (
        "Bãi đất trống chợ Gia Viên",
        date(2026, 1, 5),
    )
    assert _statuses(hotspot_a) == [("", S.DETECTED, date(2026, 1, 5))]


def test_update_refuses_a_discovery_after_the_first_step(world, hotspot_a):
    move(hotspot_a, S.UNDER_ACTION, date(2026, 2, 1))
    with pytest.raises(DomainError) as excinfo:
        services.place_update(
            actor=None, place=hotspot_a, discovered_on=date(2026, 2, 2), today=TODAY
        )
    assert excinfo.value.message_dict == {
        "discovered_on": [
            "Ngày phát hiện không thể sau ngày chuyển tình trạng đầu tiên (01/02/2026)."
        ]
    }


def test_link_person_only_from_the_actors_scope(world, officer_a, hotspot_a):
    an = register(world.group_a1, "Nguyễn Văn An")
    stranger = register(world.group_b1, "Đỗ Văn Bảo")
    link = services.place_link_person(
        actor=officer_a, place=hotspot_a, person=an, role=PlacePerson.Role.OWNER
    )
    assert (link.place, link.person, link.role) == (hotspot_a, an, "owner")
    with pytest.raises(PermissionDenied):
        services.place_link_person(
            actor=officer_a, place=hotspot_a, person=stranger, role=PlacePerson.Role.USER
        )
    with pytest.raises(DomainError) as duplicate:
        services.place_link_person(
            actor=officer_a, place=hotspot_a, person=an, role=PlacePerson.Role.OWNER
        )
    assert list(duplicate.value.message_dict) == ["person"]
    assert PlacePerson.objects.count() == 1


# --- businesses and inspections -------------------------------------------------------------


def test_inspection_keeps_the_latest_date(world, business_a):
    InspectionFactory(business=business_a, inspected_on=date(2026, 6, 1))
    InspectionFactory(business=business_a, inspected_on=date(2026, 4, 1))
    business_a.refresh_from_db()
    assert business_a.last_inspected_on == date(2026, 6, 1)
    assert Inspection.objects.filter(business=business_a).count() == 2


def test_inspection_with_sanction_needs_a_violation(world, business_a):
    with pytest.raises(DomainError) as excinfo:
        InspectionFactory(business=business_a, inspected_on=date(2026, 6, 1), fine_vnd=5_000_000)
    assert excinfo.value.message_dict == {
        "fine_vnd": ["Chỉ ghi hình thức xử lý, tiền phạt, đình chỉ khi có vi phạm."]
    }
    with pytest.raises(DomainError) as suspension:
        InspectionFactory(
            business=business_a,
            inspected_on=date(2026, 6, 1),
            violation=True,
            suspended_until=date(2026, 6, 1),
        )
    assert list(suspension.value.message_dict) == ["suspended_until"]
    business_a.refresh_from_db()
    assert (Inspection.objects.count(), business_a.last_inspected_on) == (0, None)


def test_inspection_with_violation_is_recorded(world, business_a):
    inspection = InspectionFactory(
        business=business_a,
        inspected_on=date(2026, 6, 1),
        violation=True,
        sanction="Phạt tiền, đình chỉ hoạt động",
        fine_vnd=15_000_000,
        suspended_until=date(2026, 9, 1),
    )
    assert (inspection.fine_vnd, inspection.suspended_until) == (15_000_000, date(2026, 9, 1))


def test_business_update_checks_phone(world, business_a):
    with pytest.raises(DomainError) as excinfo:
        services.business_update(actor=None, business=business_a, owner_phone="abc")
    assert excinfo.value.message_dict == {
        "owner_phone": ["Số điện thoại chỉ gồm chữ số (ít nhất 8 chữ số)."]
    }
    services.business_update(actor=None, business=business_a, risk=Business.Risk.HIGH)
    business_a.refresh_from_db()
    assert business_a.risk == "high"


# --- cultivation ----------------------------------------------------------------------------


def test_cultivation_destroyed_once(world):
    site = CultivationFactory(area=world.group_a1, plant_count=40, area_m2=Decimal("12.5"))
    with pytest.raises(DomainError) as early:
        services.cultivation_destroy(
            actor=None, cultivation=site, destroyed_on=date(2026, 7, 31), today=TODAY
        )
    assert early.value.message_dict == {
        "destroyed_on": ["Ngày phải từ ngày phát hiện (01/08/2026) trở đi."]
    }
    services.cultivation_destroy(
        actor=None, cultivation=site, destroyed_on=date(2026, 8, 2), today=TODAY
    )
    with pytest.raises(InvalidTransition):
        services.cultivation_destroy(
            actor=None, cultivation=site, destroyed_on=date(2026, 8, 3), today=TODAY
        )
    site.refresh_from_db()
    assert site.destroyed_on == date(2026, 8, 2)


def test_cultivation_needs_plants_or_area(world):
    with pytest.raises(DomainError) as excinfo:
        services.cultivation_create(
            actor=None,
            area=world.group_a1,
            site="Nương",
            plant=Cultivation.Plant.POPPY,
            discovered_on=date(2026, 8, 1),
            today=TODAY,
        )
    assert excinfo.value.message_dict == {"plant_count": ["Nhập số cây hoặc diện tích phát hiện."]}


# --- facility checks ------------------------------------------------------------------------


def test_facility_check_is_for_groups_and_corrects_the_same_day(world, officer_a):
    with pytest.raises(DomainError) as excinfo:
        services.facility_check_record(
            actor=officer_a,
            area=world.ward_a,
            checked_on=date(2026, 11, 1),
            has_tip_box=True,
            has_hotline_board=True,
            today=TODAY,
        )
    assert excinfo.value.message_dict == {
        "area": ["Chọn một tổ dân phố, thôn (không phải xã, phường)."]
    }
    for board in (False, True):
        services.facility_check_record(
            actor=officer_a,
            area=world.group_a1,
            checked_on=date(2026, 11, 1),
            has_tip_box=True,
            has_hotline_board=board,
            today=TODAY,
        )
    check = GroupFacilityCheck.objects.get()
    assert (check.has_tip_box, check.has_hotline_board, check.recorded_by) == (
        True,
        True,
        officer_a,
    )


def test_facility_check_outside_scope_is_refused(world, officer_b):
    with pytest.raises(PermissionDenied):
        services.facility_check_record(
            actor=officer_b,
            area=world.group_a1,
            checked_on=date(2026, 11, 1),
            has_tip_box=True,
            has_hotline_board=True,
            today=TODAY,
        )


def test_business_created_in_place(world):
    business = BusinessFactory(
        area=world.group_a2, name="Nhà nghỉ Bình An", kind=Business.Kind.GUEST_HOUSE
    )
    assert (business.area, business.kind, business.is_active) == (
        world.group_a2,
        "guest_house",
        True,
    )
