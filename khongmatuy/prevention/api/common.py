"""Inputs shared by the prevention API modules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from khongmatuy.areas.models import Organisation
from khongmatuy.common.api import INTEGER_ERRORS, date_input, id_input
from khongmatuy.common.errors import DomainError
from khongmatuy.common.ids import MAX_ID

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

TAG = "Phòng ngừa, tuyên truyền"


def count_input(help_text: str, *, required: bool = False, maximum: int = 10**7) -> Any:
    """A non-negative count (people, households); an optional one may be null."""
    return serializers.IntegerField(
        required=required,
        allow_null=not required,
        min_value=0,
        max_value=maximum,
        error_messages=INTEGER_ERRORS,
        help_text=help_text,
    )


def year_input(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=2000, max_value=2100, error_messages=INTEGER_ERRORS, help_text=help_text
    )


def ids_input(help_text: str) -> serializers.ListField:
    """A list of record ids (at most 500), empty by default."""
    return serializers.ListField(
        child=serializers.IntegerField(
            min_value=1, max_value=MAX_ID, error_messages=INTEGER_ERRORS
        ),
        required=False,
        default=list,
        max_length=500,
        help_text=help_text,
    )


def organisation_in_scope(user: User, pk: int | None, field: str) -> Organisation | None:
    """The organisation ``pk`` if the user sees it; an unseen one is refused like a missing
    one, naming ``field``. ``None`` stays ``None``."""
    if pk is None:
        return None
    organisation = Organisation.objects.for_user(user).select_related("area").filter(pk=pk).first()
    if organisation is None:
        raise DomainError({field: [_("Không có cơ quan, đơn vị này trong phạm vi của tài khoản.")]})
    return organisation


__all__ = ["TAG", "count_input", "date_input", "id_input", "ids_input", "organisation_in_scope"]
