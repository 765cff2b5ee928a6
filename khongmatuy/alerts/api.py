"""Notification API, v1: the caller's own notifications and marking one read.

Only the caller's notifications are ever read (``Notification.objects.of``); another user's is a
404. No person's name is in the answer (the centre shows it to those who may see the person).
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from khongmatuy.common.access import ScopedAPIView
from khongmatuy.common.api import Pagination, api_user, paginated_response

from . import selectors, services
from .models import Notification

TAG = "Thông báo"
ID_PARAMETER = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Mã (id) của thông báo."
)
NOT_FOUND = OpenApiResponse(description="Không có thông báo này của tài khoản.")


@extend_schema_serializer(component_name="Notification")
class NotificationOutput(serializers.Serializer[selectors.Row]):
    id = serializers.IntegerField(source="notification.pk", help_text="Mã thông báo.")
    kind = serializers.CharField(source="notification.kind", help_text="Loại nhắc việc.")
    title = serializers.CharField(source="label", help_text="Nội dung (không có tên người).")
    area = serializers.CharField(help_text="Tên địa bàn.")
    due_on = serializers.DateField(
        source="notification.due_on", allow_null=True, help_text="Hạn phải xử lý."
    )
    when = serializers.CharField(help_text="Hạn viết bằng lời (còn, quá bao nhiêu ngày).")
    article = serializers.CharField(source="notification.article", help_text="Căn cứ pháp lý.")
    escalated = serializers.BooleanField(
        source="notification.escalated", help_text="Đã báo lên cấp trên vì quá hạn."
    )
    url = serializers.CharField(help_text="Đường dẫn trang của hồ sơ.")
    created_at = serializers.DateTimeField(
        source="notification.created_at", help_text="Thời điểm tạo."
    )
    read_at = serializers.DateTimeField(
        source="notification.read_at", allow_null=True, help_text="Thời điểm đã đọc; null: chưa."
    )


def _rows(notifications: list[Notification]) -> list[selectors.Row]:
    return selectors.rows_for_mail(notifications) if notifications else []


class NotificationListApi(ScopedAPIView):
    """The caller's notifications, newest first."""

    pagination_class = Pagination

    @extend_schema(
        tags=[TAG],
        summary="Thông báo, nhắc việc của tài khoản",
        description="Nhắc việc đến hạn, quá hạn và cảnh báo gửi tới tài khoản, mới nhất trước "
        "(?unread=1: chỉ thông báo chưa đọc). Không ghi tên người trong diện quản lý.",
        parameters=[
            OpenApiParameter("unread", OpenApiTypes.BOOL, description="Chỉ thông báo chưa đọc.")
        ],
        responses=NotificationOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        user = api_user(request)
        qs = selectors.notifications(
            user=user, unread_only=request.query_params.get("unread") in ("1", "true")
        )
        return paginated_response(
            request=request,
            view=self,
            queryset=qs,
            serializer_class=NotificationOutput,
            prepare=_ordered_rows,
        )


def _ordered_rows(notifications: list[Notification]) -> list[selectors.Row]:
    """The page's rows in the page's order."""
    by_pk = {row.notification.pk: row for row in _rows(notifications)}
    return [by_pk[n.pk] for n in notifications]


class NotificationReadApi(ScopedAPIView):
    """Mark one of the caller's notifications read."""

    @extend_schema(
        tags=[TAG],
        summary="Đánh dấu đã đọc",
        parameters=[ID_PARAMETER],
        request=None,
        responses={200: NotificationOutput, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        note = services.notification_mark_read(user=api_user(request), notification_id=pk)
        return Response(NotificationOutput(_rows([note])[0]).data)
