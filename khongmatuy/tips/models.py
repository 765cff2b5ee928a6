"""Tips and denunciations (tin báo, tố giác), from the public page, the hotline and officers.

The sender's identity lives only on ``Tip`` (contact fields) and is shown to the handling chain
only; every view of it is logged. A citizen holds only the tracking code, which reveals the status.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khongmatuy.common.models import EventModel, ScopedModel
from khongmatuy.common.versioning import Versioned

USER = settings.AUTH_USER_MODEL


class Tip(Versioned, ScopedModel):
    # Identity of the sender: never shown outside the handling chain (services decide who).
    IDENTITY_FIELDS: ClassVar[tuple[str, ...]] = ("contact_name", "contact_phone", "contact_email")

    class Channel(models.TextChoices):
        PUBLIC_FORM = "public_form", _("Trang tố giác trực tuyến")
        HOTLINE = "hotline", _("Đường dây nóng")
        TIP_BOX = "tip_box", _("Hòm thư tố giác")
        IN_PERSON = "in_person", _("Trực tiếp tại trụ sở")
        OFFICER = "officer", _("Cán bộ phát hiện, ghi nhận")

    class Category(models.TextChoices):
        USE = "use", _("Sử dụng trái phép chất ma túy")
        DEALING = "dealing", _("Mua bán trái phép chất ma túy")
        HARBOURING = "harbouring", _("Tổ chức, chứa chấp sử dụng")
        CULTIVATION = "cultivation", _("Trồng cây có chứa chất ma túy")
        OTHER = "other", _("Khác")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Đã tiếp nhận")
        ASSIGNED = "assigned", _("Đã phân công xác minh")
        VERIFYING = "verifying", _("Đang xác minh")
        CLOSED = "closed", _("Đã giải quyết xong")

    class Outcome(models.TextChoices):
        VERIFIED = "verified", _("Đúng sự thật, đã xử lý")
        PARTLY = "partly", _("Đúng một phần")
        DISMISSED = "dismissed", _("Không có căn cứ")
        TRANSFERRED = "transferred", _("Chuyển cơ quan có thẩm quyền")

    code = models.CharField(_("mã tra cứu"), max_length=20, unique=True, editable=False)
    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("địa bàn xảy ra")
    )
    channel = models.CharField(_("nguồn tin"), max_length=20, choices=Channel.choices)
    category = models.CharField(_("nội dung"), max_length=20, choices=Category.choices)
    description = models.TextField(_("nội dung tố giác"))
    location_text = models.CharField(_("địa điểm"), max_length=250, blank=True)
    occurred_text = models.CharField(_("thời gian xảy ra"), max_length=100, blank=True)
    anonymous = models.BooleanField(_("ẩn danh"), default=True)
    contact_name = models.CharField(_("họ tên người báo"), max_length=150, blank=True)
    contact_phone = models.CharField(_("điện thoại người báo"), max_length=20, blank=True)
    contact_email = models.CharField(_("thư điện tử người báo"), max_length=150, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"))
    due_on = models.DateField(_("hạn giải quyết"))
    due_rule = models.CharField(max_length=80, blank=True, editable=False)
    # How many times the deadline was extended (0-2, CPC 2015 Art. 147(2); tips/deadlines.py).
    extensions = models.PositiveSmallIntegerField(_("số lần gia hạn"), default=0, editable=False)
    assigned_to = models.ForeignKey(
        USER,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tips",
        verbose_name=_("cán bộ xác minh"),
    )
    outcome = models.CharField(_("kết quả"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("kết quả xác minh, lý do"), blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    place = models.ForeignKey(
        "places.Place",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="tips",
        verbose_name=_("điểm liên quan"),
    )
    person = models.ForeignKey(
        "people.Person",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="tips",
        verbose_name=_("người liên quan"),
    )
    case = models.ForeignKey(
        "cases.Case",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="tips",
        verbose_name=_("vụ việc liên quan"),
    )
    latitude = models.DecimalField(
        _("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    # Salted hash of the sender's IP for the public form's rate limit; never the address itself.
    source_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    # Salted hash of the public form's one-time token: a double submit or a replay of the same
    # page is refused by ``tip_form_token_once`` (never the token itself).
    form_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tin báo, tố giác")
        verbose_name_plural = _("tin báo, tố giác")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False)
                | (~Q(status="closed") & Q(closed_on__isnull=True)),
                name="tip_closed_on_iff_closed",
            ),
            models.UniqueConstraint(
                fields=["form_token_hash"],
                condition=~Q(form_token_hash=""),
                name="tip_form_token_once",
            ),
        ]
        indexes = [
            # the handling queue and the overdue sweep: open tips by deadline
            models.Index(fields=["due_on"], condition=~Q(status="closed"), name="tip_open_due_on"),
            models.Index(fields=["area", "status"], name="tip_area_status"),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("tips:detail", args=[self.pk])


class TipAttachment(ScopedModel):
    """A checked upload (type by content, size); stored outside the public media URL space."""

    scope_area_field = "tip__area"

    tip = models.ForeignKey(Tip, models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="tips/%Y/%m/")
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    original_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name or self.file.name


class TipEvent(EventModel):
    """Every handling step: received, classified, assigned, verifying, extended, closed…"""

    scope_area_field = "tip__area"

    tip = models.ForeignKey(Tip, models.CASCADE, related_name="events")
    action = models.CharField(max_length=30)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.tip} {self.action}"
