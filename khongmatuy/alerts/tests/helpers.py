"""Readers the alerts tests share."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from khongmatuy.accounts.models import User
from khongmatuy.alerts.models import Notification

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: date, hour: int = 7) -> datetime:
    """A moment of ``day`` in Vietnam (the morning run)."""
    return datetime.combine(day, time(hour), tzinfo=VN)


def received(user: User, kind: str | None = None) -> list[tuple[str, str, bool]]:
    """(kind, stage, escalated) of the user's notifications, oldest first."""
    qs = Notification.objects.filter(recipient=user).order_by("created_at", "pk")
    if kind is not None:
        qs = qs.filter(kind=kind)
    return [(n.kind, n.stage, n.escalated) for n in qs]
