"""How every view declares its access, and the deny-by-default rule.

Each URL's view must carry one declaration:

* ``@public``: no login, serves no area data (login page, health check, language switch).
* ``@own_account``: login required, serves only the user's own account (profile, 2FA, token).
* ``@scoped()`` / ``ScopedAPIView``: login required, reads area data only through
  ``Model.objects.for_user(user)``; may require a capability of the user's role.

``ScopeDeclarationMiddleware`` refuses to serve a view without a declaration, the system check
``kmt.E001`` fails start-up for one, and the leak test walks every URL pattern.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from .models import ScopedModel
from .roles import Capability, role_can
from .scoping import AreaLike, scope_for

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

ATTRIBUTE = "kmt_access"

_F = TypeVar("_F", bound=Callable[..., HttpResponse])


class Access(StrEnum):
    PUBLIC = "public"
    OWN_ACCOUNT = "own_account"
    SCOPED = "scoped"


def public(view: _F) -> _F:
    setattr(view, ATTRIBUTE, Access.PUBLIC)
    return view


def own_account(view: _F) -> _F:
    wrapped = login_required(view)
    setattr(wrapped, ATTRIBUTE, Access.OWN_ACCOUNT)
    return wrapped


def scoped(capability: Capability | None = None) -> Callable[[_F], _F]:
    """Login required; with ``capability``, the user's role must hold it (else 403)."""

    def decorator(view: _F) -> _F:
        @wraps(view)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            role = getattr(request.user, "role", "")  # login_required ran first: a User
            if capability is not None and not role_can(role, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped = login_required(inner)
        setattr(wrapped, ATTRIBUTE, Access.SCOPED)
        wrapped.kmt_capability = capability  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


class HasCapability(BasePermission):
    """DRF permission: the view's ``required_capability`` must be held by the user's role, and a
    read-only API token (``request.auth.read_only``) may only read."""

    message = _("Vai trò của tài khoản không có quyền này.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        capability: Capability | None = getattr(view, "required_capability", None)
        user = request.user
        if not user.is_authenticated:
            return False
        if getattr(request.auth, "read_only", False) and request.method not in SAFE_METHODS:
            self.message = _("Mã truy cập này chỉ được đọc, không được ghi.")
            return False
        return capability is None or role_can(user.role, capability)


class ScopedAPIView(APIView):
    """Base of every API view: authenticated, capability-checked, reads via ``for_user``."""

    kmt_access = Access.SCOPED
    required_capability: Capability | None = Capability.USE_API
    permission_classes = [HasCapability]


def declared_access(view: Callable[..., Any]) -> Access | None:
    """The declaration of a URL's callback, looking through DRF and class-based wrappers."""
    for candidate in (view, getattr(view, "cls", None), getattr(view, "view_class", None)):
        if candidate is not None and getattr(candidate, ATTRIBUTE, None) is not None:
            return Access(getattr(candidate, ATTRIBUTE))
    return None


def iter_url_patterns(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, Callable[..., Any]]]:
    """Every (route, qualified name, callback) of the URLconf, recursively."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            child_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from iter_url_patterns(entry, prefix + str(entry.pattern), child_ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
            yield prefix + str(entry.pattern), name, entry.callback


def undeclared_routes() -> list[str]:
    return [route for route, _, view in iter_url_patterns() if declared_access(view) is None]


def require_in_scope(
    actor: User | None,
    capability: Capability,
    *,
    area: AreaLike | None = None,
    obj: ScopedModel | None = None,
) -> None:
    """The write guard of services: the actor's role holds ``capability`` and the actor sees
    ``area`` and ``obj`` (``PermissionDenied`` otherwise). ``actor`` ``None`` is a system write
    (demo data, a command) and passes. Views already 404 out-of-scope objects; this guards every
    other caller with the same rule."""
    if actor is None:
        return
    if not actor.can(capability):
        raise PermissionDenied
    if obj is not None and not type(obj).objects.for_user(actor).filter(pk=obj.pk).exists():
        raise PermissionDenied
    if area is not None and not scope_for(actor).contains(area):
        raise PermissionDenied


def may_open(role: str, url: str) -> bool:
    """Whether ``role`` may open ``url`` (a path, query allowed), read from its view's
    ``@scoped`` capability: a page links only to pages that will not answer 403."""
    try:
        view = resolve(urlsplit(url).path).func
    except Resolver404:
        return False
    needed = required_capability(view)
    return needed is None or role_can(role, needed)


def required_capability(view: Callable[..., Any]) -> Capability | None:
    """The capability a URL's callback demands: ``@scoped(capability)`` or an API view's
    ``required_capability``, looking through DRF and class-based wrappers."""
    for candidate in (view, getattr(view, "cls", None), getattr(view, "view_class", None)):
        needed = getattr(candidate, "kmt_capability", None) or getattr(
            candidate, "required_capability", None
        )
        if needed is not None:
            return Capability(needed)
    return None
