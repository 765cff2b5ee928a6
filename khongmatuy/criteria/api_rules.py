"""Criteria API, v1: the rule sets (built-in ones of Decision 28/2025/QĐ-TTg and the local ones
composed on the pages), every version with its criteria and thresholds, and the version in force
on a date: what an evaluation's ``rule_set`` code names. Read-only, as ``/criteria/rules/``;
composing and confirming thresholds stay on the pages (an administrator's work with its review).
Rule sets are definitions, not area records: every role that reads criteria sees all of them.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from khongmatuy.areas.models import Level
from khongmatuy.common.access import ScopedAPIView
from khongmatuy.common.api import TEXT_ERRORS, date_input
from khongmatuy.common.api_registry import BAD_INPUT, NOT_ALLOWED
from khongmatuy.common.roles import Capability

from .choices import Combination
from .engine import COMPARATORS
from .rules import registry

TAG = "Tiêu chí, công nhận, lộ trình"


@extend_schema_serializer(component_name="RuleCondition")
class ConditionOutput(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="Số thứ tự tiêu chí trong bộ (a, b, …).")
    label = serializers.CharField(help_text="Nội dung tiêu chí.")  # type: ignore[assignment]
    # A code, not an enum: a rule set may measure a criterion of its own (a province's).
    metric = serializers.CharField(help_text="Mã chỉ số được đo (managed_rate, dealers, …).")
    comparator = serializers.ChoiceField(
        choices=[(key, key) for key in COMPARATORS], help_text="Phép so sánh với ngưỡng."
    )
    threshold = serializers.DecimalField(
        max_digits=12,
        decimal_places=4,
        allow_null=True,
        help_text="Ngưỡng; null: chưa đối chiếu văn bản chính thức, chưa đặt.",
    )
    confirmed = serializers.BooleanField(help_text="Ngưỡng đã đối chiếu văn bản chính thức.")
    window_months = serializers.IntegerField(
        allow_null=True, help_text="Khoảng thời gian xét (tháng); null: theo bộ tiêu chí."
    )
    with_other_met = serializers.IntegerField(
        allow_null=True, help_text="Đạt khi đồng thời đạt ít nhất số tiêu chí khác này."
    )
    article = serializers.CharField(help_text="Điều khoản của văn bản.")


@extend_schema_serializer(component_name="RuleSetVersion")
class VersionOutput(serializers.Serializer[Any]):
    version = serializers.CharField(help_text="Phiên bản.")
    name = serializers.CharField(help_text="Tên bộ tiêu chí.")
    level = serializers.ChoiceField(choices=Level.choices, help_text="Cấp địa bàn được xét.")
    combination = serializers.ChoiceField(
        choices=Combination.choices, help_text="Cách kết hợp các tiêu chí."
    )
    at_least = serializers.IntegerField(allow_null=True, help_text="Số tiêu chí tối thiểu.")
    window_months = serializers.IntegerField(help_text="Khoảng thời gian xét (tháng).")
    effective_from = serializers.DateField(help_text="Hiệu lực từ.")
    source = serializers.CharField(help_text="Căn cứ (văn bản).")  # type: ignore[assignment]
    conditions = ConditionOutput(many=True, help_text="Các tiêu chí của phiên bản.")


@extend_schema_serializer(component_name="RuleSet")
class RuleSetOutput(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="Mã bộ tiêu chí (rule_set của đánh giá).")
    builtin = serializers.BooleanField(help_text="Có sẵn trong phần mềm (không soạn trên trang).")
    decision28 = serializers.BooleanField(help_text="Theo Quyết định 28/2025/QĐ-TTg.")
    in_force = serializers.CharField(
        source="in_force.version",
        allow_null=True,
        default=None,
        help_text="Phiên bản có hiệu lực vào ngày xét; null: chưa có.",
    )
    versions = VersionOutput(many=True, help_text="Các phiên bản, cũ trước mới sau.")


@extend_schema_serializer(component_name="RuleSetList")
class RuleSetListOutput(serializers.Serializer[Any]):
    on = serializers.DateField(help_text="Ngày xét hiệu lực.")
    results = RuleSetOutput(many=True, help_text="Các bộ tiêu chí.")


class RuleSetFilterInput(serializers.Serializer[Any]):
    on = date_input("Ngày xét phiên bản có hiệu lực (mặc định: hôm nay).", required=False)
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=60,
        error_messages=TEXT_ERRORS,
        help_text="Chỉ bộ tiêu chí có mã này (trống: mọi bộ).",
    )


class RuleSetListApi(ScopedAPIView):
    """Every rule set with its versions, as the rule-set page lists them."""

    required_capability = Capability.VIEW_CRITERIA

    @extend_schema(
        tags=[TAG],
        operation_id="rule_sets_list",
        summary="Các bộ tiêu chí, phiên bản và tiêu chí",
        description="Mọi bộ tiêu chí (Quyết định 28/2025/QĐ-TTg và tiêu chí riêng của địa "
        "phương), từng phiên bản với tiêu chí, ngưỡng và ngày hiệu lực, và phiên bản có hiệu lực "
        "vào ngày xét; chỉ đọc.",
        parameters=[RuleSetFilterInput],
        responses={200: RuleSetListOutput, 400: BAD_INPUT, 403: NOT_ALLOWED},
    )
    def get(self, request: Request) -> Response:
        params = RuleSetFilterInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        on = params.validated_data.get("on") or timezone.localdate()
        code = params.validated_data.get("code")
        entries = [entry for entry in registry.catalogue(on=on) if not code or entry.code == code]
        return Response(RuleSetListOutput({"on": on, "results": entries}).data)
