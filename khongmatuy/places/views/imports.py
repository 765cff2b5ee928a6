"""The import page of hotspots and harbouring places: step 1 uploads and previews every row
(nothing saved, every bad cell named by row and column), step 2 commits the signed preview, all
rows or none (``services.places_import``). The same machinery as the registry's persons import:
the commune and file form, the bounded .xlsx reader, the signed preview."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from khongmatuy.common.access import scoped
from khongmatuy.common.exporter import xlsx_response
from khongmatuy.common.forms import post_data
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.roles import Capability
from khongmatuy.people.forms import ImportCommuneForm

from .. import imports, services

_IMPORT_SALT = "khongmatuy.places.import"


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PLACES)
def import_places(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    context: dict[str, Any] = {"max_rows": settings.KMT_IMPORT_MAX_ROWS}
    if request.method == "POST" and "token" in request.POST:
        try:
            payload = signing.loads(request.POST["token"], salt=_IMPORT_SALT, max_age=3600)
        except signing.BadSignature:
            messages.error(request, _("Phiên xem trước đã hết hạn. Hãy tải tệp lên lại."))
            return redirect("places:import")
        if payload["user"] != user.pk:
            raise PermissionDenied
        rows = [imports.PlaceRow.from_payload(r) for r in payload["rows"]]
        try:
            created = services.places_import(actor=user, rows=rows, today=today)
        except ValidationError as exc:
            context["errors"] = exc.messages
            context["form"] = ImportCommuneForm(user=user)
            return render(request, "places/import.html", context)
        messages.success(request, _("Đã nhập %(n)s điểm, tụ điểm.") % {"n": len(created)})
        return redirect("places:list")
    form = ImportCommuneForm(*post_data(request, files=True), user=user)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        commune = form.cleaned_data["commune"]
        rows, errors = imports.parse_places(form.cleaned_data["file"], commune=commune, today=today)
        if errors:
            context["errors"] = [str(e) for e in errors]
        else:
            context["preview"] = rows
            context["commune"] = commune
            context["token"] = signing.dumps(
                {"user": user.pk, "rows": [r.payload() for r in rows]},
                salt=_IMPORT_SALT,
                compress=True,
            )
    return render(request, "places/import.html", context)


@require_GET
@scoped(Capability.MANAGE_PLACES)
def import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    return xlsx_response(imports.template_workbook(), filename="mau-nhap-diem-tu-diem.xlsx")
