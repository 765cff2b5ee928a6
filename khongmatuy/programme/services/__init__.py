"""Every write of the programme app. Each service runs in one transaction and audits itself."""

from __future__ import annotations

from .indicators import indicator_target_set, indicator_value_set
from .money import (
    adjustment_record,
    allocation_record,
    commitment_record,
    commune_project_create,
    commune_project_lead_set,
    disbursement_record,
    output_record,
)

__all__ = [
    "adjustment_record",
    "allocation_record",
    "commitment_record",
    "commune_project_create",
    "commune_project_lead_set",
    "disbursement_record",
    "indicator_target_set",
    "indicator_value_set",
    "output_record",
]
