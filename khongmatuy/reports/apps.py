from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "khongmatuy.reports"
    label = "reports"
    verbose_name = _("Báo cáo, bản đồ")

    def ready(self) -> None:
        from khongmatuy.common import reminders as reminder_registry

        from . import reminders

        reminder_registry.register(*reminders.RULES)
