"""The criteria's background job: judging every area under a root at once."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from khongmatuy.areas.models import Area
from khongmatuy.common import jobs

from .services import evaluation as services

if TYPE_CHECKING:
    from khongmatuy.common.models import Job

EVALUATE_ALL_JOB = "criteria.evaluate-all"


@jobs.handler(EVALUATE_ALL_JOB)
def evaluate_all(*, job: Job, progress: jobs.Progress) -> jobs.Outcome:
    """``services.evaluate_all`` for the job's root, rule set and date (one transaction)."""
    root = Area.objects.for_user(job.user).get(pk=job.params["root"])
    code = job.params["rule_set"]
    progress(0, 1, _("Đang thu thập số liệu và đánh giá"))
    outcome = services.evaluate_all(
        actor=job.user, root=root, rule_set_code=code, on=date.fromisoformat(job.params["on"])
    )
    progress(1, 1)
    query = urlencode({"area": root.pk, "rule_set": code})
    return jobs.Outcome(
        messages=(
            _("Đã đánh giá %(n)s địa bàn: %(p)s đạt, %(f)s không đạt, %(u)s chưa kết luận.")
            % {
                "n": outcome.evaluated,
                "p": outcome.passed,
                "f": outcome.failed,
                "u": outcome.unknown,
            },
        ),
        url=f"{reverse('criteria:evaluations')}?{query}",
    )
