"""The audit trail: append-only. The app cannot edit or delete an entry.

Guards at three depths: ``save()`` refuses an update, the QuerySet refuses bulk ``update()`` and
``delete()``, and a database trigger (migration 0002) refuses UPDATE on both engines and DELETE
on PostgreSQL.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from khongmatuy.common.scoping import AreaScopedQuerySet


class AuditImmutableError(Exception):
    """Raised on any attempt to change or remove an audit entry."""


class AuditEventQuerySet(AreaScopedQuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditImmutableError("audit events cannot be updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditImmutableError("audit events cannot be deleted")


class AuditEvent(models.Model):
    scope_area_field: ClassVar[str] = "area"

    class Action(models.TextChoices):
        CREATE = "create", _("Thêm mới")
        UPDATE = "update", _("Sửa")
        DELETE = "delete", _("Xóa")
        VIEW = "view", _("Xem hồ sơ")
        EXPORT = "export", _("Xuất dữ liệu")
        LOGIN = "login", _("Đăng nhập")
        LOGIN_FAILED = "login_failed", _("Đăng nhập thất bại")
        LOGOUT = "logout", _("Đăng xuất")
        BACKUP = "backup", _("Sao lưu toàn bộ dữ liệu")
        RESTORE = "restore", _("Khôi phục từ bản sao lưu")

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=150, blank=True)
    action = models.CharField(_("thao tác"), max_length=20, choices=Action.choices)
    model = models.CharField(_("loại bản ghi"), max_length=100, blank=True)
    object_id = models.CharField(_("mã bản ghi"), max_length=64, blank=True)
    object_repr = models.CharField(_("bản ghi"), max_length=250, blank=True)
    area = models.ForeignKey(
        "areas.Area",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("địa bàn"),
    )
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=250, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    request_id = models.CharField(max_length=36, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký")
        verbose_name_plural = _("nhật ký")
        ordering = ["-at", "-pk"]
        indexes = [
            # history of one record (record page, audit filter by record)
            models.Index(fields=["model", "object_id", "at"], name="audit_record_at"),
            # audit filter by user
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
            # audit filter by area (scoped audit page)
            models.Index(fields=["area", "at"], name="audit_area_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditImmutableError("audit events cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditImmutableError("audit events cannot be deleted")

    @property
    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for every field whose value differs."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
