"""The .xlsx exports of the prevention lists, through the shared exporter (formula-safe,
optionally encrypted with the password of a POST), each audited in one EXPORT entry. None has a
personal column: the household export is the coverage per group, never the list of households."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from khongmatuy.areas.models import Area
from khongmatuy.audit import services as audit
from khongmatuy.common import exporter
from khongmatuy.common.access import scoped
from khongmatuy.common.errors import DomainError
from khongmatuy.common.exporter import Column, Sheet, workbook_bytes, xlsx_response
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.ids import parse_id
from khongmatuy.common.roles import Capability

from ..models import DrugFreeModel
from ..selectors import commitments, households

VIEW = Capability.VIEW_PREVENTION


def area_param(request: AuthenticatedHttpRequest) -> Area | None:
    """``?area=`` as an area the user sees (else 404), or None for the whole scope."""
    raw = request.GET.get("area", "")
    if not raw:
        return None
    area_id = parse_id(raw)
    if area_id is None:
        raise Http404
    return get_object_or_404(Area.objects.for_user(request.user), pk=area_id)


def send(
    request: AuthenticatedHttpRequest,
    *,
    sheet: Sheet[Any],
    model_label: str,
    title: str,
    unit: str,
    back: str,
    filename: str,
    area_id: int | None = None,
    written: tuple[bytes, int] | None = None,
    filters: QueryDict | None = None,
) -> HttpResponse:
    """Write ``sheet`` (or hand out the file a job ``written``: its bytes and rows), audit the
    export, answer the file (or the refusal of a bad password)."""
    try:
        password = exporter.export_password(request, sensitive=False)
    except DomainError as error:
        return exporter.export_refused(request, error, back=back)
    if written is not None:
        content, count = written
    else:
        content, count = workbook_bytes(sheet), sheet.count
    audit.record_export(
        actor=request.user,
        model_label=model_label,
        object_repr=title,
        area_id=area_id,
        rows=_("%(n)s %(unit)s") % {"n": count, "unit": unit},
        columns=_("không có thông tin cá nhân"),
        protected=bool(password),
        filters=request.GET if filters is None else filters,
    )
    stamp = f"{timezone.localdate():%Y%m%d}"
    return xlsx_response(content, filename=f"{filename}-{stamp}.xlsx", password=password)


def _numbered(rows: Iterable[Any]) -> Iterable[tuple[int, Any]]:
    return enumerate(rows, 1)


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password")
@scoped(VIEW)
def households_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    area = area_param(request)
    rows = households.group_rows(user=request.user, on=timezone.localdate(), area=area)
    sheet = Sheet(
        "Cam ket ho gia dinh",
        [
            Column(_("STT"), lambda r: r[0]),
            Column(_("Tổ dân phố"), lambda r: r[1].group_name, width=28),
            Column(_("Xã, phường"), lambda r: r[1].commune_name, width=24),
            Column(_("Số hộ"), lambda r: r[1].total),
            Column(_("Đã ký cam kết"), lambda r: r[1].reached),
            Column(_("Tỷ lệ (%)"), lambda r: r[1].percent),
            Column(_("Theo sổ giấy"), lambda r: _("có") if r[1].paper else ""),
        ],
        _numbered(rows),
    )
    return send(
        request,
        sheet=sheet,
        model_label="prevention.HouseholdCommitment",
        title=_("Cam kết của hộ gia đình theo tổ dân phố"),
        unit=_("tổ dân phố"),
        back=reverse("prevention:households"),
        filename="cam-ket-ho-gia-dinh",
        area_id=area.pk if area is not None else None,
    )


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password")
@scoped(VIEW)
def commitments_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = parse_id(request.GET.get("year")) or timezone.localdate().year
    rows = commitments.commitment_list(user=request.user, year=year)
    sheet = Sheet(
        "Cam ket don vi",
        [
            Column(_("STT"), lambda r: r[0]),
            Column(_("Đơn vị"), lambda r: r[1].organisation.name, width=32),
            Column(_("Địa bàn"), lambda r: r[1].organisation.area.display_name, width=24),
            Column(_("Người đứng đầu"), lambda r: r[1].head_name, width=24),
            Column(_("Ngày ký"), lambda r: f"{r[1].signed_on:%d/%m/%Y}"),
            Column(_("Số người cam kết"), lambda r: r[1].members_count),
            Column(_("Số người mới sử dụng, nghiện"), lambda r: r[1].broken_count or 0),
        ],
        _numbered(rows),
    )
    return send(
        request,
        sheet=sheet,
        model_label="prevention.OrganisationCommitment",
        title=_("Cam kết của cơ quan, tổ chức năm %(year)s") % {"year": year},
        unit=_("cam kết"),
        back=reverse("prevention:commitments"),
        filename="cam-ket-don-vi",
    )


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password")
@scoped(VIEW)
def models_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = (
        DrugFreeModel.objects.for_user(request.user)
        .select_related("area", "host", "replicated_from")
        .order_by("kind", "name", "pk")
    )
    sheet = Sheet(
        "Mo hinh",
        [
            Column(_("STT"), lambda r: r[0]),
            Column(_("Tên mô hình"), lambda r: r[1].name, width=32),
            Column(_("Loại"), lambda r: r[1].get_kind_display(), width=24),
            Column(_("Địa bàn"), lambda r: r[1].area.display_name, width=24),
            Column(_("Đơn vị chủ trì"), lambda r: r[1].host.name if r[1].host else ""),
            Column(_("Quyết định"), lambda r: r[1].decision_number),
            Column(_("Tình trạng"), lambda r: r[1].get_status_display()),
            Column(_("Số thành viên"), lambda r: r[1].members_count),
            Column(
                _("Nhân rộng từ"),
                lambda r: r[1].replicated_from.name if r[1].replicated_from else "",
            ),
        ],
        _numbered(rows),
    )
    return send(
        request,
        sheet=sheet,
        model_label="prevention.DrugFreeModel",
        title=_("Danh sách mô hình không ma túy"),
        unit=_("mô hình"),
        back=reverse("prevention:models"),
        filename="mo-hinh-khong-ma-tuy",
    )
