"""Every write of the tips app: the public submission, the officers' intake and the handling.

Each function is keyword-only, one transaction, ``full_clean`` before saving, and audits itself
(the tip, each ``TipEvent`` and each attachment). Refusals are ``DomainError`` keyed by the form
field, in Vietnamese; a step the tip's status does not allow is ``InvalidTransition``. All checks
run before the first write, so a refusal leaves nothing behind (uploaded files included).

Privacy: the sender's identity (``Tip.IDENTITY_FIELDS``) and the salted hash of their address are
left out of the audit snapshots (the audit log is read by more people than the handling chain),
and the public submission is audited without the client's IP address.

Handling steps are data (``rules.handling.HANDLING``). ``core`` holds what the writes share,
``intake`` the public page and the officers' intake, ``handling`` the steps after it.
"""

from __future__ import annotations

from .core import CODE_ALPHABET, CODE_LENGTH, Contact, new_code, source_hash
from .handling import (
    NewPlace,
    officer_can_handle,
    tip_assign,
    tip_classify,
    tip_close,
    tip_extend,
    tip_start,
)
from .intake import lookup_allowed, rate_limits, tip_record, tip_submit_public

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "Contact",
    "NewPlace",
    "lookup_allowed",
    "new_code",
    "officer_can_handle",
    "rate_limits",
    "source_hash",
    "tip_assign",
    "tip_classify",
    "tip_close",
    "tip_extend",
    "tip_record",
    "tip_start",
    "tip_submit_public",
]
