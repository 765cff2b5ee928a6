from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "khongmatuy.programme"
    label = "programme"
    verbose_name = _("Chương trình mục tiêu quốc gia")

    def ready(self) -> None:
        from khongmatuy.common import reminders
        from khongmatuy.legal import registry

        from . import legal
        from .reminders import RULES

        reminders.register(*RULES)
        registry.register(legal.ProjectsSource())
