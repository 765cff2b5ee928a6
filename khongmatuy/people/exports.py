"""The persons list as .xlsx: built in the request for a short list, by the worker for a long
one (``EXPORT_JOB``), handed out and audited in one place either way."""

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
from khongmatuy.common.scoping import scope_for

from .forms import persons as forms
from .forms.fields import chosen_area_or_404
from .models import Person
from .selectors import persons as selectors

if TYPE_CHECKING:
    from khongmatuy.common.models import Job

EXPORT_JOB = "people.export"
PROGRESS_EVERY = 500  # rows between two progress updates of a background export


def filters_from(data: QueryDict, *, user: Any) -> tuple[forms.FilterForm, str, Any]:
    """The list's filter form, the search text and the ``PersonFilters`` of a query string.

    A bad category, flag or status is ignored; an area outside the user's scope is a 404.
    """
    form = forms.FilterForm(data or None, user=user)
    area = chosen_area_or_404(form)
    cleaned: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        cleaned = form.cleaned_data
    psychosis = {"1": True, "0": False}.get(cleaned.get("psychosis") or "")
    filters = selectors.PersonFilters(
        category=cleaned.get("category") or "",
        area=area,
        psychosis=psychosis,
        status=cleaned.get("status") or selectors.Status.ACTIVE,
        as_of=cleaned.get("as_of"),
        users=bool(cleaned.get("users")),
        outside_treatment=bool(cleaned.get("outside_treatment")),
        dealers=bool(cleaned.get("dealers")),
        new_from=cleaned.get("new_from"),
        new_to=cleaned.get("new_to"),
    )
    return form, cleaned.get("q") or "", filters


def _list_status(person: Person) -> str:
    if person.is_active:
        return _("Đang quản lý")
    return _("Đã đưa ra khỏi danh sách %(d)s") % {
        "d": f"{person.removed_on:%d/%m/%Y}" if person.removed_on else ""
    }


def persons_sheet(
    *, user: Any, query: str, filters: Any, sensitive: bool, progress: jobs.Progress | None = None
) -> Sheet[tuple[int, Person]]:
    """The sheet of the filtered list; sensitive columns only when ``sensitive``."""
    qs = selectors.person_queryset(user=user, query=query, filters=filters).prefetch_related(
        selectors.open_categories_prefetch()
    )
    columns: list[Column[tuple[int, Person]]] = [
        Column(_("STT"), lambda r: r[0]),
        Column(_("Họ và tên"), lambda r: r[1].full_name),
        Column(_("Tên gọi khác"), lambda r: r[1].aliases),
        Column(_("Giới tính"), lambda r: r[1].get_sex_display()),
        Column(_("Ngày sinh"), lambda r: r[1].date_of_birth),
        Column(_("Địa bàn quản lý"), lambda r: r[1].area.name),
        Column(_("Địa chỉ thường trú"), lambda r: r[1].permanent_address),
        Column(_("Nơi ở hiện tại"), lambda r: r[1].current_address),
        Column(_("Điện thoại"), lambda r: r[1].phone),
        Column(_("Nghề nghiệp"), lambda r: r[1].occupation),
        Column(
            _("Diện quản lý hiện tại"),
            lambda r: "; ".join(
                c.get_category_display() for c in getattr(r[1], "open_categories", [])
            ),
        ),
        Column(_("Loạn thần"), lambda r: _("Có") if r[1].psychosis else ""),
        Column(_("Trạng thái"), lambda r: _list_status(r[1])),
    ]
    if sensitive:
        columns += [
            Column(_("Số CCCD"), lambda r: r[1].citizen_id or ""),
            Column(_("Ghi chú biểu hiện loạn thần"), lambda r: r[1].psychosis_note),
            Column(_("Ghi chú nghiệp vụ"), lambda r: r[1].notes),
        ]
    rows: Any = enumerate(qs.iterator(chunk_size=2000), start=1)
    if progress is not None:
        total = qs.count()
        rows = _reporting(rows, total=total, progress=progress)
    return Sheet(_("Người trong diện quản lý"), columns, rows)


def _reporting(rows: Any, *, total: int, progress: jobs.Progress) -> Any:
    step = _("Đang ghi các dòng vào tệp Excel")
    progress(0, total, step)
    for index, row in rows:
        if index % PROGRESS_EVERY == 0:
            progress(index, total, step)
        yield index, row


def _export_area_id(user: Any, filters: selectors.PersonFilters) -> int | None:
    """The area the export event is filed under (so the area's auditors see it)."""
    if filters.area is not None:
        return int(filters.area.pk)
    scope = scope_for(user)
    ids = scope.province_ids | scope.commune_ids | scope.group_ids
    return next(iter(ids)) if len(ids) == 1 else None


def hand_out(
    request: AuthenticatedHttpRequest,
    *,
    content: bytes,
    rows: int,
    filters: Any,
    password: str,
    query: QueryDict,
) -> HttpResponse:
    """The download of an export: its EXPORT entry in the audit trail, the file (encrypted
    with ``password`` when one was typed)."""
    user = request.user
    sensitive = user.can(Capability.VIEW_SENSITIVE)
    audit.record_export(
        actor=user,
        model_label="people.Person",
        object_repr=_("Danh sách người trong diện quản lý"),
        area_id=_export_area_id(user, filters),
        rows=_("%(n)s người") % {"n": rows},
        columns=_("có cột nhạy cảm") if sensitive else _("không có cột nhạy cảm"),
        protected=bool(password),
        filters=query,
    )
    stamp = f"{timezone.localdate():%Y%m%d}"
    return xlsx_response(
        content, filename=f"nguoi-trong-dien-quan-ly-{stamp}.xlsx", password=password
    )


@jobs.handler(EXPORT_JOB)
def export_job(*, job: Job, progress: jobs.Progress) -> jobs.Outcome:
    """Write a long export in the worker; the file is handed out by ``people:export_file``."""
    _form, query, filters = filters_from(QueryDict(job.params.get("query", "")), user=job.user)
    sheet = persons_sheet(
        user=job.user,
        query=query,
        filters=filters,
        sensitive=bool(job.params.get("sensitive")),
        progress=progress,
    )
    content = workbook_bytes(sheet)
    progress(sheet.count, sheet.count)
    job.params["download_url"] = reverse("people:export_file", args=[job.pk])
    return jobs.Outcome(
        messages=(_("Đã ghi %(n)s người vào tệp Excel.") % {"n": sheet.count},),
        file_name="nguoi-trong-dien-quan-ly.xlsx",
        file_type=XLSX,
        file_content=content,
    )
