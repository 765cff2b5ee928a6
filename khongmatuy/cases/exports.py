"""The case list as .xlsx: its columns, the hand-out (audited, encrypted when a password is
typed) and the background job that writes a long export (``KMT_EXPORT_BACKGROUND_ROWS``), as the
person list does (``people.exports``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from khongmatuy.audit import services as audit
from khongmatuy.common import jobs
from khongmatuy.common.exporter import XLSX, Column, Sheet, workbook_bytes, xlsx_response
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.roles import Capability

from . import forms, selectors
from .models import Case

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User
    from khongmatuy.common.models import Job

EXPORT_JOB = "cases.export"
PROGRESS_EVERY = 500  # rows between two progress reports of the job


def _persons_text(case: Case, *, sensitive: bool) -> str:
    persons = []
    for link in case.persons.all():
        text = f"{link.person.full_name} ({link.get_role_display()}"
        if link.arrested_on:
            text += f", {link.arrested_on:%d/%m/%Y}"
        if sensitive and link.person.citizen_id:
            text += f", CCCD {link.person.citizen_id}"
        persons.append(text + ")")
    return "; ".join(persons)


def _seizures_text(case: Case) -> str:
    return "; ".join(
        f"{s.substance_label}{f' ({s.form})' if s.form else ''}: "
        f"{selectors.quantity_text(s.quantity)} {s.get_unit_display()}"
        for s in case.seizures.all()
    )


def export_columns(*, sensitive: bool) -> list[Column[tuple[int, Case]]]:
    """One row per case, numbered: ``(n, case)``."""
    return [
        Column(_("STT"), lambda row: row[0]),
        Column(_("Số hồ sơ"), lambda row: row[1].number),
        Column(_("Ngày phát hiện"), lambda row: f"{row[1].occurred_on:%d/%m/%Y}"),
        Column(_("Loại"), lambda row: row[1].get_kind_display()),
        Column(_("Tội danh, hành vi"), lambda row: row[1].get_offence_display_text()),
        Column(_("Địa bàn"), lambda row: row[1].area.name),
        Column(_("Tình trạng"), lambda row: row[1].get_status_display()),
        Column(_("Người liên quan"), lambda row: _persons_text(row[1], sensitive=sensitive)),
        Column(_("Tang vật thu giữ"), lambda row: _seizures_text(row[1])),
        Column(_("Tóm tắt"), lambda row: row[1].summary),
    ]


def cases_sheet(
    *,
    user: User,
    filters: selectors.CaseFilters,
    sensitive: bool,
    progress: jobs.Progress | None = None,
) -> Sheet[tuple[int, Case]]:
    """The sheet of the filtered list (rows read in chunks, their persons and seizures
    prefetched per chunk); with ``progress``, reported every ``PROGRESS_EVERY`` rows."""
    qs = selectors.case_export_rows(user=user, filters=filters)
    rows: Any = enumerate(qs.iterator(chunk_size=2000), start=1)
    if progress is not None:
        rows = _reporting(rows, total=qs.count(), progress=progress)
    return Sheet(_("Vụ việc"), export_columns(sensitive=sensitive), rows)


def _reporting(rows: Any, *, total: int, progress: jobs.Progress) -> Any:
    step = _("Đang ghi các dòng vào tệp Excel")
    progress(0, total, step)
    for index, row in rows:
        if index % PROGRESS_EVERY == 0:
            progress(index, total, step)
        yield index, row


def hand_out(
    request: AuthenticatedHttpRequest,
    *,
    content: bytes,
    rows: int,
    filters: selectors.CaseFilters,
    password: str,
    query: QueryDict,
) -> HttpResponse:
    """The download: its EXPORT entry in the audit trail, the file (encrypted with
    ``password`` when one was typed)."""
    sensitive = request.user.can(Capability.VIEW_SENSITIVE)
    audit.record_export(
        actor=request.user,
        model_label="cases.Case",
        object_repr=_("Danh sách vụ việc"),
        area_id=filters.area.pk if filters.area is not None else None,
        rows=_("%(n)s vụ việc") % {"n": rows},
        columns=_("có số CCCD") if sensitive else _("không có số CCCD"),
        protected=bool(password),
        filters=query,
    )
    stamp = f"{timezone.localdate():%Y%m%d}"
    return xlsx_response(content, filename=f"vu-viec-{stamp}.xlsx", password=password)


@jobs.handler(EXPORT_JOB)
def export_job(*, job: Job, progress: jobs.Progress) -> jobs.Outcome:
    """Write a long export in the worker; the file is handed out by ``cases:export_file``."""
    query = QueryDict(job.params.get("query", ""))
    filters = forms.FilterForm(query or None, user=job.user).filters()
    sheet = cases_sheet(
        user=job.user,
        filters=filters,
        sensitive=bool(job.params.get("sensitive")),
        progress=progress,
    )
    content = workbook_bytes(sheet)
    progress(sheet.count, sheet.count)
    job.params["download_url"] = reverse("cases:export_file", args=[job.pk])
    return jobs.Outcome(
        messages=(_("Đã ghi %(n)s vụ việc vào tệp Excel.") % {"n": sheet.count},),
        file_name="vu-viec.xlsx",
        file_type=XLSX,
        file_content=content,
    )
