"""Plans and the tasks they assign ("6 rõ"), leadership meetings, rewards and discipline.

Every record belongs to a commune (``area``) and is read through ``objects.for_user``. A task is
also read by the agency it was given to: an agency account sees only the tasks its organisation
leads or coordinates (``TaskQuerySet.for_user``), and nothing of persons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khongmatuy.common.models import ScopedModel, StatusEvent
from khongmatuy.common.scoping import AreaScopedQuerySet, agency_organisation_id
from khongmatuy.common.versioning import Versioned

from .choices import (
    DocumentKind,
    MeetingKind,
    Recurrence,
    RewardKind,
    RewardStage,
    RewardSubject,
    TaskStatus,
    TaskStep,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from khongmatuy.accounts.models import User

USER = settings.AUTH_USER_MODEL


class PlanDocument(Versioned, ScopedModel):
    """A plan, resolution, decision, directive… of an area, with the document it implements."""

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("địa bàn")
    )
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentKind.choices)
    # "313/KH-UBND" (Decree 30/2020/NĐ-CP) or "03-NQ/ĐU" (Party documents): rules/numbering.py
    number = models.CharField(_("số, ký hiệu"), max_length=50)
    issued_on = models.DateField(_("ngày ban hành"))
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200)
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    summary = models.CharField(_("trích yếu"), max_length=500)
    period_start = models.DateField(_("thực hiện từ ngày"), null=True, blank=True)
    period_end = models.DateField(_("đến ngày"), null=True, blank=True)
    implements = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="implementations",
        verbose_name=_("thực hiện văn bản cấp trên"),
    )
    # A higher document outside the system (the city's Plan 313/KH-UBND) is named in text.
    implements_text = models.CharField(
        _("văn bản cấp trên (nếu chưa có trong hệ thống)"), max_length=250, blank=True
    )
    roadmap = models.ForeignKey(
        "criteria.Roadmap",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lộ trình xây dựng địa bàn không ma túy"),
    )
    targets = models.TextField(_("mục tiêu, chỉ tiêu"), blank=True)
    file = models.FileField(upload_to="plans/%Y/", blank=True)
    file_type = models.CharField(max_length=50, blank=True)
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("văn bản kế hoạch")
        verbose_name_plural = _("văn bản kế hoạch")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "number", "issued_on"], name="plandocument_number_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.issued_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("plans:document", args=[self.pk])


class TaskQuerySet(AreaScopedQuerySet["Task"]):
    def for_user(self, user: User | AnonymousUser) -> AreaScopedQuerySet[Task]:
        """The area's tasks; for an agency account, only those its organisation leads or
        coordinates (an agency without an organisation sees none)."""
        qs = super().for_user(user)
        organisation_id = agency_organisation_id(user)
        if organisation_id is None:
            return qs
        coordinated = TaskCoordinator.objects.filter(organisation_id=organisation_id).values(
            "task_id"
        )
        return qs.filter(Q(lead_id=organisation_id) | Q(pk__in=coordinated))


class Task(Versioned, ScopedModel):
    """A task with the six "rõ" (Kế hoạch UBND phường Thủy Nguyên I.3-4): rõ việc (content),
    rõ trách nhiệm (lead and coordinating organisations), rõ người (the responsible officer),
    rõ thời gian (deadline or recurrence), rõ sản phẩm (expected output), rõ thẩm quyền (who
    accepts it). The service refuses a task without any of them."""

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("địa bàn")
    )
    document = models.ForeignKey(
        PlanDocument,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("văn bản giao nhiệm vụ"),
    )
    meeting = models.ForeignKey(
        "Meeting",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("cuộc họp kết luận"),
    )
    section = models.CharField(_("mục trong văn bản"), max_length=50, blank=True)
    content = models.TextField(_("nội dung nhiệm vụ (rõ việc)"))
    lead = models.ForeignKey(
        "areas.Organisation",
        models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị chủ trì (rõ trách nhiệm)"),
    )
    coordinators: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "areas.Organisation",
        through="TaskCoordinator",
        related_name="+",
        blank=True,
        verbose_name=_("đơn vị phối hợp"),
    )
    officer_name = models.CharField(_("người chịu trách nhiệm (rõ người)"), max_length=150)
    officer_position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    officer = models.ForeignKey(
        USER,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tài khoản người chịu trách nhiệm"),
    )
    recurrence = models.CharField(
        _("thời hạn (rõ thời gian)"), max_length=20, choices=Recurrence.choices
    )
    first_due_on = models.DateField(_("hạn đầu tiên"))
    due_on = models.DateField(_("hạn hiện tại"))
    repeat_until = models.DateField(_("lặp lại đến ngày"), null=True, blank=True)
    expected_output = models.CharField(_("sản phẩm (rõ sản phẩm)"), max_length=500)
    accepting_authority = models.CharField(_("cấp nghiệm thu (rõ thẩm quyền)"), max_length=200)
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    last_reported_on = models.DateField(_("báo cáo gần nhất"), null=True, blank=True)
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[TaskQuerySet] = TaskQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["due_on", "pk"]
        indexes = [
            # overdue and due-soon lists: open tasks of an area by deadline
            models.Index(fields=["area", "status", "due_on"], name="task_area_status_due"),
            models.Index(fields=["lead", "due_on"], name="task_lead_due"),
            models.Index(fields=["status", "due_on"], name="task_status_due"),
        ]

    def __str__(self) -> str:
        text = self.content.strip().splitlines()[0] if self.content.strip() else ""
        return text[:80] + ("…" if len(text) > 80 else "")

    def get_absolute_url(self) -> str:
        return reverse("plans:task", args=[self.pk])


class TaskCoordinator(ScopedModel):
    """An organisation that coordinates a task (and so sees it from an agency account)."""

    scope_area_field: ClassVar[str] = "task__area"

    task = models.ForeignKey(Task, models.CASCADE, related_name="coordinations")
    organisation = models.ForeignKey("areas.Organisation", models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "organisation"], name="taskcoordinator_once")
        ]
        indexes = [models.Index(fields=["organisation", "task"], name="taskcoord_org_task")]

    def __str__(self) -> str:
        return f"{self.task_id} ← {self.organisation_id}"


class TaskReport(ScopedModel):
    """A progress report of the agency: the status it reports, the percentage, what was done,
    and the evidence (a PDF or image checked like every upload)."""

    scope_area_field: ClassVar[str] = "task__area"

    task = models.ForeignKey(Task, models.CASCADE, related_name="reports")
    reported_on = models.DateField(_("ngày báo cáo"))
    due_on = models.DateField(_("kỳ hạn được báo cáo"))
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    text = models.TextField(_("kết quả thực hiện"))
    done = models.BooleanField(_("báo cáo hoàn thành"), default=False)
    evidence = models.FileField(upload_to="plans/evidence/%Y/", blank=True)
    evidence_type = models.CharField(max_length=50, blank=True)
    reported_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.percent}% ({self.reported_on:%d/%m/%Y})"


class TaskEvent(StatusEvent):
    """A step of a task: reported, submitted, accepted, returned (with the reason)."""

    scope_area_field: ClassVar[str] = "task__area"

    task = models.ForeignKey(Task, models.CASCADE, related_name="events")
    step = models.CharField(_("bước"), max_length=20, choices=TaskStep.choices)
    due_on = models.DateField(null=True, blank=True)

    class Meta(StatusEvent.Meta):
        verbose_name = _("diễn biến nhiệm vụ")
        verbose_name_plural = _("diễn biến nhiệm vụ")

    def __str__(self) -> str:
        return f"{self.task_id}: {self.step} {self.on:%d/%m/%Y}"

    @property
    def to_status_label(self) -> str:
        return str(TaskStatus(self.to_status).label) if self.to_status in TaskStatus.values else ""


class Meeting(ScopedModel):
    """A leadership meeting that hears the reports and concludes (Nghị quyết Đảng bộ phường
    Thành Đông III.1; Nghị quyết Đảng bộ xã Kiến Minh III.1: monthly, quarterly or ad hoc)."""

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("địa bàn")
    )
    kind = models.CharField(_("loại cuộc họp"), max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField(_("ngày họp"))
    title = models.CharField(_("tên cuộc họp"), max_length=250)
    chair = models.CharField(_("người chủ trì"), max_length=150)
    attendees = models.TextField(_("thành phần tham dự"))
    conclusions = models.TextField(_("kết luận"), blank=True)
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cuộc họp")
        verbose_name_plural = _("cuộc họp")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["area", "-held_on"], name="meeting_area_held_on")]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("plans:meeting", args=[self.pk])

    def conclusion_items(self) -> list[str]:
        """The conclusions one per line, as the minutes number them: each can become a task."""
        return [line.strip() for line in self.conclusions.splitlines() if line.strip()]


class Reward(ScopedModel):
    """A proposal or decision of reward or discipline (Nghị quyết Đảng bộ phường Thành Đông
    III.2 and IV; Nghị quyết Đảng bộ xã Kiến Minh III.2), linked to the plan or task it is for."""

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("địa bàn")
    )
    kind = models.CharField(_("khen thưởng hay kỷ luật"), max_length=20, choices=RewardKind.choices)
    stage = models.CharField(_("giai đoạn"), max_length=20, choices=RewardStage.choices)
    subject = models.CharField(
        _("tập thể hay cá nhân"), max_length=20, choices=RewardSubject.choices
    )
    recipient = models.CharField(_("tập thể, cá nhân"), max_length=200)
    form = models.CharField(_("hình thức"), max_length=200)
    reason = models.TextField(_("lý do, thành tích hoặc vi phạm"))
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_authority = models.CharField(_("cấp quyết định"), max_length=200, blank=True)
    document = models.ForeignKey(
        PlanDocument,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="rewards",
        verbose_name=_("kế hoạch"),
    )
    task = models.ForeignKey(
        Task,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="rewards",
        verbose_name=_("nhiệm vụ"),
    )
    proposed_on = models.DateField(_("ngày đề nghị"))
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khen thưởng, kỷ luật")
        verbose_name_plural = _("khen thưởng, kỷ luật")
        ordering = ["-proposed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.recipient}"

    def get_absolute_url(self) -> str:
        return reverse("plans:reward", args=[self.pk])
