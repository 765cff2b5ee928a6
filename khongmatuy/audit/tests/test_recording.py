"""``@records_views``: a page that shows a person's data logs the view by construction."""

from __future__ import annotations

import pytest
from django.http import HttpResponse, HttpResponseNotFound
from django.test import RequestFactory

from khongmatuy.audit.models import AuditEvent
from khongmatuy.audit.recording import ATTRIBUTE, records_views, shown


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.mark.django_db
def test_every_object_shown_is_logged_once(world, officer_a):
    @records_views
    def page(request):
        shown(request, world.group_a1, note="xem")
        shown(request, [world.group_a1, world.group_a2])
        return HttpResponse("ok")

    before = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).count()
    page(_request(officer_a))
    views = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).order_by("pk")
    assert views.count() == before + 2
    logged = list(views)[-2:]
    assert [(e.object_id, e.note, e.actor_id) for e in logged] == [
        (str(world.group_a1.pk), "xem", officer_a.pk),
        (str(world.group_a2.pk), "", officer_a.pk),
    ]
    assert logged[0].area_id == world.group_a1.pk
    assert getattr(page, ATTRIBUTE) is True


@pytest.mark.django_db
def test_a_refused_answer_logs_nothing(world, officer_a):
    @records_views
    def page(request):
        shown(request, world.group_a1)
        return HttpResponseNotFound()

    before = AuditEvent.objects.count()
    page(_request(officer_a))
    assert AuditEvent.objects.count() == before


def test_shown_outside_a_declared_view_is_a_programming_error():
    with pytest.raises(RuntimeError, match="records_views"):
        shown(RequestFactory().get("/"), object())
