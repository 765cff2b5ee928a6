"""Choices of the criteria app that more than one layer reads (model, forms, services)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Combination(models.TextChoices):
    """How a rule set's criteria combine into a result (``evaluate.py``)."""

    ALL = "all", _("Đạt tất cả các tiêu chí")
    AT_LEAST = "at_least", _("Đạt tối thiểu N tiêu chí")
