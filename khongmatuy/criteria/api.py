"""Criteria API, v1: stored evaluations, recognitions, roadmaps and their yearly targets (the
progress page's rows), and two steps: evaluate an area, move a recognition along its lifecycle.
Both call ``criteria.services`` (the rule sets, their versions and the audit are the page's)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import path
from django.utils import timezone
from rest_framework import serializers

from khongmatuy.areas.selectors import area_in_scope
from khongmatuy.common.api import choice_field, date_input, id_input, text_input
from khongmatuy.common.api_registry import ModelOutput, Registry, action_view, registry_urls
from khongmatuy.common.roles import Capability

from .models import Evaluation, Recognition, Roadmap, RoadmapTarget
from .services import evaluation as evaluation_services
from .services import recognition as recognition_services

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

TAG = "Tiêu chí, công nhận, lộ trình"


class EvaluationOutput(ModelOutput):
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
    queryset=lambda user: Evaluation.objects.for_user(user),
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

api_urlpatterns = [
    *registry_urls(EVALUATIONS, RECOGNITIONS, ROADMAPS, ROADMAP_TARGETS),
    path("evaluations/run/", Evaluate.as_view(), name="api-evaluate"),
    path("recognitions/transition/", RecognitionStep.as_view(), name="api-recognition-step"),
]
