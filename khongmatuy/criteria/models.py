"""Stored rule sets (local ones and administrators' values for unconfirmed thresholds),
evaluations, the recognition lifecycle of each area, roadmaps, and the key drug routes a province
records (Decision 28/2025/QĐ-TTg, criterion (đ) of a commune hotspot)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from khongmatuy.common.badges import tone_of
from khongmatuy.common.models import ScopedModel, StatusEvent
from khongmatuy.common.versioning import Versioned

from .choices import Combination

USER = settings.AUTH_USER_MODEL


class UnicodeJSONEncoder(DjangoJSONEncoder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


class RuleSetVersion(models.Model):
    """One version of a rule set composed in the UI (local criteria), or an administrator's
    confirmed copy of a built-in one. Immutable once used by an evaluation: a change is a new
    version with its own effective date."""

    code = models.CharField(_("mã bộ tiêu chí"), max_length=60)
    version = models.PositiveSmallIntegerField(_("phiên bản"))
    name = models.CharField(_("tên bộ tiêu chí"), max_length=250)
    level = models.PositiveSmallIntegerField(_("áp dụng cho cấp"))
    combination = models.CharField(_("cách kết hợp"), max_length=10, choices=Combination.choices)
    at_least = models.PositiveSmallIntegerField(_("số tiêu chí tối thiểu"), null=True, blank=True)
    window_months = models.PositiveSmallIntegerField(_("khoảng thời gian xét (tháng)"), default=12)
    effective_from = models.DateField(_("hiệu lực từ"))
    source = models.CharField(_("căn cứ (văn bản)"), max_length=250, blank=True)
    # The province (or commune) whose local criteria these are; null: national.
    owner_area = models.ForeignKey(
        "areas.Area",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("địa phương ban hành"),
    )
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="rulesetversion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class ConditionRow(models.Model):
    rule_set = models.ForeignKey(RuleSetVersion, models.CASCADE, related_name="conditions")
    position = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(_("số thứ tự tiêu chí"), max_length=10)
    label = models.CharField(_("nội dung tiêu chí"), max_length=250)
    metric = models.CharField(_("chỉ số"), max_length=40)
    comparator = models.CharField(_("so sánh"), max_length=2)
    threshold = models.DecimalField(
        _("ngưỡng"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    confirmed = models.BooleanField(_("ngưỡng đã đối chiếu văn bản chính thức"), default=True)
    window_months = models.PositiveSmallIntegerField(
        _("khoảng thời gian (tháng)"), null=True, blank=True
    )
    # Met only when at least this many other criteria of the rule set are met too (Decision 28,
    # type I (đ): on a key route "and" meeting 2 other criteria); None: no such requirement.
    with_other_met = models.PositiveSmallIntegerField(
        _("đồng thời đạt ít nhất số tiêu chí khác"), null=True, blank=True
    )
    article = models.CharField(_("điều khoản"), max_length=250, blank=True)

    class Meta:
        ordering = ["rule_set", "position"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "code"], name="conditionrow_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.label}"


class EvaluationDetail(models.Model):
    """What an evaluation found, criterion by criterion, and the evidence it lacked: stored once
    for every evaluation with the same content (``digest``), since a bulk run gives ~100,000
    residential groups a few hundred distinct results. Immutable: a new content is a new row."""

    # SHA-256 of the canonical JSON of [results, missing_evidence] (``services.evaluation``).
    digest = models.CharField(max_length=64, unique=True)
    # Stored without \u escapes: Vietnamese text would otherwise grow several times.
    results = models.JSONField(_("kết quả từng tiêu chí"), encoder=UnicodeJSONEncoder)
    # What the area's record lacked for a conclusion (then ``passed`` is None): "chưa kết luận".
    missing_evidence = models.JSONField(
        _("thiếu căn cứ để kết luận"), default=list, blank=True, encoder=UnicodeJSONEncoder
    )

    class Meta:
        verbose_name = _("chi tiết kết quả đánh giá")
        verbose_name_plural = _("chi tiết kết quả đánh giá")

    def __str__(self) -> str:
        return self.digest[:12]


class Evaluation(ScopedModel):
    """The stored result of judging one area against one rule-set version as of a date; the
    per-criterion results live in its ``detail``, shared with every evaluation that found the
    same."""

    area = models.ForeignKey("areas.Area", models.CASCADE, related_name="+")
    rule_set_code = models.CharField(max_length=60)
    rule_set_version = models.CharField(max_length=40)
    on = models.DateField(_("tính đến ngày"))
    passed = models.BooleanField(_("đạt"), null=True, blank=True)  # None: cannot be judged
    met = models.PositiveSmallIntegerField(_("số tiêu chí đạt"), default=0)
    depends_on_unconfirmed = models.BooleanField(default=False)
    detail = models.ForeignKey(EvaluationDetail, models.PROTECT, related_name="+")
    evaluated_at = models.DateTimeField(auto_now_add=True)
    evaluated_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("kết quả đánh giá")
        verbose_name_plural = _("kết quả đánh giá")
        ordering = ["-on", "-evaluated_at"]
        indexes = [
            # latest evaluation of an area by a rule set
            models.Index(fields=["area", "rule_set_code", "-on"], name="evaluation_area_rule_on"),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.rule_set_code} {self.on:%d/%m/%Y}"

    @property
    def results(self) -> list[dict[str, Any]]:
        """Each criterion as stored (``services.evaluation.result_rows``); reads ``detail``
        (a query unless it was selected)."""
        return self.detail.results  # type: ignore[no-any-return]

    @property
    def missing_evidence(self) -> list[str]:
        return self.detail.missing_evidence  # type: ignore[no-any-return]


class Recognition(ScopedModel):
    """Where an area stands in the drug-free lifecycle (one row per area and programme)."""

    class Status(models.TextChoices):
        NOT_REGISTERED = "not_registered", _("Chưa đăng ký")
        REGISTERED = "registered", _("Đăng ký xây dựng")
        CLEANING = "cleaning", _("Đang làm sạch")
        PROPOSED = "proposed", _("Đề nghị công nhận")
        RECOGNISED = "recognised", _("Được công nhận")
        KEPT = "kept", _("Giữ vững")
        WITHDRAWN = "withdrawn", _("Bị thu hồi công nhận")

    area = models.ForeignKey("areas.Area", models.CASCADE, related_name="+")
    rule_set_code = models.CharField(_("bộ tiêu chí"), max_length=60)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.NOT_REGISTERED
    )
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    authority = models.CharField(_("cơ quan công nhận"), max_length=200, blank=True)
    document = models.FileField(_("quyết định (tệp)"), upload_to="recognitions/%Y/", blank=True)
    recognised_on = models.DateField(null=True, blank=True)
    last_kept_on = models.DateField(_("lần đánh giá giữ vững gần nhất"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("công nhận địa bàn không ma túy")
        verbose_name_plural = _("công nhận địa bàn không ma túy")
        constraints = [
            models.UniqueConstraint(fields=["area", "rule_set_code"], name="recognition_unique")
        ]
        indexes = [models.Index(fields=["status"], name="recognition_status")]

    def __str__(self) -> str:
        return f"{self.area_id}: {self.get_status_display()}"

    @property
    def badge(self) -> str:
        """The badge colour of the status: green held, red withdrawn (needs action), grey on
        the way (``app.css``)."""
        return status_badge(self.status)


def status_badge(status: str) -> str:
    """The badge class of a recognition status (``common.badges``)."""
    return tone_of("criteria.Recognition.status", status)


class RecognitionEvent(StatusEvent):
    scope_area_field: ClassVar[str] = "recognition__area"

    recognition = models.ForeignKey(Recognition, models.CASCADE, related_name="events")

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y} {self.from_status} → {self.to_status}"


class Roadmap(ScopedModel):
    """A roadmap of a commune, city, province or the country, with phases and yearly targets."""

    area = models.ForeignKey(
        "areas.Area", models.PROTECT, related_name="+", verbose_name=_("địa bàn")
    )
    name = models.CharField(_("tên lộ trình"), max_length=250)
    # The name in Vietnamese order (``common.collation.text_sort_string``), kept by the service.
    name_sort = models.CharField(max_length=200, editable=False, default="")
    rule_set_code = models.CharField(_("bộ tiêu chí dùng để tính kết quả"), max_length=60)
    target_level = models.PositiveSmallIntegerField(_("cấp địa bàn được tính"))
    source = models.CharField(_("căn cứ (văn bản)"), max_length=250, blank=True)
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lộ trình")
        verbose_name_plural = _("lộ trình")
        ordering = ["area", "name_sort", "pk"]

    def __str__(self) -> str:
        return self.name


class RoadmapTarget(ScopedModel):
    """By ``due_on``: ``percent`` / ``count`` of the areas below, or the ``areas`` named; or,
    measured as household commitments, ``percent`` of the households of the roadmap's area
    with a commitment of the due date's year (Nghị quyết Đảng bộ phường Thành Đông, mục II.2.2:
    every household signs by the end of 2026)."""

    class Measure(models.TextChoices):
        RECOGNISED = "recognised", _("Địa bàn được công nhận không ma túy")
        HOUSEHOLD_COMMITMENTS = "household_commitments", _("Hộ gia đình ký cam kết")

    scope_area_field: ClassVar[str] = "roadmap__area"

    roadmap = models.ForeignKey(Roadmap, models.CASCADE, related_name="targets")
    measure = models.CharField(
        _("đo bằng"), max_length=30, choices=Measure.choices, default=Measure.RECOGNISED
    )
    phase = models.CharField(_("giai đoạn"), max_length=100, blank=True)
    due_on = models.DateField(_("hạn hoàn thành"))
    percent = models.DecimalField(
        _("tỷ lệ (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    count = models.PositiveIntegerField(_("số địa bàn"), null=True, blank=True)
    areas: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "areas.Area", blank=True, related_name="+", verbose_name=_("địa bàn được nêu tên")
    )
    cumulative = models.BooleanField(_("tính lũy kế"), default=True)
    note = models.CharField(_("ghi chú"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("mục tiêu theo năm")
        verbose_name_plural = _("mục tiêu theo năm")
        ordering = ["roadmap", "due_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | (Q(percent__gte=0) & Q(percent__lte=100)),
                name="roadmaptarget_percent_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.roadmap}: {self.due_on:%d/%m/%Y}"


class KeyRoute(Versioned, ScopedModel):
    """A key drug route (tuyến trọng điểm phức tạp về ma túy) as a province records it: a transport
    axis, not an administrative unit, running through the communes listed, in force between two
    dates (Quyết định 28/2025/QĐ-TTg; the route criteria themselves are UNCONFIRMED). Seen from the
    province that records it and from each commune it passes through."""

    class Kind(models.TextChoices):
        INTRA_PROVINCIAL = "intra_provincial", _("Nội tỉnh")
        INTER_PROVINCIAL = "inter_provincial", _("Liên tỉnh")

    scope_area_field: ClassVar[tuple[str, ...]] = ("province", "communes__commune")
    EDITABLE_FIELDS: ClassVar[tuple[str, ...]] = (
        "name",
        "kind",
        "province",
        "axis",
        "communes",
        "valid_from",
        "valid_to",
    )

    name = models.CharField(_("tên tuyến"), max_length=200)
    sort_key = models.CharField(max_length=200, editable=False, default="")
    kind = models.CharField(_("loại tuyến"), max_length=20, choices=Kind.choices)
    province = models.ForeignKey(
        "areas.Area",
        models.PROTECT,
        related_name="+",
        verbose_name=_("tỉnh, thành phố ghi nhận"),
    )
    axis = models.CharField(_("trục giao thông, mô tả"), max_length=500, blank=True)
    communes: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "areas.Area", related_name="+", verbose_name=_("xã, phường, đặc khu tuyến đi qua")
    )
    valid_from = models.DateField(_("hiệu lực từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tuyến trọng điểm phức tạp về ma túy")
        verbose_name_plural = _("tuyến trọng điểm phức tạp về ma túy")
        ordering = ["sort_key", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="keyroute_valid_to_after_from",
            )
        ]
        indexes = [
            # facts: the routes of these provinces in force on a date
            models.Index(fields=["province", "valid_from"], name="keyroute_province_from"),
        ]

    def __str__(self) -> str:
        return self.name
