"""Every write of the people registry (one module per area of work, re-exported here).

Each function is keyword-only, runs in one transaction, calls ``full_clean`` and audits itself
through ``khongmatuy.audit.services``. Refusals raise ``PeopleError`` (a ``ValidationError``
keyed by form field, Vietnamese message) or ``InvalidTransition`` for a workflow step the law
does not allow.
"""

from __future__ import annotations

from .errors import InvalidTransition, PeopleError

__all__ = ["InvalidTransition", "PeopleError"]
