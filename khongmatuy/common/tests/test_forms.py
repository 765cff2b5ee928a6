"""The parse-only model form: fields from the model, no model validation, no write."""

from __future__ import annotations

from datetime import date

import pytest

from khongmatuy.areas.models import AreaFigure
from khongmatuy.common.forms import ParseOnlyModelForm
from tests.personas import World


class FigureForm(ParseOnlyModelForm):
    class Meta:
        model = AreaFigure
        fields = ("as_of", "population", "households", "source")


def test_fields_come_from_the_model() -> None:
    form = FigureForm()
    assert list(form.fields) == ["as_of", "population", "households", "source"]
    assert form.fields["source"].max_length == 200  # type: ignore[attr-defined]
    assert form.fields["source"].required is False
    assert str(form.fields["population"].label) == "Dân số thường trú"


def test_parses_without_validating_or_changing_the_record(world: World) -> None:
    figure = AreaFigure.objects.get(area=world.group_a1)
    data = {"as_of": "2026-06-01", "population": "10", "households": "900", "source": " Tổ "}
    form = FigureForm(data, instance=figure)
    # More households than residents breaks the model's check constraint; the service refuses
    # it (with its own message), the form only parses.
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "as_of": date(2026, 6, 1),
        "population": 10,
        "households": 900,
        "source": "Tổ",
    }
    assert (figure.as_of, figure.population, figure.households) == (date(2026, 1, 1), 512, 128)


def test_shows_the_records_values(world: World) -> None:
    figure = AreaFigure.objects.get(area=world.group_a1)
    form = FigureForm(instance=figure)
    assert form["population"].value() == 512
    assert form["as_of"].value() == date(2026, 1, 1)


def test_save_is_refused(world: World) -> None:
    form = FigureForm({"as_of": "2026-06-01", "population": "10", "households": "2"})
    assert form.is_valid()
    with pytest.raises(TypeError, match="only parses"):
        form.save()
    assert not AreaFigure.objects.filter(as_of=date(2026, 6, 1)).exists()
