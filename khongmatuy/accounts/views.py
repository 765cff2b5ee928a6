"""Login, logout and the user's own account pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from django_otp import devices_for_user

from khongmatuy.common.http import AuthenticatedHttpRequest

from .access import Access, own_account
from .forms import LoginForm
from .middleware import SESSION_2FA_PENDING


class LoginView(auth_views.LoginView):
    """Password step; a user with a confirmed TOTP device goes on to the code step."""

    kmt_access = Access.PUBLIC
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        if any(True for _ in devices_for_user(form.get_user(), confirmed=True)):
            self.request.session[SESSION_2FA_PENDING] = True
        return response


@method_decorator(require_POST, name="dispatch")
class LogoutView(auth_views.LogoutView):
    kmt_access = Access.OWN_ACCOUNT


login = LoginView.as_view()
logout = LogoutView.as_view()


@own_account
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    assignments = request.user.area_assignments.select_related("area").order_by("area__level")
    return render(request, "accounts/profile.html", {"assignments": assignments})
