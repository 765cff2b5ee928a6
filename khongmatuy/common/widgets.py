"""Widgets of the design system: the autocomplete that replaces a dropdown of every area or person.

``AutocompleteSelect`` is the widget of a model choice field whose queryset the form has already
scoped to the user. When that queryset holds at most ``settings.KMT_AUTOCOMPLETE_OVER`` rows (a
ward's groups) it renders a plain ``<select>``; above that, it renders a search box, the field's
``<select>`` holding only the chosen option, and an empty list that ``app.js`` fills from
``url_name`` (a JSON endpoint answering ``{"results": [{"id": …, "label": …}]}`` from the user's
scope, searched without diacritics). The field still validates the choice against its queryset,
so an id typed by hand outside it is refused with the field's message.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _


class AutocompleteSelect(forms.Select):
    def __init__(
        self,
        *,
        url_name: str,
        params: dict[str, Any] | None = None,
        placeholder: Any = None,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.url_name = url_name
        self.params = params or {}
        self.placeholder = placeholder or _("Gõ vài chữ để tìm…")

    def _small(self) -> bool:
        """True when the scoped choices are few enough for a plain dropdown: one bounded query,
        whose rows then fill the dropdown (no second query), remembered by this form's copy."""
        if not isinstance(self.choices, ModelChoiceIterator):
            return True
        cached: bool | None = getattr(self, "_small_cache", None)
        if cached is None:
            limit: int = settings.KMT_AUTOCOMPLETE_OVER
            iterator = self.choices
            rows = list(iterator.queryset[: limit + 1])
            cached = len(rows) <= limit
            if cached:
                empty = [("", iterator.field.empty_label)] if iterator.field.empty_label else []
                self.choices = [*empty, *(iterator.choice(obj) for obj in rows)]
            self._small_cache = cached
        return cached

    def id_for_label(self, id_: str, index: str = "0") -> str:
        """The label names the search box when there is one."""
        id_ = super().id_for_label(id_, index)
        return id_ if not id_ or self._small() else f"{id_}_search"

    def optgroups(self, name: str, value: list[str], attrs: dict[str, Any] | None = None) -> Any:
        if getattr(self, "_as_dropdown", True):
            return super().optgroups(name, value, attrs)
        iterator: ModelChoiceIterator = self.choices  # type: ignore[assignment]
        chosen = [v for v in value if v and str(v).isdigit()]
        options: list[tuple[Any, Any]] = [("", iterator.field.empty_label or "")]
        for obj in iterator.queryset.filter(pk__in=chosen):
            options.append((str(obj.pk), iterator.field.label_from_instance(obj)))
        return [
            (None, [self.create_option(name, v, label, v in value, i, attrs=None)], i)
            for i, (v, label) in enumerate(options)
        ]

    def _dropdown(self, name: str, value: Any, attrs: dict[str, Any] | None) -> SafeString | None:
        """Django's ``select.html`` written out directly (None with option groups, which these
        choices never have): through the template, each option was two template renders, and a
        ward's seventy groups took a fifth of the person list's time."""
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group_name for group_name, _choices, _index in widget["optgroups"]):
            return None
        options = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _name, choices, _index in widget["optgroups"]
                for option in choices
            ),
        )
        return format_html(
            '<select name="{}"{}>\n{}\n</select>', widget["name"], flatatt(widget["attrs"]), options
        )

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        self._as_dropdown = self._small()
        if self._as_dropdown:
            return self._dropdown(name, value, attrs) or super().render(
                name, value, attrs, renderer
            )
        attrs = {**(attrs or {}), "class": "autocomplete-select", "tabindex": "-1"}
        attrs.pop("required", None)  # the visible search box carries the label; the form says it
        select = super().render(name, value, attrs, renderer)
        values = self.format_value(value)
        chosen = [
            option["label"]
            for group in self.optgroups(name, values)
            for option in group[1]
            if option["selected"] and option["value"]
        ]
        url = reverse(self.url_name)
        if self.params:
            url = f"{url}?{urlencode(self.params, doseq=True)}"
        field_id = attrs["id"] = attrs.get("id") or f"id_{name}"
        return format_html(
            '<div class="autocomplete" data-autocomplete-url="{}">'
            '<input type="search" class="autocomplete-input" id="{}_search" value="{}" '
            'placeholder="{}" autocomplete="off" role="combobox" aria-expanded="false" '
            'aria-controls="{}_results">'
            "{}"
            '<div class="autocomplete-results" id="{}_results" role="listbox" hidden></div>'
            "</div>",
            url,
            field_id,
            chosen[0] if chosen else "",
            self.placeholder,
            field_id,
            select,
            field_id,
        )


def area_autocomplete(*, levels: tuple[int, ...] = (), active: bool = True) -> AutocompleteSelect:
    """The widget of an area choice: communes and groups by default (``levels`` narrows)."""
    params: dict[str, Any] = {"level": list(levels)} if levels else {}
    if not active:
        params["all"] = "1"
    return AutocompleteSelect(url_name="areas:autocomplete", params=params)


def person_autocomplete() -> AutocompleteSelect:
    """The widget of a person choice: the registry's own autocomplete (name, year, area)."""
    return AutocompleteSelect(
        url_name="people:autocomplete", placeholder=_("Gõ họ tên để tìm người…")
    )
