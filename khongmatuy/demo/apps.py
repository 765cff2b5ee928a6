from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "khongmatuy.demo"
    label = "demo"
