"""Writes of the person registry: register, edit, classify, flag psychosis, remove from the list.

Every function is keyword-only, one transaction, audited in that transaction. Every check runs
before the first write and collects all problems of the call, keyed by the form field that
caused them, so a refused call saves nothing and the form shows every message at once.
"""

from __future__ import annotations

from .categories import (
    category_add,
    category_end,
)
from .checks import (
    CategorySpec,
    DuplicateCitizenIdError,
    PersonSpec,
    RemovalGround,
    search_text_for,
    spec_problems,
)
from .registry import (
    person_flag_psychosis,
    person_register,
    person_remove_from_list,
    person_return_to_list,
    person_update,
    persons_import,
)

__all__ = [
    "CategorySpec",
    "DuplicateCitizenIdError",
    "PersonSpec",
    "RemovalGround",
    "category_add",
    "category_end",
    "person_flag_psychosis",
    "person_register",
    "person_remove_from_list",
    "person_return_to_list",
    "person_update",
    "persons_import",
    "search_text_for",
    "spec_problems",
]
