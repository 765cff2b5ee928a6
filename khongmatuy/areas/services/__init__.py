"""Every write to the area tree. Each function is one transaction and audits itself.

Refusals are ``DomainError`` keyed by the name of the input that caused them, with a Vietnamese
message, so that a view can put them next to the right form field. Every check runs before the
first write, so a refused call leaves nothing behind.
"""

from khongmatuy.areas.services.checks import MAX_HOUSEHOLDS, MAX_POPULATION, NAME_MAX_LENGTH
from khongmatuy.areas.services.figures import figure_set
from khongmatuy.areas.services.groups import GroupSpec, groups_create, numbered_group_names
from khongmatuy.areas.services.organisations import organisation_save
from khongmatuy.areas.services.tree import area_create, area_merge, area_rename, area_update

__all__ = [
    "MAX_HOUSEHOLDS",
    "MAX_POPULATION",
    "NAME_MAX_LENGTH",
    "GroupSpec",
    "area_create",
    "area_merge",
    "area_rename",
    "area_update",
    "figure_set",
    "groups_create",
    "numbered_group_names",
    "organisation_save",
]
