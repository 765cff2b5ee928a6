from __future__ import annotations

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CommonConfig(AppConfig):
    name = "khongmatuy.common"
    label = "common"

    def ready(self) -> None:
        # Every app's tasks.py registers its job handlers and periodic jobs (common.jobs).
        autodiscover_modules("tasks")
