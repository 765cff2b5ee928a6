"""Ids from a request: a number no 64-bit key holds is refused before the database sees it."""

from __future__ import annotations

import pytest
from django import forms

from khongmatuy.areas.models import Area
from khongmatuy.common.forms import IdChoiceField, IdMultipleChoiceField
from khongmatuy.common.ids import MAX_ID, out_of_key_range, parse_id

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("42", 42),
        (" 42 ", 42),
        (42, 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        (HUGE, None),
        ("0" * 30 + "7", 7),
        ("9" * 5000, None),
        ("0", None),
        ("-3", None),
        ("²", None),  # a digit to str.isdigit, not to int()
        ("١٢", None),  # Arabic-Indic digits
        ("4.0", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_id(raw: object, expected: int | None) -> None:
    assert parse_id(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (HUGE, True),
        (f"-{HUGE}", True),
        (str(MAX_ID + 1), True),
        (str(MAX_ID), False),
        (f"-{MAX_ID}", False),
        (MAX_ID + 1, True),
        ("abc", False),
        ("", False),
        (None, False),
    ],
)
def test_out_of_key_range(raw: object, expected: bool) -> None:
    assert out_of_key_range(raw) is expected


@pytest.mark.django_db
def test_id_choice_fields_refuse_a_huge_id_with_a_form_error(world) -> None:  # type: ignore[no-untyped-def]
    class Form(forms.Form):
        one = IdChoiceField(queryset=Area.objects.all(), required=False)
        many = IdMultipleChoiceField(queryset=Area.objects.all(), required=False)

    form = Form({"one": HUGE, "many": [str(world.ward_a.pk), HUGE]})
    assert not form.is_valid()
    assert set(form.errors) == {"one", "many"}
    form = Form({"one": str(world.ward_a.pk), "many": [str(world.ward_a.pk)]})
    assert form.is_valid()
    assert form.cleaned_data["one"] == world.ward_a
    assert list(form.cleaned_data["many"]) == [world.ward_a]
