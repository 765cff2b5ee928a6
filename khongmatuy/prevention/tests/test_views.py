"""The prevention pages: recording from a phone form, the list and its export, the coverage page
and the overview tile, and who may open them."""

from __future__ import annotations

import io
from datetime import date

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from khongmatuy.common.roles import Role
from khongmatuy.prevention.models import Activity
from tests.personas import client_for, make_user

from .factories import activity

NOV = date(2026, 11, 15)


@time_machine.travel("2026-11-20 09:00 +07:00", tick=False)
def test_a_group_leader_records_a_session_and_the_tile_changes(world, leader_a, officer_a):
    leader = client_for(leader_a)
    officer = client_for(officer_a)
    tile = reverse("prevention:coverage_tile")
    assert "0/2" in officer.get(tile).content.decode()

    form = leader.get(reverse("prevention:record")).content.decode()
    assert "20/11/2026" in form  # today's date already there
    response = leader.post(
        reverse("prevention:record"),
        {
            "held_on": "20/11/2026",
            "form": "meeting",
            "topic": "Tác hại của ma túy đá",
            "groups": [world.group_a1.pk],
            "audience": "residents",
            "audience_count": "45",
        },
    )

    a = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == a.get_absolute_url()
    assert "1/2" in officer.get(tile).content.decode()


@time_machine.travel("2026-11-20 09:00 +07:00", tick=False)
def test_a_bad_date_is_shown_on_the_form_and_nothing_saved(world, leader_a):
    response = client_for(leader_a).post(
        reverse("prevention:record"),
        {
            "held_on": "21/11/2026",
            "form": "meeting",
            "topic": "x",
            "groups": [world.group_a1.pk],
            "audience": "residents",
        },
    )

    assert response.status_code == 200
    assert "Ngày thực hiện không được sau hôm nay." in response.content.decode()
    assert not Activity.objects.exists()


def test_list_filters_and_export(world, officer_a, officer_a_client):
    activity(actor=officer_a, held_on=NOV, groups=[world.group_a1], topic="Buổi họp tổ 1")
    activity(
        actor=officer_a,
        held_on=date(2026, 10, 2),
        groups=[world.group_a2],
        topic="Loa phát thanh tổ 2",
        form="loudspeaker",
    )

    listed = officer_a_client.get(
        reverse("prevention:list"), {"area": world.group_a2.pk}
    ).content.decode()
    export = officer_a_client.post(reverse("prevention:export") + "?form=meeting")

    assert "Loa phát thanh tổ 2" in listed
    assert "Buổi họp tổ 1" not in listed
    book = load_workbook(io.BytesIO(export.content), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][1:5] == (
        "15/11/2026",
        "Họp dân, sinh hoạt tổ dân phố",
        "Buổi họp tổ 1",
        "Tổ dân phố số 1",
    )
    assert rows[1][5] == "Tổ dân phố số 1"


def test_a_long_export_is_written_by_the_worker_then_handed_out(
    world, officer_a, officer_a_client, officer_b_client, settings
):  # type: ignore[no-untyped-def]
    """Above KMT_EXPORT_BACKGROUND_ROWS the request starts a job (with its progress); the file
    is handed out and audited on the job's own page."""
    from khongmatuy.audit.models import AuditEvent
    from khongmatuy.common.models import Job

    activity(actor=officer_a, held_on=NOV, groups=[world.group_a1], topic="Buổi họp tổ 1")
    activity(actor=officer_a, held_on=NOV, groups=[world.group_a2], topic="Buổi họp tổ 2")
    settings.KMT_EXPORT_BACKGROUND_ROWS = 1
    response = officer_a_client.post(reverse("prevention:export") + "?form=meeting")
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    assert (job.kind, job.status, job.done, job.total) == ("prevention.export", "done", 2, 2)
    assert job.messages == ["Đã ghi 2 hoạt động vào tệp Excel."]
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()
    handout = reverse("prevention:export_file", args=[job.pk])
    assert handout in officer_a_client.get(job.get_absolute_url()).content.decode()
    assert officer_b_client.get(handout).status_code == 404
    response = officer_a_client.post(handout, {"password": ""})
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    assert sorted(r[3] for r in rows[1:]) == ["Buổi họp tổ 1", "Buổi họp tổ 2"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (event.actor, event.model) == (officer_a, "prevention.Activity")
    assert event.note.startswith("2 hoạt động; không có thông tin cá nhân")
    assert "form=meeting" in event.note


@time_machine.travel("2026-11-20 09:00 +07:00", tick=False)
def test_coverage_page_lists_the_groups_not_reached(world, officer_a, officer_a_client):
    activity(actor=officer_a, held_on=NOV, groups=[world.group_a1], today=date(2026, 11, 20))

    page = officer_a_client.get(reverse("prevention:coverage")).content.decode()
    october = officer_a_client.get(
        reverse("prevention:coverage"), {"month": "10/2026"}
    ).content.decode()

    missed = page.split('id="missed"')[1]
    assert "Tổ dân phố số 2" in missed
    assert "Tổ dân phố số 1" not in missed
    assert "1/2 (50%)" in page
    assert "0/2 (0%)" in october


def test_linked_persons_are_shown_only_to_roles_that_see_persons(world, officer_a):
    from khongmatuy.people.tests.factories import PersonFactory

    person = PersonFactory(area=world.group_a1, full_name="Phạm Văn Cá Biệt")
    a = activity(
        actor=officer_a, held_on=NOV, groups=[world.group_a1], persons=[person], form="targeted"
    )
    mass_org = make_user("mttq_giavien", Role.MASS_ORG_OFFICER, [world.ward_a])

    officer_page = client_for(officer_a).get(a.get_absolute_url()).content.decode()
    mass_org_page = client_for(mass_org).get(a.get_absolute_url())

    assert "Phạm Văn Cá Biệt" in officer_page
    assert mass_org_page.status_code == 200
    assert "Phạm Văn Cá Biệt" not in mass_org_page.content.decode()


def test_roles_without_prevention_are_refused(world):
    supervisor = make_user("nguoigiup", Role.SUPERVISOR, [world.group_a1])
    leadership = make_user("lanhdao", Role.COMMUNE_LEADERSHIP, [world.ward_a])

    assert client_for(supervisor).get(reverse("prevention:list")).status_code == 403
    assert client_for(leadership).get(reverse("prevention:coverage")).status_code == 200
    assert client_for(leadership).get(reverse("prevention:record")).status_code == 403


def test_the_other_exports_open_and_carry_no_names(world, officer_a, officer_a_client):
    from khongmatuy.prevention import services

    services.household_add(
        actor=officer_a,
        group=world.group_a1,
        spec=services.HouseholdSpec("Hộ Không Được Xuất"),
        today=date(2026, 11, 20),
    )
    services.model_create(
        actor=officer_a, area=world.ward_a, kind="clan", name="Dòng họ Mẫu", today=NOV
    )
    for name, expected in (
        ("prevention:households_export", "Tổ dân phố số 1"),
        ("prevention:models_export", "Dòng họ Mẫu"),
        ("prevention:commitments_export", "STT"),
    ):
        response = officer_a_client.post(reverse(name))
        book = load_workbook(io.BytesIO(response.content), read_only=True)
        text = " ".join(
            str(c) for row in book.worksheets[0].iter_rows(values_only=True) for c in row if c
        )
        assert expected in text
        assert "Hộ Không Được Xuất" not in text
