"""Choices of the prevention app that belong to no single model's workflow."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityForm(models.TextChoices):
    """How a communication activity was carried out (Kế hoạch UBND phường Gia Viên III.1, Nghị quyết
    Đảng bộ xã Kiến Minh III.2, Kế hoạch UBND phường Thủy Nguyên II.4)."""

    MEETING = "meeting", _("Họp dân, sinh hoạt tổ dân phố")
    LOUDSPEAKER = "loudspeaker", _("Loa truyền thanh")
    LEAFLETS = "leaflets", _("Tờ rơi, tài liệu")
    BANNERS = "banners", _("Băng rôn, pa nô, khẩu hiệu")
    ONLINE = "online", _("Bài đăng trên cổng thông tin, mạng xã hội")
    SCHOOL = "school", _("Buổi tuyên truyền tại trường học")
    WORKPLACE = "workplace", _("Buổi tuyên truyền tại doanh nghiệp, cơ quan")
    TARGETED = "targeted", _("Tuyên truyền cá biệt")
    OTHER = "other", _("Hình thức khác")


class Audience(models.TextChoices):
    RESIDENTS = "residents", _("Nhân dân")
    PUPILS = "pupils", _("Học sinh, sinh viên")
    WORKERS = "workers", _("Người lao động")
    YOUTH = "youth", _("Thanh thiếu niên")
    HIGH_RISK = "high_risk", _("Người có nguy cơ cao")
    OTHER = "other", _("Đối tượng khác")
