from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "khongmatuy.people"
    label = "people"
    verbose_name = _("Người trong diện quản lý")

    def ready(self) -> None:
        from khongmatuy.legal import registry

        from .legal import DurationsSource

        registry.register(DurationsSource())
