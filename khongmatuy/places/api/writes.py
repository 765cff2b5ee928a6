"""Writes of the places API besides a place's creation and lifecycle step: correcting a place,
recording and correcting conditional businesses, cultivation (and its destruction) and cameras.
Each calls the service the page calls (``places.services``): same checks, same audit; an edit
changes only the keys sent and refuses a save over a newer version (``version``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404
from django.urls import path
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
from khongmatuy.common.api_registry import action_view
from khongmatuy.common.ids import MAX_ID
from khongmatuy.common.roles import Capability

from .. import selectors, services
from ..models import Business, Camera, Cultivation
from .reads import (
    BUSINESSES,
    CAMERAS,
    CULTIVATION,
    TAG,
    BusinessOutput,
    CameraOutput,
    CultivationOutput,
    PlaceInput,
    PlaceOutput,
)

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


def _coordinate(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True, help_text=help_text
    )


class BusinessInput(serializers.Serializer[Any]):
    area = id_input("Mã địa bàn của cơ sở.")
    kind = choice_field(Business.Kind.choices, help_text="Loại cơ sở (không có mặc định).")
    name = text_input(200, "Tên cơ sở.", required=True)
    address = text_input(250, "Địa chỉ.")
    owner_name = text_input(150, "Chủ cơ sở.")
    owner_phone = text_input(20, "Điện thoại chủ cơ sở.")
    licence_number = text_input(100, "Số giấy chứng nhận đủ điều kiện về an ninh, trật tự.")
    licence_date = date_input("Ngày cấp giấy chứng nhận.", required=False)
    risk = choice_field(Business.Risk.choices, help_text="Mức nguy cơ (không có mặc định).")
    is_active = serializers.BooleanField(
        required=False, default=True, error_messages=BOOLEAN_ERRORS, help_text="Còn hoạt động."
    )
    latitude = _coordinate("Vĩ độ.")
    longitude = _coordinate("Kinh độ.")


class CultivationInput(serializers.Serializer[Any]):
    area = id_input("Mã địa bàn nơi phát hiện.")
    site = text_input(250, "Vị trí, thửa đất.", required=True)
    plant = choice_field(Cultivation.Plant.choices, help_text="Loại cây (không có mặc định).")
    plant_count = serializers.IntegerField(
        required=False,
        default=0,
        min_value=0,
        max_value=10**9,
        error_messages=INTEGER_ERRORS,
        help_text="Số cây.",
    )
    area_m2 = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        required=False,
        default=Decimal(0),
        min_value=0,
        help_text="Diện tích (m²).",
    )
    discovered_on = date_input("Ngày phát hiện.")
    note = text_input(5000, "Ghi chú.")
    address = text_input(250, "Địa chỉ.")
    latitude = _coordinate("Vĩ độ.")
    longitude = _coordinate("Kinh độ.")


class DestroyInput(serializers.Serializer[Any]):
    destroyed_on = date_input("Ngày tiêu hủy (một lần).")


class CameraInput(serializers.Serializer[Any]):
    area = id_input("Mã địa bàn nơi lắp đặt.")
    location = text_input(250, "Vị trí lắp đặt.", required=True)
    owner = choice_field(Camera.Owner.choices, help_text="Loại camera (không có mặc định).")
    status = choice_field(Camera.Status.choices, help_text="Tình trạng (không có mặc định).")
    installed_on = date_input("Ngày lắp đặt.", required=False)
    address = text_input(250, "Địa chỉ.")
    latitude = _coordinate("Vĩ độ.")
    longitude = _coordinate("Kinh độ.")


def edit_input(base: type[serializers.Serializer[Any]]) -> type[serializers.Serializer[Any]]:
    """``base`` for an edit: every field optional (only the keys sent change), plus
    ``version``, the version last read."""

    def init(self: serializers.Serializer[Any], *args: Any, **kwargs: Any) -> None:
        base.__init__(self, *args, partial=True, **kwargs)

    version = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_ID,
        error_messages=INTEGER_ERRORS,
        help_text="Phiên bản đã đọc (trường version); bản đã bị người khác sửa thì từ chối.",
    )
    name = base.__name__.replace("Input", "EditInput")
    return type(name, (base,), {"version": version, "__init__": init})


def _with_area(user: User, data: dict[str, Any]) -> dict[str, Any]:
    if "area" in data:
        data["area"] = area_in_scope(user, data["area"], "area")
    return data


def _create(service: Callable[..., Any]) -> Callable[[User, Any, dict[str, Any]], Any]:
    return lambda user, _obj, data: service(
        actor=user, today=timezone.localdate(), **_with_area(user, data)
    )


def _update(service: Callable[..., Any], key: str) -> Callable[[User, Any, dict[str, Any]], Any]:
    return lambda user, obj, data: service(
        actor=user,
        today=timezone.localdate(),
        version=data.pop("version", None),
        **{key: obj},
        **_with_area(user, data),
    )


EDIT_DESCRIPTION = (
    "Chỉ các trường gửi lên được thay đổi. Gửi version đã đọc để không ghi đè sửa đổi của "
    "người khác. Lỗi nhập liệu trả 400 nêu tên trường, không lưu gì."
)

PlaceEdit = action_view(
    name="places-partial-update",
    tag=TAG,
    summary="Sửa thông tin một điểm, tụ điểm",
    description=f"{EDIT_DESCRIPTION} Tình trạng chỉ đổi qua /transition/.",
    capability=Capability.MANAGE_PLACES,
    input_serializer=edit_input(PlaceInput),
    output=PlaceOutput,
    method="patch",
    lookup=lambda user, pk: selectors.place_get_for_user(user=user, pk=pk),
    perform=_update(services.place_update, "place"),
)
BusinessCreate = action_view(
    name="businesses-create",
    tag=TAG,
    summary="Ghi một cơ sở kinh doanh có điều kiện",
    description="Cùng kiểm tra như trang Thêm cơ sở. Trả 201.",
    capability=Capability.MANAGE_PLACES,
    input_serializer=BusinessInput,
    output=BusinessOutput,
    created=True,
    perform=_create(services.business_create),
)
BusinessEdit = action_view(
    name="businesses-partial-update",
    tag=TAG,
    summary="Sửa thông tin một cơ sở kinh doanh",
    description=EDIT_DESCRIPTION,
    capability=Capability.MANAGE_PLACES,
    input_serializer=edit_input(BusinessInput),
    output=BusinessOutput,
    method="patch",
    lookup=lambda user, pk: selectors.business_get_for_user(user=user, pk=pk),
    perform=_update(services.business_update, "business"),
)


def _cultivation(user: User, pk: int) -> Cultivation:
    return get_object_or_404(Cultivation.objects.for_user(user).select_related("area"), pk=pk)


def _camera(user: User, pk: int) -> Camera:
    return get_object_or_404(Camera.objects.for_user(user).select_related("area"), pk=pk)


CultivationCreate = action_view(
    name="cultivation-create",
    tag=TAG,
    summary="Ghi một vụ trồng cây có chứa chất ma túy",
    description="Số cây hoặc diện tích; ngày phát hiện không ở tương lai. Trả 201.",
    capability=Capability.MANAGE_PLACES,
    input_serializer=CultivationInput,
    output=CultivationOutput,
    created=True,
    perform=_create(services.cultivation_create),
)
CultivationEdit = action_view(
    name="cultivation-partial-update",
    tag=TAG,
    summary="Sửa thông tin một vụ trồng cây",
    description=f"{EDIT_DESCRIPTION} Ngày tiêu hủy chỉ ghi qua /destroy/.",
    capability=Capability.MANAGE_PLACES,
    input_serializer=edit_input(CultivationInput),
    output=CultivationOutput,
    method="patch",
    lookup=_cultivation,
    perform=_update(services.cultivation_update, "cultivation"),
)
CultivationDestroy = action_view(
    name="cultivation-destroy",
    tag=TAG,
    summary="Ghi ngày tiêu hủy cây",
    description="Một lần; không trước ngày phát hiện, không ở tương lai.",
    capability=Capability.MANAGE_PLACES,
    input_serializer=DestroyInput,
    output=CultivationOutput,
    lookup=_cultivation,
    perform=lambda user, cultivation, data: services.cultivation_destroy(
        actor=user, cultivation=cultivation, today=timezone.localdate(), **data
    ),
)
CameraCreate = action_view(
    name="cameras-create",
    tag=TAG,
    summary="Ghi một camera an ninh",
    description="Cùng kiểm tra như trang Thêm camera. Trả 201.",
    capability=Capability.MANAGE_PLACES,
    input_serializer=CameraInput,
    output=CameraOutput,
    created=True,
    perform=_create(services.camera_create),
)
CameraEdit = action_view(
    name="cameras-partial-update",
    tag=TAG,
    summary="Sửa thông tin một camera",
    description=EDIT_DESCRIPTION,
    capability=Capability.MANAGE_PLACES,
    input_serializer=edit_input(CameraInput),
    output=CameraOutput,
    method="patch",
    lookup=_camera,
    perform=_update(services.camera_update, "camera"),
)

api_urlpatterns = [
    path(
        "cultivation/<int:pk>/destroy/",
        CultivationDestroy.as_view(),
        name="api-cultivation-destroy",
    ),
]
# The registries with their writes at the same URLs (``places.api`` makes their routes).
REGISTRIES = (
    replace(BUSINESSES, list_mixin=BusinessCreate, detail_mixin=BusinessEdit),
    replace(CULTIVATION, list_mixin=CultivationCreate, detail_mixin=CultivationEdit),
    replace(CAMERAS, list_mixin=CameraCreate, detail_mixin=CameraEdit),
)
