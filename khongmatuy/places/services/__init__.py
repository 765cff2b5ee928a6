"""Every write of the places app: hotspots and harbouring places, conditional businesses and their
inspections, cultivation, cameras, and the residential groups' tip boxes and hotline boards.

Each function is keyword-only, one transaction, ``full_clean`` before saving, and audits itself.
Refusals are ``DomainError`` keyed by the form field with a Vietnamese message; a lifecycle step
the place's status does not allow is ``InvalidTransition`` (never a 403). Every check runs before
the first write, so a refusal leaves nothing.

``actor`` is ``None`` only for system writes (demo data, imports run by a command). For a user, the
role must hold ``MANAGE_PLACES`` and the area must be in the user's scope (``PermissionDenied``
otherwise: views already fetched the object through ``for_user``, so this guards other callers).
``today`` defaults to the local date; tests, imports and the demo pass it in.
"""

from .businesses import BUSINESS_EDITABLE, business_create, business_update, inspection_record
from .cameras import CAMERA_EDITABLE, camera_create, camera_update, facility_check_record
from .checks import LAT_RANGE, LNG_RANGE, check_area_open, check_coordinates
from .cultivation import (
    CULTIVATION_EDITABLE,
    cultivation_create,
    cultivation_destroy,
    cultivation_update,
)
from .hotspots import (
    PLACE_EDITABLE,
    place_create,
    place_link_person,
    place_transition,
    place_update,
    places_import,
)

__all__ = [
    "BUSINESS_EDITABLE",
    "CAMERA_EDITABLE",
    "CULTIVATION_EDITABLE",
    "LAT_RANGE",
    "LNG_RANGE",
    "PLACE_EDITABLE",
    "business_create",
    "business_update",
    "camera_create",
    "camera_update",
    "check_area_open",
    "check_coordinates",
    "cultivation_create",
    "cultivation_destroy",
    "cultivation_update",
    "facility_check_record",
    "inspection_record",
    "place_create",
    "place_link_person",
    "place_transition",
    "place_update",
    "places_import",
]
