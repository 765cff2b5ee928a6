"""Organisations and agencies located in an area."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.areas.models import (
    Area,
    Level,
    Organisation,
)
from khongmatuy.audit import services as audit
from khongmatuy.common.collation import text_sort_string
from khongmatuy.common.errors import DomainError
from khongmatuy.common.text import fold, normalize

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User
from khongmatuy.common.validators import PHONE_CHARS

# --- organisations --------------------------------------------------------------------------


@transaction.atomic
def organisation_save(
    *,
    actor: User | None,
    organisation: Organisation | None,
    area: Area,
    kind: str,
    name: str,
    address: str = "",
    head_name: str = "",
    phone: str = "",
    member_count: int | None = None,
    is_active: bool = True,
    version: int | None = None,
) -> Organisation:
    """Create (``organisation`` None) or update an organisation located in ``area``.

    The area is a commune-level unit or a residential group, active when the organisation is
    created or moved there. Names are unique per area and kind, ignoring case and diacritics.
    ``version``: for an update, the one the edit form was read at (``audit.version_check``).
    """
    before = None
    if organisation is None:
        organisation = Organisation()
    else:
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        yours: dict[str, Any] = {"area": area, "kind": kind, "name": name, "address": address}
        yours |= {"head_name": head_name, "phone": phone, "member_count": member_count}
        audit.version_check(organisation, version, yours={**yours, "is_active": is_active})
        before = audit.snapshot(organisation)
    area = Area.objects.get(pk=area.pk)  # its current state: it may have been merged meanwhile
    name, phone = normalize(name), phone.strip()
    if area.level < Level.COMMUNE:
        raise DomainError(
            {"area": _("Tổ chức, cơ quan phải thuộc một xã, phường hoặc tổ dân phố, thôn.")}
        )
    if not area.is_active and area.pk != organisation.area_id:
        raise DomainError(
            {"area": _("“%(name)s” đã giải thể hoặc sáp nhập.") % {"name": area.name}}
        )
    if not name:
        raise DomainError({"name": _("Tên tổ chức, cơ quan không được để trống.")})
    if any(ch not in PHONE_CHARS for ch in phone) or (
        phone and not any(ch.isdigit() for ch in phone)
    ):
        raise DomainError(
            {"phone": _("Số điện thoại chỉ gồm chữ số, dấu cách và các ký tự + - . ( ).")}
        )
    if member_count is not None and member_count < 0:
        raise DomainError({"member_count": _("Số thành viên không được âm.")})
    duplicate = Organisation.objects.filter(area=area, kind=kind, name_folded=fold(name))
    if organisation.pk is not None:
        duplicate = duplicate.exclude(pk=organisation.pk)
    if duplicate.exists():
        raise DomainError(
            {
                "name": _("Đã có tổ chức, cơ quan tên “%(name)s” cùng loại tại %(area)s.")
                % {"name": name, "area": area.name}
            }
        )
    organisation.area, organisation.kind, organisation.name = area, kind, name
    organisation.name_folded, organisation.name_sort = fold(name), text_sort_string(name)
    organisation.address, organisation.head_name = normalize(address), normalize(head_name)
    organisation.phone, organisation.member_count = phone, member_count
    organisation.is_active = is_active
    organisation.full_clean()
    organisation.save()
    audit.record_change(actor=actor, obj=organisation, before=before)
    return organisation
