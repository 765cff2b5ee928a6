"""Writes of management episodes: open, complete, stop, restart, extend, cancel; the
compulsory-rehab dossier checklist.

Every function is keyword-only, one transaction, checks everything before its first write
(guards in ``rules/transitions.py``, dates from ``durations.py``), writes an ``EpisodeEvent`` for
each step and audits every row it saves in the same transaction. Each episode stores the rule
(code, version, confirmed) that computed its due date. Opening and closing an episode also keeps
the person's matching ``PersonCategory`` open or closed (audited here, through the model).
"""

from __future__ import annotations

from .dossier import (
    dossier_item_set,
)
from .lifecycle import (
    episode_cancel,
    episode_complete,
    episode_extend,
    episode_open,
    episode_restart,
    episode_stop,
)

__all__ = [
    "dossier_item_set",
    "episode_cancel",
    "episode_complete",
    "episode_extend",
    "episode_open",
    "episode_restart",
    "episode_stop",
]
