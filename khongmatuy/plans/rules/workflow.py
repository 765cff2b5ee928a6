"""A task's steps: the agency reports progress and submits it done; the accepting authority
("rõ thẩm quyền", Kế hoạch UBND phường Thủy Nguyên I.4) accepts it or returns it to be redone."""

from __future__ import annotations

from khongmatuy.common.transitions import Transition, TransitionTable

OPEN, IN_PROGRESS, SUBMITTED, ACCEPTED, RETURNED = (
    "open",
    "in_progress",
    "submitted",
    "accepted",
    "returned",
)
REPORT, SUBMIT, ACCEPT, RETURN = "report", "submit", "accept", "return"

WORKFLOW = TransitionTable(
    [
        Transition(REPORT, frozenset({OPEN, IN_PROGRESS, RETURNED}), IN_PROGRESS),
        Transition(SUBMIT, frozenset({OPEN, IN_PROGRESS, RETURNED}), SUBMITTED),
        Transition(ACCEPT, frozenset({SUBMITTED}), ACCEPTED),
        Transition(RETURN, frozenset({SUBMITTED}), RETURNED),
    ],
    field="status",
)
DONE = frozenset({ACCEPTED})
