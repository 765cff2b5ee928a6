"""Plan documents: record one with its number checked, edit it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.areas.models import Area
from khongmatuy.audit import services as audit
from khongmatuy.common import validators
from khongmatuy.common.errors import Errors, add_error, raise_if
from khongmatuy.common.scoping import scope_for
from khongmatuy.criteria.models import Roadmap

from ..choices import DocumentKind
from ..models import PlanDocument
from ..rules import numbering
from .common import check_commune, store_file, text

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


def _checked(
    *,
    actor: User,
    document: PlanDocument | None,
    area: Area | None,
    kind: str,
    number: str,
    issued_on: date | None,
    issuing_body: str,
    signer_name: str,
    summary: str,
    period_start: date | None,
    period_end: date | None,
    implements: PlanDocument | None,
    roadmap: Roadmap | None,
    today: date,
) -> tuple[dict[str, object], Errors]:
    errors: Errors = {}
    check_commune(actor=actor, area=area, errors=errors)
    validators.choice(kind, DocumentKind, field="kind")
    number = numbering.clean(number or "")
    parsed = numbering.parse(number)
    if not number:
        add_error(errors, "number", _("Ghi số, ký hiệu văn bản, ví dụ 15/KH-UBND."))
    elif parsed is None:
        add_error(
            errors,
            "number",
            _(
                "Số, ký hiệu “%(number)s” không đúng thể thức: số/loại văn bản-cơ quan ban hành "
                "(15/KH-UBND, Nghị định 30/2020/NĐ-CP) hoặc số-loại/cơ quan (03-NQ/ĐU)."
            )
            % {"number": number},
        )
    elif not numbering.fits_kind(parsed, kind):
        add_error(
            errors,
            "number",
            _("Ký hiệu “%(code)s” không phải của loại văn bản “%(kind)s”.")
            % {"code": parsed.type_code or "—", "kind": DocumentKind(kind).label},
        )
    if issued_on is None:
        add_error(errors, "issued_on", _("Ghi ngày ban hành."))
    elif issued_on > today:
        add_error(errors, "issued_on", _("Ngày ban hành không được sau hôm nay."))
    if period_start and period_end and period_end < period_start:
        add_error(errors, "period_end", _("Ngày kết thúc phải sau ngày bắt đầu."))
    scope = scope_for(actor)
    if implements is not None:
        if document is not None and implements.pk == document.pk:
            add_error(errors, "implements", _("Văn bản không thể thực hiện chính nó."))
        elif not scope.contains(implements.area) and implements.area_id != (
            area.province_id if area else None
        ):
            add_error(errors, "implements", _("Văn bản cấp trên không thuộc địa bàn của bạn."))
    if roadmap is not None and (area is None or roadmap.area_id != area.pk):
        add_error(errors, "roadmap", _("Lộ trình phải là của cùng địa bàn."))
    values: dict[str, object] = {
        "kind": kind,
        "number": parsed.text if parsed else number,
        "issued_on": issued_on,
        "issuing_body": text(
            errors,
            issuing_body,
            field="issuing_body",
            message=_("Ghi cơ quan ban hành."),
            max_length=200,
        ),
        "signer_name": text(
            errors, signer_name, field="signer_name", message=_("Ghi người ký."), max_length=150
        ),
        "summary": text(
            errors, summary, field="summary", message=_("Ghi trích yếu nội dung."), max_length=500
        ),
        "period_start": period_start,
        "period_end": period_end,
        "implements": implements,
        "roadmap": roadmap,
    }
    return values, errors


@transaction.atomic
def document_create(
    *,
    actor: User,
    area: Area | None,
    kind: str,
    number: str,
    issued_on: date | None,
    issuing_body: str,
    signer_name: str,
    summary: str,
    today: date,
    signer_position: str = "",
    period_start: date | None = None,
    period_end: date | None = None,
    implements: PlanDocument | None = None,
    implements_text: str = "",
    roadmap: Roadmap | None = None,
    targets: str = "",
    file: UploadedFile | None = None,
) -> PlanDocument:
    """Record a plan, resolution, decision… with its number checked as Decree 30/2020/NĐ-CP
    writes it, and its file checked like every upload."""
    values, errors = _checked(
        actor=actor,
        document=None,
        area=area,
        kind=kind,
        number=number,
        issued_on=issued_on,
        issuing_body=issuing_body,
        signer_name=signer_name,
        summary=summary,
        period_start=period_start,
        period_end=period_end,
        implements=implements,
        roadmap=roadmap,
        today=today,
    )
    if (
        area is not None
        and issued_on is not None
        and "number" not in errors
        and PlanDocument.objects.filter(
            area=area, number=values["number"], issued_on=issued_on
        ).exists()
    ):
        add_error(errors, "number", _("Văn bản số này, ngày này đã được ghi."))
    raise_if(errors)
    assert issued_on is not None  # noqa: S101 - refused above otherwise
    stored, content_type = store_file(file, folder="plans", field="file")
    document = PlanDocument(
        area=area,
        signer_position=validators.limited_text(
            signer_position, field="signer_position", max_length=150
        ),
        implements_text=validators.limited_text(
            implements_text, field="implements_text", max_length=250
        ),
        targets=targets.strip(),
        file=stored,
        file_type=content_type,
        created_by=actor,
        **values,
    )
    document.full_clean(exclude=["file"])
    document.save()
    audit.record_change(actor=actor, obj=document, before=None)
    return document


@transaction.atomic
def document_update(
    *,
    actor: User,
    document: PlanDocument,
    kind: str,
    number: str,
    issued_on: date | None,
    issuing_body: str,
    signer_name: str,
    summary: str,
    today: date,
    signer_position: str = "",
    period_start: date | None = None,
    period_end: date | None = None,
    implements: PlanDocument | None = None,
    implements_text: str = "",
    roadmap: Roadmap | None = None,
    targets: str = "",
    file: UploadedFile | None = None,
    version: int | None = None,
) -> PlanDocument:
    document = PlanDocument.objects.select_for_update().get(pk=document.pk)
    audit.version_check(document, version, yours={"number": number, "summary": summary})
    values, errors = _checked(
        actor=actor,
        document=document,
        area=document.area,
        kind=kind,
        number=number,
        issued_on=issued_on,
        issuing_body=issuing_body,
        signer_name=signer_name,
        summary=summary,
        period_start=period_start,
        period_end=period_end,
        implements=implements,
        roadmap=roadmap,
        today=today,
    )
    raise_if(errors)
    before = audit.snapshot(document)
    if file is not None:
        document.file, document.file_type = store_file(file, folder="plans", field="file")
    for key, value in values.items():
        setattr(document, key, value)
    document.signer_position = validators.limited_text(
        signer_position, field="signer_position", max_length=150
    )
    document.implements_text = validators.limited_text(
        implements_text, field="implements_text", max_length=250
    )
    document.targets = targets.strip()
    document.full_clean(exclude=["file"])
    document.save()
    audit.record_change(actor=actor, obj=document, before=before)
    return document
