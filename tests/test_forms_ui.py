"""Forms: sections for the long person registration, required fields marked, help beside the
field, dates typed dd/mm/yyyy with a calendar beside them."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.urls import reverse

from khongmatuy.common.forms import DATE_WIDGET

pytestmark = pytest.mark.django_db


def test_registration_is_in_sections_with_required_fields_marked(officer_a_client):  # type: ignore[no-untyped-def]
    html = officer_a_client.get(reverse("people:register")).content.decode()
    legends = re.findall(r"<legend>(.*?)</legend>", html)
    assert legends == [
        "Nhận dạng",
        "Diện quản lý",
        "Nơi quản lý, cư trú",
        "Liên hệ, hoàn cảnh",
        "Nghiệp vụ",
    ]
    assert '<label class="required" for="id_full_name">' in html
    assert '<label for="id_aliases">' in html  # optional: no mark
    # help text sits in the field's row, beside the input
    row = re.search(r'id="field-citizen_id">(.*?)</div>\s*</div>', html, re.S)
    assert row is not None
    assert "12 chữ số." in row.group(1)


def test_every_form_marks_its_required_fields() -> None:
    class AnyForm(forms.Form):
        needed = forms.CharField(label="Cần")
        optional = forms.CharField(label="Không cần", required=False)

    form = AnyForm()
    assert 'class="required"' in form["needed"].label_tag()
    assert "required" not in form["optional"].label_tag()


def test_dates_are_typed_and_picked() -> None:
    html = DATE_WIDGET.render("on", None)
    assert 'placeholder="dd/mm/yyyy"' in html
    assert "data-date" in html
    assert 'type="text"' in html  # typing dd/mm/yyyy keeps working
