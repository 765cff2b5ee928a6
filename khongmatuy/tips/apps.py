from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TipsConfig(AppConfig):
    name = "khongmatuy.tips"
    label = "tips"
    verbose_name = _("Tin báo, tố giác")

    def ready(self) -> None:
        from khongmatuy.common import reminders as reminder_registry
        from khongmatuy.legal import registry

        from . import reminders
        from .legal import TipDeadlinesSource

        registry.register(TipDeadlinesSource())
        reminder_registry.register(*reminders.RULES)
