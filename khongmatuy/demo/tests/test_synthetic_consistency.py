"""The synthetic places tell consistent stories (see ``demo.tests.stories``)."""

from __future__ import annotations

from datetime import date

import pytest

from khongmatuy.demo import synthetic, synthetic_people, synthetic_places
from khongmatuy.demo.tests.stories import addresses_not_in_names, history_outside
from khongmatuy.tips.models import Tip


@pytest.mark.django_db
def test_the_synthetic_places_tell_consistent_stories() -> None:
    on = date(2026, 11, 23)
    synthetic.generate(scale="ward", seed=42)
    synthetic_people.generate(scale="ward", seed=42, on=on)
    synthetic_places.generate(scale="ward", seed=42, on=on)
    assert Tip.objects.count() == 30
    assert history_outside(on) == []
    assert addresses_not_in_names() == []
