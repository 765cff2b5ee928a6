"""The audit trail page: list and filter; there is no edit or delete view by design."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from khongmatuy.common.access import scoped
from khongmatuy.common.forms import DATE_WIDGET
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.roles import Capability

from . import selectors
from .models import AuditEvent


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Người thực hiện"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Thao tác"), required=False, choices=[("", _("Tất cả")), *AuditEvent.Action.choices]
    )
    model = forms.CharField(label=_("Loại bản ghi"), required=False, max_length=100)
    object_id = forms.CharField(label=_("Mã bản ghi"), required=False, max_length=64)
    area = forms.IntegerField(label=_("Mã địa bàn"), required=False, min_value=1)
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DATE_WIDGET)


@require_GET
@scoped(Capability.VIEW_AUDIT)
def event_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.audit_events_for_user(
        user=request.user,
        actor=filters.get("actor", ""),
        model=filters.get("model", ""),
        object_id=filters.get("object_id", ""),
        area_id=filters.get("area"),
        action=filters.get("action", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    template = "audit/event_list.html#results" if request.htmx else "audit/event_list.html"
    return render(request, template, {"form": form, "page_obj": page})
