"""Helpers shared by the plans pages: stored files, the export answer."""

from __future__ import annotations

from typing import Any

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from khongmatuy.audit import services as audit
from khongmatuy.common import exporter
from khongmatuy.common.errors import DomainError
from khongmatuy.common.exporter import Sheet, workbook_bytes, xlsx_response
from khongmatuy.common.http import AuthenticatedHttpRequest


def download(file: FieldFile, *, content_type: str, filename: str) -> HttpResponse:
    """A stored file as an attachment (never rendered inline), or 404 when there is none."""
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = file.name.rsplit(".", 1)[-1] if file.name and "." in file.name else "bin"
    response = FileResponse(
        handle, as_attachment=True, filename=f"{filename}.{extension}", content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response  # type: ignore[return-value]


def send(
    request: AuthenticatedHttpRequest,
    *,
    sheet: Sheet[Any],
    model_label: str,
    title: str,
    unit: str,
    back: str,
    filename: str,
) -> HttpResponse:
    """Write ``sheet``, audit the export, answer the file (or the refusal of a bad password)."""
    try:
        password = exporter.export_password(request, sensitive=False)
    except DomainError as error:
        return exporter.export_refused(request, error, back=back)
    content = workbook_bytes(sheet)
    audit.record_export(
        actor=request.user,
        model_label=model_label,
        object_repr=title,
        rows=_("%(n)s %(unit)s") % {"n": sheet.count, "unit": unit},
        columns=_("không có thông tin cá nhân"),
        protected=bool(password),
        filters=request.GET,
    )
    stamp = f"{timezone.localdate():%Y%m%d}"
    return xlsx_response(content, filename=f"{filename}-{stamp}.xlsx", password=password)
