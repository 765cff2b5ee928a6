"""Area API, v1. Reads through the same selectors and scoping as the pages; writes call services.

Every view derives from ``ScopedAPIView``: login (token or session) and ``USE_API`` required,
reads only through ``Area.objects.for_user`` and the selectors, an area outside the caller's
scope is a 404 (never a 403). Dates are ISO 8601 (``YYYY-MM-DD``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from khongmatuy.common.access import ScopedAPIView
from khongmatuy.common.api import (
    BOOLEAN_ERRORS,
    DATE_ERRORS,
    INTEGER_ERRORS,
    TEXT_ERRORS,
    CapabilityByMethodMixin,
    Pagination,
    api_user,
    choice_field,
    paginated_response,
)
from khongmatuy.common.ids import MAX_ID
from khongmatuy.common.roles import Capability

from . import selectors, services
from .models import Area, AreaFigure, Kind, Level, Organisation
from .rules.naming import search_terms

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

TAG = "Địa bàn"

# drf-spectacular shows the ``pk`` URL argument as ``{id}`` (SCHEMA_COERCE_PATH_PK).
ID_PARAMETER = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Mã (id) của địa bàn."
)
NOT_FOUND = OpenApiResponse(description="Không có địa bàn này trong phạm vi của tài khoản.")
NOT_ALLOWED = OpenApiResponse(description="Vai trò của tài khoản không có quyền này.")
BAD_FILTER = OpenApiResponse(description="Tham số lọc không hợp lệ; mỗi lỗi gắn với tên tham số.")


# --- Output ---------------------------------------------------------------------------------


@extend_schema_serializer(component_name="AreaRef")
class AreaRefOutput(serializers.Serializer[Area]):
    id = serializers.IntegerField(help_text="Mã địa bàn.")
    name = serializers.CharField(help_text="Tên địa bàn.")


@dataclass(frozen=True)
class AreaSummary:
    """An area with its counts and its current figure: one row of a list, or a detail."""

    area: Area
    child_count: int
    group_count: int
    figure: AreaFigure | None


@extend_schema_serializer(component_name="Area")
class AreaOutput(serializers.Serializer[AreaSummary]):
    id = serializers.IntegerField(source="area.pk", help_text="Mã địa bàn.")
    name = serializers.CharField(source="area.name", help_text="Tên địa bàn.")
    level = serializers.ChoiceField(source="area.level", choices=Level.choices, help_text="Cấp.")
    kind = serializers.ChoiceField(
        source="area.kind", choices=Kind.choices, help_text="Loại đơn vị hành chính."
    )
    code = serializers.CharField(source="area.code", help_text="Mã đơn vị hành chính.")
    is_active = serializers.BooleanField(source="area.is_active", help_text="Đang hoạt động.")
    valid_from = serializers.DateField(
        source="area.valid_from", allow_null=True, help_text="Có hiệu lực từ ngày."
    )
    valid_until = serializers.DateField(
        source="area.valid_until", allow_null=True, help_text="Hết hiệu lực từ ngày (sáp nhập)."
    )
    area_km2 = serializers.DecimalField(
        source="area.area_km2",
        max_digits=10,
        decimal_places=2,
        allow_null=True,
        help_text="Diện tích (km²).",
    )
    parent = AreaRefOutput(
        source="area.parent", allow_null=True, help_text="Địa bàn cấp trên trực tiếp."
    )
    province = AreaRefOutput(
        source="area.province", allow_null=True, help_text="Tỉnh, thành phố (chính nó nếu là tỉnh)."
    )
    commune = AreaRefOutput(
        source="area.commune", allow_null=True, help_text="Xã, phường (chính nó nếu là xã)."
    )
    child_count = serializers.IntegerField(help_text="Số địa bàn trực thuộc đang hoạt động.")
    group_count = serializers.IntegerField(
        help_text="Số tổ dân phố, thôn đang hoạt động nằm trong địa bàn."
    )
    population = serializers.IntegerField(
        source="figure.population", allow_null=True, help_text="Dân số theo số liệu mới nhất."
    )
    households = serializers.IntegerField(
        source="figure.households", allow_null=True, help_text="Số hộ theo số liệu mới nhất."
    )
    figures_as_of = serializers.DateField(
        source="figure.as_of", allow_null=True, help_text="Ngày của số liệu dân số mới nhất."
    )


@extend_schema_serializer(component_name="AreaFigure")
class FigureOutput(serializers.Serializer[AreaFigure]):
    id = serializers.IntegerField(help_text="Mã số liệu.")
    as_of = serializers.DateField(help_text="Tính đến ngày.")
    population = serializers.IntegerField(help_text="Dân số.")
    households = serializers.IntegerField(help_text="Số hộ.")
    # A field named like a ``Field`` attribute (``source``, ``parent``) is fine for DRF's
    # metaclass, which moves declared fields out of the class; the stubs see an override.
    source = serializers.CharField(help_text="Nguồn số liệu.")  # type: ignore[assignment]
    is_current = serializers.BooleanField(help_text="Đây là số liệu mới nhất của địa bàn.")


@extend_schema_serializer(component_name="Organisation")
class OrganisationOutput(serializers.Serializer[Organisation]):
    id = serializers.IntegerField(help_text="Mã tổ chức.")
    kind = serializers.ChoiceField(choices=Organisation.OrgKind.choices, help_text="Loại tổ chức.")
    name = serializers.CharField(help_text="Tên tổ chức.")
    area = AreaRefOutput(help_text="Địa bàn của tổ chức.")
    address = serializers.CharField(help_text="Địa chỉ.")
    head_name = serializers.CharField(help_text="Người đứng đầu.")
    phone = serializers.CharField(help_text="Điện thoại.")
    member_count = serializers.IntegerField(allow_null=True, help_text="Số thành viên.")
    is_active = serializers.BooleanField(help_text="Đang hoạt động.")


# --- Input ----------------------------------------------------------------------------------


def _active_field() -> serializers.BooleanField:
    # allow_null: an absent parameter means "both", not False (DRF's default for query data).
    return serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        error_messages=BOOLEAN_ERRORS,
        help_text="true: chỉ địa bàn đang hoạt động; false: chỉ địa bàn cũ; bỏ trống: cả hai.",
    )


class AreaFilterInput(serializers.Serializer[Any]):
    """Query parameters of the area list; each one given narrows the list."""

    level = choice_field(Level.choices, required=False, help_text="Cấp địa bàn.")
    parent = serializers.IntegerField(  # type: ignore[assignment]  # see FigureOutput.source
        required=False,
        min_value=1,
        max_value=MAX_ID,
        error_messages=INTEGER_ERRORS,
        help_text="Mã địa bàn cha.",
    )
    kind = choice_field(Kind.choices, required=False, help_text="Loại địa bàn.")
    active = _active_field()
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        error_messages=TEXT_ERRORS,
        help_text="Tìm theo tên, không phân biệt dấu và hoa thường (“tan phu” tìm “Tân Phú”).",
    )


class ActiveFilterInput(serializers.Serializer[Any]):
    active = _active_field()


@extend_schema_serializer(component_name="AreaFigure")  # the request body: AreaFigureRequest
class FigureInput(serializers.Serializer[Any]):
    as_of = serializers.DateField(error_messages=DATE_ERRORS, help_text="Tính đến ngày.")
    # The bounds are the service's (it checks them again); here they reach the schema.
    population = serializers.IntegerField(
        min_value=0,
        max_value=services.MAX_POPULATION,
        error_messages=INTEGER_ERRORS,
        help_text="Dân số.",
    )
    households = serializers.IntegerField(
        min_value=0,
        max_value=services.MAX_HOUSEHOLDS,
        error_messages=INTEGER_ERRORS,
        help_text="Số hộ (không lớn hơn dân số).",
    )
    source = serializers.CharField(  # type: ignore[assignment]  # see FigureOutput.source
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        error_messages=TEXT_ERRORS,
        help_text="Nguồn số liệu.",
    )


# --- Reads ----------------------------------------------------------------------------------


def _filter(
    serializer_class: type[serializers.Serializer[Any]], request: Request
) -> dict[str, Any]:
    """Validated query parameters; a bad one is a 400 naming it."""
    params = serializer_class(data=request.query_params)
    params.is_valid(raise_exception=True)
    return dict(params.validated_data)


def _areas_for_list(*, user: User, filters: dict[str, Any]) -> QuerySet[Area]:
    qs = Area.objects.for_user(user).select_related("parent", "province", "commune")
    if filters.get("level") is not None:
        qs = qs.filter(level=filters["level"])
    if filters.get("parent") is not None:
        qs = qs.filter(parent_id=filters["parent"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("active") is not None:
        qs = qs.filter(is_active=filters["active"])
    terms = search_terms(filters.get("q") or "", max_words=20)
    if terms.words:
        qs = qs.filter(selectors.name_filter(terms))
    return qs.order_by("level", "sort_key", "name", "pk")


def _summaries(*, user: User, areas: list[Area]) -> list[AreaSummary]:
    """Counts and current figures for already scoped areas, in a constant number of queries.

    Counts come from ``selectors.tree_rows`` (the tree page's numbers); figures are the rows
    flagged ``is_current`` (the latest of each area, kept by ``services.figure_set``).
    """
    if not areas:
        return []
    counts = {row.area.pk: row for row in selectors.tree_rows(areas)}
    figures = {
        figure.area_id: figure
        for figure in AreaFigure.objects.for_user(user).filter(
            area__in=[a.pk for a in areas], is_current=True
        )
    }
    return [
        AreaSummary(
            area=area,
            child_count=counts[area.pk].child_count,
            group_count=counts[area.pk].group_count,
            figure=figures.get(area.pk),
        )
        for area in areas
    ]


def _area_page(request: Request, view: ScopedAPIView, qs: QuerySet[Area]) -> Response:
    user = api_user(request)
    return paginated_response(
        request=request,
        view=view,
        queryset=qs,
        serializer_class=AreaOutput,
        prepare=lambda page: _summaries(user=user, areas=page),
    )


class AreaListApi(ScopedAPIView):
    """The areas the caller sees, filtered, one page at a time."""

    pagination_class = Pagination

    @extend_schema(
        tags=[TAG],
        summary="Danh sách địa bàn trong phạm vi",
        description="Các địa bàn tài khoản được xem (địa bàn được giao và mọi địa bàn trực "
        "thuộc), sắp theo cấp rồi theo tên. Mỗi dòng có cấp trên, số liệu dân cư mới nhất và "
        "số địa bàn trực thuộc.",
        parameters=[AreaFilterInput],
        responses={200: AreaOutput(many=True), 400: BAD_FILTER},
    )
    def get(self, request: Request) -> Response:
        filters = _filter(AreaFilterInput, request)
        return _area_page(request, self, _areas_for_list(user=api_user(request), filters=filters))


class AreaDetailApi(ScopedAPIView):
    """One area with its ancestors, current figures and counts."""

    @extend_schema(
        tags=[TAG],
        summary="Một địa bàn",
        description="Cấp trên (thuộc, tỉnh, xã), dân số và số hộ theo số liệu mới nhất, số "
        "địa bàn trực thuộc. Địa bàn ngoài phạm vi trả 404.",
        parameters=[ID_PARAMETER],
        responses={200: AreaOutput, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = api_user(request)
        area = selectors.area_get_for_user(user=user, pk=pk)
        return Response(AreaOutput(_summaries(user=user, areas=[area])[0]).data)


class AreaChildrenApi(ScopedAPIView):
    """The areas directly below one area (the tree page's rows)."""

    pagination_class = Pagination

    @extend_schema(
        tags=[TAG],
        summary="Các địa bàn trực thuộc",
        description="Các địa bàn ngay dưới địa bàn này, sắp theo tên (Tổ 2 trước Tổ 10).",
        parameters=[ID_PARAMETER, ActiveFilterInput],
        responses={200: AreaOutput(many=True), 400: BAD_FILTER, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = api_user(request)
        area = selectors.area_get_for_user(user=user, pk=pk)
        active = _filter(ActiveFilterInput, request)["active"]
        qs = selectors.children_for_user(user=user, area=area, include_inactive=True)
        if active is not None:
            qs = qs.filter(is_active=active)
        qs = qs.select_related("parent", "province", "commune").order_by("sort_key", "name", "pk")
        return _area_page(request, self, qs)


class AreaFiguresApi(CapabilityByMethodMixin, ScopedAPIView):
    """``GET``: the population series (``USE_API``). ``POST``: record one (``MANAGE_AREAS``)."""

    pagination_class = Pagination
    capability_by_method = {"POST": Capability.MANAGE_AREAS}

    @extend_schema(
        tags=[TAG],
        summary="Dân số, số hộ của địa bàn theo thời gian",
        description="Chuỗi số liệu dân cư của địa bàn, mới nhất trước.",
        parameters=[ID_PARAMETER],
        responses={200: FigureOutput(many=True), 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        area = selectors.area_get_for_user(user=api_user(request), pk=pk)
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.figures_for_area(area=area).order_by("-as_of", "-pk"),
            serializer_class=FigureOutput,
        )

    @extend_schema(
        tags=[TAG],
        summary="Ghi (hoặc sửa) dân số, số hộ của địa bàn tại một ngày",
        description="Cần quyền quản lý địa bàn. Trả 201 khi thêm số liệu mới, 200 khi sửa số "
        "liệu đã có của cùng ngày. Lỗi nhập liệu trả 400, nêu tên trường, và không lưu gì.",
        parameters=[ID_PARAMETER],
        request=FigureInput,
        responses={
            201: FigureOutput,
            200: FigureOutput,
            400: OpenApiResponse(description="Dữ liệu không hợp lệ; mỗi lỗi gắn với tên trường."),
            403: NOT_ALLOWED,
            404: NOT_FOUND,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        user = api_user(request)
        area = selectors.area_get_for_user(user=user, pk=pk)
        data = FigureInput(data=request.data)
        data.is_valid(raise_exception=True)
        as_of: date = data.validated_data["as_of"]
        existed = selectors.figures_for_area(area=area).filter(as_of=as_of).exists()
        figure = services.figure_set(actor=user, area=area, **data.validated_data)
        return Response(
            FigureOutput(figure).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


class AreaOrganisationsApi(ScopedAPIView):
    """Organisations located in an area or anywhere below it."""

    pagination_class = Pagination

    @extend_schema(
        tags=[TAG],
        summary="Tổ chức, cơ quan nằm trong địa bàn",
        description="Trường học, doanh nghiệp, cơ quan, giáo xứ, dòng họ… nằm trong địa bàn "
        "hoặc các địa bàn trực thuộc.",
        parameters=[ID_PARAMETER],
        responses={200: OrganisationOutput(many=True), 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = api_user(request)
        area = selectors.area_get_for_user(user=user, pk=pk)
        qs = selectors.organisations_for_area(user=user, area=area)
        return paginated_response(
            request=request,
            view=self,
            queryset=qs,
            serializer_class=OrganisationOutput,
        )
