"""Places API, v1: hotspots and harbouring places, conditional businesses and their inspections,
cultivation, cameras. Reads through ``objects.for_user``; writes call ``places.services``."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from khongmatuy.areas.selectors import area_in_scope
from khongmatuy.audit import services as audit
from khongmatuy.common.access import ScopedAPIView
from khongmatuy.common.api import (
    BOOLEAN_ERRORS,
    INTEGER_ERRORS,
    api_user,
    choice_field,
    date_input,
    id_input,
    text_input,
)
from khongmatuy.common.api_registry import (
    NOT_ALLOWED,
    ModelOutput,
    Registry,
    action_view,
    registry_urls,
)
from khongmatuy.common.errors import DomainError
from khongmatuy.common.exporter import Column, Sheet, workbook_bytes, xlsx_response
from khongmatuy.common.roles import Capability
from khongmatuy.people.api.exchange import (
    XLSX,
    ImportDoneOutput,
    ImportInput,
    ImportRefusedOutput,
    read_import_request,
    refused,
)

from . import imports, selectors, services
from .models import Business, Camera, Cultivation, Inspection, Place

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

# --- Bulk exchange -------------------------------------------------------------------------


class PlaceImportApi(ScopedAPIView):
    """All-or-nothing import of the places template sheet (``imports.parse_places``)."""

    required_capability = Capability.MANAGE_PLACES
    parser_classes = [MultiPartParser]

    @extend_schema(
        tags=[TAG],
        operation_id="places_import",
        summary="Nhập điểm, tụ điểm từ tệp Excel theo mẫu",
        description="Cùng mẫu và cùng kiểm tra như trang Nhập từ Excel (Điểm, tụ điểm → Nhập từ "
        "Excel). Có lỗi: 400 liệt kê mọi lỗi theo dòng và cột, không lưu gì. Không lỗi: mọi "
        "dòng được ghi (tình trạng mới phát hiện) trong một giao dịch (201).",
        request={"multipart/form-data": ImportInput},
        responses={201: ImportDoneOutput, 400: ImportRefusedOutput, 403: NOT_ALLOWED},
    )
    def post(self, request: Request) -> Response:
        checked = read_import_request(request)
        if isinstance(checked, Response):
            return checked
        commune, file = checked
        today = timezone.localdate()
        rows, errors = imports.parse_places(file, commune=commune, today=today)
        if errors:
            return refused(
                [{"row": e.row, "column": e.column, "message": e.message} for e in errors]
            )
        try:
            places = services.places_import(actor=api_user(request), rows=rows, today=today)
        except DomainError as exc:
            return refused([{"row": None, "column": "", "message": m} for m in exc.messages])
        return Response({"created": len(places), "ids": [p.pk for p in places]}, status=201)


class PlaceExportApi(ScopedAPIView):
    """The places the caller sees, as the import template's sheet."""

    required_capability = Capability.VIEW_PLACES

    @extend_schema(
        tags=[TAG],
        operation_id="places_export",
        summary="Xuất điểm, tụ điểm ra tệp Excel theo mẫu nhập",
        description="Cùng cột với mẫu nhập, để hệ thống khác nhập lại được (xuất theo từng xã, "
        "phường: area=<mã xã>). Lọc như danh sách (area, q, kind, status). Mỗi lần xuất được "
        "ghi nhật ký.",
        parameters=[PLACES.filter_input()],
        responses={
            (200, XLSX): OpenApiTypes.BINARY,
            400: OpenApiResponse(description="Tham số lọc không hợp lệ."),
            403: NOT_ALLOWED,
        },
    )
    def get(self, request: Request) -> HttpResponse:
        user = api_user(request)
        params = PLACES.filter_input()(data=request.query_params)
        params.is_valid(raise_exception=True)
        qs = PLACES.filtered(user, dict(params.validated_data)).select_related("area")
        columns = [Column(header, imports.EXPORT_CELLS[header]) for header in imports.COLUMNS]
        sheet: Sheet[Place] = Sheet(title=_("Điểm, tụ điểm"), columns=columns, rows=qs)
        content = workbook_bytes(sheet)
        audit.record_export(
            actor=user,
            model_label="places.Place",
            object_repr=_("Danh sách điểm, tụ điểm (API)"),
            rows=_("%(n)s điểm") % {"n": sheet.count},
            columns=_("các cột của mẫu nhập"),
            protected=False,
            filters={k: str(v) for k, v in params.validated_data.items()},
        )
        stamp = f"{timezone.localdate():%Y%m%d}"
        return xlsx_response(content, filename=f"diem-tu-diem-{stamp}.xlsx")


api_urlpatterns = [
    *registry_urls(
        replace(PLACES, list_mixin=PlaceCreate),
        BUSINESSES,
        INSPECTIONS,
        CULTIVATION,
        CAMERAS,
    ),
    path("places/import/", PlaceImportApi.as_view(), name="api-places-import"),
    path("places/export/", PlaceExportApi.as_view(), name="api-places-export"),
    path("places/<int:pk>/transition/", PlaceTransition.as_view(), name="api-place-transition"),
    path(
        "businesses/<int:pk>/inspections/",
        InspectionRecord.as_view(),
        name="api-business-inspection-create",
    ),
]
