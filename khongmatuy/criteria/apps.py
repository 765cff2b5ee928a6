from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CriteriaConfig(AppConfig):
    name = "khongmatuy.criteria"
    label = "criteria"
    verbose_name = _("Tiêu chí, công nhận, lộ trình")

    def ready(self) -> None:
        from khongmatuy.common import reminders as reminder_registry
        from khongmatuy.legal import registry

        from . import reminders
        from .legal import ThresholdsSource

        registry.register(ThresholdsSource())
        reminder_registry.register(*reminders.RULES)
