"""Drug-free models (Kế hoạch UBND phường Gia Viên III.1, IV.1; Nghị quyết Đảng bộ phường Thành
Đông II.2.2, III.2): list, detail, create, the lifecycle step and the yearly review, through
``services.models`` (``rules.models.LIFECYCLE``)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from khongmatuy.areas.selectors import area_in_scope
from khongmatuy.common.api import choice_field, text_input
from khongmatuy.common.api_registry import ModelOutput, Registry, action_view, registry_urls
from khongmatuy.common.errors import DomainError
from khongmatuy.common.roles import Capability

from .. import services
from ..models import DrugFreeModel, DrugFreeModelReview
from .common import TAG, count_input, date_input, id_input, organisation_in_scope, year_input

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


class DrugFreeModelOutput(ModelOutput):
    class Meta:
        model = DrugFreeModel
        fields = (
            "id",
            "area",
            "kind",
            "name",
            "host",
            "decision_number",
            "decision_date",
            "decision_issuer",
            "members_count",
            "members_named",
            "status",
            "replicated_from",
            "created_at",
            "updated_at",
        )


@extend_schema_serializer(component_name="DrugFreeModelReview")
class ReviewOutput(serializers.ModelSerializer[DrugFreeModelReview]):
    # "rating", not the model's "result": a test result is a health fact, and that key is kept
    # for them across the API.
    rating = choice_field(
        DrugFreeModelReview.Result.choices, source="result", help_text="Kết quả đánh giá."
    )

    class Meta:
        model = DrugFreeModelReview
        fields = ("id", "model", "year", "reviewed_on", "rating", "note")
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "Mã lần đánh giá."},
            "model": {"help_text": "Mã mô hình."},
            "year": {"help_text": "Năm đánh giá."},
            "reviewed_on": {"help_text": "Ngày đánh giá."},
            "note": {"help_text": "Nhận xét."},
        }


DRUG_FREE_MODELS = Registry(
    name="drug-free-models",
    tag=TAG,
    label="mô hình không ma túy",
    queryset=lambda user: DrugFreeModel.objects.for_user(user),
    output=DrugFreeModelOutput,
    capability=Capability.VIEW_PREVENTION,
    ordering={"name": ("name",), "created_at": ("created_at",)},
    default_ordering="name",
    choices={
        "kind": ("kind", DrugFreeModel.Kind.choices),
        "status": ("status", DrugFreeModel.Status.choices),
    },
)


class ModelInput(serializers.Serializer[Any]):
    area = id_input("Mã địa bàn.")
    kind = choice_field(DrugFreeModel.Kind.choices, help_text="Loại mô hình (không có mặc định).")
    name = text_input(200, "Tên mô hình.", required=True)
    host = id_input("Mã đơn vị chủ trì.", required=False)
    decision_number = text_input(50, "Số quyết định thành lập.")
    decision_date = date_input("Ngày quyết định.", required=False)
    decision_issuer = text_input(200, "Cơ quan ban hành.")
    members_count = count_input("Số thành viên (mặc định: số dòng của danh sách).")
    members_named = text_input(20000, "Thành viên, mỗi người một dòng.")
    replicated_from = id_input("Mã mô hình được nhân rộng từ đó.", required=False)


class ModelTransitionInput(serializers.Serializer[Any]):
    to_status = choice_field(DrugFreeModel.Status.choices, help_text="Tình trạng mới.")
    on = date_input("Ngày (không sau hôm nay, không trước bước gần nhất).")
    note = text_input(250, "Ghi chú.")


class ReviewInput(serializers.Serializer[Any]):
    year = year_input("Năm đánh giá (một lần mỗi năm).")
    reviewed_on = date_input("Ngày đánh giá (trong năm hoặc đầu năm sau).")
    rating = choice_field(
        DrugFreeModelReview.Result.choices, help_text="Kết quả (không có mặc định)."
    )
    note = text_input(5000, "Nhận xét.")


def _model(user: User, pk: int) -> DrugFreeModel:
    return get_object_or_404(DrugFreeModel.objects.for_user(user).select_related("area"), pk=pk)


def _model_create(user: User, _obj: Any, data: dict[str, Any]) -> DrugFreeModel:
    origin = None
    if data.get("replicated_from") is not None:
        origin = DrugFreeModel.objects.for_user(user).filter(pk=data["replicated_from"]).first()
        if origin is None:
            raise DomainError({"replicated_from": [_("Không tìm thấy mô hình gốc.")]})
    data.update(
        area=area_in_scope(user, data["area"], "area"),
        host=organisation_in_scope(user, data.get("host"), "host"),
        replicated_from=origin,
    )
    return services.model_create(actor=user, today=timezone.localdate(), **data)


ModelCreate = action_view(
    name="drug-free-models-create",
    tag=TAG,
    summary="Ghi một mô hình không ma túy",
    description="Tình trạng ban đầu: đang xây dựng. Bản chụp quyết định chỉ tải lên qua trang. "
    "Trả 201.",
    capability=Capability.RECORD_PREVENTION,
    input_serializer=ModelInput,
    output=DrugFreeModelOutput,
    created=True,
    perform=_model_create,
)
ModelTransition = action_view(
    name="drug-free-models-transition",
    tag=TAG,
    summary="Chuyển tình trạng của mô hình",
    description="Đang xây dựng → đang hoạt động → được công nhận; đang hoạt động, được công "
    "nhận → tạm dừng → đang hoạt động; bất kỳ → giải thể (không đổi được nữa). Bước không được "
    "phép trả 400 nêu trường to_status.",
    capability=Capability.RECORD_PREVENTION,
    input_serializer=ModelTransitionInput,
    output=DrugFreeModelOutput,
    lookup=_model,
    perform=lambda user, model, data: services.model_transition(
        actor=user, model=model, today=timezone.localdate(), **data
    ),
)
ModelReview = action_view(
    name="drug-free-models-review",
    tag=TAG,
    summary="Đánh giá năm của mô hình",
    description="Một lần mỗi năm. Trả 201.",
    capability=Capability.RECORD_PREVENTION,
    input_serializer=ReviewInput,
    output=ReviewOutput,
    created=True,
    lookup=_model,
    perform=lambda user, model, data: services.model_review(
        actor=user,
        model=model,
        today=timezone.localdate(),
        result=data.pop("rating"),
        **data,
    ),
)

api_urlpatterns = [
    *registry_urls(replace(DRUG_FREE_MODELS, list_mixin=ModelCreate)),
    path(
        "drug-free-models/<int:pk>/transition/",
        ModelTransition.as_view(),
        name="api-drug-free-model-transition",
    ),
    path(
        "drug-free-models/<int:pk>/reviews/",
        ModelReview.as_view(),
        name="api-drug-free-model-review",
    ),
]
