"""The one form that confirms a legal value, built from the fields the rule declares."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from khongmatuy.common.forms import DATE_WIDGET, DecimalField, VietnameseMessages

from .registry import Kind, LegalItem, ValueField

TEXT_MAX = 250
REQUIRED = _("Nhập giá trị theo văn bản chính thức.")


def _field(spec: ValueField) -> forms.Field:
    common: dict[str, Any] = {
        "label": spec.label,
        "required": spec.required,
        "help_text": spec.help_text,
        "error_messages": {"required": REQUIRED},
    }
    if spec.kind == Kind.INTEGER:
        return forms.IntegerField(
            min_value=int(spec.minimum) if spec.minimum is not None else None,
            max_value=int(spec.maximum) if spec.maximum is not None else None,
            **common,
        )
    if spec.kind == Kind.DECIMAL:
        return DecimalField(min_value=spec.minimum, max_value=spec.maximum, **common)
    if spec.kind == Kind.DATE:
        return forms.DateField(widget=DATE_WIDGET, **common)
    return forms.ChoiceField(choices=[("", "—"), *spec.choices], **common)


def form_class(item: LegalItem) -> type[forms.Form]:
    """A form with the item's value fields, then the article and a note."""
    fields: dict[str, Any] = {spec.name: _field(spec) for spec in item.fields}
    fields["article"] = forms.CharField(
        label=_("Điều, khoản, văn bản căn cứ"),
        max_length=TEXT_MAX,
        help_text=_("Ví dụ: Điều 3, khoản 2, điểm a Quyết định số 28/2025/QĐ-TTg."),
    )
    fields["note"] = forms.CharField(label=_("Ghi chú"), max_length=TEXT_MAX, required=False)
    return type("LegalValueForm", (VietnameseMessages, forms.Form), fields)


def initial(item: LegalItem) -> dict[str, Any]:
    return {
        **item.initial,
        "article": str(item.article),
        "note": str(item.note) if item.set_by_administrator else "",
    }
