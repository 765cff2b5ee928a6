"""The area tree's background job: the commit of a residential-group import."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from khongmatuy.common import jobs
from khongmatuy.common.errors import DomainError

from . import services
from .models import Area

if TYPE_CHECKING:
    from khongmatuy.common.models import Job

GROUPS_IMPORT_JOB = "areas.groups-import"


@jobs.handler(GROUPS_IMPORT_JOB)
def import_groups(*, job: Job, progress: jobs.Progress) -> jobs.Outcome:
    """Create the residential groups of a checked preview, all or nothing."""
    commune = Area.objects.for_user(job.user).get(pk=job.params["commune"])
    rows = job.params["payload"]
    progress(0, len(rows), _("Đang tạo %(n)s tổ dân phố, thôn") % {"n": len(rows)})
    specs = [
        services.GroupSpec(
            **{**row, "as_of": date.fromisoformat(row["as_of"]) if row["as_of"] else None}
        )
        for row in rows
    ]
    try:
        created = services.groups_create(
            actor=job.user, commune=commune, specs=specs, source=_("Nhập từ tệp Excel")
        )
    except ValidationError as exc:
        raise DomainError({"rows": exc.messages}) from exc
    progress(len(created), len(rows))
    return jobs.Outcome(
        messages=(_("Đã nhập %(n)s tổ dân phố, thôn.") % {"n": len(created)},),
        url=commune.get_absolute_url(),
    )
