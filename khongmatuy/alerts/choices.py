from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    """How a user receives one kind of reminder (``NotificationPreference``)."""

    DIGEST = "digest", _("Trong hộp thông báo và thư tổng hợp hằng ngày")
    IMMEDIATE = "immediate", _("Trong hộp thông báo và gửi thư ngay")
    IN_APP = "in_app", _("Chỉ trong hộp thông báo")
    OFF = "off", _("Không nhận")


DEFAULT_DELIVERY = Delivery.DIGEST
