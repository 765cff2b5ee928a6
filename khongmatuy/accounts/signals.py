"""Login, logout and failed logins go to the audit trail (authentication events, not domain).
A login also stamps its session as just renewed (the login saves it)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent

from .middleware import stamp_renewal
from .models import User


@receiver(user_logged_in)
def _on_login(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    audit.record(actor=user, action=AuditEvent.Action.LOGIN, obj=user)
    if hasattr(request, "session"):
        stamp_renewal(request.session)


@receiver(user_logged_out)
def _on_logout(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit.record(actor=user, action=AuditEvent.Action.LOGOUT, obj=user)


@receiver(user_login_failed)
def _on_login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit.record(
        actor=None,
        action=AuditEvent.Action.LOGIN_FAILED,
        model_label="accounts.User",
        object_repr=username,
    )
