"""Bulk exchange of persons with another system, in the columns of the .xlsx import template.

``POST /persons/import/`` reads the same sheet as the import page (``people.imports``: every bad
cell reported with its row and column, nothing saved) and registers every row in one
transaction, all or nothing. ``GET /persons/export/`` writes the persons the caller sees (the
list's filters) in the template's columns, so a file exported here imports elsewhere; the
citizen ID column is empty for roles without ``VIEW_SENSITIVE``. Every export is audited."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from khongmatuy.areas.forms import ImportForm
from khongmatuy.areas.models import Area, Level
from khongmatuy.areas.selectors import area_in_scope
from khongmatuy.audit import services as audit
from khongmatuy.common.access import ScopedAPIView
from khongmatuy.common.api import api_user, id_input
from khongmatuy.common.api_registry import NOT_ALLOWED
from khongmatuy.common.errors import DomainError
from khongmatuy.common.exporter import Column, Sheet, workbook_bytes, xlsx_response
from khongmatuy.common.roles import Capability

from .. import imports
from ..choices import Category, Sex
from ..models import Person, PersonCategory
from .reads import PERSONS, TAG

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportInput(serializers.Serializer[Any]):
    commune = id_input("Mã xã, phường có các tổ dân phố, thôn mà tệp nêu tên.")
    file = serializers.FileField(help_text="Tệp .xlsx theo mẫu nhập người trong diện quản lý.")


@extend_schema_serializer(component_name="ImportRowError")
class RowErrorOutput(serializers.Serializer[Any]):
    row = serializers.IntegerField(allow_null=True, help_text="Số dòng trong tệp.")
    column = serializers.CharField(help_text="Tên cột (trống: cả dòng hoặc cả tệp).")
    message = serializers.CharField(help_text="Lỗi, tiếng Việt.")


@extend_schema_serializer(component_name="ImportRefused")
class ImportRefusedOutput(serializers.Serializer[Any]):
    # Named like ``Serializer.errors``; DRF moves declared fields out of the class.
    errors = RowErrorOutput(many=True, help_text="Mọi lỗi của tệp, từng dòng, từng cột.")  # type: ignore[assignment]


@extend_schema_serializer(component_name="ImportDone")
class ImportDoneOutput(serializers.Serializer[Any]):
    created = serializers.IntegerField(help_text="Số người đã nhập.")
    ids = serializers.ListField(child=serializers.IntegerField(), help_text="Mã các hồ sơ mới.")


def refused(errors: list[dict[str, Any]]) -> Response:
    """The 400 of a refused import: every error with its row and column, nothing saved."""
    return Response({"errors": errors}, status=400)


def read_import_request(request: Request) -> tuple[Area, Any] | Response:
    """The commune (in the caller's scope) and the checked .xlsx upload of an import request,
    or the 400 naming what is wrong. Shared by every import endpoint (persons, places)."""
    data = ImportInput(data=request.data)
    if not data.is_valid():
        return refused(
            [
                {"row": None, "column": field, "message": str(message)}
                for field, messages in data.errors.items()
                for message in messages
            ]
        )
    upload = ImportForm(data={}, files={"file": data.validated_data["file"]})
    if not upload.is_valid():
        return refused(
            [{"row": None, "column": "file", "message": m} for m in upload.errors["file"]]
        )
    try:
        commune = area_in_scope(api_user(request), data.validated_data["commune"], "commune")
    except DomainError as exc:
        return refused([{"row": None, "column": "commune", "message": exc.messages[0]}])
    if commune.level != Level.COMMUNE:
        message = _("Chọn một xã, phường.")
        return refused([{"row": None, "column": "commune", "message": message}])
    return commune, upload.cleaned_data["file"]


class PersonImportApi(ScopedAPIView):
    """All-or-nothing import of the template sheet."""

    required_capability = Capability.MANAGE_PERSONS
    parser_classes = [MultiPartParser]

    @extend_schema(
        tags=[TAG],
        operation_id="persons_import",
        summary="Nhập người trong diện quản lý từ tệp Excel theo mẫu",
        description="Cùng mẫu và cùng kiểm tra như trang Nhập từ Excel. Có lỗi: 400 liệt kê "
        "mọi lỗi theo dòng và cột, không lưu gì. Không lỗi: mọi dòng được lưu trong một giao "
        "dịch (201).",
        request={"multipart/form-data": ImportInput},
        responses={
            201: ImportDoneOutput,
            400: ImportRefusedOutput,
            403: NOT_ALLOWED,
        },
    )
    def post(self, request: Request) -> Response:
        user = api_user(request)
        checked = read_import_request(request)
        if isinstance(checked, Response):
            return checked
        commune, file = checked
        today = timezone.localdate()
        parsed = imports.parse_persons(file, user=user, commune=commune, today=today)
        if parsed.errors:
            return refused(
                [{"row": e.row, "column": e.column, "message": e.message} for e in parsed.errors]
            )
        persons, errors = imports.commit_rows(
            actor=user, payload=imports.rows_to_payload(parsed.rows), today=today
        )
        if errors:
            return refused([{"row": None, "column": "", "message": m} for m in errors])
        return Response({"created": len(persons), "ids": [p.pk for p in persons]}, status=201)


def _categories(person: Person) -> list[PersonCategory]:
    return sorted(
        (c for c in person.personcategorys.all() if c.ended_on is None),
        key=lambda c: c.started_on,
    )


def _export_columns(*, sensitive: bool) -> list[Column[Person]]:
    """The template's required columns, in its order (``imports.REQUIRED_COLUMNS``)."""
    cells: dict[str, Any] = {
        imports.NAME: lambda p: p.full_name,
        imports.ALIASES: lambda p: p.aliases,
        imports.SEX: lambda p: str(Sex(p.sex).label) if p.sex else "",
        imports.BORN: lambda p: f"{p.date_of_birth:%d/%m/%Y}" if p.date_of_birth else "",
        imports.CITIZEN_ID: (lambda p: p.citizen_id or "") if sensitive else (lambda p: ""),
        # A blank group cell means the commune itself (``imports.parse_persons``).
        imports.GROUP: lambda p: "" if p.area.level == Level.COMMUNE else p.area.name,
        imports.PERMANENT: lambda p: p.permanent_address,
        imports.CURRENT: lambda p: p.current_address,
        imports.PHONE: lambda p: p.phone,
        imports.OCCUPATION: lambda p: p.occupation,
        imports.CATEGORY: lambda p: f"{imports.CATEGORY_SEPARATOR} ".join(
            str(Category(c.category).label) for c in _categories(p)
        ),
        imports.CATEGORY_FROM: lambda p: next(
            (f"{c.started_on:%d/%m/%Y}" for c in _categories(p)), ""
        ),
        imports.SOURCE: lambda p: next((c.source for c in _categories(p)), ""),
        imports.PSYCHOSIS: lambda p: _("Có") if p.psychosis else "",
    }
    return [Column(header, cells[header]) for header in imports.REQUIRED_COLUMNS]


class PersonExportApi(ScopedAPIView):
    """The persons the caller sees, as the import template's sheet."""

    required_capability = Capability.VIEW_PERSONS

    @extend_schema(
        tags=[TAG],
        operation_id="persons_export",
        summary="Xuất người trong diện quản lý ra tệp Excel theo mẫu nhập",
        description="Cùng cột với mẫu nhập, để hệ thống khác nhập lại được. Lọc như danh sách "
        "(area, q, sex). Cột số CCCD để trống với vai trò không được xem thông tin nhạy cảm. "
        "Mỗi lần xuất được ghi nhật ký.",
        parameters=[PERSONS.filter_input()],
        responses={
            (200, XLSX): OpenApiTypes.BINARY,
            400: OpenApiResponse(description="Tham số lọc không hợp lệ."),
            403: NOT_ALLOWED,
        },
    )
    def get(self, request: Request) -> HttpResponse:
        user = api_user(request)
        params = PERSONS.filter_input()(data=request.query_params)
        params.is_valid(raise_exception=True)
        qs = PERSONS.filtered(user, dict(params.validated_data)).prefetch_related("personcategorys")
        sensitive = user.can(Capability.VIEW_SENSITIVE)
        sheet: Sheet[Person] = Sheet(
            title=_("Đối tượng"), columns=_export_columns(sensitive=sensitive), rows=qs
        )
        content = workbook_bytes(sheet)
        audit.record_export(
            actor=user,
            model_label="people.Person",
            object_repr=_("Danh sách người trong diện quản lý (API)"),
            rows=_("%(n)s người") % {"n": sheet.count},
            columns=_("có cột nhạy cảm") if sensitive else _("không có cột nhạy cảm"),
            protected=False,
            filters={k: str(v) for k, v in params.validated_data.items()},
        )
        stamp = f"{timezone.localdate():%Y%m%d}"
        return xlsx_response(content, filename=f"nguoi-trong-dien-quan-ly-{stamp}.xlsx")
