"""The handling steps of a tip, as data: received → assigned → verifying → closed.

Classifying and extending keep the status; assigning again while assigned hands the tip to
another officer. Pure: no ORM, no clock. The services apply a step under the row lock and write
its ``TipEvent``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from khongmatuy.common.transitions import Transition, TransitionTable

from ..models import Tip

S = Tip.Status
OPEN_STATUSES = frozenset({S.RECEIVED, S.ASSIGNED, S.VERIFYING})

HANDLING = TransitionTable(
    [
        Transition("classify", OPEN_STATUSES, None),
        Transition("assign", frozenset({S.RECEIVED, S.ASSIGNED}), S.ASSIGNED),
        Transition("start", frozenset({S.ASSIGNED}), S.VERIFYING),
        Transition("extend", OPEN_STATUSES, None),
        Transition("close", frozenset({S.VERIFYING}), S.CLOSED),
    ],
    field="__all__",
)

EVENT_LABELS: dict[str, Any] = {
    "received": gettext_lazy("Tiếp nhận"),
    "classified": gettext_lazy("Phân loại"),
    "assigned": gettext_lazy("Phân công xác minh"),
    "verifying": gettext_lazy("Bắt đầu xác minh"),
    "extended": gettext_lazy("Gia hạn"),
    "closed": gettext_lazy("Kết thúc giải quyết"),
}
# Events that change the status: the only dates the public status page shows.
STATUS_EVENTS = frozenset({"received", "assigned", "verifying", "closed"})


def normalize_code(code: str) -> str:
    """What a citizen typed, as stored: upper case, spaces and dashes dropped."""
    return "".join(ch for ch in (code or "").upper() if ch not in " -\t")[:20]
