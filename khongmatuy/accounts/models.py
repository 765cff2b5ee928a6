"""Users, their role and the areas they are bound to."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from khongmatuy.common.models import ScopedModel
from khongmatuy.common.roles import POLICE_ROLES, Capability, Role, role_can
from khongmatuy.common.versioning import Versioned


class User(Versioned, AbstractUser):
    """An account. Sees its bound areas and everything below them (``scoping.scope_for``)."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    # The full name in Vietnamese order, given name first (``common.collation.name_sort_string``),
    # kept by the account services: the officer and supervisor choices are ordered by it.
    name_sort = models.CharField(max_length=250, editable=False, default="")
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    title = models.CharField(_("chức vụ"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    # An agency officer's organisation (``Role.AGENCY_OFFICER``): it sees only the tasks this
    # organisation leads or coordinates (``common.scoping.agency_organisation_id``).
    organisation = models.ForeignKey(
        "areas.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan, đơn vị"),
    )

    # Never copy the password hash into the audit trail; the name order is derived from the name.
    audit_exclude: ClassVar[tuple[str, ...]] = ("password", "name_sort")
    # A login stamps last_login: not an edit of the account (``common.versioning``).
    unversioned_fields: ClassVar[frozenset[str]] = frozenset({"last_login"})

    objects: ClassVar[UserManager[User]] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_police(self) -> bool:
        return self.role in POLICE_ROLES

    def can(self, capability: Capability) -> bool:
        return role_can(self.role, capability)


class AreaAssignment(ScopedModel):
    """Binds a user to an area: the user sees this area and every area below it."""

    user = models.ForeignKey(User, models.CASCADE, related_name="area_assignments")
    area = models.ForeignKey("areas.Area", models.PROTECT, related_name="assignments")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("địa bàn được giao")
        verbose_name_plural = _("địa bàn được giao")
        constraints = [
            models.UniqueConstraint(fields=["user", "area"], name="areaassignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.area}"


class ApiToken(models.Model):
    """A key another program sends as ``Authorization: Token <key>`` to act as ``user``.

    Only the SHA-256 of the key is stored (``key_hash``); the key is shown once, when it is
    created. ``prefix`` (the key's first characters) tells a user's tokens apart in the list.
    A service-account token is bound to some of its user's areas and sees only those
    (``accounts.authentication``); a read-only token may only read (``GET``, ``HEAD``,
    ``OPTIONS``).
    """

    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Cá nhân")
        SERVICE = "service", _("Tài khoản dịch vụ (tích hợp hệ thống khác)")

    user = models.ForeignKey(User, models.CASCADE, related_name="api_tokens")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    read_only = models.BooleanField(_("chỉ đọc"))
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    areas = models.ManyToManyField("areas.Area", blank=True, related_name="+")

    # The hash never reaches the audit trail, and a use of the token is not an edit.
    audit_exclude: ClassVar[tuple[str, ...]] = ("key_hash",)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
