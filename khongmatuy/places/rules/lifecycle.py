"""The lifecycle of a hotspot or harbouring place, as data: which status may follow which.

detected → under_action → eliminated → watched → recurred → under_action → …

Every hotspot and harbouring place is to be found, fought and eliminated ("triệt xóa"), then
watched so that it does not form again (the wards' drug-free programmes); a place that forms
again is "recurred" and counts as existing again (the criteria's counts at a date). A place may be
eliminated straight after detection (one raid) or after recurring without a new fight.

Pure: no ORM, no clock. ``services.place_transition`` applies it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from khongmatuy.common.transitions import TransitionTable

from ..models import Place

S = Place.Status

LIFECYCLE = TransitionTable.from_graph(
    {
        S.DETECTED: {S.UNDER_ACTION, S.ELIMINATED},
        S.UNDER_ACTION: {S.ELIMINATED},
        S.ELIMINATED: {S.WATCHED, S.RECURRED},
        S.WATCHED: {S.RECURRED},
        S.RECURRED: {S.UNDER_ACTION, S.ELIMINATED},
    },
    order=S.values,
    field="to_status",
)

# Statuses in which the place exists (counted in "places existing on a date").
EXISTING: frozenset[str] = frozenset({S.DETECTED, S.UNDER_ACTION, S.RECURRED})


def next_statuses(status: str) -> list[str]:
    """The statuses reachable from ``status``, in lifecycle order (for the form's choices)."""
    return LIFECYCLE.available(status)


def refusal(from_status: str, to_status: str) -> str | None:
    """``None`` when the step is allowed, else the Vietnamese reason it is not."""
    if to_status not in S.values:
        return _("Tình trạng “%(status)s” không hợp lệ.") % {"status": to_status}
    if LIFECYCLE.allows(from_status, to_status):
        return None
    if to_status == from_status:
        return _("Điểm này đang ở tình trạng “%(status)s”.") % {"status": S(to_status).label}
    allowed = ", ".join(f"“{S(s).label}”" for s in next_statuses(from_status))
    return _(
        "Không thể chuyển từ “%(from)s” sang “%(to)s”. Tình trạng tiếp theo được phép: %(allowed)s."
    ) % {"from": S(from_status).label, "to": S(to_status).label, "allowed": allowed or "—"}
