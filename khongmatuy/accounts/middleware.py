"""Deny-by-default for undeclared views, the two-factor gate for police roles, and the session's
idle timeout renewed at most once a minute."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from khongmatuy.common.access import Access, declared_access

logger = logging.getLogger(__name__)

SESSION_2FA_PENDING = "kmt_2fa_pending"
# When the session was last saved by a request (whole seconds since the epoch).
SESSION_RENEWED = "kmt_renewed"


def stamp_renewal(session: SessionBase) -> None:
    """Note in ``session`` that it is being saved now (which marks it to be saved)."""
    session[SESSION_RENEWED] = int(time.time())


class SessionRenewalMiddleware:
    """Push the session's idle timeout back at most once every ``KMT_SESSION_RENEW_SECONDS``.

    A database session expires ``SESSION_COOKIE_AGE`` (``KMT_SESSION_IDLE_MINUTES``) after it
    was last saved. ``SESSION_SAVE_EVERY_REQUEST`` renewed it by writing it back on every
    request (three statements); this saves it only when the last save is older than the
    interval, so an idle session still ends ``KMT_SESSION_IDLE_MINUTES`` after the last save,
    that is at most one interval earlier than after the last request, never later. Placed
    right after Django's ``SessionMiddleware``, which does the saving.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session: SessionBase | None = getattr(request, "session", None)
        # An untouched session is not loaded here; an empty one (anonymous, logged out) is
        # never created by the renewal.
        if session is None or not session.accessed or session.is_empty():
            return response
        age = int(time.time()) - session.get(SESSION_RENEWED, 0)
        if session.modified or not 0 <= age < settings.KMT_SESSION_RENEW_SECONDS:
            stamp_renewal(session)
        return response


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
