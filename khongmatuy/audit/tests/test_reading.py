"""The audit log reads as people write: labels, local time, names, notes in the UI language."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from khongmatuy.areas import services as area_services
from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.audit.reading import note_text, readable


def test_a_change_reads_with_labels_names_and_dates(world, city_user, officer_a):  # type: ignore[no-untyped-def]
    area_services.figure_set(
        actor=officer_a, area=world.group_a1, as_of=date(2026, 6, 1), population=600, households=150
    )
    event = AuditEvent.objects.filter(model="areas.AreaFigure", action="create").latest("pk")
    [row] = readable([event], user=city_user)
    assert row.kind == "Số liệu dân cư"
    changes = {c.label: c.after for c in row.changes}
    assert changes["Địa bàn"] == "Tổ dân phố số 1"  # a name, not the id
    assert "01/06/2026" in changes.values()  # a date as users write it
    assert not {"area_id", "version", "created_at", "updated_at"} & set(changes)


def test_another_wards_record_keeps_its_number(world, officer_b, officer_a):  # type: ignore[no-untyped-def]
    area_services.figure_set(
        actor=officer_a, area=world.group_a1, as_of=date(2026, 6, 1), population=600, households=150
    )
    event = AuditEvent.objects.filter(model="areas.AreaFigure", action="create").latest("pk")
    [row] = readable([event], user=officer_b)
    assert {c.label: c.after for c in row.changes}["Địa bàn"] == f"#{world.group_a1.pk}"


def test_a_note_written_in_english_is_stored_in_vietnamese_and_read_in_each_language(
    world, officer_a
):  # type: ignore[no-untyped-def]
    with translation.override("en"):
        english = translation.gettext("Xem biện pháp quản lý")
        event = audit.record_view(actor=officer_a, obj=world.group_a1, note=english)
    event.refresh_from_db()
    assert event.note == "Xem biện pháp quản lý"
    with translation.override("en"):
        assert note_text(event.note) == english
    with translation.override(settings.LANGUAGE_CODE):
        assert note_text(event.note) == "Xem biện pháp quản lý"
        assert note_text(english) == "Xem biện pháp quản lý"  # an older English entry


def test_the_page_filters_by_record_name_and_shows_local_time(world, city_client, officer_a):  # type: ignore[no-untyped-def]
    audit.record_view(actor=officer_a, obj=world.group_a1)
    audit.record_view(actor=officer_a, obj=world.group_a2)
    body = city_client.get(
        reverse("audit:list"), {"name": "số 2", "action": "view"}
    ).content.decode()
    assert "Tổ dân phố số 2" in body
    assert "Tổ dân phố số 1" not in body.split('id="audit-results"')[1]
    event = AuditEvent.objects.filter(action="view").latest("pk")
    local = translation.override("vi")
    with local:
        from django.utils import timezone

        assert f"{timezone.localtime(event.at):%d/%m/%Y %H:%M}" in body
