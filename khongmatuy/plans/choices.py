"""Choices of the plans app that belong to no single model."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .rules import recurrence, workflow


class DocumentKind(models.TextChoices):
    PLAN = "plan", _("Kế hoạch")
    RESOLUTION = "resolution", _("Nghị quyết")
    DECISION = "decision", _("Quyết định")
    DIRECTIVE = "directive", _("Chỉ thị")
    CONCLUSION = "conclusion", _("Kết luận")
    NOTICE = "notice", _("Thông báo")
    PROJECT = "project", _("Đề án")
    PROGRAMME = "programme", _("Chương trình")
    LETTER = "letter", _("Công văn")


class Recurrence(models.TextChoices):
    ONCE = recurrence.ONCE, _("Một lần, theo thời hạn")
    MONTHLY = recurrence.MONTHLY, _("Hằng tháng")
    QUARTERLY = recurrence.QUARTERLY, _("Hằng quý")
    YEARLY = recurrence.YEARLY, _("Hằng năm")


class TaskStatus(models.TextChoices):
    OPEN = workflow.OPEN, _("Chưa báo cáo")
    IN_PROGRESS = workflow.IN_PROGRESS, _("Đang thực hiện")
    SUBMITTED = workflow.SUBMITTED, _("Đã báo cáo hoàn thành, chờ nghiệm thu")
    ACCEPTED = workflow.ACCEPTED, _("Đã nghiệm thu")
    RETURNED = workflow.RETURNED, _("Trả lại, làm lại")


class MeetingKind(models.TextChoices):
    BRIEFING = "briefing", _("Giao ban")
    REVIEW = "review", _("Sơ kết")
    SUMMARY = "summary", _("Tổng kết")
    AD_HOC = "ad_hoc", _("Đột xuất")


class RewardKind(models.TextChoices):
    REWARD = "reward", _("Khen thưởng")
    DISCIPLINE = "discipline", _("Kỷ luật")


class RewardStage(models.TextChoices):
    PROPOSED = "proposed", _("Đề nghị")
    DECIDED = "decided", _("Đã có quyết định")


class RewardSubject(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class TaskStep(models.TextChoices):
    """The steps of ``rules.workflow``, as the task's history shows them."""

    REPORT = workflow.REPORT, _("Báo cáo tiến độ")
    SUBMIT = workflow.SUBMIT, _("Báo cáo hoàn thành")
    ACCEPT = workflow.ACCEPT, _("Nghiệm thu")
    RETURN = workflow.RETURN, _("Trả lại")
