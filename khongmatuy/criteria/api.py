"""Criteria API, v1: the rule sets (read-only, ``api_rules``), stored evaluations, recognitions,
roadmaps and their yearly targets (the progress page's rows), and two steps: evaluate an area,
move a recognition along its lifecycle. Both call ``criteria.services`` (the rule sets, their
versions and the audit are the page's)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from khongmatuy.areas.models import Area, Level
from khongmatuy.areas.selectors import area_in_scope
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
    BAD_INPUT,
    ID_PARAMETER,
    NOT_ALLOWED,
    NOT_FOUND,
    ModelOutput,
    Registry,
    action_view,
    registry_urls,
)
from khongmatuy.common.errors import DomainError
from khongmatuy.common.ids import MAX_ID
from khongmatuy.common.roles import Capability

from .api_rules import RuleSetListApi
from .models import Evaluation, EvaluationDetail, Recognition, Roadmap, RoadmapTarget
from .selectors import roadmaps as roadmap_selectors
from .services import evaluation as evaluation_services
from .services import recognition as recognition_services
from .services import roadmaps as roadmap_services

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

TAG = "Tiêu chí, công nhận, lộ trình"


class EvaluationOutput(ModelOutput):
    # Stored once per distinct content in the evaluation's detail (``EvaluationDetail``).
    results = serializers.JSONField(
        source="detail.results",
        read_only=True,
        help_text=str(EvaluationDetail._meta.get_field("results").verbose_name),
    )
    missing_evidence = serializers.JSONField(
        source="detail.missing_evidence",
        read_only=True,
        help_text=str(EvaluationDetail._meta.get_field("missing_evidence").verbose_name),
    )

    class Meta:
        model = Evaluation
        fields = (
            "id",
            "area",
            "rule_set_code",
            "rule_set_version",
            "on",
            "passed",
            "met",
            "depends_on_unconfirmed",
            "results",
            "missing_evidence",
            "evaluated_at",
        )


class RecognitionOutput(ModelOutput):
    class Meta:
        model = Recognition
        fields = (
            "id",
            "area",
            "rule_set_code",
            "status",
            "decision_number",
            "decision_date",
            "authority",
            "recognised_on",
            "last_kept_on",
            "updated_at",
        )


class RoadmapOutput(ModelOutput):
    class Meta:
        model = Roadmap
        fields = ("id", "area", "name", "rule_set_code", "target_level", "source", "created_at")


class RoadmapTargetOutput(ModelOutput):
    class Meta:
        model = RoadmapTarget
        fields = ("id", "roadmap", "measure", "phase", "due_on", "percent", "count", "areas")


EVALUATIONS = Registry(
    name="evaluations",
    tag=TAG,
    label="lần đánh giá tiêu chí",
    queryset=lambda user: Evaluation.objects.for_user(user).select_related("detail"),
    output=EvaluationOutput,
    capability=Capability.VIEW_CRITERIA,
    ordering={"on": ("on",), "evaluated_at": ("evaluated_at",)},
    default_ordering="-evaluated_at",
)
RECOGNITIONS = Registry(
    name="recognitions",
    tag=TAG,
    label="công nhận địa bàn không ma túy",
    queryset=lambda user: Recognition.objects.for_user(user),
    output=RecognitionOutput,
    capability=Capability.VIEW_CRITERIA,
    ordering={"updated_at": ("updated_at",)},
    default_ordering="-updated_at",
    choices={"status": ("status", Recognition.Status.choices)},
)
ROADMAPS = Registry(
    name="roadmaps",
    tag=TAG,
    label="lộ trình",
    queryset=lambda user: Roadmap.objects.for_user(user),
    output=RoadmapOutput,
    capability=Capability.VIEW_CRITERIA,
    ordering={"name": ("name_sort",)},
    default_ordering="name",
)
ROADMAP_TARGETS = Registry(
    name="roadmap-targets",
    tag=TAG,
    label="chỉ tiêu của lộ trình",
    queryset=lambda user: RoadmapTarget.objects.for_user(user).prefetch_related("areas"),
    output=RoadmapTargetOutput,
    capability=Capability.VIEW_CRITERIA,
    ordering={"due_on": ("due_on",)},
    default_ordering="due_on",
    area_field="roadmap__area",
)


class EvaluateInput(serializers.Serializer[Any]):
    area = id_input("Mã địa bàn được đánh giá.")
    rule_set = text_input(60, "Mã bộ tiêu chí (ví dụ qd28_xa).", required=True)
    on = date_input("Tính đến ngày.")


class RecognitionStepInput(serializers.Serializer[Any]):
    area = id_input("Mã địa bàn.")
    rule_set = text_input(60, "Mã bộ tiêu chí.", required=True)
    to_status = choice_field(Recognition.Status.choices, help_text="Tình trạng mới.")
    on = date_input("Ngày.")
    note = text_input(250, "Ghi chú.")
    decision_number = text_input(100, "Số quyết định công nhận.")
    decision_date = date_input("Ngày quyết định.", required=False)
    authority = text_input(200, "Cơ quan công nhận.")


def _evaluate(user: User, _obj: Any, data: dict[str, Any]) -> Evaluation:
    return evaluation_services.evaluate_area(
        actor=user,
        area=area_in_scope(user, data["area"], "area"),
        rule_set_code=data["rule_set"],
        on=data["on"],
    )


def _recognition_step(user: User, _obj: Any, data: dict[str, Any]) -> Recognition:
    data["area"] = area_in_scope(user, data["area"], "area")
    data["rule_set_code"] = data.pop("rule_set")
    return recognition_services.recognition_transition(
        actor=user, today=timezone.localdate(), **data
    )


Evaluate = action_view(
    name="evaluations-create",
    tag=TAG,
    summary="Đánh giá một địa bàn theo bộ tiêu chí",
    description="Dùng phiên bản bộ tiêu chí có hiệu lực ngày đánh giá và lưu kết quả từng tiêu "
    "chí. Trả 201.",
    capability=Capability.EVALUATE,
    input_serializer=EvaluateInput,
    output=EvaluationOutput,
    created=True,
    perform=_evaluate,
)
RecognitionStep = action_view(
    name="recognitions-transition",
    tag=TAG,
    summary="Chuyển bước công nhận (đề nghị, công nhận, giữ vững, mất)",
    description="Bước không được phép trả 400 nêu trường to_status.",
    capability=Capability.EVALUATE,
    input_serializer=RecognitionStepInput,
    output=RecognitionOutput,
    perform=_recognition_step,
)


# --- Roadmaps and their progress ------------------------------------------------------------


class RoadmapInput(serializers.Serializer[Any]):
    area = id_input("Mã địa bàn của lộ trình (xã, tỉnh hoặc cả nước).")
    name = text_input(250, "Tên lộ trình.", required=True)
    rule_set = text_input(60, "Mã bộ tiêu chí dùng để tính kết quả.", required=True)
    target_level = choice_field(
        [(Level.PROVINCE, "tỉnh"), (Level.COMMUNE, "xã"), (Level.GROUP, "tổ dân phố")],
        help_text="Cấp địa bàn được tính (không có mặc định).",
    )
    source = text_input(250, "Căn cứ (văn bản).")  # type: ignore[assignment]  # a field, as declared


class TargetInput(serializers.Serializer[Any]):
    measure = choice_field(
        RoadmapTarget.Measure.choices,
        required=False,
        default=RoadmapTarget.Measure.RECOGNISED,
        help_text="Đo bằng: địa bàn được công nhận (mặc định) hoặc hộ gia đình ký cam kết.",
    )
    phase = text_input(100, "Giai đoạn.")
    due_on = date_input("Hạn hoàn thành.")
    percent = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        required=False,
        allow_null=True,
        min_value=0,
        max_value=100,
        help_text="Tỷ lệ địa bàn đạt (%); chỉ một trong percent, count, areas.",
    )
    count = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=10**6,
        error_messages=INTEGER_ERRORS,
        help_text="Số địa bàn đạt.",
    )
    areas = serializers.ListField(
        child=serializers.IntegerField(
            min_value=1, max_value=MAX_ID, error_messages=INTEGER_ERRORS
        ),
        required=False,
        default=list,
        max_length=500,
        help_text="Mã các địa bàn phải đạt.",
    )
    cumulative = serializers.BooleanField(
        required=False, default=True, error_messages=BOOLEAN_ERRORS, help_text="Tính lũy kế."
    )
    note = text_input(250, "Ghi chú.")


def _roadmap(user: User, pk: int) -> Roadmap:
    return get_object_or_404(Roadmap.objects.for_user(user).select_related("area"), pk=pk)


def _roadmap_create(user: User, _obj: Any, data: dict[str, Any]) -> Roadmap:
    return roadmap_services.roadmap_create(
        actor=user,
        area=area_in_scope(user, data.pop("area"), "area"),
        rule_set_code=data.pop("rule_set"),
        **data,
    )


def _target_set(user: User, roadmap: Roadmap, data: dict[str, Any]) -> RoadmapTarget:
    ids = data.pop("areas")
    areas = list(Area.objects.for_user(user).filter(pk__in=ids))
    if len(areas) != len(set(ids)):
        raise DomainError({"areas": [_("Không có địa bàn này trong phạm vi của tài khoản.")]})
    return roadmap_services.roadmap_target_set(actor=user, roadmap=roadmap, areas=areas, **data)


RoadmapCreate = action_view(
    name="roadmaps-create",
    tag=TAG,
    summary="Lập một lộ trình",
    description="Cùng kiểm tra như trang Lập lộ trình. Trả 201.",
    capability=Capability.EVALUATE,
    input_serializer=RoadmapInput,
    output=RoadmapOutput,
    created=True,
    perform=_roadmap_create,
)
TargetSet = action_view(
    name="roadmaps-targets-create",
    tag=TAG,
    summary="Thêm chỉ tiêu cho lộ trình",
    description="Đúng một trong ba: tỷ lệ (percent), số địa bàn (count) hoặc danh sách địa bàn "
    "(areas). Trả 201.",
    capability=Capability.EVALUATE,
    input_serializer=TargetInput,
    output=RoadmapTargetOutput,
    created=True,
    lookup=_roadmap,
    perform=_target_set,
)


@extend_schema_serializer(component_name="RoadmapTargetProgress")
class TargetProgressOutput(serializers.Serializer[Any]):
    target = serializers.IntegerField(source="target.id", help_text="Mã chỉ tiêu.")
    due_on = serializers.DateField(source="target.due_on", help_text="Hạn hoàn thành.")
    kind = serializers.CharField(help_text="areas, percent hoặc count.")
    base = serializers.IntegerField(help_text="Số địa bàn ở cấp được tính tại hạn.")
    expected = serializers.IntegerField(help_text="Số địa bàn phải đạt.")
    actual = serializers.IntegerField(help_text="Số địa bàn đã đạt (đến hạn, hoặc đến ngày xét).")
    measured_on = serializers.DateField(help_text="Ngày tính.")
    is_due = serializers.BooleanField(help_text="Đã đến hạn.")
    behind = serializers.BooleanField(help_text="Đến hạn mà chưa đạt.")
    missing = serializers.SerializerMethodField(
        help_text="Mã các địa bàn được nêu tên mà chưa đạt."
    )

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_missing(self, row: Any) -> list[int]:
        return [area.pk for area in row.missing]


@extend_schema_serializer(component_name="RoadmapProgress")
class ProgressOutput(serializers.Serializer[Any]):
    roadmap = serializers.IntegerField(source="roadmap.id", help_text="Mã lộ trình.")
    on = serializers.DateField(help_text="Tính đến ngày.")
    targets = TargetProgressOutput(many=True, help_text="Từng chỉ tiêu, theo hạn.")


class ProgressFilterInput(serializers.Serializer[Any]):
    on = date_input("Tính đến ngày (mặc định: hôm nay).", required=False)


class RoadmapProgressApi(ScopedAPIView):
    """Target against actual for every target of a roadmap, as the roadmap's page shows."""

    required_capability = Capability.VIEW_CRITERIA

    @extend_schema(
        tags=[TAG],
        operation_id="roadmaps_progress",
        summary="Tiến độ của lộ trình: chỉ tiêu và kết quả",
        description="Số địa bàn đạt (được công nhận theo bộ tiêu chí của lộ trình) so với chỉ "
        "tiêu, theo từng hạn.",
        parameters=[ID_PARAMETER, ProgressFilterInput],
        responses={200: ProgressOutput, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = api_user(request)
        roadmap = _roadmap(user, pk)
        params = ProgressFilterInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        on = params.validated_data.get("on") or timezone.localdate()
        return Response(
            ProgressOutput(roadmap_selectors.progress(user=user, roadmap=roadmap, on=on)).data
        )


api_urlpatterns = [
    *registry_urls(
        EVALUATIONS, RECOGNITIONS, replace(ROADMAPS, list_mixin=RoadmapCreate), ROADMAP_TARGETS
    ),
    path("roadmaps/<int:pk>/targets/", TargetSet.as_view(), name="api-roadmap-target-create"),
    path("roadmaps/<int:pk>/progress/", RoadmapProgressApi.as_view(), name="api-roadmap-progress"),
    path("rule-sets/", RuleSetListApi.as_view(), name="api-rule-sets"),
    path("evaluations/run/", Evaluate.as_view(), name="api-evaluate"),
    path("recognitions/transition/", RecognitionStep.as_view(), name="api-recognition-step"),
]
