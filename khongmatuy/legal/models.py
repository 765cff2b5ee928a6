"""The administrators' values of legal rules, read from the official text.

One row per (rule, version): ``rule`` names the source and the rule
(``"durations:user_management"``), ``effective_from`` the version of the rule it sets. The row
replaces that version's values and makes it confirmed; what the values mean is the owning app's
business (``registry.LegalSource``). Not area-scoped: the law is national. Written only by
``services.legal_value_confirm``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalValue(models.Model):
    """An administrator's values for one version of one legal rule."""

    rule = models.CharField(_("quy định"), max_length=160)
    effective_from = models.DateField(_("phiên bản có hiệu lực từ"))
    values = models.JSONField(_("giá trị"), default=dict)
    article = models.CharField(_("điều, khoản, văn bản căn cứ"), max_length=250)
    note = models.CharField(_("ghi chú"), max_length=250, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("người xác nhận")
    )
    confirmed_at = models.DateTimeField(_("thời điểm xác nhận"), auto_now=True)

    class Meta:
        verbose_name = _("giá trị quy định đã xác nhận")
        verbose_name_plural = _("giá trị quy định đã xác nhận")
        ordering = ["rule", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "effective_from"], name="legalvalue_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rule} @ {self.effective_from:%d/%m/%Y}"

    @property
    def source_key(self) -> str:
        return self.rule.split(":", 1)[0]

    @property
    def code(self) -> str:
        return self.rule.split(":", 1)[1]

    def value(self, name: str) -> Any:
        return self.values.get(name)
