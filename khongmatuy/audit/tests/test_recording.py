"""``@records_views``: a page that shows a person's data logs the view by construction."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.http import HttpResponse, HttpResponseNotFound
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

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


@pytest.mark.django_db
def test_a_pages_view_entries_have_the_columns_of_single_view_entries(
    world, officer_a, time_machine
):
    """``record_views`` writes plain rows in one statement; each row holds what ``record_view``
    (a model instance saved) writes for the same object, note, user and request."""
    from django.utils import translation

    from khongmatuy.audit import services
    from khongmatuy.audit.context import RequestContext, current
    from khongmatuy.people.tests.factories import register

    time_machine.move_to("2026-11-23 09:00:00.123456+07:00", tick=False)
    person = register(officer_a, world.group_a1, "Nguyễn Văn Xem")
    other = register(officer_a, world.group_a2, "Trần Thị Xem")
    shown_ = [(person, ""), (other, "Xem qua API"), (officer_a, "x" * 300), (world.ward_a, "")]
    columns = [f.attname for f in AuditEvent._meta.concrete_fields if f.attname != "id"]

    def written(write) -> list[tuple]:
        start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
        write()
        rows = AuditEvent.objects.filter(pk__gt=start).order_by("pk").values_list(*columns)
        return list(rows)

    token = current.set(RequestContext(ip_address="203.113.1.7", request_id="req-1"))
    try:
        with translation.override("en"):  # notes are stored in Vietnamese whatever the page
            one_by_one = written(
                lambda: [
                    services.record_view(actor=officer_a, obj=obj, note=note)
                    for obj, note in shown_
                ]
            )
            with CaptureQueriesContext(connection) as captured:
                together = written(lambda: services.record_views(actor=officer_a, shown=shown_))
    finally:
        current.reset(token)
    assert len(together) == 4
    # one COPY (PostgreSQL) or executemany (SQLite), not bulk_create's INSERT … RETURNING
    writes = [q["sql"] for q in captured if not q["sql"].startswith("SELECT")]
    assert len(writes) == 1
    assert re.match(r'(COPY|4 times: INSERT INTO) "audit_auditevent" ', writes[0])
    assert together == one_by_one
    assert len(dict(zip(columns, together[2], strict=True))["note"]) == 250
