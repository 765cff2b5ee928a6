"""``{% status_badge obj %}``: a record's status as a badge coloured by its meaning.

The colour comes from ``common.badges.STATUS_TONES``; ``field`` names another choice field.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from khongmatuy.common.badges import tone_of

register = template.Library()


@register.simple_tag
def status_badge(obj: Any, field: str = "status", html_id: str = "") -> SafeString:
    value = getattr(obj, field)
    tone = tone_of(f"{obj._meta.label}.{field}", value)
    label = getattr(obj, f"get_{field}_display")()
    classes = f"badge {tone}" if tone else "badge"
    if html_id:
        return format_html('<span class="{}" id="{}">{}</span>', classes, html_id, label)
    return format_html('<span class="{}">{}</span>', classes, label)
