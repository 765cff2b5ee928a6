from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "khongmatuy.plans"
    label = "plans"
    verbose_name = _("Kế hoạch, nhiệm vụ")

    def ready(self) -> None:
        from khongmatuy.common import reminders

        from .reminders import RULES

        reminders.register(*RULES)
