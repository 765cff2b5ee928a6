"""Tips API, v1: the queue of denunciations and tips, and their handling steps.

The sender's identity (name, phone, e-mail) is never in the list or the detail: only
``GET /tips/{id}/identity/`` gives it, and only to the handling chain
(``selectors.may_see_identity``: Criminal Procedure Code 2015, Arts. 145–147). Every read of a
tip whose sender left a contact is logged, saying whether the identity was shown, as the page
does. Steps call ``tips.services`` (assign, start, close)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from khongmatuy.audit import services as audit
from khongmatuy.common.access import ScopedAPIView
from khongmatuy.common.api import api_user, choice_field, id_input, text_input
from khongmatuy.common.api_registry import (
    ID_PARAMETER,
    NOT_ALLOWED,
    NOT_FOUND,
    ModelOutput,
    Registry,
    action_view,
    registry_urls,
)
from khongmatuy.common.errors import DomainError
from khongmatuy.common.roles import Capability

from . import selectors, services
from .models import Tip

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

TAG = "Tin báo, tố giác"


class TipOutput(ModelOutput):
    class Meta:
        model = Tip
        fields = (
            "id",
            "code",
            "area",
            "channel",
            "category",
            "description",
            "location_text",
            "occurred_text",
            "anonymous",
            "status",
            "received_at",
            "due_on",
            "extensions",
            "assigned_to",
            "outcome",
            "outcome_note",
            "closed_on",
            "place",
            "person",
            "case",
            "version",
            "updated_at",
        )


@extend_schema_serializer(component_name="TipIdentity")
class IdentityOutput(serializers.Serializer[Tip]):
    id = serializers.IntegerField(help_text="Mã tin báo.")
    contact_name = serializers.CharField(help_text="Họ tên người báo.")
    contact_phone = serializers.CharField(help_text="Điện thoại người báo.")
    contact_email = serializers.CharField(help_text="Thư điện tử người báo.")


def _record_tips(user: User, rows: Sequence[Tip]) -> None:
    """A tip whose sender left a contact: its read is logged (the identity is not shown)."""
    shown = [t for t in rows if not t.anonymous]
    if shown:
        note = _("Xem tin báo có thông tin người báo (không hiển thị danh tính)")
        audit.record_views(actor=user, shown=[(tip, note) for tip in shown])


TIPS = Registry(
    name="tips",
    tag=TAG,
    label="tin báo, tố giác",
    queryset=lambda user: Tip.objects.for_user(user),
    output=TipOutput,
    capability=Capability.HANDLE_TIPS,
    ordering={"received_at": ("received_at",), "due_on": ("due_on",)},
    default_ordering="-received_at",
    choices={
        "status": ("status", Tip.Status.choices),
        "category": ("category", Tip.Category.choices),
        "channel": ("channel", Tip.Channel.choices),
    },
    shown=_record_tips,
    description="Hàng đợi tin báo trong phạm vi. Không bao giờ có danh tính người báo "
    "(xem /tips/{id}/identity/).",
)


class TipIdentityApi(ScopedAPIView):
    """The sender's identity, for the handling chain only."""

    required_capability = Capability.VIEW_TIP_IDENTITY

    @extend_schema(
        tags=[TAG],
        operation_id="tips_identity",
        summary="Danh tính người báo (chỉ người trong dây chuyền xử lý)",
        description="Người tiếp nhận, người phân công và cán bộ được giao xác minh (Bộ luật Tố "
        "tụng hình sự 2015, Điều 145–147). Người khác nhận 403. Mỗi lần xem được ghi nhật ký.",
        parameters=[ID_PARAMETER],
        responses={200: IdentityOutput, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = api_user(request)
        tip = selectors.tip_get_for_user(user=user, pk=pk)
        if not selectors.may_see_identity(user=user, tip=tip):
            raise PermissionDenied(
                _("Chỉ người trong dây chuyền xử lý tin báo được xem danh tính người báo.")
            )
        audit.record_view(actor=user, obj=tip, note=_("Xem danh tính người báo"))
        return Response(IdentityOutput(tip).data)


class AssignInput(serializers.Serializer[Any]):
    officer = id_input("Mã tài khoản cán bộ được giao xác minh.")
    note = text_input(250, "Ghi chú.")


class NoteInput(serializers.Serializer[Any]):
    note = text_input(250, "Ghi chú.")


class CloseInput(serializers.Serializer[Any]):
    outcome = choice_field(Tip.Outcome.choices, help_text="Kết quả (không có mặc định).")
    note = text_input(5000, "Kết quả xác minh, lý do.", required=True)


def _assign(user: User, tip: Tip, data: dict[str, Any]) -> Tip:
    officer = selectors.assignable_officers(tip=tip).filter(pk=data["officer"]).first()
    if officer is None:
        raise DomainError({"officer": [_("Cán bộ này không xử lý được tin báo của địa bàn này.")]})
    return services.tip_assign(actor=user, tip=tip, officer=officer, note=data["note"])


def _tip(user: User, pk: int) -> Tip:
    return selectors.tip_get_for_user(user=user, pk=pk)


TipAssign = action_view(
    name="tips-assign",
    tag=TAG,
    summary="Giao (hoặc giao lại) việc xác minh tin báo",
    description="Cán bộ phải thuộc vai trò xử lý tin báo và phụ trách địa bàn của tin.",
    capability=Capability.HANDLE_TIPS,
    input_serializer=AssignInput,
    output=TipOutput,
    lookup=_tip,
    perform=_assign,
)
TipStart = action_view(
    name="tips-start",
    tag=TAG,
    summary="Bắt đầu xác minh",
    description="Đã giao → đang xác minh.",
    capability=Capability.HANDLE_TIPS,
    input_serializer=NoteInput,
    output=TipOutput,
    lookup=_tip,
    perform=lambda user, tip, data: services.tip_start(actor=user, tip=tip, note=data["note"]),
)
TipClose = action_view(
    name="tips-close",
    tag=TAG,
    summary="Kết thúc xử lý tin báo",
    description="Ghi kết quả xác minh. Bước không được phép trả 400.",
    capability=Capability.HANDLE_TIPS,
    input_serializer=CloseInput,
    output=TipOutput,
    lookup=_tip,
    perform=lambda user, tip, data: services.tip_close(
        actor=user, tip=tip, today=timezone.localdate(), **data
    ),
)

api_urlpatterns = [
    *registry_urls(TIPS),
    path("tips/<int:pk>/identity/", TipIdentityApi.as_view(), name="api-tip-identity"),
    path("tips/<int:pk>/assign/", TipAssign.as_view(), name="api-tip-assign"),
    path("tips/<int:pk>/start/", TipStart.as_view(), name="api-tip-start"),
    path("tips/<int:pk>/close/", TipClose.as_view(), name="api-tip-close"),
]
