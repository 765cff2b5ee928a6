"""Checks shared by the plans services: the commune a record is filed under, uploaded files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from khongmatuy.areas.models import Area, Level
from khongmatuy.common.errors import DomainError, Errors, add_error
from khongmatuy.common.scoping import scope_for
from khongmatuy.common.text import normalize
from khongmatuy.criteria.services.recognition import check_document

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


def check_commune(*, actor: User, area: Area | None, errors: Errors, field: str = "area") -> None:
    """Plans, tasks and meetings are filed under a commune (or a province, for the city's
    plans) the actor sees."""
    if area is None:
        add_error(errors, field, _("Chọn địa bàn."))
        return
    if area.level not in (Level.COMMUNE, Level.PROVINCE) or not scope_for(actor).contains(area):
        add_error(errors, field, _("Chọn một xã, phường hoặc tỉnh, thành phố của bạn."))


def store_file(upload: UploadedFile | None, *, folder: str, field: str) -> tuple[str, str]:
    """A PDF or image checked by its content (``criteria``'s decision check: at most 10 MB, an
    image re-encoded without metadata), stored under a random name: ``(name, content_type)``.
    A refusal is keyed by ``field``."""
    if upload is None:
        return "", ""
    try:
        checked = check_document(upload)
    except DomainError as exc:
        raise DomainError({field: exc.messages}) from None
    name = default_storage.save(f"{folder}/{checked.stored_name}", checked.file)
    return name, checked.content_type


def text(errors: Errors, value: str | None, *, field: str, message: str, max_length: int) -> str:
    """A required text with its white space folded; a refusal is collected in ``errors`` (so
    every missing field of a form is named at once), not raised."""
    folded = normalize(value or "")
    if not folded:
        add_error(errors, field, message)
    elif len(folded) > max_length:
        add_error(
            errors,
            field,
            _("Tối đa %(max)d ký tự (đang có %(n)d).") % {"max": max_length, "n": len(folded)},
        )
    return folded
