"""Login, logout, the user's own account (2FA, password, API token) and user management."""

from __future__ import annotations

from base64 import b32encode
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from khongmatuy.areas import selectors as area_selectors
from khongmatuy.common.access import Access, own_account, scoped
from khongmatuy.common.forms import errors_to_form
from khongmatuy.common.http import (
    AuthenticatedHttpRequest,
    client_ip,
    query_without_page,
    safe_next,
)
from khongmatuy.common.limits import RateLimit
from khongmatuy.common.roles import Capability

from . import forms, selectors, services
from .middleware import SESSION_2FA_PENDING
from .models import User

USERS_PER_PAGE = 50

_F = TypeVar("_F", bound=Callable[..., Any])


def two_factor_step(view: _F) -> _F:
    """Let the view through ``TwoFactorMiddleware`` (it is part of reaching a verified session)."""
    view.kmt_two_factor_step = True  # type: ignore[attr-defined]
    return view


# Login and logout ------------------------------------------------------------------------------


# Failed logins from one address, whatever the username (password spraying), per hour. The lock
# of one account from one address is django-axes' (settings.AXES_LOCKOUT_PARAMETERS).
LOGIN_FAILURES_BY_ADDRESS = RateLimit(
    group="accounts.login.address", setting="KMT_LOGIN_ADDRESS_FAILURES_PER_HOUR", default=30
)


def _address(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


class LoginView(auth_views.LoginView):
    """Password step; a user with a confirmed TOTP device goes on to the code step."""

    kmt_access = Access.PUBLIC
    template_name = "accounts/login.html"
    form_class = forms.LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if LOGIN_FAILURES_BY_ADDRESS.reached(request, key=_address(request)):
            return render(request, "accounts/locked_out.html", {"by_address": True}, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        LOGIN_FAILURES_BY_ADDRESS.hit(self.request, key=_address(self.request))
        return super().form_invalid(form)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        if user_has_device(form.get_user(), confirmed=True):
            self.request.session[SESSION_2FA_PENDING] = True
            query = urlencode({"next": self.get_success_url()})
            return HttpResponseRedirect(f"{reverse('accounts:two_factor_verify')}?{query}")
        return response


@method_decorator(require_POST, name="dispatch")
class LogoutView(auth_views.LogoutView):
    kmt_access = Access.OWN_ACCOUNT


login = LoginView.as_view()
# Logging out must work while the code step is pending (the way out of a stolen password).
logout = two_factor_step(LogoutView.as_view())


# Own account -----------------------------------------------------------------------------------


@require_GET
@own_account
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "assignments": user.area_assignments.select_related("area").order_by("area__level"),
        "two_factor": selectors.two_factor_status(user=user),
        "api_tokens_active": selectors.api_tokens_active(user=user, now=timezone.now()).count(),
        "can_use_api": user.can(Capability.USE_API),
    }
    return render(request, "accounts/profile.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view (login, CSRF, sensitive parameters) saving through our audited service."""

    kmt_access = Access.OWN_ACCOUNT
    template_name = "accounts/password_change.html"
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("accounts:profile")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "password_help": password_validators_help_texts(),
        }

    def form_valid(self, form: Any) -> HttpResponse:
        user = cast(User, self.request.user)  # the view requires login
        services.user_set_password(
            actor=user, user=user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(self.request, user)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return HttpResponseRedirect(self.get_success_url())


password_change = PasswordChangeView.as_view()


@own_account
@require_http_methods(["GET", "POST"])
@never_cache
def api_tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's API tokens with their last use; a POST creates one and shows its key in this
    response only (never stored, never put in a message or a redirect)."""
    user = request.user
    form = forms.ApiTokenForm(request.POST or None, user=user)
    new_key = ""
    if request.method == "POST":
        if not user.can(Capability.USE_API):
            raise PermissionDenied
        if form.is_valid():
            try:
                _token, new_key = services.api_token_create(
                    actor=user, user=user, **form.cleaned_data
                )
            except ValidationError as exc:
                errors_to_form(exc, form)
            else:
                form = forms.ApiTokenForm(user=user)
    context = {
        "tokens": selectors.api_tokens_for(user=user),
        "can_use_api": user.can(Capability.USE_API),
        "two_factor_missing": services.two_factor_required_for(user)
        and not selectors.two_factor_status(user=user).enabled,
        "form": form,
        "new_key": new_key,
        "now": timezone.now(),
    }
    return render(request, "accounts/api_tokens.html", context)


@own_account
@require_POST
def api_token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = selectors.api_token_get_own(user=request.user, pk=pk)
    if services.api_token_revoke(actor=request.user, token=token):
        messages.success(request, _("Đã thu hồi mã truy cập “%(name)s”.") % {"name": token.name})
    return redirect("accounts:api_tokens")


# Two-factor authentication ---------------------------------------------------------------------


def _qr_svg(uri: str) -> SafeString:
    """The otpauth URI as an inline SVG QR code: drawn here, no external service, no script."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, light="#fff", svgclass="qr")
    return mark_safe(svg)  # noqa: S308  (markup generated by segno from our own URI)


def _grouped_secret(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _complete_two_factor(request: AuthenticatedHttpRequest, device: TOTPDevice) -> None:
    django_otp.login(request, device)
    request.session.pop(SESSION_2FA_PENDING, None)


def _two_factor_required(user: User) -> bool:
    return services.two_factor_required_for(user)


@two_factor_step
@own_account
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    status = selectors.two_factor_status(user=user)
    if status.enabled:
        if not user.is_verified():  # type: ignore[attr-defined]
            # A password alone must not be enough to enrol a new authenticator.
            return redirect("accounts:two_factor_verify")
        context = {
            "status": status,
            "disable_form": forms.TwoFactorCodeForm(),
            "required": _two_factor_required(user),
        }
        return render(request, "accounts/two_factor_setup.html", context)
    device = services.two_factor_device_start(user=user)
    form = forms.TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = services.two_factor_device_confirm(
            user=user, device=device, code=form.cleaned_data["code"]
        )
        if confirmed is not None:
            _complete_two_factor(request, confirmed)
            messages.success(request, _("Đã bật xác thực hai bước."))
            return redirect("accounts:profile")
        form.add_error("code", _("Mã xác thực không đúng hoặc đã hết hạn; hãy nhập mã mới nhất."))
    context = {
        "status": status,
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "secret": _grouped_secret(device),
        "required": _two_factor_required(user),
    }
    return render(request, "accounts/two_factor_setup.html", context)


def _two_factor_locked_out(request: AuthenticatedHttpRequest, until: datetime) -> HttpResponse:
    auth_logout(request)
    messages.error(
        request,
        _(
            "Nhập sai mã xác thực quá nhiều lần. Tài khoản bị tạm khóa đăng nhập đến %(time)s; "
            "hãy liên hệ quản trị hệ thống nếu cần mở khóa sớm hơn."
        )
        % {"time": timezone.localtime(until).strftime("%H:%M %d/%m/%Y")},
    )
    return redirect(settings.LOGIN_URL)


@two_factor_step
@own_account
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The code step after the password. Wrong codes are counted per account, whichever session
    sends them; after ``KMT_2FA_FAILURE_LIMIT`` in a row the step is refused for a while
    (``selectors.two_factor_locked_until``) and the session is logged out."""
    user = request.user
    next_url = safe_next(request, default=reverse(settings.LOGIN_REDIRECT_URL))
    device = selectors.two_factor_status(user=user).device
    if user.is_verified() or device is None:  # type: ignore[attr-defined]
        request.session.pop(SESSION_2FA_PENDING, None)
        return redirect(next_url)
    locked_until = selectors.two_factor_locked_until(device, now=timezone.now())
    if locked_until is not None:
        return _two_factor_locked_out(request, locked_until)
    form = forms.TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not device.verify_is_allowed()[0]:
            # django-otp's doubling delay after a wrong code: this code is not even checked.
            form.add_error("code", _("Mã vừa nhập sai; hãy đợi vài giây rồi nhập mã mới nhất."))
        else:
            verified = services.two_factor_verify(user=user, code=form.cleaned_data["code"])
            if verified is not None:
                _complete_two_factor(request, verified)
                return redirect(next_url)
            device.refresh_from_db()
            locked_until = selectors.two_factor_locked_until(device, now=timezone.now())
            if locked_until is not None:
                return _two_factor_locked_out(request, locked_until)
            form.add_error(
                "code",
                _("Mã xác thực không đúng hoặc đã hết hạn. Còn %(n)d lần thử.")
                % {"n": settings.KMT_2FA_FAILURE_LIMIT - device.throttling_failure_count},
            )
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


@two_factor_step
@own_account
@require_POST
def two_factor_disable(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    status = selectors.two_factor_status(user=user)
    if not status.enabled:
        return redirect("accounts:profile")
    if _two_factor_required(user):
        messages.error(request, _("Cán bộ Công an bắt buộc dùng xác thực hai bước; không thể tắt."))
        return redirect("accounts:two_factor_setup")
    form = forms.TwoFactorCodeForm(request.POST)
    if form.is_valid():
        if services.two_factor_disable(user=user, code=form.cleaned_data["code"]):
            request.session.pop(SESSION_2FA_PENDING, None)
            messages.success(request, _("Đã tắt xác thực hai bước."))
            return redirect("accounts:profile")
        form.add_error("code", _("Mã xác thực không đúng hoặc đã hết hạn; hãy nhập mã mới nhất."))
    context = {"status": status, "disable_form": form, "required": False}
    return render(request, "accounts/two_factor_setup.html", context)


# User management (system administrator) --------------------------------------------------------


@require_GET
@scoped(Capability.MANAGE_USERS)
def user_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.UserFilterForm(request.GET or None, actor=request.user)
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    if "area" in form.errors:
        users = User.objects.none()
    else:
        users = selectors.user_list_for_admin(
            user=request.user,
            role=filters.get("role", ""),
            area=filters.get("area"),
            active=filters.get("active"),
            query=filters.get("q", ""),
        )
    page = Paginator(users, USERS_PER_PAGE).get_page(request.GET.get("page"))
    query = query_without_page(request)
    locks = selectors.login_locks(users=page)
    rows = [(user, locks.get(user.pk)) for user in page]
    context = {"form": form, "page_obj": page, "rows": rows, "query": query}
    template = "accounts/user_list.html#results" if request.htmx else "accounts/user_list.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_USERS)
def user_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(
                request, _("Đã tạo tài khoản %(username)s.") % {"username": user.username}
            )
            return redirect("accounts:user_edit", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "target": None})


def _edit_context(
    request: AuthenticatedHttpRequest, target: User, **forms_: Form
) -> dict[str, Any]:
    return {
        "target": target,
        "assignments": target.area_assignments.all(),
        "two_factor": selectors.two_factor_status(user=target),
        "login_locked_until": selectors.login_locks(users=[target]).get(target.pk),
        "form": forms_.get("form") or _edit_form(request, target, data=None),
        "password_form": forms_.get("password_form") or forms.PasswordResetByAdminForm(user=target),
    }


def _edit_form(request: AuthenticatedHttpRequest, target: User, data: Any) -> forms.UserEditForm:
    initial = {
        "full_name": target.full_name,
        "role": target.role,
        "title": target.title,
        "phone": target.phone,
        "organisation": target.organisation_id,
        "areas": selectors.area_tokens([a.area for a in target.area_assignments.all()]),
    }
    return forms.UserEditForm(data, actor=request.user, initial=initial, record=target)


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_USERS)
def user_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = selectors.user_get_for_admin(user=request.user, pk=pk)
    form = _edit_form(request, target, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(actor=request.user, user=target, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(
                request, _("Đã lưu tài khoản %(username)s.") % {"username": target.username}
            )
            return redirect("accounts:user_edit", pk=target.pk)
    return render(request, "accounts/user_form.html", _edit_context(request, target, form=form))


@require_POST
@scoped(Capability.MANAGE_USERS)
def user_reset_password(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = selectors.user_get_for_admin(user=request.user, pk=pk)
    form = forms.PasswordResetByAdminForm(request.POST, user=target)
    if form.is_valid():
        services.user_set_password(
            actor=request.user, user=target, password=form.cleaned_data["new_password1"]
        )
        if target.pk == request.user.pk:
            update_session_auth_hash(request, target)
        messages.success(
            request, _("Đã đặt mật khẩu mới cho %(username)s.") % {"username": target.username}
        )
        return redirect("accounts:user_edit", pk=target.pk)
    context = _edit_context(request, target, password_form=form)
    return render(request, "accounts/user_form.html", context)


def _status_action(
    request: AuthenticatedHttpRequest, pk: int, action: Callable[..., Any], done: str
) -> HttpResponse:
    target = selectors.user_get_for_admin(user=request.user, pk=pk)
    try:
        action(actor=request.user, user=target)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done % {"username": target.username})
    return redirect("accounts:user_edit", pk=target.pk)


@require_POST
@scoped(Capability.MANAGE_USERS)
def user_deactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _status_action(
        request, pk, services.user_deactivate, _("Đã khóa tài khoản %(username)s.")
    )


@require_POST
@scoped(Capability.MANAGE_USERS)
def user_activate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _status_action(
        request, pk, services.user_activate, _("Đã mở khóa tài khoản %(username)s.")
    )


@require_POST
@scoped(Capability.MANAGE_USERS)
def user_reset_two_factor(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _status_action(
        request,
        pk,
        services.user_two_factor_reset,
        _("Đã đặt lại xác thực hai bước của %(username)s; người dùng sẽ cài đặt lại."),
    )


@require_POST
@scoped(Capability.MANAGE_USERS)
def user_login_unlock(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _status_action(
        request, pk, services.user_login_unlock, _("Đã mở khóa đăng nhập cho %(username)s.")
    )


@require_GET
@scoped(Capability.MANAGE_USERS)
def area_lookup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Areas in scope matching ``q``, with the code or ``#id`` to type into the user form."""
    query = request.GET.get("q", "")[:100]
    results = area_selectors.area_search(user=request.user, query=query)
    return render(
        request, "accounts/user_form.html#area-lookup", {"results": results, "query": query}
    )
