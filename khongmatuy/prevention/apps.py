from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "khongmatuy.prevention"
    label = "prevention"
    verbose_name = _("Phòng ngừa")
