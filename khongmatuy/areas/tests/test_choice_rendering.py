"""A choice's label and an area dropdown, written without Django's per-call and per-option
machinery, read exactly as Django's own would."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.db import models
from django.utils import translation

from khongmatuy.areas.models import Area, Kind, Level
from khongmatuy.common.forms import IdChoiceField
from khongmatuy.common.widgets import AutocompleteSelect, area_autocomplete


def _django_display(area: Area) -> str:
    return str(models.Model._get_FIELD_display(area, Area._meta.get_field("kind")))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_choice_label_is_djangos_in_the_active_language(language: str) -> None:
    with translation.override(language):
        for kind in (Kind.WARD, Kind.CENTRAL_CITY, Kind.VILLAGE):
            area = Area(kind=kind, level=Level.COMMUNE, name="Gia Viên")
            assert area.get_kind_display() == _django_display(area) == str(kind.label)


def test_unknown_choice_is_shown_as_stored() -> None:
    assert Area(kind="not-a-kind").get_kind_display() == "not-a-kind"


class _AreaForm(forms.Form):
    area = IdChoiceField(queryset=Area.objects.none(), widget=area_autocomplete())

    def __init__(self, *args: object, queryset: models.QuerySet[Area], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["area"].queryset = queryset  # type: ignore[attr-defined]


def _through_template(form: _AreaForm) -> str:
    """The field rendered by Django's own ``Select`` and its templates."""
    bound = form["area"]
    attrs = bound.build_widget_attrs({"id": bound.auto_id})
    return str(forms.Select.render(bound.field.widget, "area", bound.value(), attrs))


def _squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.django_db
def test_area_dropdown_is_djangos_select(world) -> None:  # type: ignore[no-untyped-def]
    queryset = Area.objects.filter(commune=world.ward_a).order_by("level", "sort_key")
    form = _AreaForm({"area": str(world.group_a2.pk)}, queryset=queryset)
    html = str(form["area"])
    widget = form.fields["area"].widget
    assert isinstance(widget, AutocompleteSelect)
    assert _squeezed(html) == _squeezed(_through_template(form))
    assert f'<option value="{world.group_a2.pk}" selected>{world.group_a2.name}</option>' in html
    assert html.count("<option") == queryset.count() + 1  # the empty choice first
