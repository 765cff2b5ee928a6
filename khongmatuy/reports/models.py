"""Official reports: a draft recomputed live, approved by a leader, issued with a number and frozen.

An issued report keeps the figures, the rule-set versions and the files it was issued with; it is
never recomputed. A correction is a new report (version + 1) that names the one it replaces.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khongmatuy.common.models import ScopedModel
from khongmatuy.common.versioning import Versioned

from .rules.numbering import number_text
from .rules.periods import CUTOFF_DAY, Period, PeriodKind, period

USER = settings.AUTH_USER_MODEL


class Report(Versioned, ScopedModel):
    class Kind(models.TextChoices):
        PERIODIC = "periodic", _("Báo cáo định kỳ công tác phòng, chống ma túy")
        DOSSIER = "dossier", _("Hồ sơ đề nghị công nhận địa bàn không ma túy")
        PROGRAMME = (
            "programme",
            _("Báo cáo năm theo dõi, đánh giá Chương trình mục tiêu quốc gia phòng, chống ma túy"),
        )

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        APPROVED = "approved", _("Lãnh đạo đã duyệt")
        ISSUED = "issued", _("Đã ban hành")

    class Authority(models.TextChoices):
        """The signature's authority prefix (Decree 30/2020/NĐ-CP, Art. 13)."""

        ON_BEHALF = "TM.", _("TM. (thay mặt tập thể)")
        DEPUTY = "KT.", _("KT. (ký thay người đứng đầu)")
        BY_ORDER = "TL.", _("TL. (thừa lệnh)")
        AUTHORISED = "TUQ.", _("TUQ. (thừa ủy quyền)")
        ACTING = "Q.", _("Q. (quyền)")
        HEAD = "", _("Người đứng đầu ký trực tiếp")

    area = models.ForeignKey("areas.Area", models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PERIODIC)
    period_kind = models.CharField(_("kỳ báo cáo"), max_length=12, choices=PeriodKind)
    year = models.PositiveSmallIntegerField(_("năm"))
    number_in_year = models.PositiveSmallIntegerField(default=1)  # month 1-12, quarter 1-4, else 1
    # The province's cut-off day when the report was created (``reports.legal``; 14: Decree
    # 09/2019/NĐ-CP Art. 12), kept so that a later change does not move this report's period.
    cutoff_day = models.PositiveSmallIntegerField(_("ngày chốt số liệu"), default=CUTOFF_DAY)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    # A recognition dossier: the stored evaluation it proposes (every criterion, its records).
    evaluation = models.ForeignKey(
        "criteria.Evaluation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kết quả đánh giá"),
    )
    # The letterhead (Decree 30/2020/NĐ-CP, Appendix I): parent body above the issuing body.
    parent_body = models.CharField(_("cơ quan chủ quản"), max_length=150, blank=True)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=150)
    body_code = models.CharField(_("chữ viết tắt của cơ quan ban hành"), max_length=30)
    place_name = models.CharField(_("địa danh ghi trên văn bản"), max_length=80)
    summary = models.CharField(_("trích yếu"), max_length=250)
    authority = models.CharField(
        _("quyền hạn ký"), max_length=5, choices=Authority, blank=True, default=""
    )
    authority_body = models.CharField(
        _("tập thể, người đứng đầu (sau TM., KT.)"), max_length=150, blank=True
    )
    signer_position = models.CharField(_("chức vụ người ký"), max_length=150)
    signer_name = models.CharField(_("họ tên người ký"), max_length=150)
    recipients = models.TextField(_("nơi nhận (mỗi dòng một nơi)"), blank=True)
    filing = models.CharField(_("lưu"), max_length=100, default="VT")
    # Narrative sections, drafted in the browser.
    results = models.TextField(_("kết quả thực hiện"), blank=True)
    shortcomings = models.TextField(_("tồn tại, hạn chế và nguyên nhân"), blank=True)
    next_tasks = models.TextField(_("nhiệm vụ trọng tâm kỳ tới"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    # Corrections: a new version naming the one it replaces.
    replaces = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    revision = models.PositiveSmallIntegerField(default=1)
    approved_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    # Set on issue, never changed afterwards.
    number = models.PositiveIntegerField(null=True, blank=True)
    number_year = models.PositiveSmallIntegerField(null=True, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    issued_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    figures = models.JSONField(default=dict, blank=True)
    rule_versions = models.JSONField(default=dict, blank=True)
    docx = models.BinaryField(null=True, blank=True)
    xlsx = models.BinaryField(null=True, blank=True)
    pdf = models.BinaryField(null=True, blank=True)
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    FROZEN: ClassVar[tuple[str, ...]] = (Status.ISSUED,)
    # What a drafter edits: the letterhead and signature, then the narrative sections.
    LETTERHEAD: ClassVar[tuple[str, ...]] = (
        "parent_body",
        "issuing_body",
        "body_code",
        "place_name",
        "summary",
        "authority",
        "authority_body",
        "signer_position",
        "signer_name",
        "recipients",
        "filing",
    )
    NARRATIVE: ClassVar[tuple[str, ...]] = ("results", "shortcomings", "next_tasks", "proposals")
    audit_exclude: ClassVar[frozenset[str]] = frozenset({"docx", "xlsx", "pdf"})  # files: bytes

    class Meta:
        ordering = ["-year", "-created_at"]
        constraints = [
            # Numbering per issuing body and year: one area's body code, one number a year.
            models.UniqueConstraint(
                fields=["area", "body_code", "number_year", "number"],
                condition=Q(number__isnull=False),
                name="report_number_per_body_year",
            ),
            models.CheckConstraint(
                condition=Q(status="issued", number__isnull=False, issued_on__isnull=False)
                | (~Q(status="issued") & Q(number__isnull=True)),
                name="report_number_only_when_issued",
            ),
        ]
        indexes = [  # the list of one area's reports, newest first
            models.Index(fields=["area", "year"], name="report_area_year")
        ]

    def __str__(self) -> str:
        return f"{self.summary} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def period(self) -> Period:
        return period(self.period_kind, self.year, self.number_in_year, cutoff_day=self.cutoff_day)

    @property
    def number_text(self) -> str:
        """ "05/BC-CAP" once issued; before that the blank the clerk fills: "   /BC-CAP"."""
        if self.number is None:
            return f"      /BC-{self.body_code}"
        return number_text(self.number, body_code=self.body_code)

    @property
    def frozen(self) -> bool:
        return self.status in self.FROZEN

    def recipient_lines(self) -> list[str]:
        return [line.strip(" -") for line in self.recipients.splitlines() if line.strip(" -")]
