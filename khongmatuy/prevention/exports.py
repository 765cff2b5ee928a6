"""The activity list as .xlsx: its columns and the background job that writes a long export
(``KMT_EXPORT_BACKGROUND_ROWS``), as the person and case lists do. The list has no personal
column; the file is handed out (and audited) by ``prevention:export_file``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from khongmatuy.common import jobs
from khongmatuy.common.exporter import XLSX, Column, Sheet, workbook_bytes

from . import forms, selectors
from .models import Activity

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User
    from khongmatuy.common.models import Job

EXPORT_JOB = "prevention.export"
PROGRESS_EVERY = 500  # rows between two progress reports of the job


def export_columns() -> list[Column[tuple[int, Activity]]]:
    """One row per activity, numbered: ``(n, activity)``. No persons: the list is not personal."""
    return [
        Column(_("STT"), lambda row: row[0]),
        Column(_("Ngày"), lambda row: f"{row[1].held_on:%d/%m/%Y}"),
        Column(_("Hình thức"), lambda row: row[1].get_form_display()),
        Column(_("Nội dung, chủ đề"), lambda row: row[1].topic, width=40),
        Column(_("Địa bàn"), lambda row: row[1].area.display_name),
        Column(
            _("Tổ dân phố"),
            lambda row: "; ".join(r.group.name for r in row[1].group_reaches.all()),
            width=30,
        ),
        Column(
            _("Đơn vị được tuyên truyền"),
            lambda row: "; ".join(r.organisation.name for r in row[1].organisation_reaches.all()),
            width=30,
        ),
        Column(_("Đối tượng"), lambda row: row[1].get_audience_display()),
        Column(_("Số người"), lambda row: row[1].audience_count),
        Column(_("Đơn vị tổ chức"), lambda row: row[1].organiser.name if row[1].organiser else ""),
    ]


def activities_sheet(
    *, user: User, filters: selectors.ActivityFilters, progress: jobs.Progress | None = None
) -> Sheet[tuple[int, Activity]]:
    """The sheet of the filtered list (rows read in chunks, their reach prefetched per chunk);
    with ``progress``, reported every ``PROGRESS_EVERY`` rows."""
    qs = selectors.activity_export_rows(user=user, filters=filters)
    rows: Any = enumerate(qs.iterator(chunk_size=2000), start=1)
    if progress is not None:
        rows = _reporting(rows, total=qs.count(), progress=progress)
    return Sheet("Tuyen truyen", export_columns(), rows)


def _reporting(rows: Any, *, total: int, progress: jobs.Progress) -> Any:
    step = _("Đang ghi các dòng vào tệp Excel")
    progress(0, total, step)
    for index, row in rows:
        if index % PROGRESS_EVERY == 0:
            progress(index, total, step)
        yield index, row


@jobs.handler(EXPORT_JOB)
def export_job(*, job: Job, progress: jobs.Progress) -> jobs.Outcome:
    """Write a long export in the worker; the file is handed out by ``prevention:export_file``."""
    query = QueryDict(job.params.get("query", ""))
    filters = forms.FilterForm(query or None, user=job.user).filters()
    sheet = activities_sheet(user=job.user, filters=filters, progress=progress)
    content = workbook_bytes(sheet)
    progress(sheet.count, sheet.count)
    job.params["download_url"] = reverse("prevention:export_file", args=[job.pk])
    return jobs.Outcome(
        messages=(_("Đã ghi %(n)s hoạt động vào tệp Excel.") % {"n": sheet.count},),
        file_name="tuyen-truyen.xlsx",
        file_type=XLSX,
        file_content=content,
    )
