"""The map's GeoJSON, byte for byte: every layer's popup (title, status, lines, link) and its
coordinates, in Vietnamese and in English, pinned on a few points that exercise each branch
(an optional date present or absent, a business never inspected, an integral coordinate,
numbers in the user's language, a tip overdue or not). The points are built in Python per row
for speed (``reports.selectors._features``); any change to what they say shows here."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.http import JsonResponse
from django.utils import translation

from khongmatuy.accounts.models import User
from khongmatuy.places import services as places
from khongmatuy.places.models import Business, Camera, Place
from khongmatuy.places.tests.factories import (
    BusinessFactory,
    CameraFactory,
    CultivationFactory,
    InspectionFactory,
)
from khongmatuy.reports import selectors
from khongmatuy.tips import services as tips
from khongmatuy.tips.models import Tip
from tests.personas import World

TODAY = date(2026, 11, 23)


@pytest.fixture
def points(world: World, officer_a: User) -> dict[str, Any]:
    """One or two points per layer in ward A; their keys by name."""
    hotspot = places.place_create(
        actor=officer_a,
        area=world.group_a1,
        kind=Place.Kind.HOTSPOT,
        name="Bãi đất trống ven sông",
        address="Bờ sông Lạch Tray",
        discovered_on=date(2026, 3, 1),
        latitude="20.860123",
        longitude="106",
        today=TODAY,
    )
    harbouring = places.place_create(
        actor=officer_a,
        area=world.group_a2,
        kind=Place.Kind.HARBOURING,
        name="Nhà trọ <b>Hoa</b> & Co",
        discovered_on=date(2026, 2, 9),
        today=TODAY,
    )
    places.place_transition(
        actor=officer_a, place=harbouring, to_status="eliminated", on=date(2026, 6, 1), today=TODAY
    )
    inspected = BusinessFactory(
        actor=officer_a,
        area=world.group_a1,
        address="12 Lê Lợi",
        latitude="20.8611",
        longitude="106.6791",
    )
    InspectionFactory(actor=officer_a, business=inspected, inspected_on=date(2026, 9, 4))
    never = BusinessFactory(
        actor=officer_a,
        area=world.ward_a,
        name="Nhà nghỉ Bình An",
        kind=Business.Kind.GUEST_HOUSE,
        risk=Business.Risk.HIGH,
        is_active=False,
    )
    cultivation = CultivationFactory(
        actor=officer_a, area=world.group_a1, plant_count=1250, area_m2=Decimal("37.5")
    )
    places.cultivation_destroy(
        actor=officer_a, cultivation=cultivation, destroyed_on=date(2026, 8, 3), today=TODAY
    )
    dated = CameraFactory(
        actor=officer_a,
        area=world.group_a1,
        installed_on=date(2025, 12, 31),
        latitude="20.859",
        longitude="106.679",
    )
    undated = CameraFactory(
        actor=officer_a,
        area=world.group_a2,
        location="Cổng trường THCS",
        owner=Camera.Owner.HOUSEHOLD,
        status=Camera.Status.BROKEN,
    )
    tip = tips.tip_record(
        actor=officer_a,
        area=world.group_a1,
        channel=Tip.Channel.HOTLINE,
        category=Tip.Category.DEALING,
        description="Không được lộ ra bản đồ",
        location_text="Đầu ngõ 12 Lê Lợi",
        received_at=datetime(2026, 11, 2, 2, 0, tzinfo=UTC),
        now=datetime(2026, 11, 23, 2, 0, tzinfo=UTC),
    )
    return {
        "hotspot": hotspot.pk,
        "harbouring": harbouring.pk,
        "inspected": inspected.pk,
        "never": never.pk,
        "cultivation": cultivation.pk,
        "dated": dated.pk,
        "undated": undated.pk,
        "tip": tip.pk,
        "tip_code": tip.code,
    }


def _body(user: User, area: Any, today: date) -> bytes:
    """What the endpoint sends (the view encodes the selector's answer this way)."""
    filters = selectors.MapFilters.parse(user=user, layers=[], statuses=[])
    collection = selectors.map_points(user=user, area=area, filters=filters, today=today)
    return JsonResponse(collection, json_dumps_params={"ensure_ascii": False}).content


def _t(vietnamese: str) -> str:
    return vietnamese if translation.get_language() == "vi" else ENGLISH[vietnamese]


def _expected(pk: dict[str, Any], *, late: bool) -> bytes:
    """The pinned answer, encoded as the endpoint encodes it (key order, floats, escapes)."""
    collection = _collection(pk)
    if late:
        (tip,) = (f for f in collection["features"] if f["properties"]["layer"] == "tip")
        tip["properties"]["lines"].append(_t("Quá hạn"))
    return json.dumps(collection, ensure_ascii=False).encode()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_layers_popups_byte_for_byte(world, officer_a, points, language):
    with translation.override(language):
        assert _body(officer_a, world.ward_a, TODAY) == _expected(points, late=False)
        later = date(2027, 1, 4)  # the open tip is overdue by then
        assert _body(officer_a, world.ward_a, later) == _expected(points, late=True)


def _collection(pk: dict[str, Any]) -> dict[str, Any]:
    """The pinned answer for ``pk`` in the active language (``_t``)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": f"hotspot-{pk['hotspot']}",
                "geometry": {"type": "Point", "coordinates": [106.0, 20.860123]},
                "properties": {
                    "layer": "hotspot",
                    "title": "Bãi đất trống ven sông",
                    "status": "detected",
                    "status_label": _t("Mới phát hiện"),
                    "area": "Tổ dân phố số 1",
                    "lines": ["Bờ sông Lạch Tray", _t("Phát hiện: 01/03/2026")],
                    "url": f"/places/{pk['hotspot']}/",
                },
            },
            {
                "type": "Feature",
                "id": f"harbouring-{pk['harbouring']}",
                "geometry": None,
                "properties": {
                    "layer": "harbouring",
                    "title": "Nhà trọ <b>Hoa</b> & Co",
                    "status": "eliminated",
                    "status_label": _t("Đã triệt xóa"),
                    "area": "Tổ dân phố số 2",
                    "lines": [_t("Phát hiện: 09/02/2026"), _t("Triệt xóa: 01/06/2026")],
                    "url": f"/places/{pk['harbouring']}/",
                },
            },
            {
                "type": "Feature",
                "id": f"business-{pk['never']}",
                "geometry": None,
                "properties": {
                    "layer": "business",
                    "title": "Nhà nghỉ Bình An",
                    "status": "inactive",
                    "status_label": _t("Đã ngừng hoạt động"),
                    "area": "Gia Viên",
                    "lines": [
                        _t("Nhà nghỉ"),
                        _t("Mức độ rủi ro: Cao"),
                        _t("Kiểm tra gần nhất: chưa kiểm tra"),
                    ],
                    "url": f"/places/businesses/{pk['never']}/",
                },
            },
            {
                "type": "Feature",
                "id": f"business-{pk['inspected']}",
                "geometry": {"type": "Point", "coordinates": [106.6791, 20.8611]},
                "properties": {
                    "layer": "business",
                    "title": "Karaoke Hoa Hồng",
                    "status": "active",
                    "status_label": _t("Đang hoạt động"),
                    "area": "Tổ dân phố số 1",
                    "lines": [
                        "Karaoke",
                        "12 Lê Lợi",
                        _t("Mức độ rủi ro: Trung bình"),
                        _t("Kiểm tra gần nhất: 04/09/2026"),
                    ],
                    "url": f"/places/businesses/{pk['inspected']}/",
                },
            },
            {
                "type": "Feature",
                "id": f"cultivation-{pk['cultivation']}",
                "geometry": None,
                "properties": {
                    "layer": "cultivation",
                    "title": _t("Cần sa: Vườn sau nhà số 5"),
                    "status": "destroyed",
                    "status_label": _t("Đã tiêu hủy"),
                    "area": "Tổ dân phố số 1",
                    "lines": [
                        _t("1.250 cây, 37,5 m²"),
                        _t("Phát hiện: 01/08/2026"),
                        _t("Tiêu hủy: 03/08/2026"),
                    ],
                    "url": "",
                },
            },
            {
                "type": "Feature",
                "id": f"camera-{pk['undated']}",
                "geometry": None,
                "properties": {
                    "layer": "camera",
                    "title": "Cổng trường THCS",
                    "status": "broken",
                    "status_label": _t("Hỏng"),
                    "area": "Tổ dân phố số 2",
                    "lines": [_t("Camera của hộ gia đình, cơ sở kết nối")],
                    "url": "",
                },
            },
            {
                "type": "Feature",
                "id": f"camera-{pk['dated']}",
                "geometry": {"type": "Point", "coordinates": [106.679, 20.859]},
                "properties": {
                    "layer": "camera",
                    "title": "Ngã ba chợ Gia Viên",
                    "status": "active",
                    "status_label": _t("Đang hoạt động"),
                    "area": "Tổ dân phố số 1",
                    "lines": [_t("Camera công cộng (ANTT)"), _t("Lắp đặt: 31/12/2025")],
                    "url": "",
                },
            },
            {
                "type": "Feature",
                "id": f"tip-{pk['tip']}",
                "geometry": None,
                "properties": {
                    "layer": "tip",
                    "title": _t("Tin báo {code}: Mua bán trái phép chất ma túy").format(
                        code=pk["tip_code"]
                    ),
                    "status": "received",
                    "status_label": _t("Đã tiếp nhận"),
                    "area": "Tổ dân phố số 1",
                    "lines": ["Đầu ngõ 12 Lê Lợi", _t("Hạn giải quyết: 23/11/2026")],
                    "url": f"/tips/{pk['tip']}/",
                },
            },
        ],
        "meta": {
            "area": _t("Phường Gia Viên"),
            "layers": {
                "hotspot": {
                    "label": _t("Điểm, tụ điểm phức tạp về ma túy"),
                    "count": 1,
                    "truncated": False,
                },
                "harbouring": {
                    "label": _t("Điểm tổ chức, chứa chấp sử dụng trái phép chất ma túy"),
                    "count": 1,
                    "truncated": False,
                },
                "business": {
                    "label": _t("Cơ sở kinh doanh có điều kiện"),
                    "count": 2,
                    "truncated": False,
                },
                "cultivation": {
                    "label": _t("Trồng cây có chứa chất ma túy"),
                    "count": 1,
                    "truncated": False,
                },
                "camera": {"label": _t("Camera an ninh"), "count": 2, "truncated": False},
                "tip": {"label": _t("Tin báo, tố giác"), "count": 1, "truncated": False},
            },
        },
    }


# The English of every translated text above (what the catalogue says today).
ENGLISH = {
    "Quá hạn": "Overdue",
    "Mới phát hiện": "Newly detected",
    "Phát hiện: 01/03/2026": "Detected: 01/03/2026",
    "Đã triệt xóa": "Eliminated",
    "Phát hiện: 09/02/2026": "Detected: 09/02/2026",
    "Triệt xóa: 01/06/2026": "Eliminated: 01/06/2026",
    "Đã ngừng hoạt động": "Closed",
    "Nhà nghỉ": "Guest house",
    "Mức độ rủi ro: Cao": "Risk level: High",
    "Kiểm tra gần nhất: chưa kiểm tra": "Last inspection: not inspected",
    "Đang hoạt động": "Active",
    "Mức độ rủi ro: Trung bình": "Risk level: Medium",
    "Kiểm tra gần nhất: 04/09/2026": "Last inspection: 04/09/2026",
    "Cần sa: Vườn sau nhà số 5": "Cannabis: Vườn sau nhà số 5",
    "Đã tiêu hủy": "Destroyed",
    "1.250 cây, 37,5 m²": "plants: 1,250, 37.5 m²",
    "Phát hiện: 01/08/2026": "Detected: 01/08/2026",
    "Tiêu hủy: 03/08/2026": "Destroyed: 03/08/2026",
    "Hỏng": "Broken",
    "Camera của hộ gia đình, cơ sở kết nối": "Connected household or business camera",
    "Camera công cộng (ANTT)": "Public security camera",
    "Lắp đặt: 31/12/2025": "Installed: 31/12/2025",
    "Tin báo {code}: Mua bán trái phép chất ma túy": "Tip {code}: Illegal drug dealing",
    "Đã tiếp nhận": "Accepted",
    "Hạn giải quyết: 23/11/2026": "Resolution deadline: 23/11/2026",
    "Phường Gia Viên": "Ward Gia Viên",
    "Điểm, tụ điểm phức tạp về ma túy": "Drug hotspot",
    "Điểm tổ chức, chứa chấp sử dụng trái phép chất ma túy": (
        "Harbouring place (organising or harbouring illegal drug use)"
    ),
    "Cơ sở kinh doanh có điều kiện": "Conditional businesses",
    "Trồng cây có chứa chất ma túy": "Cultivation of drug-containing plants",
    "Camera an ninh": "Security cameras",
    "Tin báo, tố giác": "Tips and denunciations",
}
