"""Forms of the people pages, one module per area of work (as ``services`` and ``views``).

Forms parse and bound the input; the services decide and write, and their refusals are put back
on these forms by the views.
"""

from __future__ import annotations

from .care import (
    AreaFilterForm,
    CarePolicyForm,
    ContactRecordForm,
    DrugTestForm,
    FollowUpResolveForm,
    SupervisionEndForm,
    SupervisionForm,
    SupportForm,
)
from .episodes import (
    CancelForm,
    CompleteForm,
    DossierItemForm,
    ExtendForm,
    OpenForm,
    RestartForm,
    StopForm,
)
from .persons import (
    CategoryEndForm,
    CategoryForm,
    FilterForm,
    ImportCommuneForm,
    PersonForm,
    PsychosisForm,
    RegisterForm,
    RemoveForm,
    ReturnForm,
)
from .quality import CheckForm, StartForm
from .transfers import AcceptForm, ProposeForm, RefuseForm, RequestForm

__all__ = [
    "AcceptForm",
    "AreaFilterForm",
    "CancelForm",
    "CarePolicyForm",
    "CategoryEndForm",
    "CategoryForm",
    "CheckForm",
    "CompleteForm",
    "ContactRecordForm",
    "DossierItemForm",
    "DrugTestForm",
    "ExtendForm",
    "FilterForm",
    "FollowUpResolveForm",
    "ImportCommuneForm",
    "OpenForm",
    "PersonForm",
    "ProposeForm",
    "PsychosisForm",
    "RefuseForm",
    "RegisterForm",
    "RemoveForm",
    "RequestForm",
    "RestartForm",
    "ReturnForm",
    "StartForm",
    "StopForm",
    "SupervisionEndForm",
    "SupervisionForm",
    "SupportForm",
]
