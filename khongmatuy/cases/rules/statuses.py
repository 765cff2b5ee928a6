"""The status steps of a case, per kind, as data. Pure: no ORM, no clock.

A crime is prosecuted (Criminal Procedure Code 2015, Art. 143) then tried; it may also end without
trial (no prosecution, Art. 157; or a suspension). An administrative violation ends with a
sanction decision or without one (Law on Handling Administrative Violations 2012, Art. 65: cases
where no sanction decision is issued).
"""

from __future__ import annotations

from khongmatuy.common.transitions import TransitionTable

from ..models import Case

S = Case.Status

STATUSES: dict[str, TransitionTable] = {
    Case.Kind.CRIME: TransitionTable.from_graph(
        {
            S.DETECTED: {S.PROSECUTED, S.CLOSED},
            S.PROSECUTED: {S.TRIED, S.CLOSED},
        },
        order=S.values,
    ),
    Case.Kind.ADMINISTRATIVE: TransitionTable.from_graph(
        {S.DETECTED: {S.SANCTIONED, S.CLOSED}}, order=S.values
    ),
}
_NONE = TransitionTable([])


def table_for(kind: str) -> TransitionTable:
    """The status steps of a case of ``kind`` (none for an unknown kind)."""
    return STATUSES.get(kind, _NONE)
