"""The demo tells consistent stories: a tip's history lies between its receipt and today, and a
place whose name carries an address has that address in its address field."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone

from khongmatuy.demo import synthetic, synthetic_people, synthetic_places
from khongmatuy.demo.demo_data import load_demo
from khongmatuy.places.models import Place
from khongmatuy.tips.models import Tip

# "số 4, ngõ 18 Lê Lợi" in "Phòng trọ số 4, ngõ 18 Lê Lợi": a house number, lane or alley with its
# number, to the end of the name.
ADDRESS_IN_NAME = re.compile(r"\b(?:số|ngõ|ngách|hẻm|kiệt)\s+\d+.*$", re.IGNORECASE)


def _history_outside(today: date) -> list[tuple[str, str, date, date]]:
    """(tip, event, event day, receipt day) for every event before receipt or after ``today``."""
    wrong = []
    for tip in Tip.objects.prefetch_related("events").order_by("pk"):
        received = timezone.localtime(tip.received_at).date()
        days = [(e.action, timezone.localtime(e.at).date()) for e in tip.events.all()]
        if tip.closed_on is not None:
            days.append(("closed_on", tip.closed_on))
        wrong += [(tip.code, a, d, received) for a, d in days if not received <= d <= today]
    return wrong


def _addresses_not_in_names() -> list[tuple[str, str]]:
    wrong = []
    for name, address in Place.objects.order_by("pk").values_list("name", "address"):
        found = ADDRESS_IN_NAME.search(name)
        if found is not None and address.casefold() != found.group(0).casefold():
            wrong.append((name, address))
    return wrong


def test_the_demo_tells_consistent_stories(db: None) -> None:
    load_demo()
    today = timezone.localdate()
    assert Tip.objects.count() > 0
    assert all(t.events.exists() for t in Tip.objects.all())
    assert _history_outside(today) == []
    # the rule is exercised: some demo places carry their address in their name (the pattern is
    # applied in Python: the engines' regular expressions differ, "\b" above all)
    assert any(
        ADDRESS_IN_NAME.search(name) for name in Place.objects.values_list("name", flat=True)
    )
    assert _addresses_not_in_names() == []


@pytest.mark.django_db
def test_the_synthetic_places_tell_consistent_stories() -> None:
    on = date(2026, 11, 23)
    synthetic.generate(scale="ward", seed=42)
    synthetic_people.generate(scale="ward", seed=42, on=on)
    synthetic_places.generate(scale="ward", seed=42, on=on)
    assert Tip.objects.count() == 30
    assert _history_outside(on) == []
    assert _addresses_not_in_names() == []
