"""The .xlsx exports of the programme, through the shared exporter (formula-safe, optionally
encrypted), each audited in one EXPORT entry. No personal column: projects and money only."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from khongmatuy.audit import services as audit
from khongmatuy.common import exporter
from khongmatuy.common.access import scoped
from khongmatuy.common.errors import DomainError
from khongmatuy.common.exporter import Column, Sheet, workbook_bytes, xlsx_response
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.roles import Capability

from .. import forms
from ..rules.money import display_percent
from ..selectors import indicators as indicator_selectors
from ..selectors import projects as project_selectors
from ..selectors.projects import ProjectRow
from .pages import filters_of


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password")
@scoped(Capability.VIEW_PROGRAMME)
def project_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The list as filtered: one row per commune project with the year's money (exact đồng)."""
    back = reverse("programme:list")
    try:
        password = exporter.export_password(request, sensitive=False)
    except DomainError as error:
        return exporter.export_refused(request, error, back=back)
    form = forms.FilterForm(request.GET or None, user=request.user)
    filters = filters_of(form)
    on = indicator_selectors.as_of(filters.year, timezone.localdate())
    rows = project_selectors.project_rows(user=request.user, filters=filters, on=on)
    sheet: Sheet[ProjectRow] = Sheet(
        "Chuong trinh MTQG",
        [
            Column(_("Xã, phường"), lambda r: r.commune_project.area.display_name, width=24),
            Column(_("Dự án"), lambda r: r.commune_project.project.label, width=30),
            Column(_("Tên dự án"), lambda r: r.commune_project.project.name, width=50),
            Column(_("Đơn vị chủ trì"), lambda r: r.commune_project.lead.name, width=28),
            Column(_("Năm"), lambda r: filters.year),
            Column(_("Vốn được giao (đồng)"), lambda r: r.ledger.allocated, width=18),
            Column(_("Điều chỉnh (đồng)"), lambda r: r.ledger.adjusted, width=18),
            Column(_("Cam kết chi (đồng)"), lambda r: r.ledger.committed, width=18),
            Column(_("Đã giải ngân (đồng)"), lambda r: r.ledger.disbursed, width=18),
            Column(_("Tỷ lệ giải ngân (%)"), lambda r: display_percent(r.progress.rate)),
            Column(_("Kế hoạch đến ngày (%)"), lambda r: display_percent(r.progress.planned)),
            Column(_("Chậm tiến độ"), lambda r: _("có") if r.progress.behind else ""),
        ],
        rows,
    )
    content = workbook_bytes(sheet)
    audit.record_export(
        actor=request.user,
        model_label="programme.CommuneProject",
        object_repr=_("Dự án Chương trình MTQG năm %(year)s") % {"year": filters.year},
        area_id=filters.area.pk if filters.area else None,
        rows=_("%(n)s dự án") % {"n": sheet.count},
        columns=_("không có thông tin cá nhân"),
        protected=bool(password),
        filters=request.GET,
    )
    stamp = f"{timezone.localdate():%Y%m%d}"
    return xlsx_response(content, filename=f"chuong-trinh-mtqg-{stamp}.xlsx", password=password)
