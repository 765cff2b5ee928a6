"""Links to many records of one kind, built from one ``reverse`` instead of one per row."""

from __future__ import annotations

from django.urls import reverse


def detail_url_pattern(name: str) -> str:
    """``/places/{pk}/`` for the URL ``name`` taking one id: ``pattern.format(pk=…)`` is what
    ``reverse(name, args=[pk])`` gives, for a fraction of its cost (about 30 µs a call, which a
    list of 50 rows or a map of 2,000 points pays once only). Raises ``NoReverseMatch`` like
    ``reverse``."""
    marker = 987654321
    return reverse(name, args=[marker]).replace(str(marker), "{pk}")
