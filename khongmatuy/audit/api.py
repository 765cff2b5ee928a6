"""Audit API, v1: the append-only log, read-only, for roles with ``Capability.VIEW_AUDIT``,
scoped like the audit page (entries filed under the caller's areas)."""

from __future__ import annotations

from typing import Any, cast

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from khongmatuy.common.access import ScopedAPIView
from khongmatuy.common.api import INTEGER_ERRORS, api_user
from khongmatuy.common.api_registry import (
    BAD_INPUT,
    NOT_ALLOWED,
    ModelOutput,
    Registry,
    registry_urls,
)
from khongmatuy.common.ids import MAX_ID
from khongmatuy.common.roles import Capability

from .models import AuditEvent


class AuditEventOutput(ModelOutput):
    class Meta:
        model = AuditEvent
        fields = (
            "id",
            "at",
            "actor",
            "actor_name",
            "action",
            "model",
            "object_id",
            "object_repr",
            "area",
            "before",
            "after",
            "note",
            "ip_address",
        )


AUDIT = Registry(
    name="audit-events",
    tag="Nhật ký",
    label="mục nhật ký",
    queryset=lambda user: AuditEvent.objects.for_user(user),
    output=AuditEventOutput,
    capability=Capability.VIEW_AUDIT,
    ordering={"at": ("at",)},
    default_ordering="-at",
    choices={"action": ("action", AuditEvent.Action.choices)},
    description="Nhật ký thay đổi và truy cập (chỉ đọc, không sửa, không xóa được) của các địa "
    "bàn trong phạm vi; cho vai trò được xem nhật ký.",
)

CHANGE_ACTIONS = (AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE, AuditEvent.Action.DELETE)
FEED_MAX = 1000


class ChangesInput(serializers.Serializer[Any]):
    since = serializers.IntegerField(
        required=False,
        default=0,
        min_value=0,
        max_value=MAX_ID,
        error_messages=INTEGER_ERRORS,
        help_text="Con trỏ lần đọc trước (next_cursor); 0 hoặc bỏ trống: từ đầu.",
    )
    limit = serializers.IntegerField(
        required=False,
        default=500,
        min_value=1,
        max_value=FEED_MAX,
        error_messages=INTEGER_ERRORS,
        help_text="Số thay đổi tối đa mỗi lần (≤ 1000).",
    )


@extend_schema_serializer(component_name="Change")
class ChangeOutput(serializers.Serializer[AuditEvent]):
    cursor = serializers.IntegerField(source="pk", help_text="Con trỏ của thay đổi này.")
    at = serializers.DateTimeField(help_text="Thời điểm thay đổi.")
    action = serializers.ChoiceField(choices=AuditEvent.Action.choices, help_text="Thao tác.")
    model = serializers.CharField(help_text="Loại bản ghi (app.Model), ví dụ people.Person.")
    object_id = serializers.CharField(help_text="Mã bản ghi; đọc lại qua route của sổ đó.")
    area = serializers.IntegerField(source="area_id", allow_null=True, help_text="Mã địa bàn.")


@extend_schema_serializer(component_name="ChangeFeed")
class ChangeFeedOutput(serializers.Serializer[Any]):
    results = ChangeOutput(many=True, help_text="Các thay đổi, cũ trước mới sau.")
    next_cursor = serializers.IntegerField(help_text="Gửi lại làm since ở lần đọc sau.")
    more = serializers.BooleanField(help_text="Còn thay đổi sau trang này.")


class ChangesApi(ScopedAPIView):
    """What changed since a cursor, read from the audit log (which every write goes through)."""

    # The log names records of the whole area: only roles that see every person of it.
    required_capability = Capability.VIEW_SENSITIVE

    @extend_schema(
        tags=["Đồng bộ"],
        operation_id="changes_list",
        summary="Các thay đổi kể từ con trỏ (đồng bộ với hệ thống khác)",
        description="Mọi thêm, sửa, xóa trong phạm vi của tài khoản, theo thứ tự xảy ra, chỉ "
        "gồm loại và mã bản ghi: đọc lại bản ghi qua route của sổ đó (ngoài phạm vi trả 404). "
        "Lưu next_cursor và gửi lại làm since lần sau.",
        parameters=[ChangesInput],
        responses={200: ChangeFeedOutput, 400: BAD_INPUT, 403: NOT_ALLOWED},
    )
    def get(self, request: Request) -> Response:
        params = ChangesInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        since, limit = params.validated_data["since"], params.validated_data["limit"]
        rows = list(
            AuditEvent.objects.for_user(api_user(request))
            .filter(pk__gt=since, action__in=CHANGE_ACTIONS)
            .order_by("pk")[: limit + 1]
        )
        page = rows[:limit]
        return Response(
            {
                "results": ChangeOutput(cast(Any, page), many=True).data,
                "next_cursor": page[-1].pk if page else since,
                "more": len(rows) > limit,
            }
        )


api_urlpatterns = [
    *registry_urls(AUDIT),
    path("changes/", ChangesApi.as_view(), name="api-changes"),
]
