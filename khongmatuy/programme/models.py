"""The national target programme on drug prevention and control to 2030 (Chương trình mục tiêu
quốc gia phòng, chống ma túy đến năm 2030: Nghị quyết 163/2024/QH15, Nghị quyết 50/NQ-CP,
Quyết định 7619/QĐ-BCA) as one commune runs it.

``Project`` and ``Indicator`` are national data (not scoped): their numbers and names beyond those
the ward plan names are unconfirmed until an administrator confirms them (``legal.py``). What a
commune runs, its money and its entered indicator values belong to the commune (``ScopedModel``).
Money is ``DecimalField(max_digits=18, decimal_places=0)``: whole đồng, never float.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from khongmatuy.common.models import ScopedModel

from .choices import FundSource, Measure

USER = settings.AUTH_USER_MODEL


def money_field(verbose_name: StrOrPromise) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=0)


class Project(models.Model):
    """A project (dự án) of the programme, or a sub-project (tiểu dự án) of one."""

    code = models.CharField(_("mã"), max_length=20, unique=True)  # "DA7" / "DA7-TDA2"
    number = models.PositiveSmallIntegerField(_("số"))
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="subprojects",
        verbose_name=_("thuộc dự án"),
    )
    name = models.CharField(_("tên"), max_length=300)
    lead_ministry = models.CharField(_("bộ, ngành chủ trì"), max_length=200, blank=True)
    confirmed = models.BooleanField(_("đã xác nhận theo văn bản"), default=False)
    source = models.CharField(_("căn cứ (văn bản)"), max_length=300, blank=True)
    sort_key = models.CharField(max_length=20, editable=False, default="")

    class Meta:
        verbose_name = _("dự án của Chương trình")
        verbose_name_plural = _("dự án của Chương trình")
        ordering = ["sort_key", "pk"]

    def __str__(self) -> str:
        return f"{self.label}: {self.name}"

    def save(self, *args: object, **kwargs: object) -> None:
        parent_number = self.parent.number if self.parent_id and self.parent else self.number
        sub = self.number if self.parent_id else 0
        self.sort_key = f"{parent_number:03d}.{sub:03d}"
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def label(self) -> str:
        if self.parent_id is None:
            return str(_("Dự án %(n)s") % {"n": self.number})
        return str(
            _("Tiểu dự án %(n)s thuộc Dự án %(p)s")
            % {"n": self.number, "p": self.parent.number if self.parent else ""}
        )


class CommuneProject(ScopedModel):
    """A project a commune runs, and the agency of the commune that leads it (Kế hoạch UBND
    phường Thủy Nguyên III.1.b: the ward police leads Projects 1, 2, 4, 5, 9 and Sub-project 2
    of Project 7; III.3: other offices lead the others)."""

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("xã, phường")
    )
    project = models.ForeignKey(
        Project, models.PROTECT, related_name="communes", verbose_name=_("dự án")
    )
    lead = models.ForeignKey(
        "areas.Organisation",
        models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị chủ trì"),
    )
    note = models.CharField(_("ghi chú"), max_length=250, blank=True)
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dự án xã, phường thực hiện")
        verbose_name_plural = _("dự án xã, phường thực hiện")
        ordering = ["area", "project__sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["area", "project"], name="communeproject_once")
        ]

    def __str__(self) -> str:
        return f"{self.project.label} ({self.area})"

    def get_absolute_url(self) -> str:
        return reverse("programme:project", args=[self.pk])


class _Money(ScopedModel):
    """A row of a commune project's money in one year."""

    scope_area_field: ClassVar[str] = "commune_project__area"

    commune_project = models.ForeignKey(
        CommuneProject, models.CASCADE, related_name="%(class)ss", verbose_name=_("dự án")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Allocation(_Money):
    """The year's allocation of one source (giao vốn): one row per project, year and source;
    later changes are ``Adjustment``s."""

    source = models.CharField(_("nguồn vốn"), max_length=10, choices=FundSource.choices)
    amount = money_field(_("số tiền (đồng)"))
    decision = models.CharField(_("số quyết định giao vốn"), max_length=100)
    decided_on = models.DateField(_("ngày quyết định"))
    balanced_by = models.ForeignKey(
        "areas.Organisation",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị tham mưu cân đối ngân sách"),
    )

    class Meta:
        verbose_name = _("vốn được giao")
        verbose_name_plural = _("vốn được giao")
        ordering = ["year", "source", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune_project", "year", "source"], name="allocation_once_per_source"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="allocation_not_negative"),
        ]
        indexes = [models.Index(fields=["year", "commune_project"], name="allocation_year")]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.year}: {self.amount}"


class Adjustment(_Money):
    """A decision that raises (positive) or lowers (negative) a year's allocation."""

    source = models.CharField(_("nguồn vốn"), max_length=10, choices=FundSource.choices)
    amount = money_field(_("số tiền điều chỉnh (đồng, âm là giảm)"))
    decision = models.CharField(_("số quyết định điều chỉnh"), max_length=100)
    decided_on = models.DateField(_("ngày quyết định"))
    reason = models.CharField(_("lý do"), max_length=250)

    class Meta:
        verbose_name = _("điều chỉnh vốn")
        verbose_name_plural = _("điều chỉnh vốn")
        ordering = ["year", "decided_on", "pk"]
        indexes = [models.Index(fields=["year", "commune_project"], name="adjustment_year")]

    def __str__(self) -> str:
        return f"{self.decision}: {self.amount}"


class Commitment(_Money):
    """A spending commitment (a contract, an estimate approved) against the year's money."""

    signed_on = models.DateField(_("ngày ký, phê duyệt"))
    amount = money_field(_("số tiền (đồng)"))
    document = models.CharField(_("số hợp đồng, văn bản"), max_length=100)
    content = models.CharField(_("nội dung"), max_length=250)

    class Meta:
        verbose_name = _("cam kết chi")
        verbose_name_plural = _("cam kết chi")
        ordering = ["year", "signed_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="commitment_positive")
        ]
        indexes = [models.Index(fields=["year", "commune_project"], name="commitment_year")]

    def __str__(self) -> str:
        return f"{self.document}: {self.amount}"


class Disbursement(_Money):
    """Money paid out (giải ngân) on a date, with its document."""

    paid_on = models.DateField(_("ngày giải ngân"))
    amount = money_field(_("số tiền (đồng)"))
    document = models.CharField(_("số chứng từ"), max_length=100)
    content = models.CharField(_("nội dung"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("giải ngân")
        verbose_name_plural = _("giải ngân")
        ordering = ["year", "paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_positive")
        ]
        indexes = [models.Index(fields=["year", "commune_project"], name="disbursement_year")]

    def __str__(self) -> str:
        return f"{self.document}: {self.amount}"


class ScheduleStep(_Money):
    """By ``until``, ``share`` % of the year's allocation in force is planned disbursed
    (cumulative; ``rules.schedule``)."""

    until = models.DateField(_("đến ngày"))
    share = models.DecimalField(_("tỷ lệ giải ngân lũy kế (%)"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("tiến độ giải ngân kế hoạch")
        verbose_name_plural = _("tiến độ giải ngân kế hoạch")
        ordering = ["year", "until"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune_project", "year", "until"], name="schedulestep_once"
            ),
            models.CheckConstraint(
                condition=Q(share__gte=0) & Q(share__lte=100), name="schedulestep_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.until:%d/%m/%Y}: {self.share} %"


class Output(_Money):
    """A product of the project in the year (rõ sản phẩm): what, how many, when."""

    description = models.CharField(_("sản phẩm, kết quả"), max_length=250)
    quantity = models.DecimalField(
        _("số lượng"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    achieved_on = models.DateField(_("ngày hoàn thành"))

    class Meta:
        verbose_name = _("sản phẩm, kết quả")
        verbose_name_plural = _("sản phẩm, kết quả")
        ordering = ["year", "achieved_on", "pk"]

    def __str__(self) -> str:
        return self.description


class Indicator(models.Model):
    """An indicator of the programme (national data): code, name, unit, how it is measured,
    baseline; yearly targets in ``IndicatorTarget``."""

    code = models.CharField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên chỉ tiêu"), max_length=300)
    unit = models.CharField(_("đơn vị"), max_length=20, default="%")
    measure = models.CharField(_("cách tính"), max_length=30, choices=Measure.choices)
    # "trên 70 %" is strictly more; "100 %", "ít nhất 50 %" are at least.
    strictly_above = models.BooleanField(_("phải vượt chỉ tiêu"), default=False)
    baseline = models.DecimalField(
        _("giá trị cơ sở"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("năm cơ sở"), null=True, blank=True)
    source = models.CharField(_("căn cứ (văn bản)"), max_length=300)
    confirmed = models.BooleanField(_("đã xác nhận theo văn bản"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("chỉ tiêu của Chương trình")
        verbose_name_plural = _("chỉ tiêu của Chương trình")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.DecimalField(_("chỉ tiêu"), max_digits=7, decimal_places=2)

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicatortarget_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}: {self.value}"


class IndicatorValue(ScopedModel):
    """A commune's entered value of an indicator that no registry counts: numerator and
    denominator (so that the roll-up sums them), with its source."""

    indicator = models.ForeignKey(
        Indicator, models.PROTECT, related_name="values", verbose_name=_("chỉ tiêu")
    )
    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("xã, phường")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    part = models.PositiveIntegerField(_("số đạt"))
    whole = models.PositiveIntegerField(_("tổng số"))
    source = models.CharField(_("nguồn số liệu"), max_length=250)
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("số liệu chỉ tiêu")
        verbose_name_plural = _("số liệu chỉ tiêu")
        ordering = ["indicator", "year", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "year"], name="indicatorvalue_once"
            ),
            models.CheckConstraint(
                condition=Q(part__lte=models.F("whole")), name="indicatorvalue_part_le_whole"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_id} {self.year}: {self.part}/{self.whole}"
