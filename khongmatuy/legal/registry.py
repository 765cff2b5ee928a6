"""What a legal source is: the rules of one app whose values an administrator may confirm.

An app that keeps a table of legal values (durations of management measures, the handling
deadline of tips, the thresholds of Decision 28's criteria) registers one ``LegalSource`` in its
``AppConfig.ready``. The source lists its rule versions as ``LegalItem``s, each with the value
fields an administrator fills from the official text; ``services.legal_value_confirm`` validates
and stores them as ``LegalValue`` rows, and the source reads those rows back when it computes.
This module holds no queries: the rows are passed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from django.utils.functional import Promise

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

    from .models import LegalValue


class Kind(StrEnum):
    INTEGER = "integer"
    DECIMAL = "decimal"
    CHOICE = "choice"
    DATE = "date"


@dataclass(frozen=True)
class ValueField:
    """One value of a rule, as the official text states it (a number of months, a threshold…)."""

    name: str
    label: str | Promise
    kind: Kind
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    choices: tuple[tuple[str, str | Promise], ...] = ()
    required: bool = True
    help_text: str | Promise = ""

    def to_json(self, value: Any) -> Any:
        """The stored form: integers as numbers, decimals and dates as text."""
        if value is None:
            return None
        if self.kind == Kind.INTEGER:
            return int(value)
        if self.kind in (Kind.DECIMAL, Kind.DATE):
            return str(value) if self.kind == Kind.DECIMAL else value.isoformat()
        return str(value)

    def from_json(self, raw: Any) -> Any:
        if raw is None:
            return None
        if self.kind == Kind.INTEGER:
            return int(raw)
        if self.kind == Kind.DECIMAL:
            return Decimal(str(raw))
        if self.kind == Kind.DATE:
            return date.fromisoformat(str(raw))
        return str(raw)


@dataclass(frozen=True)
class LegalItem:
    """One version of one legal rule, with its value in force and the fields to confirm it."""

    source: str
    code: str
    effective_from: date
    title: str | Promise
    article: str | Promise
    value_text: str
    confirmed: bool
    fields: tuple[ValueField, ...]
    initial: Mapping[str, Any] = field(default_factory=dict)
    set_by_administrator: bool = False
    note: str | Promise = ""
    explanation: str | Promise = ""

    @property
    def rule(self) -> str:
        return f"{self.source}:{self.code}"


class LegalSource:
    """The legal rules of one app. Subclasses set ``key``/``label`` and list their items."""

    key: ClassVar[str]
    label: ClassVar[str | Promise]

    def items(self, *, values: Mapping[tuple[str, date], LegalValue]) -> list[LegalItem]:
        """Every version an administrator may confirm, given this source's stored rows."""
        raise NotImplementedError

    def check(self, item: LegalItem, values: Mapping[str, Any]) -> dict[str, list[str]]:
        """Refusals that depend on several values at once (a range's bounds…), keyed by field."""
        return {}

    def apply(self, *, item: LegalItem, value: LegalValue, actor: User) -> None:
        """What confirming does beyond storing the row (inside the same transaction)."""


_SOURCES: dict[str, LegalSource] = {}


def register(source: LegalSource) -> None:
    """Called from an ``AppConfig.ready``; registering the same key twice replaces it."""
    _SOURCES[source.key] = source


def sources() -> list[LegalSource]:
    return list(_SOURCES.values())


def get(key: str) -> LegalSource | None:
    return _SOURCES.get(key)


def decode(item: LegalItem, value: LegalValue) -> dict[str, Any]:
    """A stored row's values as Python values, by the item's fields."""
    return {f.name: f.from_json(value.values.get(f.name)) for f in item.fields}
