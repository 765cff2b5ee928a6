from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "khongmatuy.people"
    label = "people"
    verbose_name = _("Người trong diện quản lý")

    def ready(self) -> None:
        from khongmatuy.common import reminders as reminder_registry
        from khongmatuy.legal import registry

        from . import reminders
        from .legal import DurationsSource

        registry.register(DurationsSource())
        reminder_registry.register(*reminders.RULES)
