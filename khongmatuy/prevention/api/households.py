"""Households of the residential groups, their yearly commitments and the paper-list counts
(Nghị quyết Đảng bộ phường Thành Đông II.2.2, Kế hoạch UBND phường Cao Xanh III.2).

A household's head, address and signer are personal data: only roles with
``Capability.HOUSEHOLDS`` reach these routes, and every answer that carries a household or a
commitment logs a view of each, as the group's list page does. The coverage (figures only) is
for every role that sees prevention."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from khongmatuy.areas.selectors import area_in_scope
from khongmatuy.audit import services as audit
from khongmatuy.common.access import ScopedAPIView
from khongmatuy.common.api import api_user, text_input
from khongmatuy.common.api_registry import (
    BAD_INPUT,
    NOT_ALLOWED,
    ModelOutput,
    Registry,
    action_view,
    registry_urls,
)
from khongmatuy.common.roles import Capability

from .. import services
from ..models import Household, HouseholdCommitment, HouseholdCount
from ..selectors import households as selectors
from ..services.households import MAX_MEMBERS
from .activities import CommuneRatioOutput, RatioOutput, coverage_params
from .common import TAG, count_input, date_input, id_input, year_input

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


def _record_households(user: User, rows: Sequence[Household | HouseholdCommitment]) -> None:
    """The access log: one VIEW per household or commitment the answer carries."""
    note = _("Danh sách hộ gia đình (API)")
    audit.record_views(actor=user, shown=[(row, note) for row in rows])


class HouseholdOutput(ModelOutput):
    class Meta:
        model = Household
        fields = ("id", "area", "head_name", "address", "members", "is_active", "created_at")


class HouseholdCommitmentOutput(ModelOutput):
    class Meta:
        model = HouseholdCommitment
        fields = ("id", "household", "area", "year", "signed_on", "signed_by", "created_at")


class HouseholdCountOutput(ModelOutput):
    class Meta:
        model = HouseholdCount
        fields = ("id", "area", "year", "households", "signed", "as_of", "updated_at")


HOUSEHOLDS = Registry(
    name="households",
    tag=TAG,
    label="hộ gia đình",
    queryset=lambda user: Household.objects.for_user(user),
    output=HouseholdOutput,
    capability=Capability.HOUSEHOLDS,
    ordering={"head_name": ("head_name_sort",), "created_at": ("created_at",)},
    default_ordering="head_name",
    shown=_record_households,
    description="Danh sách hộ gia đình của các tổ dân phố trong phạm vi (dữ liệu cá nhân: mỗi "
    "lần xem được ghi nhật ký).",
)
HOUSEHOLD_COMMITMENTS = Registry(
    name="household-commitments",
    tag=TAG,
    label="cam kết của hộ gia đình",
    queryset=lambda user: HouseholdCommitment.objects.for_user(user),
    output=HouseholdCommitmentOutput,
    capability=Capability.HOUSEHOLDS,
    ordering={"signed_on": ("signed_on",), "year": ("year",)},
    default_ordering="-signed_on",
    shown=_record_households,
)
HOUSEHOLD_COUNTS = Registry(
    name="household-counts",
    tag=TAG,
    label="số hộ ký cam kết theo sổ giấy",
    queryset=lambda user: HouseholdCount.objects.for_user(user),
    output=HouseholdCountOutput,
    capability=Capability.HOUSEHOLDS,
    ordering={"year": ("year",)},
    default_ordering="-year",
)


class HouseholdInput(serializers.Serializer[Any]):
    area = id_input("Mã tổ dân phố.")
    head_name = text_input(150, "Họ tên chủ hộ.", required=True)
    address = text_input(250, "Địa chỉ.")
    members = count_input(f"Số nhân khẩu (1–{MAX_MEMBERS}).", maximum=MAX_MEMBERS)
    signed_on = date_input("Ngày ký cam kết năm nay, nếu đã ký.", required=False)
    signed_by = text_input(150, "Người ký (mặc định: chủ hộ).")


class CommitmentInput(serializers.Serializer[Any]):
    signed_on = date_input("Ngày ký (một cam kết mỗi năm; không sau hôm nay).")
    signed_by = text_input(150, "Người ký.", required=True)


class HouseholdEditInput(serializers.Serializer[Any]):
    head_name = text_input(150, "Họ tên chủ hộ.", required=True)
    address = text_input(250, "Địa chỉ.")
    members = count_input(f"Số nhân khẩu (1–{MAX_MEMBERS}).", maximum=MAX_MEMBERS)


class RemoveInput(serializers.Serializer[Any]):
    note = text_input(
        250, "Lý do đưa hộ ra khỏi danh sách (chuyển đi, tách hộ, ghi trùng).", required=True
    )


class CountsInput(serializers.Serializer[Any]):
    area = id_input("Mã tổ dân phố (chỉ tổ không có danh sách hộ).")
    year = year_input("Năm.")
    households = count_input("Số hộ.", required=True)
    signed = count_input("Số hộ đã ký cam kết (không lớn hơn số hộ).", required=True)
    as_of = date_input("Tính đến ngày (trong năm).")


def _household_add(user: User, _obj: Any, data: dict[str, Any]) -> Household:
    group = area_in_scope(user, data.pop("area"), "area")
    return services.household_add(
        actor=user, group=group, spec=services.HouseholdSpec(**data), today=timezone.localdate()
    )


def _counts_set(user: User, _obj: Any, data: dict[str, Any]) -> HouseholdCount:
    group = area_in_scope(user, data.pop("area"), "area")
    return services.household_counts_set(actor=user, group=group, **data)


HouseholdAdd = action_view(
    name="households-create",
    tag=TAG,
    summary="Thêm một hộ gia đình vào danh sách của tổ",
    description="Kèm cam kết năm nay khi có ngày ký. Năm tổ đã ghi theo sổ giấy bị từ chối. "
    "Trả 201.",
    capability=Capability.HOUSEHOLDS,
    input_serializer=HouseholdInput,
    output=HouseholdOutput,
    created=True,
    perform=_household_add,
    shown=_record_households,
)


def _household(user: User, pk: int) -> Household:
    return get_object_or_404(Household.objects.for_user(user).select_related("area"), pk=pk)


HouseholdEdit = action_view(
    name="households-update",
    tag=TAG,
    summary="Sửa chủ hộ, địa chỉ, số nhân khẩu của một hộ",
    description="Gửi đủ các trường (như trang Sửa hộ); kiểm tra như khi thêm.",
    capability=Capability.HOUSEHOLDS,
    input_serializer=HouseholdEditInput,
    output=HouseholdOutput,
    method="put",
    lookup=_household,
    perform=lambda user, household, data: services.household_update(
        actor=user, household=household, **{"members": None, **data}
    ),
    shown=_record_households,
)
HouseholdRemove = action_view(
    name="households-remove",
    tag=TAG,
    summary="Đưa một hộ ra khỏi danh sách của tổ",
    description="Hộ được giữ lại (không còn ở địa bàn) cùng các cam kết của nó; tỷ lệ chỉ tính "
    "các hộ còn trong danh sách.",
    capability=Capability.HOUSEHOLDS,
    input_serializer=RemoveInput,
    output=HouseholdOutput,
    lookup=_household,
    perform=lambda user, household, data: services.household_remove(
        actor=user, household=household, note=data["note"]
    ),
    shown=_record_households,
)
CommitmentRecord = action_view(
    name="households-commitments-create",
    tag=TAG,
    summary="Ghi cam kết của hộ gia đình",
    description="Cam kết của năm có ngày ký; ảnh trang đã ký chỉ tải lên qua trang. Trả 201.",
    capability=Capability.HOUSEHOLDS,
    input_serializer=CommitmentInput,
    output=HouseholdCommitmentOutput,
    created=True,
    lookup=_household,
    perform=lambda user, household, data: services.commitment_record(
        actor=user, household=household, today=timezone.localdate(), **data
    ),
    shown=_record_households,
)
CountsSet = action_view(
    name="household-counts-set",
    tag=TAG,
    summary="Ghi (hoặc sửa) số hộ và số hộ ký cam kết theo sổ giấy của một năm",
    description="Chỉ cho tổ không giữ danh sách hộ; tổ có danh sách trả 400 (trường year).",
    capability=Capability.HOUSEHOLDS,
    input_serializer=CountsInput,
    output=HouseholdCountOutput,
    perform=_counts_set,
)


@extend_schema_serializer(component_name="HouseholdCoverage")
class HouseholdCoverageOutput(serializers.Serializer[Any]):
    on = serializers.DateField(help_text="Tính đến ngày.")
    total = RatioOutput(help_text="Hộ đã ký cam kết năm nay / số hộ, cả phạm vi.")
    communes = CommuneRatioOutput(many=True, help_text="Như trên, theo từng xã, phường.")


class HouseholdCoverageApi(ScopedAPIView):
    """Household commitments of the year against the households figure (numbers only)."""

    required_capability = Capability.VIEW_PREVENTION

    @extend_schema(
        tags=[TAG],
        operation_id="households_coverage",
        summary="Tỷ lệ hộ gia đình ký cam kết",
        description="Cam kết năm nay đã ký đến ngày, so với số hộ của tổ tại ngày đó; chỉ số "
        "liệu, không có tên.",
        parameters=[
            type(
                "HouseholdCoverageFilterInput",
                (serializers.Serializer,),
                {
                    "area": id_input("Mã địa bàn (mặc định: cả phạm vi).", required=False),
                    "on": date_input("Tính đến ngày (mặc định: hôm nay).", required=False),
                },
            )
        ],
        responses={200: HouseholdCoverageOutput, 400: BAD_INPUT, 403: NOT_ALLOWED},
    )
    def get(self, request: Request) -> Response:
        area, on = coverage_params(request)
        rows = selectors.group_rows(user=api_user(request), on=on, area=area)
        data = {"on": on, "total": selectors.total(rows), "communes": selectors.by_commune(rows)}
        return Response(HouseholdCoverageOutput(data).data)


api_urlpatterns = [
    path("households/coverage/", HouseholdCoverageApi.as_view(), name="api-households-coverage"),
    *registry_urls(
        replace(HOUSEHOLDS, list_mixin=HouseholdAdd, detail_mixin=HouseholdEdit),
        HOUSEHOLD_COMMITMENTS,
        replace(HOUSEHOLD_COUNTS, list_mixin=CountsSet),
    ),
    path("households/<int:pk>/remove/", HouseholdRemove.as_view(), name="api-household-remove"),
    path(
        "households/<int:pk>/commitments/",
        CommitmentRecord.as_view(),
        name="api-household-commitment-create",
    ),
]
