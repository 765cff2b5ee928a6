from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "khongmatuy.prevention"
    label = "prevention"
    verbose_name = _("Phòng ngừa")

    def ready(self) -> None:
        from khongmatuy.common import reminders as reminder_registry

        from . import reminders

        reminder_registry.register(*reminders.RULES)
