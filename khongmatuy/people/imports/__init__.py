"""Import of persons (with their categories and, optionally, a management episode) from .xlsx.

``parse_persons`` reads the sheet and reports EVERY bad cell (row number and column name, in
Vietnamese) before anything is saved: missing or impossible values, citizen-ID structure,
residential groups unknown in the chosen commune (matched by folded name), duplicates inside the
file and against the registry. The commit step (``commit_rows``) registers all rows through
``services.persons.persons_import`` in one transaction: all or nothing.

Episodes: rows may name a management measure. It is opened through the episodes module's
``episode_open`` service when that exists; otherwise a row that fills those columns is refused
(nothing is dropped silently).
"""

from __future__ import annotations

from .columns import (
    ALIASES,
    AUTHORITY,
    BORN,
    CATEGORY,
    CATEGORY_FROM,
    CATEGORY_SEPARATOR,
    CITIZEN_ID,
    COLUMNS,
    CURRENT,
    DECISION_DATE,
    DECISION_NUMBER,
    EPISODE,
    EPISODE_COLUMNS,
    EPISODE_FROM,
    GROUP,
    INVALID,
    NAME,
    OCCUPATION,
    PERMANENT,
    PHONE,
    PSYCHOSIS,
    REQUIRED_COLUMNS,
    SEX,
    SOURCE,
)
from .commit import (
    commit_rows,
    rows_to_payload,
)
from .parsing import (
    ParsedRow,
    ParseResult,
    episodes_supported,
    parse_persons,
)
from .template import (
    person_template_workbook,
)

__all__ = [
    "ALIASES",
    "AUTHORITY",
    "BORN",
    "CATEGORY",
    "CATEGORY_FROM",
    "CATEGORY_SEPARATOR",
    "CITIZEN_ID",
    "COLUMNS",
    "CURRENT",
    "DECISION_DATE",
    "DECISION_NUMBER",
    "EPISODE",
    "EPISODE_COLUMNS",
    "EPISODE_FROM",
    "GROUP",
    "INVALID",
    "NAME",
    "OCCUPATION",
    "PERMANENT",
    "PHONE",
    "PSYCHOSIS",
    "REQUIRED_COLUMNS",
    "SEX",
    "SOURCE",
    "ParseResult",
    "ParsedRow",
    "commit_rows",
    "episodes_supported",
    "parse_persons",
    "person_template_workbook",
    "rows_to_payload",
]
