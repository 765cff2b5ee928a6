"""Every write of the prevention app. Each service runs in one transaction and audits itself."""

from __future__ import annotations

from .activities import (
    ActivitySpec,
    activity_delete,
    activity_record,
    activity_update,
    workforce_set,
)
from .commitments import affiliation_set, organisation_commitment_record
from .households import (
    HouseholdSpec,
    commitment_record,
    household_add,
    household_counts_set,
    household_remove,
    household_update,
    households_import,
)
from .models import model_create, model_review, model_transition, model_update

__all__ = [
    "ActivitySpec",
    "HouseholdSpec",
    "activity_delete",
    "activity_record",
    "activity_update",
    "affiliation_set",
    "commitment_record",
    "household_add",
    "household_counts_set",
    "household_remove",
    "household_update",
    "households_import",
    "model_create",
    "model_review",
    "model_transition",
    "model_update",
    "organisation_commitment_record",
    "workforce_set",
]
