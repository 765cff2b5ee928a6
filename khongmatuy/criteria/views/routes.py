"""Pages of key drug routes (tuyến trọng điểm phức tạp về ma túy): the list, and the forms that
record and correct a route. Police roles only (``KEY_ROUTES``); a route is edited from the
province that recorded it (404 from elsewhere, as any object out of scope)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from khongmatuy.common.access import scoped
from khongmatuy.common.forms import post_data
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.roles import Capability
from khongmatuy.common.views import form_page
from khongmatuy.criteria.forms import KeyRouteForm
from khongmatuy.criteria.selectors import routes as selectors
from khongmatuy.criteria.services import routes as services

ROUTES = Capability.KEY_ROUTES
TEMPLATE = "criteria/routes/form.html"


@require_GET
@scoped(ROUTES)
def key_routes(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = list(selectors.key_route_list(user=request.user))
    for route in rows:
        route.editable = selectors.can_record(user=request.user, route=route)  # type: ignore[attr-defined]
    return render(request, "criteria/routes/list.html", {"routes": rows})


@require_http_methods(["GET", "POST"])
@scoped(ROUTES)
def key_route_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = KeyRouteForm(post_data(request), user=request.user)
    return form_page(
        request,
        form=form,
        save=lambda: services.key_route_create(actor=request.user, **form.cleaned_data),
        template=TEMPLATE,
        context={"title": _("Ghi nhận tuyến trọng điểm")},
        done=_("Đã ghi nhận tuyến trọng điểm."),
        success_url=lambda route: reverse("criteria:key_routes"),
    )


@require_http_methods(["GET", "POST"])
@scoped(ROUTES)
def key_route_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    route = selectors.key_route_get_for_user(user=request.user, pk=pk)
    form = KeyRouteForm(post_data(request), user=request.user, instance=route)
    return form_page(
        request,
        form=form,
        save=lambda: services.key_route_update(
            actor=request.user, route=route, **form.cleaned_data
        ),
        template=TEMPLATE,
        context={"title": _("Sửa tuyến trọng điểm"), "route": route},
        done=_("Đã lưu tuyến trọng điểm."),
        success_url=lambda route: reverse("criteria:key_routes"),
    )
