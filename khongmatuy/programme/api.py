"""Programme API, v1: the national projects and indicators, the projects communes run, their
money ledger (allocations, adjustments, commitments, disbursements), the entered indicator
values; writes: an allocation and a disbursement, through the same services as the pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from rest_framework import serializers

from khongmatuy.common.api import choice_field, date_input, text_input
from khongmatuy.common.api_registry import ModelOutput, Registry, action_view, registry_urls
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


class AllocationInput(serializers.Serializer[Any]):
    year = _year_input()
    source = choice_field(FundSource.choices, help_text="Nguồn vốn (không có mặc định).")  # type: ignore[assignment]
    amount = _money_input("Số tiền được giao (đồng).")
    decision = text_input(100, "Số quyết định giao vốn.", required=True)
    decided_on = date_input("Ngày quyết định.")


class DisbursementInput(serializers.Serializer[Any]):
    year = _year_input()
    paid_on = date_input("Ngày giải ngân.")
    amount = _money_input("Số tiền giải ngân (đồng).")
    document = text_input(100, "Số chứng từ.", required=True)
    content = text_input(250, "Nội dung.")


def _commune_project(user: User, pk: int) -> CommuneProject:
    return get_object_or_404(CommuneProject.objects.for_user(user), pk=pk)


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
    perform=lambda user, cp, data: services.allocation_record(
        actor=user, commune_project=cp, today=timezone.localdate(), **data
    ),
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
