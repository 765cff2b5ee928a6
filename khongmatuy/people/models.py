"""The people registry's records. Every record reaches its area through its person.

A person's ``area`` is the residential group (or, when the group is unknown, the commune) whose
officers manage them: it decides who sees the record (``common.scoping``). A transfer between
communes belongs to both communes until it is decided.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, TypedDict, TypeVar, cast

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khongmatuy.common.models import EventModel, ScopedModel
from khongmatuy.common.scoping import AreaScopedQuerySet, scope_for
from khongmatuy.common.versioning import Versioned

from . import durations
from .choices import (
    Category,
    ContactForm,
    EpisodeKind,
    EpisodeStatus,
    ReconciliationOutcome,
    Sex,
    SupervisorKind,
    SupportKind,
    TestMethod,
    TestReason,
    TestResult,
    TransferDirection,
    TransferStatus,
)

if TYPE_CHECKING:
    from datetime import date

    from khongmatuy.areas.models import Area

USER = settings.AUTH_USER_MODEL
_M = TypeVar("_M", bound=models.Model)


class PersonScopedQuerySet(AreaScopedQuerySet[_M]):
    """Area scope, narrowed for supervisors to the persons assigned to them.

    A supervisor (người được giao quản lý, giúp đỡ) is bound to a residential group but sees only
    the persons they currently supervise there, and only those persons' records. Models name the
    path to their person in ``scope_person_path`` ("" for ``Person`` itself).
    """

    def for_user(self, user: Any) -> PersonScopedQuerySet[_M]:
        qs = cast("PersonScopedQuerySet[_M]", super().for_user(user))
        if getattr(user, "role", None) == "supervisor" and not scope_for(user).is_empty:
            path: str = self.model.scope_person_path  # type: ignore[attr-defined]
            prefix = f"{path}__" if path else ""
            assigned = Supervision.objects.filter(supervisor_user=user, ended_on__isnull=True)
            qs = qs.filter(**{f"{prefix}pk__in": assigned.values("person_id")})
        return qs


class PersonQuerySet(PersonScopedQuerySet["Person"]):
    def for_user(self, user: Any) -> PersonQuerySet:
        return cast(PersonQuerySet, super().for_user(user))

    def active(self) -> PersonQuerySet:
        return self.filter(is_active=True, merged_into__isnull=True)


PersonScopedManager = models.Manager.from_queryset(PersonScopedQuerySet)
PersonManager = models.Manager.from_queryset(PersonQuerySet)


class PersonFields(TypedDict, total=False):
    """A person's identity and residence as a user enters them, in the order the form shows.

    The one list of the fields a user edits: ``Person.EDITABLE_FIELDS`` is read from it, the
    person form's ``Meta.fields`` is that tuple, and ``person_register`` / ``person_update``
    take these keywords (typed by this class; their set checked against the tuple at run time).
    Derived columns (folded name, sort key, search text) and the list status are not here: the
    services compute or change them.
    """

    area: Area
    full_name: str
    aliases: str
    sex: str
    date_of_birth: date | None
    citizen_id: str | None
    permanent_area: Area | None
    permanent_address: str
    current_address: str
    phone: str
    occupation: str
    education: str
    family_contacts: str
    notes: str
    psychosis: bool
    psychosis_note: str


class Person(Versioned, ScopedModel):
    scope_person_path: ClassVar[str] = ""
    # The fields a user edits, in the form's order; declared with their types on PersonFields.
    EDITABLE_FIELDS: ClassVar[tuple[str, ...]] = tuple(PersonFields.__annotations__)
    # Never shown to roles without the capability; never copied in full into exports for them.
    SENSITIVE_FIELDS: ClassVar[tuple[str, ...]] = ("citizen_id", "notes", "psychosis_note")

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="persons", verbose_name=_("địa bàn quản lý")
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    name_folded = models.CharField(max_length=150, editable=False, db_index=True)
    name_sort = models.CharField(max_length=250, editable=False, default="")
    aliases = models.CharField(_("tên gọi khác, biệt danh"), max_length=250, blank=True)
    sex = models.CharField(_("giới tính"), max_length=10, choices=Sex.choices)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    citizen_id = models.CharField(
        _("số CCCD / định danh cá nhân"), max_length=12, null=True, blank=True, unique=True
    )
    permanent_area = models.ForeignKey(
        "areas.Area",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nơi thường trú (địa bàn)"),
    )
    permanent_address = models.CharField(_("địa chỉ thường trú"), max_length=250, blank=True)
    current_address = models.CharField(_("nơi ở hiện tại"), max_length=250, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    occupation = models.CharField(_("nghề nghiệp"), max_length=150, blank=True)
    education = models.CharField(_("trình độ học vấn, trường học"), max_length=150, blank=True)
    family_contacts = models.TextField(_("người thân, liên hệ gia đình"), blank=True)
    notes = models.TextField(_("ghi chú nghiệp vụ"), blank=True)
    psychosis = models.BooleanField(_("có biểu hiện loạn thần (ngáo đá)"), default=False)
    psychosis_note = models.CharField(_("ghi chú biểu hiện loạn thần"), max_length=250, blank=True)
    # Folded name, aliases, citizen id, phone and address: what person search matches.
    search_text = models.TextField(editable=False, default="")
    is_active = models.BooleanField(_("đang trong danh sách quản lý"), default=True)
    removed_on = models.DateField(_("ngày đưa ra khỏi danh sách"), null=True, blank=True)
    removal_reason = models.CharField(_("lý do đưa ra khỏi danh sách"), max_length=250, blank=True)
    merged_into = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="merged_from", editable=False
    )
    last_verified_on = models.DateField(_("ngày rà soát gần nhất"), null=True, blank=True)
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[PersonManager[Person]] = PersonManager()

    class Meta:
        verbose_name = _("người trong diện quản lý")
        verbose_name_plural = _("người trong diện quản lý")
        ordering = ["name_sort"]
        indexes = [
            # lists of a residential group / commune in Vietnamese name order
            models.Index(fields=["area", "name_sort"], name="person_area_name"),
            # likely-duplicate detection: folded name + date of birth
            models.Index(fields=["name_folded", "date_of_birth"], name="person_name_dob"),
            # stale records (data quality)
            models.Index(fields=["updated_at"], name="person_updated_at"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("people:detail", args=[self.pk])


class _PersonOwned(ScopedModel):
    """Base of records that belong to a person (and so to the person's area)."""

    scope_area_field: ClassVar[str] = "person__area"
    scope_person_path: ClassVar[str] = "person"

    person = models.ForeignKey(Person, models.CASCADE, related_name="%(class)ss")
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[PersonScopedManager[Any]] = PersonScopedManager()

    class Meta:
        abstract = True


class PersonCategory(_PersonOwned):
    """A category held over a period (illegal user, addict, …); several may overlap."""

    category = models.CharField(_("diện quản lý"), max_length=30, choices=Category.choices)
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    source = models.CharField(
        _("căn cứ (quyết định, kết quả xét nghiệm…)"), max_length=250, blank=True
    )
    note = models.CharField(_("ghi chú"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("diện quản lý")
        verbose_name_plural = _("diện quản lý")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="personcategory_end_after_start",
            )
        ]
        indexes = [
            # "active by type": open categories of a kind
            models.Index(fields=["category", "ended_on"], name="personcategory_open"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_category_display()}"


class Episode(_PersonOwned):
    """One management measure with its legal dates, computed from ``durations.py``."""

    kind = models.CharField(_("biện pháp"), max_length=30, choices=EpisodeKind.choices)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=EpisodeStatus.choices, default=EpisodeStatus.ACTIVE
    )
    authority = models.CharField(_("cơ quan, người quyết định"), max_length=200, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    started_on = models.DateField(_("ngày bắt đầu"))
    planned_months = models.PositiveSmallIntegerField(_("thời hạn (tháng)"), null=True, blank=True)
    due_on = models.DateField(_("ngày hết hạn"), null=True, blank=True)
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    outcome = models.CharField(_("kết quả, lý do kết thúc"), max_length=250, blank=True)
    is_minor = models.BooleanField(_("người chưa thành niên (12–18 tuổi)"), default=False)
    facility = models.CharField(_("cơ sở cai nghiện, điều trị"), max_length=200, blank=True)
    previous = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_episodes",
        verbose_name=_("biện pháp trước"),
    )
    # Which legal rule, in which version, computed ``due_on`` (see durations.py).
    rule_code = models.CharField(max_length=60, blank=True, editable=False)
    rule_version = models.CharField(max_length=60, blank=True, editable=False)
    rule_confirmed = models.BooleanField(default=True, editable=False)
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("biện pháp quản lý")
        verbose_name_plural = _("biện pháp quản lý")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="episode_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status="active", ended_on__isnull=True)
                | (~Q(status="active") & Q(ended_on__isnull=False)),
                name="episode_ended_iff_not_active",
            ),
        ]
        indexes = [
            # deadline lists: active episodes by due date (ending within 30 days, overdue)
            models.Index(
                fields=["due_on"], condition=Q(status="active"), name="episode_active_due_on"
            ),
            models.Index(fields=["kind", "status"], name="episode_kind_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.person}"

    @property
    def rule_in_words(self) -> str:
        """The legal basis ``due_on`` was computed from, in words (never the stored codes)."""
        return durations.rule_in_words(self.rule_code, self.rule_version)


class EpisodeEvent(EventModel):
    """The history of an episode: opened, extended, completed, stopped, restarted…"""

    scope_area_field: ClassVar[str] = "episode__person__area"
    scope_person_path: ClassVar[str] = "episode__person"

    episode = models.ForeignKey(Episode, models.CASCADE, related_name="events")
    on = models.DateField(_("ngày"))
    action = models.CharField(_("thao tác"), max_length=30)

    objects: ClassVar[PersonScopedManager[Any]] = PersonScopedManager()

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y} {self.action}"


class DossierItem(ScopedModel):
    """One document of the compulsory-rehab dossier (Decree 116), checked off with its date."""

    scope_area_field: ClassVar[str] = "episode__person__area"
    scope_person_path: ClassVar[str] = "episode__person"

    episode = models.ForeignKey(Episode, models.CASCADE, related_name="dossier_items")
    code = models.CharField(max_length=40)
    title = models.CharField(_("tài liệu"), max_length=250)
    position = models.PositiveSmallIntegerField(default=0)
    due_on = models.DateField(_("hạn"), null=True, blank=True)
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    reference = models.CharField(_("số, ký hiệu văn bản"), max_length=150, blank=True)
    note = models.CharField(_("ghi chú"), max_length=250, blank=True)

    objects: ClassVar[PersonScopedManager[Any]] = PersonScopedManager()

    class Meta:
        ordering = ["episode", "position"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "code"], name="dossieritem_unique_code")
        ]

    def __str__(self) -> str:
        return self.title


class Supervision(_PersonOwned):
    """Who is responsible for helping and supervising the person.

    Nghị quyết phường Thành Đông, III.4.
    """

    supervisor_user = models.ForeignKey(
        USER,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="supervisions",
        verbose_name=_("tài khoản người giúp đỡ"),
    )
    name = models.CharField(_("họ tên người được giao"), max_length=150)
    kind = models.CharField(_("thành phần"), max_length=30, choices=SupervisorKind.choices)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú (phụ cấp…)"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("người được giao quản lý, giúp đỡ")
        verbose_name_plural = _("người được giao quản lý, giúp đỡ")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="supervision_end_after_start",
            )
        ]
        indexes = [
            models.Index(fields=["supervisor_user", "ended_on"], name="supervision_user_open")
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.person}"


class Contact(_PersonOwned):
    """A contact or visit with the person (Decree 105: monthly residence check)."""

    contacted_on = models.DateField(_("ngày"))
    form = models.CharField(_("hình thức"), max_length=20, choices=ContactForm.choices)
    content = models.TextField(_("nội dung"))
    observations = models.TextField(_("nhận xét, biểu hiện"), blank=True)
    next_step = models.CharField(_("việc tiếp theo"), max_length=250, blank=True)
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("lần tiếp xúc, thăm gặp")
        verbose_name_plural = _("lần tiếp xúc, thăm gặp")
        ordering = ["-contacted_on", "-pk"]
        indexes = [models.Index(fields=["person", "contacted_on"], name="contact_person_on")]

    def __str__(self) -> str:
        return f"{self.person} {self.contacted_on:%d/%m/%Y}"


class CarePolicy(models.Model):
    """Expected intervals between contacts and between periodic tests, per category.

    Configurable by the administrator; the defaults come from ``care.DEFAULT_POLICIES``.
    """

    category = models.CharField(
        _("diện quản lý"), max_length=30, choices=Category.choices, unique=True
    )
    contact_interval_days = models.PositiveSmallIntegerField(_("tiếp xúc tối thiểu (ngày một lần)"))
    test_interval_days = models.PositiveSmallIntegerField(
        _("xét nghiệm định kỳ (ngày một lần)"), null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("định mức tiếp xúc, xét nghiệm")
        verbose_name_plural = _("định mức tiếp xúc, xét nghiệm")

    def __str__(self) -> str:
        return self.get_category_display()


class DrugTest(_PersonOwned):
    tested_on = models.DateField(_("ngày xét nghiệm"))
    reason = models.CharField(_("lý do"), max_length=20, choices=TestReason.choices)
    method = models.CharField(_("phương pháp"), max_length=20, choices=TestMethod.choices)
    kit_or_lab = models.CharField(_("loại que thử / phòng xét nghiệm"), max_length=150, blank=True)
    substances = models.CharField(_("chất ma túy xét nghiệm"), max_length=200, blank=True)
    result = models.CharField(_("kết quả"), max_length=10, choices=TestResult.choices)
    performed_by = models.CharField(_("người thực hiện"), max_length=150)
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("xét nghiệm chất ma túy")
        verbose_name_plural = _("xét nghiệm chất ma túy")
        ordering = ["-tested_on", "-pk"]
        indexes = [models.Index(fields=["person", "tested_on"], name="drugtest_person_on")]

    def __str__(self) -> str:
        return f"{self.person} {self.tested_on:%d/%m/%Y} {self.get_result_display()}"


class FollowUp(_PersonOwned):
    """Review of a person's status opened by a positive test; visible until resolved."""

    test = models.OneToOneField(DrugTest, models.CASCADE, related_name="follow_up")
    opened_on = models.DateField(_("ngày mở"))
    resolved_on = models.DateField(_("ngày xử lý xong"), null=True, blank=True)
    resolution = models.CharField(_("kết quả xử lý"), max_length=250, blank=True)
    resolved_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("việc cần xử lý sau xét nghiệm dương tính")
        verbose_name_plural = _("việc cần xử lý sau xét nghiệm dương tính")
        ordering = ["-opened_on"]
        indexes = [
            models.Index(
                fields=["opened_on"], condition=Q(resolved_on__isnull=True), name="followup_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.opened_on:%d/%m/%Y}"


class SupportService(_PersonOwned):
    kind = models.CharField(_("hình thức hỗ trợ"), max_length=20, choices=SupportKind.choices)
    provided_on = models.DateField(_("ngày"))
    provider = models.CharField(_("đơn vị, người thực hiện"), max_length=200)
    outcome = models.CharField(_("kết quả"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("hỗ trợ, can thiệp")
        verbose_name_plural = _("hỗ trợ, can thiệp")
        ordering = ["-provided_on", "-pk"]
        indexes = [models.Index(fields=["person", "kind"], name="support_person_kind")]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()}"


class Transfer(ScopedModel):
    """Handing a person over between communes; both communes see it until it is decided."""

    scope_area_field: ClassVar[tuple[str, ...]] = ("from_commune", "to_commune")

    person = models.ForeignKey(Person, models.CASCADE, related_name="transfers")
    direction = models.CharField(_("loại"), max_length=10, choices=TransferDirection.choices)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=TransferStatus.choices,
        default=TransferStatus.PENDING,
    )
    from_commune = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("nơi đang quản lý")
    )
    to_commune = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("nơi tiếp nhận")
    )
    to_area = models.ForeignKey(
        "areas.Area",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tổ dân phố, thôn tiếp nhận"),
    )
    new_address = models.CharField(_("địa chỉ nơi ở mới"), max_length=250, blank=True)
    summary = models.TextField(_("tóm tắt tình hình, biện pháp đang áp dụng"))
    refusal_reason = models.CharField(_("lý do từ chối"), max_length=250, blank=True)
    proposed_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("chuyển giao quản lý")
        verbose_name_plural = _("chuyển giao quản lý")
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="pending"), name="transfer_one_pending"
            ),
            models.CheckConstraint(
                condition=~Q(from_commune=models.F("to_commune")), name="transfer_between_communes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.from_commune} → {self.to_commune}"

    def get_absolute_url(self) -> str:
        return reverse("people:transfer_detail", args=[self.pk])


class ReconciliationRound(ScopedModel):
    """An officer goes through a residential group's list and checks each person against reality."""

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("địa bàn")
    )
    started_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    started_on = models.DateField(_("ngày bắt đầu"))
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("đợt rà soát")
        verbose_name_plural = _("đợt rà soát")
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.area} {self.started_on:%d/%m/%Y}"


class ReconciliationItem(ScopedModel):
    scope_area_field: ClassVar[str] = "round__area"

    round = models.ForeignKey(ReconciliationRound, models.CASCADE, related_name="items")
    person = models.ForeignKey(Person, models.CASCADE, related_name="reconciliations")
    outcome = models.CharField(_("kết quả"), max_length=20, choices=ReconciliationOutcome.choices)
    note = models.CharField(_("sai lệch, ghi chú"), max_length=250, blank=True)
    checked_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kết quả rà soát")
        verbose_name_plural = _("kết quả rà soát")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"], name="reconciliation_once_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_outcome_display()}"
