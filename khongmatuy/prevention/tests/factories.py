"""Builders of the prevention tests. Activities go through the service, so they are audited and
carry their reach rows like real data."""

from __future__ import annotations

from datetime import date
from typing import Any

from khongmatuy.accounts.models import User
from khongmatuy.prevention import services
from khongmatuy.prevention.choices import ActivityForm, Audience
from khongmatuy.prevention.models import Activity

TODAY = date(2026, 11, 30)


def activity(*, actor: User, held_on: date, today: date = TODAY, **kwargs: Any) -> Activity:
    """A residents' meeting on ``held_on``; pass ``groups`` and/or ``organisations``."""
    kwargs.setdefault("form", ActivityForm.MEETING)
    kwargs.setdefault("topic", "Tác hại của ma túy tổng hợp")
    kwargs.setdefault("audience", Audience.RESIDENTS)
    return services.activity_record(actor=actor, held_on=held_on, today=today, **kwargs)
