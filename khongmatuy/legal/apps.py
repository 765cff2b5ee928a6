from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "khongmatuy.legal"
    label = "legal"
    verbose_name = _("Giá trị quy định pháp luật")
