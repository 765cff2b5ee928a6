"""The recognition lifecycle of an area ("địa bàn không ma túy"), as data: which status may follow
which, and what each step requires.

not registered → registered to build → cleaning up ("làm sạch") → proposed for recognition →
recognised (decision number, date, authority, attached decision) → kept ("giữ vững", re-evaluated
at least once a year, each keep recorded) → withdrawn → registered again …

A proposal the council sends back returns to "cleaning"; a registration may be cancelled.
Decision 28/2025/QĐ-TTg and MPS Guidance 37/HD-BCA (24/9/2025) set the review procedure; the
rules for keeping, re-recognising and withdrawing a recognition were NOT found in the sources
(UNCONFIRMED): the steps below follow the provincial plans ("duy trì"
yearly, annual recognition cycle, KL 132-KL/TW) and the UI says so.

Pure: no ORM, no clock. ``services.recognition.recognition_transition`` applies it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khongmatuy.common.transitions import TransitionTable

from ..models import Recognition

S = Recognition.Status

GRAPH: dict[str, frozenset[str]] = {
    S.NOT_REGISTERED: frozenset({S.REGISTERED}),
    S.REGISTERED: frozenset({S.CLEANING, S.NOT_REGISTERED}),
    S.CLEANING: frozenset({S.PROPOSED}),
    S.PROPOSED: frozenset({S.RECOGNISED, S.CLEANING}),
    S.RECOGNISED: frozenset({S.KEPT, S.WITHDRAWN}),
    S.KEPT: frozenset({S.KEPT, S.WITHDRAWN}),
    S.WITHDRAWN: frozenset({S.REGISTERED}),
}

# Each step is named by the status it leads to, offered in lifecycle order.
TRANSITIONS = TransitionTable.from_graph(GRAPH, order=S.values, field="to_status")

# Statuses in which the area holds a recognition (the at-risk flag watches these).
RECOGNISED: frozenset[str] = frozenset({S.RECOGNISED, S.KEPT})

# Steps that need the area's live evaluation to pass on the step's date.
NEEDS_PASSING_EVALUATION: frozenset[str] = frozenset({S.PROPOSED, S.KEPT})

# Steps that need the recognition decision (number, date, authority).
NEEDS_DECISION: frozenset[str] = frozenset({S.RECOGNISED})

# Steps that need a written reason in the note.
NEEDS_REASON: frozenset[str] = frozenset({S.WITHDRAWN})

# A recognised area is re-evaluated at least once a year. A local setting, not a legal value: the
# national keep/withdrawal rules were not found (UNCONFIRMED: the Ministry of Public Security's
# Guidance 37/HD-BCA could not be read); the interval follows the annual cycle of registration
# and recognition (Kết luận 132-KL/TW; An Giang and Nghệ An announce recognitions per year) and
# the provincial plans' "duy trì". The one
# definition: the keep step (``services.recognition``), its due date
# (``selectors.recognition.keep_due_on``) and the roadmaps' at-risk list read it.
KEEP_INTERVAL_MONTHS = 12

UNCONFIRMED_NOTE = gettext_lazy(
    "Quy định về giữ vững, thu hồi và công nhận lại danh hiệu địa bàn không ma túy CHƯA được "
    "xác nhận từ văn bản chính thức (Quyết định 28/2025/QĐ-TTg, Hướng dẫn 37/HD-BCA): các bước "
    "dưới đây theo kế hoạch của các địa phương (đánh giá giữ vững ít nhất mỗi năm một lần)."
)


def next_statuses(status: str) -> list[str]:
    """The statuses reachable from ``status``, in lifecycle order (for the form's choices)."""
    return TRANSITIONS.available(status)


def refusal(from_status: str, to_status: str) -> str | None:
    """``None`` when the step is allowed, else the Vietnamese reason it is not."""
    if to_status not in S.values:
        return _("Trạng thái “%(status)s” không hợp lệ.") % {"status": to_status}
    if TRANSITIONS.allows(from_status, to_status):
        return None
    if to_status == from_status:
        return _("Địa bàn đang ở trạng thái “%(status)s”.") % {"status": S(to_status).label}
    allowed = ", ".join(f"“{S(s).label}”" for s in next_statuses(from_status))
    return _(
        "Không thể chuyển từ “%(from)s” sang “%(to)s”. Trạng thái tiếp theo được phép: %(allowed)s."
    ) % {"from": S(from_status).label, "to": S(to_status).label, "allowed": allowed or "—"}
