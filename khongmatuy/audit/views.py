"""The audit trail page: list and filter; there is no edit or delete view by design."""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from khongmatuy.common.access import scoped
from khongmatuy.common.forms import DATE_WIDGET, IdChoiceField
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.roles import Capability
from khongmatuy.common.widgets import area_autocomplete

from . import reading, selectors
from .models import AuditEvent

# The apps whose records the log names in the "record kind" filter.
RECORD_APPS = ("areas", "accounts", "people", "places", "cases", "tips", "criteria", "legal")


def _record_kinds() -> list[tuple[str, str]]:
    kinds = [
        (model._meta.label, str(model._meta.verbose_name).capitalize())
        for model in apps.get_models()
        if model._meta.app_label in RECORD_APPS
    ]
    return sorted(kinds, key=lambda kind: kind[1])


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Người thực hiện"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Thao tác"), required=False, choices=[("", _("Tất cả")), *AuditEvent.Action.choices]
    )
    model = forms.ChoiceField(label=_("Loại bản ghi"), required=False, choices=())
    name = forms.CharField(label=_("Tên bản ghi"), required=False, max_length=100)
    object_id = forms.CharField(label=_("Mã bản ghi"), required=False, max_length=64)
    area = IdChoiceField(
        label=_("Địa bàn"),
        queryset=None,
        required=False,
        empty_label=_("Tất cả"),
        widget=area_autocomplete(),
    )
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area_model = apps.get_model("areas", "Area")  # a floor above: by name, not imported
        self.fields["model"].choices = [("", _("Tất cả")), *_record_kinds()]  # type: ignore[attr-defined]
        self.fields["area"].queryset = area_model.objects.for_user(user).filter(  # type: ignore[attr-defined]
            is_active=True
        )


@require_GET
@scoped(Capability.VIEW_AUDIT)
def event_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    area = filters.get("area")
    qs = selectors.audit_events_for_user(
        user=request.user,
        actor=filters.get("actor", ""),
        model=filters.get("model", ""),
        name=filters.get("name", ""),
        object_id=filters.get("object_id", ""),
        area_id=area.pk if area is not None else None,
        action=filters.get("action", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = reading.readable(page.object_list, user=request.user)
    template = "audit/event_list.html#results" if request.htmx else "audit/event_list.html"
    return render(request, template, {"form": form, "page_obj": page, "rows": rows})
