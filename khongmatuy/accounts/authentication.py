"""API authentication by personal or service tokens, and the per-token rate limit.

``ApiTokenAuthentication`` reads ``Authorization: Token <key>`` (or ``Bearer <key>``), finds the
token by the SHA-256 of the key, and refuses a revoked or expired token, a locked account, and a
police account that must use two-factor authentication but has not enrolled. A service token's
request sees only the token's areas: the narrowed scope is placed on the request's user, where
``scoping.scope_for`` finds it. A read-only token is refused any write by
``common.access.HasCapability``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.throttling import SimpleRateThrottle

from . import selectors, services
from .models import ApiToken, User

if TYPE_CHECKING:  # DRF's views import this module through its settings
    from rest_framework.request import Request
    from rest_framework.views import APIView

KEYWORDS = (b"token", b"bearer")
# A token's last use is stamped at most once a minute: one UPDATE, not one per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None  # another scheme (the session) may still apply
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Tiêu đề Authorization phải có dạng: Token <mã truy cập>.")
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ.")) from None
        return self.authenticate_key(key)

    def authenticate_key(self, key: str) -> tuple[User, ApiToken]:
        token = selectors.api_token_by_hash(services.hash_token_key(key))
        if token is None:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ."))
        now = timezone.now()
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Mã truy cập đã bị thu hồi."))
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("Mã truy cập đã hết hạn."))
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("Tài khoản đã bị khóa."))
        if (
            services.two_factor_required_for(user)
            and not selectors.two_factor_status(user=user).enabled
        ):
            raise exceptions.AuthenticationFailed(
                _("Vai trò của bạn phải bật xác thực hai bước trước khi dùng API.")
            )
        # ``scope_for`` reads this cache first: a service token sees only its own areas.
        user._kmt_scope = selectors.token_scope(token)  # type: ignore[attr-defined]
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Token realm="api"'


class TokenRateThrottle(SimpleRateThrottle):
    """Requests per token (per account for a browser session), ``KMT_API_RATE`` (e.g. 3600/hour).

    Counted in the default cache, which every worker shares (a database table or Redis).
    """

    scope = "api"

    def get_rate(self) -> str | None:
        return str(settings.KMT_API_RATE) or None

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        auth: Any = request.auth
        if isinstance(auth, ApiToken):
            ident = f"token-{auth.pk}"
        elif request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """How the OpenAPI schema describes ``ApiTokenAuthentication`` (``tokenAuth``)."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Mã truy cập API, gửi dạng "Token <mã>" (tạo tại Tài khoản của tôi '
            "→ Mã truy cập API, hoặc manage.py create_api_token).",
        }
