"""Audit API, v1: the append-only log, read-only, for roles with ``Capability.VIEW_AUDIT``,
scoped like the audit page (entries filed under the caller's areas)."""

from __future__ import annotations

from khongmatuy.common.api_registry import ModelOutput, Registry, registry_urls
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

api_urlpatterns = registry_urls(AUDIT)
