"""The lifecycle of a drug-free model, as data: which status may follow which.

building → active → recognised; active or recognised → suspended → active again; any status but
dissolved → dissolved (final). Kế hoạch UBND phường Gia Viên IV.1 and Nghị quyết Đảng bộ xã Kiến
Minh III.2 ask to build, keep ("duy trì") and replicate ("nhân rộng") the models: a recognised model
may be suspended when it stops working and resumed, never silently deleted.

Pure: no ORM, no clock. ``services.model_transition`` applies it.
"""

from __future__ import annotations

from khongmatuy.common.transitions import TransitionTable

from ..models import DrugFreeModel

S = DrugFreeModel.Status

LIFECYCLE = TransitionTable.from_graph(
    {
        S.BUILDING: {S.ACTIVE, S.DISSOLVED},
        S.ACTIVE: {S.RECOGNISED, S.SUSPENDED, S.DISSOLVED},
        S.RECOGNISED: {S.SUSPENDED, S.DISSOLVED},
        S.SUSPENDED: {S.ACTIVE, S.DISSOLVED},
    },
    order=S.values,
    field="to_status",
)


def next_statuses(status: str) -> list[str]:
    return LIFECYCLE.available(status)
