"""Checks that the demo and the synthetic data tell consistent stories: a tip's history lies
between its receipt and today, and a place whose name carries an address has that address in its
address field."""

from __future__ import annotations

import re
from datetime import date

from django.utils import timezone

from khongmatuy.places.models import Place
from khongmatuy.tips.models import Tip

# "số 4, ngõ 18 Lê Lợi" in "Phòng trọ số 4, ngõ 18 Lê Lợi": a house number, lane or alley with its
# number, to the end of the name.
ADDRESS_IN_NAME = re.compile(r"\b(?:số|ngõ|ngách|hẻm|kiệt)\s+\d+.*$", re.IGNORECASE)


def history_outside(today: date) -> list[tuple[str, str, date, date]]:
    """(tip, event, event day, receipt day) for every event before receipt or after ``today``."""
    wrong = []
    for tip in Tip.objects.prefetch_related("events").order_by("pk"):
        received = timezone.localtime(tip.received_at).date()
        days = [(e.action, timezone.localtime(e.at).date()) for e in tip.events.all()]
        if tip.closed_on is not None:
            days.append(("closed_on", tip.closed_on))
        wrong += [(tip.code, a, d, received) for a, d in days if not received <= d <= today]
    return wrong


def addresses_not_in_names() -> list[tuple[str, str]]:
    wrong = []
    for name, address in Place.objects.order_by("pk").values_list("name", "address"):
        found = ADDRESS_IN_NAME.search(name)
        if found is not None and address.casefold() != found.group(0).casefold():
            wrong.append((name, address))
    return wrong
