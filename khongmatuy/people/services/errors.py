"""Domain errors of the people registry."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class PeopleError(ValidationError):
    """Refused input, keyed by the form field that caused it, with a Vietnamese message."""


class InvalidTransition(PeopleError):
    """A workflow step the rules do not allow from the record's current state (never a 403)."""
