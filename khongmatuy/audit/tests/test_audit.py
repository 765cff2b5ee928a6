"""The audit trail records writes with before/after values and cannot be changed."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from khongmatuy.areas import services as area_services
from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent, AuditImmutableError


def test_update_records_before_and_after(world, officer_a):
    area_services.area_update(
        actor=officer_a,
        area=world.ward_a,
        kind="ward",
        code="99999",
        area_km2=None,
        valid_from=date(2025, 7, 1),
    )
    event = AuditEvent.objects.filter(
        model="areas.Area", object_id=str(world.ward_a.pk), action="update"
    ).get()
    assert event.actor == officer_a
    assert event.actor_name == "cand_giavien"
    assert event.area_id == world.ward_a.pk
    assert ("code", "11359", "99999") in event.changed_fields
    assert ("valid_from", None, "2025-07-01") in event.changed_fields


def test_password_hash_never_enters_the_trail(officer_a):
    event = AuditEvent.objects.get(
        model="accounts.User", object_id=str(officer_a.pk), action="create"
    )
    assert "password" not in event.after
    assert officer_a.password not in str(event.after)


def test_entries_cannot_be_updated_or_deleted_through_the_orm(world):
    event = AuditEvent.objects.first()
    assert event is not None
    event.note = "sửa lén"
    with pytest.raises(AuditImmutableError):
        event.save()
    with pytest.raises(AuditImmutableError):
        event.delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(note="x")
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_database_refuses_raw_updates(world):
    """The trigger from migration 0002 guards the table below the ORM, on both engines."""
    event = AuditEvent.objects.first()
    assert event is not None
    from django.db import connection

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET note = 'x' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.note != "x"


def test_database_refuses_raw_deletes(world):
    """Migrations 0002 (PostgreSQL) and 0003 (SQLite) refuse DELETE below the ORM."""
    event = AuditEvent.objects.first()
    assert event is not None
    from django.db import connection

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_whole_database_flush_still_empties_the_log():
    """The test runner's flush (and ``manage.py flush``) may empty the log; nothing else."""
    from django.core.management import call_command
    from django.db import connection

    from tests.personas import build_world

    build_world()
    assert AuditEvent.objects.exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM audit_delete_permit")
            assert cursor.fetchone() == (0,)


def test_views_are_logged(world, officer_a):
    audit.record_view(actor=officer_a, obj=world.group_a1)
    event = AuditEvent.objects.get(action="view")
    assert (event.model, event.object_id, event.area_id) == (
        "areas.Area",
        str(world.group_a1.pk),
        world.group_a1.pk,
    )


def test_audit_page_filters_and_is_read_only(world, city_user, city_client, officer_a):
    area_services.figure_set(
        actor=officer_a, area=world.group_a1, as_of=date(2026, 6, 1), population=600, households=150
    )
    url = reverse("audit:list")
    response = city_client.get(url, {"actor": "cand_giavien"})
    assert response.status_code == 200
    body = response.content.decode()
    # header + the new figure + the previous figure losing its "current" flag
    assert body.count("<tr>") == 3
    # the record's kind and the fields in the UI language, not model and column names
    assert body.count("<td>Số liệu dân cư") == 2
    assert "area_id" not in body
    assert "<strong>Địa bàn</strong>: <ins>Tổ dân phố số 1</ins>" in body
    # Only GET is served: there is no way to change an entry through the app.
    assert city_client.post(url, {"note": "x"}).status_code == 405
    htmx = city_client.get(url, {"actor": "cand_giavien"}, HTTP_HX_REQUEST="true")
    assert htmx.content.decode().lstrip().startswith('<div id="audit-results"')


def test_audit_page_requires_capability(officer_a_client):
    assert officer_a_client.get(reverse("audit:list")).status_code == 403


def test_audit_page_is_scoped(world, officer_a, officer_b):
    from tests.personas import client_for, make_user

    qn = make_user("ca_quangninh", "city_police", [world.quangninh])
    area_services.figure_set(
        actor=officer_a, area=world.group_a1, as_of=date(2026, 6, 1), population=600, households=150
    )
    body = client_for(qn).get(reverse("audit:list"), {"model": "areas.AreaFigure"}).content.decode()
    assert "Tổ dân phố số 1" not in body
    assert "Không có bản ghi nào" in body


def test_a_bulk_write_is_summarised_by_model_and_count(world):
    from khongmatuy.areas.models import AreaFigure
    from khongmatuy.audit import services as audit

    event = audit.record_bulk(
        actor=None, action=AuditEvent.Action.CREATE, model=AreaFigure, count=12, tag="load:1"
    )
    event.refresh_from_db()
    assert (event.model, event.object_id) == ("areas.AreaFigure", "load:1")
    assert event.object_repr.startswith("12 × ")
