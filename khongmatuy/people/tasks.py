"""The people registry's background jobs: the import's commit and long exports."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from khongmatuy.common import jobs
from khongmatuy.common.errors import DomainError

from . import exports, imports

if TYPE_CHECKING:
    from khongmatuy.common.models import Job

IMPORT_JOB = "people.import"

__all__ = ["IMPORT_JOB", "exports", "import_persons"]


@jobs.handler(IMPORT_JOB)
def import_persons(*, job: Job, progress: jobs.Progress) -> jobs.Outcome:
    """Register the rows of a checked preview, all or nothing (``imports.commit_rows``)."""
    rows = job.params["payload"]
    progress(0, len(rows), _("Đang ghi %(n)s người vào sổ quản lý") % {"n": len(rows)})
    persons, errors = imports.commit_rows(
        actor=job.user, payload=rows, today=date.fromisoformat(job.params["today"])
    )
    if errors:
        raise DomainError({"rows": errors})
    progress(len(persons), len(rows))
    return jobs.Outcome(
        messages=(_("Đã nhập %(n)s người.") % {"n": len(persons)},), url=reverse("people:list")
    )
