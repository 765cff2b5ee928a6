"""Test helpers of accounts: API keys made through the service, as the UI makes them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rest_framework.test import APIClient

from khongmatuy.accounts import services
from khongmatuy.accounts.models import ApiToken

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User
    from khongmatuy.areas.models import Area


def api_key_for(
    user: User,
    *,
    read_only: bool = False,
    kind: str = ApiToken.Kind.PERSONAL,
    areas: Sequence[Area] = (),
    days: int = 30,
) -> str:
    _token, key = services.api_token_create(
        actor=user,
        user=user,
        name="test",
        days=days,
        read_only=read_only,
        kind=kind,
        areas=areas,
    )
    return key


def token_client(user: User, **options: object) -> APIClient:
    """An API client sending a fresh token of ``user`` (``api_key_for`` options)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(user, **options)}")  # type: ignore[arg-type]
    return client
