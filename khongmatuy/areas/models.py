"""The administrative tree: country → province → commune-level unit → residential group.

Every area row carries two denormalised ancestors, ``province`` and ``commune`` (a province row
points at itself as its province, a commune row at itself as its commune). Scoping a query to a
user's areas is then one indexed ``IN`` on one of these columns, on SQLite and PostgreSQL alike,
without recursive queries (see ``khongmatuy.common.scoping``).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khongmatuy.common.models import ScopedModel
from khongmatuy.common.scoping import AreaScopedQuerySet
from khongmatuy.common.versioning import Versioned

from .choices import EVERYDAY_PREFIX, Kind, Level

_KIND_LABELS = dict(Kind.choices)  # lazy labels, translated when formatted

# Level and Kind live in choices.py; the rest of the project imports them from here, with the tree.
__all__ = ["Area", "AreaChange", "AreaFigure", "AreaQuerySet", "Kind", "Level", "Organisation"]


class AreaQuerySet(AreaScopedQuerySet["Area"]):
    def active(self) -> AreaQuerySet:
        return self.filter(is_active=True)

    def groups(self) -> AreaQuerySet:
        return self.filter(level=Level.GROUP)

    def communes(self) -> AreaQuerySet:
        return self.filter(level=Level.COMMUNE)


class Area(Versioned, ScopedModel):
    """One node of the administrative tree. Former units stay as inactive rows (history)."""

    scope_area_field: ClassVar[str] = ""
    # Set right after the create (the row points at itself): not an edit (``common.versioning``).
    unversioned_fields: ClassVar[frozenset[str]] = frozenset({"province", "commune"})

    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=150)
    name_folded = models.CharField(max_length=150, editable=False, db_index=True)
    # Official code (mã đơn vị hành chính) for provinces and communes; empty for groups and for
    # former units that no longer have one in the current list.
    code = models.CharField(_("mã"), max_length=20, blank=True)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("thuộc"),
    )
    province = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    commune = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    # Natural ordering key ("Tổ 2" before "Tổ 10"); set by the service from the name.
    sort_key = models.CharField(max_length=200, editable=False, default="")
    area_km2 = models.DecimalField(
        _("diện tích (km²)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hết hiệu lực"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The tree queries (ancestors, children) on top of the scoped ones.
    objects = AreaQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("địa bàn")
        verbose_name_plural = _("địa bàn")
        ordering = ["level", "sort_key", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code"], condition=~Q(code=""), name="area_unique_official_code"
            ),
            models.UniqueConstraint(
                fields=["parent", "name"],
                condition=Q(is_active=True),
                name="area_unique_active_name_in_parent",
            ),
            models.CheckConstraint(
                condition=Q(level=0, parent__isnull=True) | Q(level__gt=0, parent__isnull=False),
                name="area_parent_iff_not_country",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="area_valid_until_after_from",
            ),
        ]
        indexes = [
            # children of a node in display order (tree page, area page)
            models.Index(fields=["parent", "sort_key"], name="area_parent_sort"),
            # scoping: every scoped query filters on one of these two
            models.Index(fields=["province", "level"], name="area_province_level"),
            models.Index(fields=["commune", "level"], name="area_commune_level"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("areas:detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        """ "Phường Gia Viên", "Thành phố Hải Phòng"; a group's name already says what it is."""
        if self.level in (Level.COUNTRY, Level.GROUP):
            return self.name
        # Not get_kind_display(): it rebuilds the dict of every kind on each call, and a city's
        # pages name a hundred communes.
        prefix = EVERYDAY_PREFIX.get(self.kind) or _KIND_LABELS.get(self.kind, self.kind)
        return f"{prefix} {self.name}"

    @property
    def is_group(self) -> bool:
        return self.level == Level.GROUP

    @property
    def is_commune(self) -> bool:
        return self.level == Level.COMMUNE


class AreaFigure(ScopedModel):
    """Resident population and households of an area at a date (a time series).

    Criteria use "population currently residing" at a date: the latest figure on or before it.
    """

    area = models.ForeignKey(
        Area, models.CASCADE, related_name="figures", verbose_name=_("địa bàn")
    )
    as_of = models.DateField(_("tính đến ngày"))
    population = models.PositiveIntegerField(_("dân số thường trú"))
    households = models.PositiveIntegerField(_("số hộ gia đình"))
    source = models.CharField(_("nguồn số liệu"), max_length=200, blank=True)
    # True on the figure with the latest ``as_of`` of its area; kept by ``figure_set`` so that
    # "current population" sums are a plain join (dashboards, criteria at today's date).
    is_current = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("số liệu dân cư")
        verbose_name_plural = _("số liệu dân cư")
        ordering = ["area", "-as_of"]
        constraints = [
            models.UniqueConstraint(fields=["area", "as_of"], name="areafigure_one_per_date"),
            models.UniqueConstraint(
                fields=["area"], condition=Q(is_current=True), name="areafigure_one_current"
            ),
            models.CheckConstraint(
                condition=Q(households__lte=models.F("population")),
                name="areafigure_households_not_above_population",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} @ {self.as_of:%d/%m/%Y}"


class AreaChange(ScopedModel):
    """History of the tree: renames, merges and splits, with the legal basis.

    A merge is recorded as one row per predecessor pointing at the successor (Kiến Minh was formed
    from Đông Phương, Đại Đồng and Minh Tân: three rows).
    """

    class ChangeKind(models.TextChoices):
        RENAME = "rename", _("Đổi tên")
        MERGE = "merge", _("Sáp nhập")
        SPLIT = "split", _("Chia tách")
        MOVE = "move", _("Điều chỉnh địa giới")

    area = models.ForeignKey(
        Area, models.CASCADE, related_name="changes", verbose_name=_("địa bàn (sau thay đổi)")
    )
    predecessor = models.ForeignKey(
        Area,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="successions",
        verbose_name=_("địa bàn trước thay đổi"),
    )
    kind = models.CharField(_("loại thay đổi"), max_length=10, choices=ChangeKind.choices)
    effective_on = models.DateField(_("ngày hiệu lực"))
    old_name = models.CharField(_("tên cũ"), max_length=150, blank=True)
    new_name = models.CharField(_("tên mới"), max_length=150, blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=250, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thay đổi địa giới, tên gọi")
        verbose_name_plural = _("thay đổi địa giới, tên gọi")
        ordering = ["-effective_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.area} ({self.effective_on:%d/%m/%Y})"


class Organisation(Versioned, ScopedModel):
    """An organisation located in an area: a school, an enterprise, an agency, a parish…"""

    class OrgKind(models.TextChoices):
        SCHOOL = "school", _("Trường học, cơ sở giáo dục")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        AGENCY = "agency", _("Cơ quan, đơn vị")
        PARISH = "parish", _("Giáo xứ, giáo họ")
        PAGODA = "pagoda", _("Chùa, cơ sở tôn giáo khác")
        CLAN = "clan", _("Dòng họ")
        YOUTH_UNION = "youth_union", _("Chi đoàn thanh niên")
        MASS_ORGANISATION = "mass_org", _("Tổ chức chính trị - xã hội")
        OTHER = "other", _("Khác")

    area = models.ForeignKey(
        Area, models.PROTECT, related_name="organisations", verbose_name=_("địa bàn")
    )
    kind = models.CharField(_("loại"), max_length=20, choices=OrgKind.choices)
    name = models.CharField(_("tên"), max_length=200)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    # The name in Vietnamese order (``common.collation.text_sort_string``), kept by the service.
    name_sort = models.CharField(max_length=200, editable=False, default="")
    address = models.CharField(_("địa chỉ"), max_length=250, blank=True)
    head_name = models.CharField(_("người đứng đầu"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    member_count = models.PositiveIntegerField(
        _("số thành viên, học sinh, lao động"), null=True, blank=True
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tổ chức, cơ quan")
        verbose_name_plural = _("tổ chức, cơ quan")
        ordering = ["kind", "name_sort", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "kind", "name"], name="organisation_unique_name_in_area"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("areas:organisation_edit", args=[self.pk])
