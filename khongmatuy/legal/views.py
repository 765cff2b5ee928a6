"""The administrator's pages of legal values: every rule of every app that may be confirmed, and
the one form that confirms a value from the official text. ``CONFIGURE_RULES`` only."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from khongmatuy.common.access import scoped
from khongmatuy.common.forms import post_data
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.roles import Capability
from khongmatuy.common.views import form_page

from . import forms, selectors, services


@require_GET
@scoped(Capability.CONFIGURE_RULES)
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    only_unconfirmed = request.GET.get("unconfirmed") == "1"
    groups = selectors.all_items(only_unconfirmed=only_unconfirmed)
    return render(
        request,
        "legal/index.html",
        {
            "groups": groups,
            "only_unconfirmed": only_unconfirmed,
            "unconfirmed": sum(g.unconfirmed for g in groups),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.CONFIGURE_RULES)
def confirm(
    request: AuthenticatedHttpRequest, source: str, code: str, effective_from: str
) -> HttpResponse:
    try:
        start = date.fromisoformat(effective_from)
    except ValueError:
        raise Http404 from None
    item = selectors.item_get(source=source, code=code, effective_from=start)
    if item is None:
        raise Http404
    back = reverse("legal:index") + f"#{source}"
    if not item.fields:
        messages.info(request, _("Giá trị này đã được xác nhận theo văn bản."))
        return redirect(back)
    form = forms.form_class(item)(post_data(request), initial=forms.initial(item))

    def save() -> object:
        data = form.cleaned_data
        return services.legal_value_confirm(
            source=source,
            code=code,
            effective_from=start,
            values={spec.name: data.get(spec.name) for spec in item.fields},
            article=data["article"],
            note=data["note"],
            actor=request.user,
        )

    return form_page(
        request,
        form=form,
        save=save,
        template="legal/confirm.html",
        context={"item": item},
        done=_("Đã xác nhận giá trị: %(title)s.") % {"title": item.title},
        success_url=lambda _row: back,
    )
