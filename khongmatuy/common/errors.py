"""The one domain error of every app, keyed by the form field that caused it.

A service refuses input by raising ``DomainError({"field": message})`` (or a plain message for the
whole form). It is a ``ValidationError``, so ``full_clean`` errors and service refusals travel the
same way, and ``common.forms.errors_to_form`` puts either next to the field it names. Views never
turn one into a 500; the API turns one into a 400 with the same keys.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """Refused input, keyed by field, with a Vietnamese message."""


class InvalidTransition(DomainError):
    """A workflow step the rules do not allow from the record's current state.

    Never a ``PermissionDenied``: who may act is checked separately (``common.access``).
    """


Errors = dict[str, list[str]]


def raise_if(errors: Errors) -> None:
    """Raise every collected refusal at once, so the user sees all of them in one answer."""
    if errors:
        raise DomainError(errors)


def add_error(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(str(message))
