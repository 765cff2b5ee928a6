"""The reports' background jobs: issuing (figures, number, files, frozen) and a draft's files."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from khongmatuy.common import jobs

from . import services
from .models import Report

if TYPE_CHECKING:
    from khongmatuy.common.models import Job

ISSUE_JOB = "reports.issue"
RENDER_JOB = "reports.render"
FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pdf": ("application/pdf", "pdf"),
}


def _report(job: Job) -> Report:
    return (
        Report.objects.for_user(job.user)
        .select_related("area", "replaces")
        .get(pk=job.params["report"])
    )


@jobs.handler(ISSUE_JOB)
def issue(*, job: Job, progress: jobs.Progress) -> jobs.Outcome:
    report = services.report_issue(
        actor=job.user,
        report=_report(job),
        on=date.fromisoformat(job.params["on"]),
        progress=progress,
    )
    return jobs.Outcome(
        messages=(_("Đã ban hành Báo cáo số %(n)s.") % {"n": report.number_text},),
        url=report.get_absolute_url(),
    )


def file_name(report: Report, fmt: str) -> str:
    stamp = report.period.code.lower()
    number = f"-so-{report.number:02d}" if report.number else "-du-thao"
    return f"bao-cao-{stamp}{number}.{FORMATS[fmt][1]}"


@jobs.handler(RENDER_JOB)
def render(*, job: Job, progress: jobs.Progress) -> jobs.Outcome:
    """The files of a draft as they would be issued today (no number yet), one format."""
    from django.utils import timezone

    report = _report(job)
    fmt = job.params["format"]
    progress(0, 5, _("Đang tính số liệu tại ngày chốt"))
    rows = services.live_rows(report)
    progress(1, 5, "")
    files = services.render_files(
        report, rows=rows, on=timezone.localdate(), formats=(fmt,), progress=progress
    )
    if fmt not in files:
        return jobs.Outcome(messages=(_("Máy chủ chưa cài LibreOffice nên chưa tạo được PDF."),))
    progress(5, 5, "")
    return jobs.Outcome(
        messages=(_("Đã tạo tệp dự thảo."),),
        url=report.get_absolute_url(),
        file_name=file_name(report, fmt),
        file_type=FORMATS[fmt][0],
        file_content=files[fmt],
    )
