"""Choices of the programme app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FundSource(models.TextChoices):
    """Nghị quyết 163/2024/QH15: central budget, local budgets and other lawful sources."""

    CENTRAL = "central", _("Ngân sách trung ương")
    LOCAL = "local", _("Ngân sách địa phương")
    OTHER = "other", _("Nguồn hợp pháp khác")


class Measure(models.TextChoices):
    """Where an indicator's value comes from: counted live from a registry, or entered."""

    DRUG_FREE_COMMUNES = "drug_free_communes", _("Xã, phường được công nhận không ma túy")
    HOTSPOTS_ELIMINATED = "hotspots_eliminated", _("Điểm, tụ điểm đã triệt xóa")
    SCHOOLS_REACHED = "schools_reached", _("Trường học được tuyên truyền trong năm học")
    WORKERS_REACHED = "workers_reached", _("Người lao động được tuyên truyền")
    SUPPORT = "support", _("Người được tư vấn, hỗ trợ y tế, tâm lý")
    ENTERED = "entered", _("Nhập số liệu (có nguồn)")


LIVE_MEASURES = frozenset(m for m in Measure.values if m != Measure.ENTERED)
