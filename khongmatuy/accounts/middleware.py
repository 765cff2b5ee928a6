"""Deny-by-default for undeclared views, and the two-factor gate for police roles."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from khongmatuy.common.access import Access, declared_access

logger = logging.getLogger(__name__)

SESSION_2FA_PENDING = "kmt_2fa_pending"


class ScopeDeclarationMiddleware:
    """Refuse to serve any view that has not declared how it is scoped."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        if declared_access(view_func) is None:
            logger.error("Refused undeclared view %s for %s", view_func, request.path)
            return HttpResponseForbidden(
                _("Trang này chưa khai báo phạm vi truy cập nên không được phục vụ.")
            )
        return None


class TwoFactorMiddleware:
    """Send a user to the TOTP step when it is pending, or required and not yet set up.

    A user with a confirmed device is asked for a code at every login; police roles must set
    one up when ``KMT_REQUIRE_2FA_FOR_POLICE`` is on (the production default).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or declared_access(view_func) == Access.PUBLIC:
            return None
        if getattr(view_func, "kmt_two_factor_step", False):
            return None
        if user.is_verified():  # type: ignore[attr-defined]  # added by OTPMiddleware
            return None
        if request.session.get(SESSION_2FA_PENDING):
            return redirect(reverse("accounts:two_factor_verify"))
        if settings.KMT_REQUIRE_2FA_FOR_POLICE and user.is_police:
            return redirect(reverse("accounts:two_factor_setup"))
        return None
