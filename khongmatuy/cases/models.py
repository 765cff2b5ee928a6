"""Drug crime cases and administrative violations, with persons involved and seizures."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khongmatuy.common.models import ScopedModel
from khongmatuy.common.scoping import AreaScopedQuerySet
from khongmatuy.common.versioning import Versioned

USER = settings.AUTH_USER_MODEL


class Case(Versioned, ScopedModel):
    class Kind(models.TextChoices):
        CRIME = "crime", _("Vụ án hình sự")
        ADMINISTRATIVE = "administrative", _("Vi phạm hành chính")

    class Status(models.TextChoices):
        DETECTED = "detected", _("Phát hiện, bắt giữ")
        PROSECUTED = "prosecuted", _("Đã khởi tố")
        TRIED = "tried", _("Đã xét xử")
        SANCTIONED = "sanctioned", _("Đã xử phạt hành chính")
        CLOSED = "closed", _("Đình chỉ, kết thúc")

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("địa bàn")
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("số hồ sơ, số quyết định"), max_length=100, blank=True)
    # The unit that numbers the case (the police of the commune the case's area belongs to) and
    # the year of the number: a number is unique per unit and year. Set by the services.
    issuing_unit = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("đơn vị cấp số")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    occurred_on = models.DateField(_("ngày phát hiện"))
    offence = models.CharField(_("tội danh, hành vi"), max_length=40)
    summary = models.TextField(_("tóm tắt"))
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=Status.choices, default=Status.DETECTED
    )
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vụ việc")
        verbose_name_plural = _("vụ việc")
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "year", "number"],
                condition=~models.Q(number=""),
                name="case_number_unique_per_unit_year",
            )
        ]
        indexes = [models.Index(fields=["area", "occurred_on"], name="case_area_occurred")]

    def __str__(self) -> str:
        return f"{self.number or self.pk}: {self.get_offence_display_text()}"

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.pk])

    def get_offence_display_text(self) -> str:
        from .rules.offences import label

        return label(self.offence)


class CasePersonQuerySet(AreaScopedQuerySet["CasePerson"]):
    def arrested_between(self, start: date, end: date) -> CasePersonQuerySet:
        """Links of persons arrested in ``[start, end]`` (both days included): role "arrested"
        or "accused" with ``arrested_on`` in the window (indexed ``caseperson_arrested_on``).

        A person arrested twice in the window appears twice; count ``person_id`` distinct.
        """
        return self.filter(
            role__in=[CasePerson.Role.ARRESTED, CasePerson.Role.ACCUSED],
            arrested_on__gte=start,
            arrested_on__lte=end,
        )


class CasePerson(ScopedModel):
    """A person involved in a case; arrests per area and period feed the criteria's arrest rate."""

    scope_area_field = "case__area"

    class Role(models.TextChoices):
        ARRESTED = "arrested", _("Bị bắt giữ")
        ACCUSED = "accused", _("Bị can, bị cáo")
        VIOLATOR = "violator", _("Người vi phạm hành chính")
        SUSPECT = "suspect", _("Đối tượng liên quan")

    case = models.ForeignKey(Case, models.CASCADE, related_name="persons")
    person = models.ForeignKey("people.Person", models.PROTECT, related_name="case_links")
    role = models.CharField(_("tư cách"), max_length=10, choices=Role.choices)
    arrested_on = models.DateField(_("ngày bắt giữ"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=250, blank=True)

    objects: ClassVar[models.Manager[CasePerson]] = CasePersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("người liên quan vụ việc")
        verbose_name_plural = _("người liên quan vụ việc")
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="caseperson_unique")]
        indexes = [models.Index(fields=["arrested_on"], name="caseperson_arrested_on")]

    def __str__(self) -> str:
        return f"{self.person} – {self.case}"


class Seizure(ScopedModel):
    scope_area_field = "case__area"

    class Unit(models.TextChoices):
        GRAM = "g", _("gam")
        KILOGRAM = "kg", _("kilôgam")
        PILL = "pill", _("viên")
        MILLILITRE = "ml", _("mililít")
        PLANT = "plant", _("cây")

    case = models.ForeignKey(Case, models.CASCADE, related_name="seizures")
    # Null only for seizures recorded before the list existed whose text matched no substance:
    # their text stays in ``original_substance`` until an officer corrects them.
    substance = models.ForeignKey(
        "Substance",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="seizures",
        verbose_name=_("chất ma túy"),
    )
    original_substance = models.CharField(_("tên chất ghi trước đây"), max_length=100, blank=True)
    form = models.CharField(_("dạng"), max_length=100, blank=True)
    quantity = models.DecimalField(_("số lượng"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("đơn vị"), max_length=10, choices=Unit.choices)

    class Meta:
        verbose_name = _("tang vật thu giữ")
        verbose_name_plural = _("tang vật thu giữ")

    def __str__(self) -> str:
        return f"{self.quantity} {self.unit} {self.substance_label}"

    @property
    def substance_label(self) -> str:
        """The substance's name, or the text recorded before the list existed."""
        return self.substance.name if self.substance is not None else self.original_substance


class Substance(Versioned, models.Model):
    """A narcotic substance of the national list that seizures name (administrators extend it).

    ``other_names`` are the other spellings and street names, separated by commas; the list page
    and the migration that mapped free text onto the list match them folded (no diacritics).
    """

    name = models.CharField(_("tên chất"), max_length=100, unique=True)
    # The name in Vietnamese order (``common.collation.text_sort_string``), kept by the services.
    name_sort = models.CharField(max_length=200, editable=False, default="")
    other_names = models.CharField(_("tên gọi khác"), max_length=500, blank=True)
    unit = models.CharField(_("đơn vị thường dùng"), max_length=10, choices=Seizure.Unit.choices)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("chất ma túy")
        verbose_name_plural = _("danh mục chất ma túy")
        ordering = ["name_sort", "name"]

    def __str__(self) -> str:
        return self.name

    def other_name_list(self) -> list[str]:
        return [n.strip() for n in self.other_names.split(",") if n.strip()]
