"""Places that matter for drug prevention, each in an area (scope) and audited by its services.

Counts "at a date" (the criteria) are answered from the dated fields and the event log:
a place counts as existing on D if discovered on or before D and not eliminated by D (or recurred).
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khongmatuy.common.badges import tone_of
from khongmatuy.common.models import ScopedModel, StatusEvent
from khongmatuy.common.scoping import AreaScopedQuerySet
from khongmatuy.common.versioning import Versioned

USER = settings.AUTH_USER_MODEL


class _InArea(ScopedModel):
    """A located record directly in an area (its scope)."""

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("địa bàn")
    )
    address = models.CharField(_("địa chỉ"), max_length=250, blank=True)
    latitude = models.DecimalField(
        _("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def status_on(day: date) -> Coalesce:
    """On ``Place``: its lifecycle status on ``day``, the last ``PlaceEvent`` on or before it
    (none means "detected"). One subquery per row."""
    last_status = (
        PlaceEvent.objects.filter(place=OuterRef("pk"), on__lte=day)
        .order_by("-on", "-pk")
        .values("to_status")[:1]
    )
    return Coalesce(Subquery(last_status), Value(Place.Status.DETECTED))


def recurred_in(start: date, end: date) -> Exists:
    """On ``Place``: a lifecycle step to "tái phát" in ``[start, end]``."""
    return Exists(
        PlaceEvent.objects.filter(
            place=OuterRef("pk"), to_status=Place.Status.RECURRED, on__gte=start, on__lte=end
        )
    )


class PlaceQuerySet(AreaScopedQuerySet["Place"]):
    def existing_on(self, day: date) -> PlaceQuerySet:
        """Places that exist on ``day``, annotated with ``status_then`` (their status that day).

        A place exists on D when it was discovered on or before D and its last lifecycle event on
        or before D (``PlaceEvent``, dated; none means "detected") leaves it in an existing status
        (``rules.lifecycle.EXISTING``: detected, under action, recurred). Eliminated and watched
        places do not count. One subquery per row, no extra query.
        """
        from .rules.lifecycle import EXISTING

        return (
            self.filter(discovered_on__lte=day)
            .annotate(status_then=status_on(day))
            .filter(status_then__in=sorted(EXISTING))
        )

    def recurred_between(self, start: date, end: date) -> PlaceQuerySet:
        """Places that recurred (a lifecycle step to "tái phát") in ``[start, end]``, even when
        eliminated again before ``end``; each place once."""
        return self.filter(recurred_in(start, end))


class Place(Versioned, _InArea):
    """A hotspot (điểm, tụ điểm phức tạp về ma túy) or a harbouring place (điểm tổ chức, chứa chấp
    sử dụng trái phép chất ma túy)."""

    class Kind(models.TextChoices):
        HOTSPOT = "hotspot", _("Điểm, tụ điểm phức tạp về ma túy")
        HARBOURING = "harbouring", _("Điểm tổ chức, chứa chấp sử dụng trái phép chất ma túy")

    class Status(models.TextChoices):
        DETECTED = "detected", _("Mới phát hiện")
        UNDER_ACTION = "under_action", _("Đang đấu tranh, xử lý")
        ELIMINATED = "eliminated", _("Đã triệt xóa")
        WATCHED = "watched", _("Theo dõi, phòng ngừa tái phát")
        RECURRED = "recurred", _("Tái phát")

    # What a user corrects on the edit page (in the form's order); the status moves only by
    # lifecycle steps. The form and ``services.place_update`` both read this list.
    EDITABLE_FIELDS: ClassVar[tuple[str, ...]] = (
        "kind",
        "name",
        "area",
        "address",
        "discovered_on",
        "description",
        "latitude",
        "longitude",
    )

    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("tên, mô tả ngắn"), max_length=200)
    # The name in Vietnamese order (``common.collation.text_sort_string``), kept by the services.
    name_sort = models.CharField(max_length=200, editable=False, default="")
    description = models.TextField(_("mô tả"), blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=Status.choices, default=Status.DETECTED
    )
    discovered_on = models.DateField(_("ngày phát hiện"))
    eliminated_on = models.DateField(_("ngày triệt xóa"), null=True, blank=True)
    # Folded name and address (``common.text.fold``), kept by the services: search ignores
    # diacritics on SQLite and PostgreSQL alike.
    search_text = models.CharField(max_length=500, editable=False, default="")
    persons: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "people.Person", through="PlacePerson", related_name="places", blank=True
    )

    objects: ClassVar[models.Manager[Place]] = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("điểm, tụ điểm")
        verbose_name_plural = _("điểm, tụ điểm")
        ordering = ["-discovered_on", "pk"]
        indexes = [
            models.Index(fields=["area", "kind", "status"], name="place_area_kind_status"),
            models.Index(fields=["kind", "discovered_on"], name="place_kind_discovered"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def status_badge(self) -> str:
        """The badge class of the status by meaning (``common.badges``): red needs action
        (detected, relapsed), amber in hand (under action), green achieved."""
        return tone_of("places.Place.status", self.status)

    def get_absolute_url(self) -> str:
        return reverse("places:detail", args=[self.pk])


class PlaceEvent(StatusEvent):
    """The lifecycle of a place: every status change with its date (counts at a past date)."""

    scope_area_field = "place__area"

    place = models.ForeignKey(Place, models.CASCADE, related_name="events")

    def __str__(self) -> str:
        return f"{self.place} {self.on:%d/%m/%Y} {self.to_status}"


class PlacePerson(ScopedModel):
    scope_area_field = "place__area"

    class Role(models.TextChoices):
        OWNER = "owner", _("Chủ điểm, người tổ chức")
        USER = "user", _("Người sử dụng tại điểm")
        DEALER = "dealer", _("Người bán")
        OTHER = "other", _("Khác")

    place = models.ForeignKey(Place, models.CASCADE, related_name="links")
    person = models.ForeignKey("people.Person", models.CASCADE, related_name="place_links")
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)
    note = models.CharField(_("ghi chú"), max_length=250, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place", "person", "role"], name="placeperson_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.place}"


class Business(Versioned, _InArea):
    """A business with conditions on security and order (ngành nghề kinh doanh có điều kiện về an
    ninh, trật tự) where drug use may happen: karaoke, bars, guest houses, rented rooms…"""

    class Kind(models.TextChoices):
        KARAOKE = "karaoke", _("Karaoke")
        BAR = "bar", _("Quán bar, vũ trường")
        GUEST_HOUSE = "guest_house", _("Nhà nghỉ")
        HOTEL = "hotel", _("Khách sạn")
        RENTED_ROOMS = "rented_rooms", _("Nhà trọ, phòng cho thuê")
        MASSAGE = "massage", _("Cơ sở massage")
        OTHER = "other", _("Khác")

    class Risk(models.TextChoices):
        LOW = "low", _("Thấp")
        MEDIUM = "medium", _("Trung bình")
        HIGH = "high", _("Cao")

    # What the create and edit pages set (in the form's order); ``last_inspected_on`` follows
    # the inspections. The form and ``services.business_update`` both read this list.
    EDITABLE_FIELDS: ClassVar[tuple[str, ...]] = (
        "kind",
        "name",
        "area",
        "address",
        "owner_name",
        "owner_phone",
        "licence_number",
        "licence_date",
        "risk",
        "is_active",
        "latitude",
        "longitude",
    )

    kind = models.CharField(_("loại hình"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("tên cơ sở"), max_length=200)
    # The name in Vietnamese order (``common.collation.text_sort_string``), kept by the services;
    # the business list is ordered by it.
    name_sort = models.CharField(max_length=200, editable=False, default="", db_index=True)
    owner_name = models.CharField(_("chủ cơ sở"), max_length=150, blank=True)
    owner_phone = models.CharField(_("điện thoại chủ cơ sở"), max_length=20, blank=True)
    licence_number = models.CharField(
        _("số giấy chứng nhận đủ điều kiện ANTT"), max_length=100, blank=True
    )
    licence_date = models.DateField(_("ngày cấp"), null=True, blank=True)
    risk = models.CharField(
        _("mức độ rủi ro"), max_length=10, choices=Risk.choices, default=Risk.MEDIUM
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    last_inspected_on = models.DateField(
        _("kiểm tra gần nhất"), null=True, blank=True, editable=False
    )
    # Folded name, owner and address, kept by the services (diacritics-insensitive search).
    search_text = models.CharField(max_length=600, editable=False, default="")

    class Meta:
        verbose_name = _("cơ sở kinh doanh có điều kiện")
        verbose_name_plural = _("cơ sở kinh doanh có điều kiện")
        ordering = ["name_sort", "pk"]
        indexes = [
            # "not inspected within N days" list
            models.Index(fields=["area", "last_inspected_on"], name="business_area_inspected"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:business_detail", args=[self.pk])


class Inspection(ScopedModel):
    scope_area_field = "business__area"

    business = models.ForeignKey(Business, models.CASCADE, related_name="inspections")
    inspected_on = models.DateField(_("ngày kiểm tra"))
    team = models.CharField(_("tổ, đoàn kiểm tra"), max_length=200)
    findings = models.TextField(_("kết quả kiểm tra"), blank=True)
    violation = models.BooleanField(_("có vi phạm"), default=False)
    sanction = models.CharField(_("hình thức xử lý"), max_length=250, blank=True)
    fine_vnd = models.PositiveBigIntegerField(_("số tiền phạt (đồng)"), null=True, blank=True)
    suspended_until = models.DateField(_("đình chỉ hoạt động đến"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lần kiểm tra")
        verbose_name_plural = _("lần kiểm tra")
        ordering = ["-inspected_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.business} {self.inspected_on:%d/%m/%Y}"


class Cultivation(Versioned, _InArea):
    """Illegal cultivation of drug plants (criteria count plants and square metres)."""

    class Plant(models.TextChoices):
        CANNABIS = "cannabis", _("Cần sa")
        POPPY = "poppy", _("Thuốc phiện (anh túc)")
        COCA = "coca", _("Cây coca")
        KRATOM = "kratom", _("Kratom")
        OTHER = "other", _("Khác")

    # What the create and edit pages set (in the form's order); the destruction date is set once,
    # by ``services.cultivation_destroy``. The forms and ``services.cultivation_update`` read it.
    EDITABLE_FIELDS: ClassVar[tuple[str, ...]] = (
        "plant",
        "site",
        "area",
        "plant_count",
        "area_m2",
        "discovered_on",
        "address",
        "note",
        "latitude",
        "longitude",
    )

    site = models.CharField(_("vị trí, thửa đất"), max_length=250)
    plant = models.CharField(_("loại cây"), max_length=20, choices=Plant.choices)
    plant_count = models.PositiveIntegerField(_("số cây"), default=0)
    area_m2 = models.DecimalField(_("diện tích (m²)"), max_digits=10, decimal_places=1, default=0)
    discovered_on = models.DateField(_("ngày phát hiện"))
    destroyed_on = models.DateField(_("ngày tiêu hủy"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("vụ trồng cây có chứa chất ma túy")
        verbose_name_plural = _("vụ trồng cây có chứa chất ma túy")
        ordering = ["-discovered_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(destroyed_on__isnull=True)
                | Q(destroyed_on__gte=models.F("discovered_on")),
                name="cultivation_destroyed_after_discovered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_plant_display()} – {self.site}"


class Camera(Versioned, _InArea):
    class Owner(models.TextChoices):
        PUBLIC = "public", _("Camera công cộng (ANTT)")
        HOUSEHOLD = "household", _("Camera của hộ gia đình, cơ sở kết nối")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang hoạt động")
        BROKEN = "broken", _("Hỏng")
        REMOVED = "removed", _("Đã tháo")

    # What the create and edit pages set, in the form's order (form and ``services.camera_update``).
    EDITABLE_FIELDS: ClassVar[tuple[str, ...]] = (
        "location",
        "area",
        "owner",
        "status",
        "installed_on",
        "address",
        "latitude",
        "longitude",
    )

    location = models.CharField(_("vị trí lắp đặt"), max_length=250)
    # The location in Vietnamese order (``common.collation.text_sort_string``), kept by the
    # services.
    location_sort = models.CharField(max_length=200, editable=False, default="")
    owner = models.CharField(_("chủ sở hữu"), max_length=10, choices=Owner.choices)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    installed_on = models.DateField(_("ngày lắp đặt"), null=True, blank=True)

    class Meta:
        verbose_name = _("camera")
        verbose_name_plural = _("camera")
        ordering = ["location_sort", "pk"]

    def __str__(self) -> str:
        return self.location


class GroupFacilityCheck(ScopedModel):
    """A residential group's tip box and public hotline board, as checked on a date (the Gia Viên
    ward plan for the drug-free residential group model, III.1: every group has both). The
    latest check per group is what the indicator counts."""

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("tổ dân phố, thôn")
    )
    checked_on = models.DateField(_("ngày kiểm tra"))
    has_tip_box = models.BooleanField(_("có hòm thư tố giác"))
    has_hotline_board = models.BooleanField(_("có bảng công khai số điện thoại đường dây nóng"))
    note = models.CharField(_("ghi chú"), max_length=250, blank=True)
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kiểm tra hòm thư, bảng đường dây nóng")
        verbose_name_plural = _("kiểm tra hòm thư, bảng đường dây nóng")
        ordering = ["-checked_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["area", "checked_on"], name="groupfacility_one_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.checked_on:%d/%m/%Y}"
