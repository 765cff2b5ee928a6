"""Care pages: the supervisor's visit list, quick forms on the person page, and the care lists.

Thin views: fetch through a selector (``for_user``; out of scope is 404), validate a form, call
a service, render or redirect. A service refusal becomes a form error, never a 500. The quick
forms of the person page are htmx partials: GET returns the form, a valid POST returns the
refreshed care section (retargeted onto ``#care-section``), an invalid one the form with errors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from khongmatuy.audit.recording import records_views, shown
from khongmatuy.common.access import scoped
from khongmatuy.common.forms import errors_to_form, post_data
from khongmatuy.common.http import AuthenticatedHttpRequest, safe_next
from khongmatuy.common.roles import Capability

from ..forms import care as forms
from ..models import Person
from ..rules import care
from ..selectors import care as selectors
from ..services import care as services

PAGE_SIZE = 50


def section_context(*, request: AuthenticatedHttpRequest, person: Person) -> dict[str, Any]:
    """What ``people/sections/care.html`` reads when rendered on its own (htmx refresh)."""
    return {
        "person": person,
        "can_see_sensitive": request.user.can(Capability.VIEW_SENSITIVE),
        **selectors.person_section(user=request.user, person=person),
    }


def _person_form(
    request: AuthenticatedHttpRequest,
    pk: int,
    *,
    form_class: Callable[..., BaseForm],
    save: Callable[..., Any],
    title: str,
    done: str,
    needs_person: bool = False,
) -> HttpResponse:
    """The shared shape of the person's quick forms (visit, support, supervisor, test)."""
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    kwargs = {"person": person} if needs_person else {}
    form = form_class(post_data(request), **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            if request.htmx:
                response = render(
                    request,
                    "people/sections/care.html",
                    {**section_context(request=request, person=person), "care_done": done},
                )
                return reswap(retarget(response, "#care-section"), "outerHTML")
            messages.success(request, done)
            return redirect(safe_next(request, default=person.get_absolute_url()))
    context = {
        "person": person,
        "form": form,
        "title": title,
        "action": request.path,
        "next": safe_next(request, default=""),
    }
    shown(request, person)
    template = "people/care/form.html#form" if request.htmx else "people/care/form.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@scoped(Capability.RECORD_CONTACTS)
@records_views
def contact_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _person_form(
        request,
        pk,
        form_class=forms.ContactRecordForm,
        save=services.contact_record,
        title=_("Ghi nhận tiếp xúc, thăm gặp"),
        done=_("Đã ghi nhận lần tiếp xúc, thăm gặp."),
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.RECORD_CONTACTS)
@records_views
def support_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _person_form(
        request,
        pk,
        form_class=forms.SupportForm,
        save=services.support_record,
        title=_("Ghi nhận hỗ trợ, can thiệp"),
        done=_("Đã ghi nhận hỗ trợ."),
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PERSONS)
@records_views
def supervision_assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _person_form(
        request,
        pk,
        form_class=forms.SupervisionForm,
        save=services.supervision_assign,
        title=_("Giao người quản lý, giúp đỡ"),
        done=_("Đã giao người quản lý, giúp đỡ."),
        needs_person=True,
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PERSONS)
@records_views
def drug_test_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _person_form(
        request,
        pk,
        form_class=forms.DrugTestForm,
        save=services.drug_test_record,
        title=_("Ghi nhận kết quả xét nghiệm chất ma túy"),
        done=_("Đã ghi nhận kết quả xét nghiệm."),
    )


@require_POST
@scoped(Capability.MANAGE_PERSONS)
def supervision_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    supervision = selectors.supervision_get_for_user(user=request.user, pk=pk)
    person = supervision.person
    form = forms.SupervisionEndForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.supervision_end(
                actor=request.user, supervision=supervision, **form.cleaned_data
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(str(e) for errs in form.errors.values() for e in errs)
    if request.htmx:
        context = section_context(request=request, person=person)
        context["care_error" if error else "care_done"] = error or _("Đã kết thúc việc giao.")
        response = render(request, "people/sections/care.html", context)
        return reswap(retarget(response, "#care-section"), "outerHTML")
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Đã kết thúc việc giao."))
    return redirect(safe_next(request, default=person.get_absolute_url()))


# --- lists ----------------------------------------------------------------------------------


def _page(request: HttpRequest, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


@require_GET
@scoped(Capability.RECORD_CONTACTS)
@records_views
def visits(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The supervisor's list on a phone: their persons, last visit, a button to record one."""
    on = timezone.localdate()
    filters = forms.AreaFilterForm(request.GET or None, user=request.user)
    page = _page(request, selectors.visits(user=request.user, on=on, area=filters.selected_area()))
    rows = [(p, selectors.schedule_row(p, on=on) if p.threshold else None) for p in page]
    shown(request, page)
    return render(
        request,
        "people/care/visits.html",
        {"page": page, "rows": rows, "filters": filters, "on": on},
    )


@require_GET
@scoped(Capability.VIEW_PERSONS)
@records_views
def contacts_overdue(request: AuthenticatedHttpRequest) -> HttpResponse:
    on = timezone.localdate()
    filters = forms.AreaFilterForm(request.GET or None, user=request.user)
    page = _page(
        request, selectors.contacts_overdue(user=request.user, on=on, area=filters.selected_area())
    )
    rows = [selectors.schedule_row(p, on=on) for p in page]
    shown(request, page)
    return render(
        request,
        "people/care/contacts_overdue.html",
        {"page": page, "rows": rows, "filters": filters, "on": on},
    )


@require_GET
@scoped(Capability.VIEW_SENSITIVE)
@records_views
def tests_due(request: AuthenticatedHttpRequest) -> HttpResponse:
    on = timezone.localdate()
    filters = forms.AreaFilterForm(request.GET or None, user=request.user)
    window = care.TEST_DUE_WINDOW_DAYS
    page = _page(
        request,
        selectors.periodic_tests_due(
            user=request.user, on=on, area=filters.selected_area(), window_days=window
        ),
    )
    rows = [selectors.schedule_row(p, on=on, window_days=window) for p in page]
    shown(request, page)
    return render(
        request,
        "people/care/tests_due.html",
        {"page": page, "rows": rows, "filters": filters, "on": on, "window": window},
    )


@require_GET
@scoped(Capability.VIEW_SENSITIVE)
@records_views
def followups(request: AuthenticatedHttpRequest) -> HttpResponse:
    resolved = request.GET.get("state") == "resolved"
    page = _page(request, selectors.followups(user=request.user, resolved=resolved))
    shown(request, [f.person for f in page])
    return render(
        request,
        "people/care/followups.html",
        {
            "page": page,
            "resolved": resolved,
            "can_resolve": request.user.can(Capability.MANAGE_PERSONS),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PERSONS)
@records_views
def followup_resolve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    follow_up = selectors.followup_get_for_user(user=request.user, pk=pk)
    form = forms.FollowUpResolveForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_resolve(actor=request.user, follow_up=follow_up, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(request, _("Đã ghi nhận kết quả xử lý."))
            return redirect(safe_next(request, default=follow_up.person.get_absolute_url()))
    shown(request, follow_up.person)
    return render(
        request,
        "people/care/form.html",
        {
            "person": follow_up.person,
            "follow_up": follow_up,
            "form": form,
            "title": _("Xử lý sau xét nghiệm dương tính"),
            "action": request.path,
            "next": safe_next(request, default=reverse("people:followups")),
        },
    )


@require_GET
@scoped(Capability.VIEW_PERSONS)
@records_views
def support_indicator(request: AuthenticatedHttpRequest) -> HttpResponse:
    on = timezone.localdate()
    filters = forms.AreaFilterForm(request.GET or None, user=request.user)
    indicator = selectors.support_indicator(user=request.user, on=on, area=filters.selected_area())
    page = _page(request, indicator.missing)
    shown(request, page)
    return render(
        request,
        "people/care/support_indicator.html",
        {"indicator": indicator, "page": page, "filters": filters, "on": on},
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.CONFIGURE_RULES)
def care_policies(request: AuthenticatedHttpRequest) -> HttpResponse:
    policies = selectors.policies()
    form = forms.CarePolicyForm(post_data(request), policies=policies)
    if request.method == "POST" and form.is_valid():
        changes = form.changes(policies)
        try:
            services.care_policies_set(actor=request.user, changes=changes)
        except ValidationError as exc:
            errors_to_form(exc, form)
        else:
            messages.success(
                request, _("Đã lưu định mức của %(n)s diện quản lý.") % {"n": len(changes)}
            )
            return redirect("people:care_policies")
    return render(request, "people/care/policies.html", {"form": form})
