"""Reminders and warnings computed from the other apps' rules, and their delivery."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "khongmatuy.alerts"
    label = "alerts"
    verbose_name = _("Nhắc việc, cảnh báo")

    def ready(self) -> None:
        from khongmatuy.common import reminders

        from .services import deliver_at_once

        reminders.watch(deliver_at_once)
