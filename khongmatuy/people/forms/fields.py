"""Fields shared by the people forms.

A choice whose answer has legal consequences (a test result, a category, a measure) has no
default. Its first option is blank, it is required, and an unanswered field
says which field the officer must choose, so a form saved in a hurry never records a positive
result, a category or a measure nobody chose.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.http import Http404
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from khongmatuy.common.forms import IdChoiceField

BLANK_LABEL = _("— Chọn —")


def blank_first(choices: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """The choices after one blank option."""
    return [("", BLANK_LABEL), *choices]


def required_choice_messages(label: Any) -> dict[str, Any]:
    """The message of an unanswered choice, naming the field: 'Hãy chọn "Kết quả".'."""
    return {"required": format_lazy(_('Hãy chọn "{label}".'), label=label)}


def legal_choice(label: Any, choices: Iterable[tuple[Any, Any]]) -> forms.ChoiceField:
    """A required choice with a blank first option and no initial value."""
    return forms.ChoiceField(
        label=label,
        choices=blank_first(choices),
        error_messages=required_choice_messages(label),
    )


def legal_typed_choice(
    label: Any, choices: Iterable[tuple[Any, Any]], *, coerce: Any
) -> forms.TypedChoiceField:
    """``legal_choice`` for a value coerced from its option (yes/no to a boolean)."""
    return forms.TypedChoiceField(
        label=label,
        choices=blank_first(choices),
        coerce=coerce,
        empty_value=None,
        error_messages=required_choice_messages(label),
    )


def chosen_area_or_404(form: forms.Form, field: str = "area") -> Any:
    """The area a list filter names, ``None`` when it names none; 404 when it names an area the
    form does not offer (one outside the user's scope, or no area at all).

    A filter that names an area must never be dropped silently: the list or the export would
    answer with everything the user sees as if it were that area's.
    """
    if not form.is_bound or not form.data.get(field):
        return None
    form.is_valid()
    if field in form.errors:
        raise Http404
    return form.cleaned_data.get(field)


def person_choice_label(person: Any) -> str:
    """How a person is told apart in a list of choices: name, birth year, residential group
    ("Lý Văn Sơn (1990) – Tổ dân phố số 7"), so two persons with the same name differ."""
    born = str(person.date_of_birth.year) if person.date_of_birth else str(_("năm sinh chưa rõ"))
    return f"{person.full_name} ({born}) – {person.area.name}"


class PersonChoiceField(IdChoiceField):
    """A choice of one person, labelled by ``person_choice_label``; the area of every offered
    person is read with the list (one query, not one per option)."""

    def _set_queryset(self, queryset: Any) -> None:
        super()._set_queryset(None if queryset is None else queryset.select_related("area"))  # type: ignore[misc]

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)  # type: ignore[attr-defined]

    def label_from_instance(self, obj: Any) -> str:
        return person_choice_label(obj)
