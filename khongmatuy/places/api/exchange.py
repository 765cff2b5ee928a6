"""Bulk exchange of hotspots and harbouring places with another system, in the columns of the
.xlsx import template (``places.imports``). ``POST /places/import/`` reads the same sheet as the
import page (every bad cell reported with its row and column, nothing saved) and records every row
in one transaction, all or nothing; ``GET /places/export/`` writes the places the caller sees in
the template's columns, so a file exported here imports elsewhere. Every export is audited."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from khongmatuy.audit import services as audit
from khongmatuy.common.access import ScopedAPIView
from khongmatuy.common.api import api_user
from khongmatuy.common.api_registry import NOT_ALLOWED
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

from .. import imports, services
from ..models import Place
from .reads import PLACES, TAG


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
    path("places/import/", PlaceImportApi.as_view(), name="api-places-import"),
    path("places/export/", PlaceExportApi.as_view(), name="api-places-export"),
]
