from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "khongmatuy.places"
    label = "places"
    verbose_name = _("Địa điểm")

    def ready(self) -> None:
        from khongmatuy.common import reminders as reminder_registry
        from khongmatuy.legal import registry

        from . import reminders
        from .legal import InspectionIntervalSource

        registry.register(InspectionIntervalSource())
        reminder_registry.register(*reminders.RULES)
