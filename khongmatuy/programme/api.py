"""Programme API, v1: the national projects and indicators, the projects communes run, their
money ledger (allocations, adjustments, commitments, disbursements), the entered indicator
values; writes: an allocation and a disbursement, through the same services as the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from khongmatuy.areas.models import Level
from khongmatuy.areas.selectors import area_in_scope
from khongmatuy.common.access import ScopedAPIView
from khongmatuy.common.api import INTEGER_ERRORS, api_user, choice_field, date_input, text_input
from khongmatuy.common.api_registry import (
    BAD_INPUT,
    NOT_ALLOWED,
    ModelOutput,
    Registry,
    action_view,
    registry_urls,
)
from khongmatuy.common.ids import MAX_ID
from khongmatuy.common.roles import Capability

from . import services
from .choices import FundSource
from .models import (
    Adjustment,
    Allocation,
    Commitment,
    CommuneProject,
    Disbursement,
    Indicator,
    IndicatorValue,
    Project,
)
from .rules.money import display_percent
from .selectors import indicators
from .services.common import FIRST_YEAR, LAST_YEAR

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

TAG = "Chương trình MTQG"
VIEW = Capability.VIEW_PROGRAMME
MANAGE = Capability.MANAGE_PROGRAMME
MONEY = ("commune_project", "year")


class ProjectOutput(ModelOutput):
    class Meta:
        model = Project
        fields = ("id", "code", "number", "parent", "name", "lead_ministry", "confirmed", "source")


class CommuneProjectOutput(ModelOutput):
    class Meta:
        model = CommuneProject
        fields = ("id", "area", "project", "lead", "note")


class AllocationOutput(ModelOutput):
    class Meta:
        model = Allocation
        fields = ("id", *MONEY, "source", "amount", "decision", "decided_on", "balanced_by")


class AdjustmentOutput(ModelOutput):
    class Meta:
        model = Adjustment
        fields = ("id", *MONEY, "source", "amount", "decision", "decided_on", "reason")


class CommitmentOutput(ModelOutput):
    class Meta:
        model = Commitment
        fields = ("id", *MONEY, "signed_on", "amount", "document", "content")


class DisbursementOutput(ModelOutput):
    class Meta:
        model = Disbursement
        fields = ("id", *MONEY, "paid_on", "amount", "document", "content")


class IndicatorOutput(ModelOutput):
    class Meta:
        model = Indicator
        fields = (
            "id",
            "code",
            "name",
            "unit",
            "measure",
            "strictly_above",
            "baseline",
            "baseline_year",
            "source",
            "confirmed",
        )


class IndicatorValueOutput(ModelOutput):
    class Meta:
        model = IndicatorValue
        fields = ("id", "indicator", "area", "year", "part", "whole", "source")


def _money_registry(name: str, label: str, model: Any, output: Any, date_field: str) -> Registry:
    return Registry(
        name=name,
        tag=TAG,
        label=label,
        queryset=lambda user: model.objects.for_user(user),
        output=output,
        capability=VIEW,
        ordering={date_field: (date_field, "pk"), "year": ("year", "pk")},
        default_ordering=f"-{date_field}",
        area_field="commune_project__area",
    )


PROJECTS = Registry(
    name="programme-projects",
    tag=TAG,
    label="dự án của Chương trình",
    queryset=lambda user: Project.objects.all(),
    output=ProjectOutput,
    capability=VIEW,
    ordering={"code": ("sort_key", "pk")},
    default_ordering="code",
    area_field=None,
)
COMMUNE_PROJECTS = Registry(
    name="programme-commune-projects",
    tag=TAG,
    label="dự án xã, phường thực hiện",
    queryset=lambda user: CommuneProject.objects.for_user(user),
    output=CommuneProjectOutput,
    capability=VIEW,
    ordering={"project": ("project__sort_key", "pk")},
    default_ordering="project",
)
ALLOCATIONS = _money_registry(
    "programme-allocations", "vốn được giao", Allocation, AllocationOutput, "decided_on"
)
ADJUSTMENTS = _money_registry(
    "programme-adjustments", "điều chỉnh vốn", Adjustment, AdjustmentOutput, "decided_on"
)
COMMITMENTS = _money_registry(
    "programme-commitments", "cam kết chi", Commitment, CommitmentOutput, "signed_on"
)
DISBURSEMENTS = _money_registry(
    "programme-disbursements", "giải ngân", Disbursement, DisbursementOutput, "paid_on"
)
INDICATORS = Registry(
    name="programme-indicators",
    tag=TAG,
    label="chỉ tiêu của Chương trình",
    queryset=lambda user: Indicator.objects.all(),
    output=IndicatorOutput,
    capability=VIEW,
    ordering={"order": ("order", "code")},
    default_ordering="order",
    area_field=None,
)
INDICATOR_VALUES = Registry(
    name="programme-indicator-values",
    tag=TAG,
    label="số liệu chỉ tiêu nhập",
    queryset=lambda user: IndicatorValue.objects.for_user(user),
    output=IndicatorValueOutput,
    capability=VIEW,
    ordering={"year": ("year", "pk")},
    default_ordering="-year",
)


# --- Writes ---------------------------------------------------------------------------------


def _money_input(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=18,
        decimal_places=0,
        help_text=help_text,
        error_messages={"invalid": "Nhập số tiền (đồng, số nguyên)."},
    )


def _year_input() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=2025,
        max_value=2030,
        help_text="Năm (2025–2030).",
        error_messages={"invalid": "Nhập năm."},
    )


class ScheduleStepInput(serializers.Serializer[Any]):
    until = date_input("Đến ngày (cuối quý, cuối tháng).")
    share = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal(100),
        help_text="Tỷ lệ giải ngân lũy kế đến ngày đó (%).",
    )


class AllocationInput(serializers.Serializer[Any]):
    year = _year_input()
    source = choice_field(FundSource.choices, help_text="Nguồn vốn (không có mặc định).")  # type: ignore[assignment]
    amount = _money_input("Số tiền được giao (đồng).")
    decision = text_input(100, "Số quyết định giao vốn.", required=True)
    decided_on = date_input("Ngày quyết định.")
    schedule = ScheduleStepInput(
        many=True,
        required=False,
        help_text="Tiến độ giải ngân kế hoạch của năm (thay tiến độ đã nhập), theo quý hoặc tháng.",
    )


class DisbursementInput(serializers.Serializer[Any]):
    year = _year_input()
    paid_on = date_input("Ngày giải ngân.")
    amount = _money_input("Số tiền giải ngân (đồng).")
    document = text_input(100, "Số chứng từ.", required=True)
    content = text_input(250, "Nội dung.")


def _commune_project(user: User, pk: int) -> CommuneProject:
    return get_object_or_404(CommuneProject.objects.for_user(user), pk=pk)


def _allocation_create(user: User, cp: CommuneProject, data: dict[str, Any]) -> Allocation:
    schedule = [(step["until"], step["share"]) for step in data.pop("schedule", [])]
    return services.allocation_record(
        actor=user, commune_project=cp, today=timezone.localdate(), schedule=schedule, **data
    )


AllocationCreate = action_view(
    name="programme-allocations-create",
    tag=TAG,
    summary="Ghi vốn được giao của một dự án trong năm",
    description="Một dòng cho mỗi dự án, năm và nguồn vốn; thay đổi sau đó ghi bằng quyết định "
    "điều chỉnh. Trả 201.",
    capability=MANAGE,
    input_serializer=AllocationInput,
    output=AllocationOutput,
    created=True,
    lookup=_commune_project,
    perform=_allocation_create,
)
DisbursementCreate = action_view(
    name="programme-disbursements-create",
    tag=TAG,
    summary="Ghi một lần giải ngân của dự án",
    description="Bị từ chối (400, trường amount) nếu vượt vốn được giao cộng điều chỉnh của năm.",
    capability=MANAGE,
    input_serializer=DisbursementInput,
    output=DisbursementOutput,
    created=True,
    lookup=_commune_project,
    perform=lambda user, cp, data: services.disbursement_record(
        actor=user, commune_project=cp, today=timezone.localdate(), **data
    ),
)

# --- Indicators counted live, rolled up -------------------------------------------------------


class SummaryInput(serializers.Serializer[Any]):
    area = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        error_messages=INTEGER_ERRORS,
        help_text="Mã địa bàn (tỉnh, xã); bỏ trống: toàn bộ phạm vi của tài khoản.",
    )
    year = serializers.IntegerField(
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages=INTEGER_ERRORS,
        help_text="Năm (2025–2030); bỏ trống: năm nay.",
    )


@extend_schema_serializer(component_name="ProgrammeIndicatorValue")
class SummaryRowOutput(serializers.Serializer[Any]):
    indicator = serializers.IntegerField(help_text="Mã chỉ tiêu.")
    code = serializers.CharField(help_text="Mã viết tắt của chỉ tiêu.")
    name = serializers.CharField(help_text="Tên chỉ tiêu.")
    confirmed = serializers.BooleanField(help_text="Đã xác nhận theo văn bản.")
    live = serializers.BooleanField(help_text="Tính trực tiếp từ dữ liệu (không nhập tay).")
    target = serializers.DecimalField(
        max_digits=7, decimal_places=2, allow_null=True, help_text="Chỉ tiêu của năm (%)."
    )
    final_target = serializers.DecimalField(
        max_digits=7, decimal_places=2, allow_null=True, help_text="Chỉ tiêu năm 2030 (%)."
    )
    part = serializers.DecimalField(max_digits=20, decimal_places=0, help_text="Số đạt.")
    whole = serializers.DecimalField(max_digits=20, decimal_places=0, help_text="Tổng số.")
    percent = serializers.DecimalField(
        max_digits=7, decimal_places=2, allow_null=True, help_text="Tỷ lệ (%), làm tròn xuống."
    )


class IndicatorSummaryApi(ScopedAPIView):
    """The programme's indicators of an area and year, counted live and rolled up."""

    required_capability = VIEW

    @extend_schema(
        tags=[TAG],
        operation_id="programme_indicator_summary",
        summary="Chỉ tiêu của Chương trình tại một địa bàn, một năm",
        description="Tính trực tiếp từ dữ liệu (công nhận, điểm tụ điểm, tuyên truyền, hỗ trợ) "
        "hoặc số liệu nhập; cộng dồn từ xã lên tỉnh, toàn quốc (tổng số đạt / tổng số).",
        parameters=[SummaryInput],
        responses={200: SummaryRowOutput(many=True), 400: BAD_INPUT, 403: NOT_ALLOWED},
    )
    def get(self, request: Request) -> Response:
        user = api_user(request)
        params = SummaryInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        area = area_in_scope(user, params.validated_data.get("area"), "area")
        today = timezone.localdate()
        year = params.validated_data.get("year") or min(max(today.year, FIRST_YEAR), LAST_YEAR)
        _tree, rows = indicators.indicator_rows(user=user, area=area, year=year, today=today)
        key = area.pk if area is not None and area.level > Level.COUNTRY else None
        data = []
        for row in rows:
            value = row.value_at(key)
            data.append(
                {
                    "indicator": row.indicator.pk,
                    "code": row.indicator.code,
                    "name": row.indicator.name,
                    "confirmed": row.indicator.confirmed,
                    "live": row.live,
                    "target": row.target,
                    "final_target": row.final_target,
                    "part": value.part,
                    "whole": value.whole,
                    "percent": display_percent(value.percent, 2),
                }
            )
        return Response(SummaryRowOutput(data, many=True).data)


urlpatterns = [
    *registry_urls(
        PROJECTS,
        COMMUNE_PROJECTS,
        ALLOCATIONS,
        ADJUSTMENTS,
        COMMITMENTS,
        DISBURSEMENTS,
        INDICATORS,
        INDICATOR_VALUES,
    ),
    path(
        "programme-indicator-summary/",
        IndicatorSummaryApi.as_view(),
        name="api-programme-indicator-summary",
    ),
    path(
        "programme-commune-projects/<int:pk>/allocations/",
        AllocationCreate.as_view(),
        name="api-programme-allocation-create",
    ),
    path(
        "programme-commune-projects/<int:pk>/disbursements/",
        DisbursementCreate.as_view(),
        name="api-programme-disbursement-create",
    ),
]
