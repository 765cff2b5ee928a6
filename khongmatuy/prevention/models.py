"""Communication activities (hoạt động tuyên truyền) and what they reached.

An activity is filed under one area: the residential group it reached when it reached one, else
the commune. What it reached is stored as rows (``GroupReach``, ``OrganisationReach``) carrying
the activity's date, so that "groups reached in a month" is an indexed range lookup per group,
and a session that reached two groups counts once for each of them.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khongmatuy.common.models import ScopedModel, StatusEvent

from .choices import ActivityForm, Audience

USER = settings.AUTH_USER_MODEL


class Activity(ScopedModel):
    """One communication activity: a meeting, a loudspeaker broadcast, a school session…"""

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("địa bàn")
    )
    held_on = models.DateField(_("ngày thực hiện"))
    form = models.CharField(_("hình thức"), max_length=20, choices=ActivityForm.choices)
    topic = models.CharField(_("nội dung, chủ đề"), max_length=250)
    organiser = models.ForeignKey(
        "areas.Organisation",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị tổ chức"),
    )
    audience = models.CharField(_("đối tượng"), max_length=20, choices=Audience.choices)
    audience_count = models.PositiveIntegerField(_("số người tham dự"), null=True, blank=True)
    groups: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "areas.Area",
        through="GroupReach",
        related_name="+",
        verbose_name=_("tổ dân phố được tuyên truyền"),
    )
    organisations: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "areas.Organisation",
        through="OrganisationReach",
        related_name="+",
        verbose_name=_("cơ quan, trường học, doanh nghiệp được tuyên truyền"),
    )
    # Targeted communication (tuyên truyền cá biệt): shown only to roles that see persons.
    persons: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "people.Person", blank=True, related_name="+", verbose_name=_("người được tuyên truyền")
    )
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hoạt động tuyên truyền")
        verbose_name_plural = _("hoạt động tuyên truyền")
        ordering = ["-held_on", "-pk"]
        indexes = [
            # the list: an area's activities, newest first
            models.Index(fields=["area", "-held_on"], name="activity_area_held_on"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} ({self.held_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("prevention:detail", args=[self.pk])


class GroupReach(ScopedModel):
    """A residential group reached by an activity, on the activity's date."""

    scope_area_field: ClassVar[str] = "group"

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="group_reaches")
    group = models.ForeignKey("areas.Area", models.PROTECT, related_name="+")
    held_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "group"], name="groupreach_once_per_group")
        ]
        indexes = [
            # coverage: "was this group reached between two dates" (EXISTS per group)
            models.Index(fields=["group", "held_on"], name="groupreach_group_held_on"),
        ]

    def __str__(self) -> str:
        return f"{self.group_id} @ {self.held_on:%d/%m/%Y}"


class OrganisationReach(ScopedModel):
    """A school, enterprise or agency reached by an activity. ``people`` is the audience counted
    at that organisation (the activity's count when it reached one organisation alone)."""

    scope_area_field: ClassVar[str] = "organisation__area"

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="organisation_reaches")
    organisation = models.ForeignKey("areas.Organisation", models.PROTECT, related_name="+")
    held_on = models.DateField()
    people = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "organisation"], name="organisationreach_once_per_org"
            )
        ]
        indexes = [
            # coverage: schools reached in a school year, workers reached in a year
            models.Index(fields=["organisation", "held_on"], name="orgreach_org_held_on"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} @ {self.held_on:%d/%m/%Y}"


class ActivityPhoto(ScopedModel):
    """A photo or a scanned page of the minutes, checked and re-encoded without metadata."""

    scope_area_field: ClassVar[str] = "activity__area"

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="prevention/%Y/%m/")
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    original_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name or self.file.name


class Workforce(ScopedModel):
    """The number of workers of an organisation at a date (a time series, like ``AreaFigure``):
    the denominator of "over 70 % of workers reached" (Kế hoạch UBND phường Thủy Nguyên II.4)."""

    scope_area_field: ClassVar[str] = "organisation__area"

    organisation = models.ForeignKey(
        "areas.Organisation",
        models.CASCADE,
        related_name="+",
        verbose_name=_("doanh nghiệp, cơ quan"),
    )
    as_of = models.DateField(_("tính đến ngày"))
    workers = models.PositiveIntegerField(_("số người lao động"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("số người lao động")
        verbose_name_plural = _("số người lao động")
        ordering = ["organisation", "-as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "as_of"], name="workforce_one_per_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} @ {self.as_of:%d/%m/%Y}: {self.workers}"


class Household(ScopedModel):
    """A household of a residential group's list (personal data: the head's name, the address).

    Nghị quyết Đảng bộ phường Thành Đông II.2.2: by the end of 2026 every household signs a
    commitment that no member takes part in drug crime or drug use.
    """

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("tổ dân phố")
    )
    head_name = models.CharField(_("họ tên chủ hộ"), max_length=150)
    # The name in Vietnamese order (``common.collation.name_sort_string``), kept by the services.
    head_name_sort = models.CharField(max_length=250, editable=False, default="")
    address = models.CharField(_("địa chỉ"), max_length=250, blank=True)
    members = models.PositiveSmallIntegerField(_("số nhân khẩu"), null=True, blank=True)
    is_active = models.BooleanField(_("còn ở địa bàn"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")
        ordering = ["area", "head_name_sort", "pk"]
        indexes = [
            # a group's list; the coverage counts a group's active households
            models.Index(fields=["area", "is_active"], name="household_area_active"),
        ]

    def __str__(self) -> str:
        return self.head_name


class HouseholdCommitment(ScopedModel):
    """A household's commitment for one year: who signed, when, and the scanned page. ``area``
    repeats the household's group (set by the service) so that the coverage counts a group's
    commitments from one covering index, without joining the households."""

    household = models.ForeignKey(Household, models.CASCADE, related_name="commitments")
    area = models.ForeignKey("areas.Area", models.PROTECT, related_name="+", editable=False)
    year = models.PositiveSmallIntegerField(_("năm"))
    signed_on = models.DateField(_("ngày ký"))
    signed_by = models.CharField(_("người ký"), max_length=150)
    # False once the household is taken off its group's list: the coverage counts the
    # commitments of listed households only. Kept here (set by ``household_remove``) so the
    # coverage reads one index, without joining every commitment to its household.
    counted = models.BooleanField(default=True, editable=False)
    scan = models.FileField(upload_to="prevention/commitments/%Y/", blank=True)
    scan_type = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cam kết của hộ gia đình")
        verbose_name_plural = _("cam kết của hộ gia đình")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "year"], name="householdcommitment_one_per_year"
            )
        ]
        indexes = [
            # coverage: a group's commitments of a year signed by a date
            models.Index(
                fields=["area", "year", "counted", "signed_on"], name="hhcommit_area_year_counted"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.year}"


class HouseholdCount(ScopedModel):
    """A group that keeps only a paper list records its counts for a year instead of rows:
    never both for the same group and year (services refuse it)."""

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("tổ dân phố")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    households = models.PositiveIntegerField(_("số hộ"))
    signed = models.PositiveIntegerField(_("số hộ đã ký cam kết"))
    as_of = models.DateField(_("tính đến ngày"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("số hộ ký cam kết (sổ giấy)")
        verbose_name_plural = _("số hộ ký cam kết (sổ giấy)")
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="householdcount_one_per_year"),
            models.CheckConstraint(
                condition=models.Q(signed__lte=models.F("households")),
                name="householdcount_signed_not_above_households",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.year}: {self.signed}/{self.households}"


class Affiliation(ScopedModel):
    """A person's workplace, school or organisation: the link an organisation's commitment is
    judged by. Optional, one per person; kept here beside the commitments it serves."""

    scope_area_field: ClassVar[str] = "person__area"

    class Relation(models.TextChoices):
        WORKPLACE = "workplace", _("Nơi làm việc")
        SCHOOL = "school", _("Trường học")
        MEMBER = "member", _("Hội viên, đoàn viên, đảng viên")

    person = models.OneToOneField(
        "people.Person", models.CASCADE, related_name="affiliation", verbose_name=_("người")
    )
    organisation = models.ForeignKey(
        "areas.Organisation", models.PROTECT, related_name="+", verbose_name=_("cơ quan, đơn vị")
    )
    relation = models.CharField(_("quan hệ"), max_length=20, choices=Relation.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.person_id} → {self.organisation_id}"


class OrganisationCommitment(ScopedModel):
    """An organisation's annual commitment that no new addict arises among its people, its head
    answering for it (Nghị quyết Đảng bộ phường Thành Đông III.2: "cam kết không để phát sinh người
    nghiện ma tuý và người đứng đầu phải chịu trách nhiệm nếu phát sinh"; Kế hoạch UBND phường Gia
    Viên III.1: "cam kết tự quản, tự bảo vệ"). Cadres and members register with their organisation:
    counted, or named."""

    scope_area_field: ClassVar[str] = "organisation__area"

    organisation = models.ForeignKey(
        "areas.Organisation", models.PROTECT, related_name="+", verbose_name=_("cơ quan, đơn vị")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    signed_on = models.DateField(_("ngày ký"))
    head_name = models.CharField(_("người đứng đầu chịu trách nhiệm"), max_length=150)
    members_count = models.PositiveIntegerField(_("số người cam kết"), null=True, blank=True)
    members_named = models.TextField(_("danh sách người cam kết"), blank=True)
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cam kết của cơ quan, tổ chức")
        verbose_name_plural = _("cam kết của cơ quan, tổ chức")
        ordering = ["-year", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="orgcommitment_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.year}"


class DrugFreeModel(ScopedModel):
    """A drug-free model to build, keep and replicate (Kế hoạch UBND phường Gia Viên III.1, IV.1;
    Nghị quyết Đảng bộ phường Thành Đông II.2.2, III.2; 003 III.2): a family, a clan, a parish, a
    residential group, a school, a youth-union branch, support for reintegration after rehab. Its
    status moves along ``rules.models.LIFECYCLE``, each step an event."""

    class Kind(models.TextChoices):
        FAMILY = "family", _("Gia đình không ma túy")
        CLAN = "clan", _("Dòng họ không ma túy")
        PARISH = "parish", _("Giáo xứ, giáo họ không ma túy")
        GROUP = "group", _("Tổ dân phố, thôn không ma túy")
        SCHOOL = "school", _("Trường học không ma túy")
        YOUTH_BRANCH = "youth_branch", _("Chi đoàn không ma túy")
        REINTEGRATION = "reintegration", _("Hỗ trợ tái hòa nhập cộng đồng sau cai nghiện")

    class Status(models.TextChoices):
        BUILDING = "building", _("Đang xây dựng")
        ACTIVE = "active", _("Đang hoạt động")
        RECOGNISED = "recognised", _("Được công nhận")
        SUSPENDED = "suspended", _("Tạm dừng")
        DISSOLVED = "dissolved", _("Giải thể")

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("địa bàn")
    )
    kind = models.CharField(_("loại mô hình"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("tên mô hình"), max_length=200)
    host = models.ForeignKey(
        "areas.Organisation",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị chủ trì"),
    )
    decision_number = models.CharField(_("số quyết định thành lập"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    decision_file = models.FileField(upload_to="prevention/models/%Y/", blank=True)
    decision_file_type = models.CharField(max_length=50, blank=True)
    members_count = models.PositiveIntegerField(_("số thành viên"), null=True, blank=True)
    members_named = models.TextField(_("thành viên"), blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=Status.choices, default=Status.BUILDING
    )
    replicated_from = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="replicas",
        verbose_name=_("nhân rộng từ mô hình"),
    )
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mô hình không ma túy")
        verbose_name_plural = _("mô hình không ma túy")
        ordering = ["kind", "name", "pk"]
        indexes = [
            # the overview's tile: models by status in the user's areas
            models.Index(fields=["area", "status"], name="drugfreemodel_area_status"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("prevention:model_detail", args=[self.pk])


class DrugFreeModelEvent(StatusEvent):
    scope_area_field = "model__area"

    model = models.ForeignKey(DrugFreeModel, models.CASCADE, related_name="events")

    def __str__(self) -> str:
        return f"{self.model_id} {self.from_status} → {self.to_status}"


class DrugFreeModelReview(ScopedModel):
    """The yearly review of a model: how it worked this year."""

    scope_area_field: ClassVar[str] = "model__area"

    class Result(models.TextChoices):
        GOOD = "good", _("Hoạt động hiệu quả")
        FAIR = "fair", _("Hoạt động bình thường")
        WEAK = "weak", _("Hoạt động kém, cần củng cố")

    model = models.ForeignKey(DrugFreeModel, models.CASCADE, related_name="reviews")
    year = models.PositiveSmallIntegerField(_("năm"))
    reviewed_on = models.DateField(_("ngày đánh giá"))
    result = models.CharField(_("kết quả"), max_length=10, choices=Result.choices)
    note = models.TextField(_("nhận xét"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "year"], name="drugfreemodelreview_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model_id} {self.year}"
