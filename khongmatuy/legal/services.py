"""Confirming a legal value: the one write of this app, for every app's legal rules."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.audit import services as audit
from khongmatuy.common.errors import DomainError, Errors, add_error, raise_if
from khongmatuy.common.roles import Capability
from khongmatuy.common.text import normalize

from . import registry, selectors
from .models import LegalValue

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

TEXT_MAX = 250


def _check_field(errors: Errors, spec: registry.ValueField, value: Any) -> None:
    if value is None or value == "":
        if spec.required:
            add_error(errors, spec.name, _("Nhập giá trị theo văn bản chính thức."))
        return
    if spec.kind == registry.Kind.CHOICE:
        if str(value) not in {key for key, _label in spec.choices}:
            add_error(errors, spec.name, _("Chọn một giá trị trong danh sách."))
        return
    if spec.kind == registry.Kind.DATE:
        if not isinstance(value, date):
            add_error(errors, spec.name, _("Nhập ngày theo dạng dd/mm/yyyy."))
        return
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        add_error(errors, spec.name, _("Nhập một số."))
        return
    if spec.kind == registry.Kind.INTEGER and number != number.to_integral_value():
        add_error(errors, spec.name, _("Nhập một số nguyên."))
    elif spec.minimum is not None and number < spec.minimum:
        add_error(errors, spec.name, _("Giá trị không được nhỏ hơn %(n)s.") % {"n": spec.minimum})
    elif spec.maximum is not None and number > spec.maximum:
        add_error(errors, spec.name, _("Giá trị không được lớn hơn %(n)s.") % {"n": spec.maximum})


@transaction.atomic
def legal_value_confirm(
    *,
    source: str,
    code: str,
    effective_from: date,
    values: Mapping[str, Any],
    article: str,
    note: str = "",
    actor: User,
) -> LegalValue:
    """An administrator sets the values of one version of a legal rule from the official text.

    The row replaces that version's values and makes it confirmed wherever the owning app
    computes with it; the change is audited with the values before and after. Every refusal is
    raised at once, keyed by field; nothing is stored when one is found.
    """
    if not actor.can(Capability.CONFIGURE_RULES):
        raise PermissionDenied
    owner = registry.get(source)
    item = selectors.item_get(source=source, code=code, effective_from=effective_from)
    if owner is None or item is None:
        raise DomainError({"code": _("Không có quy định này trong bảng quy định.")})
    if not item.fields:
        raise DomainError(
            {"code": _("Quy định này đã được xác nhận theo văn bản; không sửa giá trị tại đây.")}
        )
    errors: Errors = {}
    for spec in item.fields:
        _check_field(errors, spec, values.get(spec.name))
    article = normalize(article or "")
    note = normalize(note or "")
    if not article:
        add_error(errors, "article", _("Ghi điều, khoản, văn bản căn cứ."))
    for name, text in (("article", article), ("note", note)):
        if len(text) > TEXT_MAX:
            add_error(errors, name, _("Tối đa %(max)d ký tự.") % {"max": TEXT_MAX})
    if not errors:
        for key, messages in owner.check(item, values).items():
            for message in messages:
                add_error(errors, key, message)
    raise_if(errors)
    row = (
        LegalValue.objects.select_for_update()
        .filter(rule=item.rule, effective_from=effective_from)
        .first()
    )
    before = audit.snapshot(row) if row is not None else None
    if row is None:
        row = LegalValue(rule=item.rule, effective_from=effective_from)
    row.values = {spec.name: spec.to_json(values.get(spec.name)) for spec in item.fields}
    row.article = article
    row.note = note
    row.confirmed_by = actor
    row.full_clean()
    row.save()
    audit.record_change(actor=actor, obj=row, before=before, note=str(item.title))
    owner.apply(item=item, value=row, actor=actor)
    return row
