"""The notification centre: a user's own notifications, the header badge, read marks, and
the user's preferences. Every view serves only the caller's own notifications (``@own_account``):
another user's notification is a 404."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from khongmatuy.audit.recording import records_views, shown
from khongmatuy.common.access import own_account
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.views import form_page

from . import selectors, services
from .forms import PreferencesForm

PAGE_SIZE = 50


@require_GET
@own_account
@records_views
def centre(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's notifications, newest first (unread only with ``?unread=1``); a person is
    named only when the user may see them, and that view is recorded."""
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(
        selectors.notifications(user=request.user, unread_only=unread_only), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = selectors.rows(user=request.user, notifications=list(page.object_list))
    shown(request, [r.person for r in rows if r.person is not None], note="notifications")
    return render(
        request,
        "alerts/centre.html",
        {
            "page": page,
            "rows": rows,
            "unread_only": unread_only,
            "unread": selectors.unread_count(user=request.user),
        },
    )


@require_GET
@own_account
def badge(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The unread count next to "Thông báo" in the header, loaded after the page (htmx)."""
    count = selectors.unread_count(user=request.user)
    return render(request, "alerts/_badge.html", {"count": count})


@require_POST
@own_account
def read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    services.notification_mark_read(user=request.user, notification_id=pk)
    return redirect("alerts:centre")


@require_POST
@own_account
def open_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go to its record (the record's page checks scope)."""
    notification = services.notification_mark_read(user=request.user, notification_id=pk)
    url = selectors.link(notification, selectors.rule_of(notification))
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return redirect(url)
    return redirect("alerts:centre")


@require_POST
@own_account
def read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.notifications_mark_all_read(user=request.user)
    return redirect("alerts:centre")


@require_http_methods(["GET", "POST"])
@own_account
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, user=request.user)
    return form_page(
        request,
        form=form,
        save=lambda: services.preferences_save(user=request.user, choices=form.cleaned_data),
        template="alerts/preferences.html",
        done=_("Đã lưu cách nhận nhắc việc."),
        success_url=lambda _obj: reverse("alerts:preferences"),
    )
