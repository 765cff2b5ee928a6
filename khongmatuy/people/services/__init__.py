"""Every write of the people registry, one module per area of work.

Each function is keyword-only, runs in one transaction, calls ``full_clean`` and audits itself
through ``khongmatuy.audit.services``. Refusals raise ``common.errors.DomainError`` (keyed by
form field, Vietnamese message) or ``InvalidTransition`` for a workflow step the law does not
allow.
"""
