"""Organisation commitments (list with the broken ones, record) and a person's link to an
organisation (the registry's officers, on the person's behalf)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from khongmatuy.audit.recording import records_views, shown
from khongmatuy.common.access import scoped
from khongmatuy.common.forms import post_data
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.ids import parse_id
from khongmatuy.common.roles import Capability
from khongmatuy.common.scoping import agency_organisation_id
from khongmatuy.common.views import form_page
from khongmatuy.people.models import Person

from .. import forms, services
from ..models import Affiliation
from ..selectors import commitments as selectors


@require_GET
@scoped(Capability.VIEW_PREVENTION)
def commitment_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The year's commitments (``?year=``), the broken ones first."""
    today = timezone.localdate()
    year = parse_id(request.GET.get("year")) or today.year
    if not 2000 <= year <= 2100:
        year = today.year
    rows = sorted(
        selectors.commitment_list(user=request.user, year=year),
        key=lambda c: not getattr(c, "broken_count", 0),
    )
    context = {
        "rows": rows,
        "year": year,
        "years": range(today.year + 1, today.year - 5, -1),
        "can_record": request.user.can(Capability.RECORD_PREVENTION),
    }
    return render(request, "prevention/commitments/list.html", context)


@require_GET
@scoped(Capability.OWN_COMMITMENT)
def own_commitments(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An agency, school or enterprise account: its own organisation's commitment of the year
    (``?year=``) and whether it is broken, the number of persons and never who they are
    (Nghị quyết Đảng bộ phường Thành Đông III.2: the head answers for a new addict)."""
    today = timezone.localdate()
    year = parse_id(request.GET.get("year")) or today.year
    if not 2000 <= year <= 2100:
        year = today.year
    organisation_id = agency_organisation_id(request.user)
    rows = (
        list(
            selectors.commitment_list(user=request.user, year=year).filter(
                organisation_id=organisation_id
            )
        )
        if organisation_id
        else []
    )
    context = {
        "rows": rows,
        "year": year,
        "years": range(today.year + 1, today.year - 5, -1),
        "can_record": False,
        "own": True,
    }
    return render(request, "prevention/commitments/list.html", context)


@require_http_methods(["GET", "POST"])
@scoped(Capability.RECORD_PREVENTION)
def commitment_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = forms.OrganisationCommitmentForm(
        post_data(request), user=request.user, initial={"year": today.year}
    )
    return form_page(
        request,
        form=form,
        save=lambda: services.organisation_commitment_record(
            actor=request.user, today=today, **form.cleaned_data
        ),
        template="prevention/commitments/form.html",
        done=_("Đã đăng ký cam kết của đơn vị."),
        success_url=lambda c: f"{reverse('prevention:commitments')}?year={c.year}",
    )


@require_http_methods(["GET", "POST"])
@scoped(Capability.MANAGE_PERSONS)
@records_views
def affiliation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Set or remove a person's workplace, school or organisation."""
    person = get_object_or_404(Person.objects.for_user(request.user), pk=pk)
    shown(request, person, note=_("Nơi làm việc, học tập"))
    current = Affiliation.objects.filter(person=person).first()
    initial = (
        {"organisation": current.organisation_id, "relation": current.relation} if current else {}
    )
    form = forms.AffiliationForm(post_data(request), user=request.user, initial=initial)
    return form_page(
        request,
        form=form,
        save=lambda: services.affiliation_set(
            actor=request.user, person=person, **form.cleaned_data
        ),
        template="prevention/commitments/affiliation.html",
        context={"person": person},
        done=_("Đã lưu nơi làm việc, học tập."),
        success_url=lambda _a: person.get_absolute_url(),
    )
