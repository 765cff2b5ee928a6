"""Places API, v1: hotspots and harbouring places, conditional businesses and their inspections,
cultivation, cameras. Reads through ``objects.for_user``; writes call ``places.services``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone
from rest_framework import serializers

from khongmatuy.areas.selectors import area_in_scope
from khongmatuy.common.api import (
    BOOLEAN_ERRORS,
    INTEGER_ERRORS,
    choice_field,
    date_input,
    id_input,
    text_input,
)
from khongmatuy.common.api_registry import (
    ModelOutput,
    Registry,
    action_view,
)
from khongmatuy.common.roles import Capability

from .. import selectors, services
from ..models import Business, Camera, Cultivation, Inspection, Place

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

TAG = "Địa điểm, cơ sở"


class PlaceOutput(ModelOutput):
    class Meta:
        model = Place
        fields = (
            "id",
            "kind",
            "name",
            "area",
            "address",
            "description",
            "status",
            "discovered_on",
            "eliminated_on",
            "latitude",
            "longitude",
            "version",
            "updated_at",
        )


class BusinessOutput(ModelOutput):
    class Meta:
        model = Business
        fields = (
            "id",
            "kind",
            "name",
            "area",
            "address",
            "owner_name",
            "owner_phone",
            "licence_number",
            "licence_date",
            "risk",
            "is_active",
            "last_inspected_on",
            "version",
            "updated_at",
        )


class InspectionOutput(ModelOutput):
    class Meta:
        model = Inspection
        fields = (
            "id",
            "business",
            "inspected_on",
            "team",
            "findings",
            "violation",
            "sanction",
            "fine_vnd",
            "suspended_until",
        )


class CultivationOutput(ModelOutput):
    class Meta:
        model = Cultivation
        fields = (
            "id",
            "area",
            "address",
            "site",
            "plant",
            "plant_count",
            "area_m2",
            "discovered_on",
            "destroyed_on",
            "note",
            "version",
        )


class CameraOutput(ModelOutput):
    class Meta:
        model = Camera
        fields = ("id", "area", "address", "location", "owner", "status", "installed_on", "version")


PLACES = Registry(
    name="places",
    tag=TAG,
    label="điểm, tụ điểm",
    queryset=lambda user: Place.objects.for_user(user),
    output=PlaceOutput,
    capability=Capability.VIEW_PLACES,
    ordering={"discovered_on": ("discovered_on",), "name": ("name_sort",)},
    default_ordering="-discovered_on",
    choices={
        "kind": ("kind", Place.Kind.choices),
        "status": ("status", Place.Status.choices),
    },
    search_field="search_text",
)
BUSINESSES = Registry(
    name="businesses",
    tag=TAG,
    label="cơ sở kinh doanh có điều kiện",
    queryset=lambda user: Business.objects.for_user(user),
    output=BusinessOutput,
    capability=Capability.VIEW_PLACES,
    ordering={"name": ("name_sort",), "last_inspected_on": ("last_inspected_on",)},
    default_ordering="name",
    choices={"kind": ("kind", Business.Kind.choices), "risk": ("risk", Business.Risk.choices)},
    search_field="search_text",
)
INSPECTIONS = Registry(
    name="inspections",
    tag=TAG,
    label="lần kiểm tra cơ sở",
    queryset=lambda user: Inspection.objects.for_user(user),
    output=InspectionOutput,
    capability=Capability.VIEW_PLACES,
    ordering={"inspected_on": ("inspected_on",)},
    default_ordering="-inspected_on",
    area_field="business__area",
)
CULTIVATION = Registry(
    name="cultivation",
    tag=TAG,
    label="vụ trồng cây có chứa chất ma túy",
    queryset=lambda user: Cultivation.objects.for_user(user),
    output=CultivationOutput,
    capability=Capability.VIEW_PLACES,
    ordering={"discovered_on": ("discovered_on",)},
    default_ordering="-discovered_on",
    choices={"plant": ("plant", Cultivation.Plant.choices)},
)
CAMERAS = Registry(
    name="cameras",
    tag=TAG,
    label="camera an ninh",
    queryset=lambda user: Camera.objects.for_user(user),
    output=CameraOutput,
    capability=Capability.VIEW_PLACES,
    ordering={"location": ("location_sort",), "installed_on": ("installed_on",)},
    default_ordering="location",
    choices={
        "status": ("status", Camera.Status.choices),
        "owner": ("owner", Camera.Owner.choices),
    },
)


# --- Writes ---------------------------------------------------------------------------------


class PlaceInput(serializers.Serializer[Any]):
    area = id_input("Mã địa bàn nơi có điểm.")
    kind = choice_field(Place.Kind.choices, help_text="Loại (không có mặc định).")
    name = text_input(200, "Tên, mô tả ngắn.", required=True)
    address = text_input(250, "Địa chỉ.")
    description = text_input(5000, "Mô tả.")
    discovered_on = date_input("Ngày phát hiện.")
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True, help_text="Vĩ độ."
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True, help_text="Kinh độ."
    )


class TransitionInput(serializers.Serializer[Any]):
    to_status = choice_field(Place.Status.choices, help_text="Tình trạng mới (theo vòng đời).")
    on = date_input("Ngày chuyển tình trạng.")
    note = text_input(250, "Ghi chú.")


class InspectionInput(serializers.Serializer[Any]):
    inspected_on = date_input("Ngày kiểm tra.")
    team = text_input(250, "Tổ, đoàn kiểm tra.", required=True)
    findings = text_input(5000, "Kết quả kiểm tra.")
    violation = serializers.BooleanField(
        required=False, default=False, error_messages=BOOLEAN_ERRORS, help_text="Có vi phạm."
    )
    sanction = text_input(250, "Hình thức xử lý.")
    fine_vnd = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=10**12,
        error_messages=INTEGER_ERRORS,
        help_text="Số tiền phạt (đồng).",
    )
    suspended_until = date_input("Đình chỉ hoạt động đến ngày.", required=False)


def _place_create(user: User, _obj: Any, data: dict[str, Any]) -> Place:
    data["area"] = area_in_scope(user, data["area"], "area")
    return services.place_create(actor=user, today=timezone.localdate(), **data)


PlaceCreate = action_view(
    name="places-create",
    tag=TAG,
    summary="Ghi một điểm, tụ điểm mới phát hiện",
    description="Tình trạng ban đầu: mới phát hiện. Trả 201.",
    capability=Capability.MANAGE_PLACES,
    input_serializer=PlaceInput,
    output=PlaceOutput,
    created=True,
    perform=_place_create,
)
PlaceTransition = action_view(
    name="places-transition",
    tag=TAG,
    summary="Chuyển tình trạng của điểm theo vòng đời",
    description="Mới phát hiện → đang đấu tranh → đã triệt xóa → theo dõi / tái phát. Bước "
    "không được phép trả 400 nêu trường to_status.",
    capability=Capability.MANAGE_PLACES,
    input_serializer=TransitionInput,
    output=PlaceOutput,
    lookup=lambda user, pk: selectors.place_get_for_user(user=user, pk=pk),
    perform=lambda user, place, data: services.place_transition(
        actor=user, place=place, today=timezone.localdate(), **data
    ),
)
InspectionRecord = action_view(
    name="businesses-inspections-create",
    tag=TAG,
    summary="Ghi một lần kiểm tra cơ sở kinh doanh",
    description="Cập nhật ngày kiểm tra gần nhất của cơ sở.",
    capability=Capability.MANAGE_PLACES,
    input_serializer=InspectionInput,
    output=InspectionOutput,
    created=True,
    lookup=lambda user, pk: selectors.business_get_for_user(user=user, pk=pk),
    perform=lambda user, business, data: services.inspection_record(
        actor=user, business=business, today=timezone.localdate(), **data
    ),
)
