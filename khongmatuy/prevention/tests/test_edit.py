"""Correcting and deleting an activity: what it reached is replaced (the coverage follows), linked
persons are kept from roles that do not see them, files are added up to the limit, and another
area's activity is out of reach."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.roles import Capability, Role
from khongmatuy.people.tests.factories import PersonFactory
from khongmatuy.prevention import services
from khongmatuy.prevention.choices import ActivityForm, Audience
from khongmatuy.prevention.models import Activity, ActivityPhoto, GroupReach
from khongmatuy.prevention.selectors import coverage
from tests.images import image_bytes
from tests.personas import client_for, make_user

from .factories import TODAY, activity

NOV = date(2026, 11, 15)


def spec(**kwargs):  # type: ignore[no-untyped-def]
    values = {
        "held_on": NOV,
        "form": ActivityForm.MEETING,
        "topic": "Tác hại của ma túy tổng hợp",
        "audience": Audience.RESIDENTS,
    }
    return services.ActivitySpec(**values | kwargs)


def photo(name: str = "anh.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("PNG"), content_type="image/png")


def reached(a: Activity) -> set[int]:
    return set(GroupReach.objects.filter(activity=a).values_list("group_id", flat=True))


def test_correcting_the_groups_moves_the_coverage(world, officer_a):
    a = activity(actor=officer_a, held_on=NOV, groups=[world.group_a1])
    assert coverage.by_commune(user=officer_a, on=NOV)[0].reached == 1

    services.activity_update(
        actor=officer_a,
        activity=a,
        spec=spec(groups=[world.group_a1, world.group_a2], topic="Họp tổ tháng 11"),
        today=TODAY,
    )

    a.refresh_from_db()
    assert a.topic == "Họp tổ tháng 11"
    assert a.area == world.ward_a  # two groups: filed under the commune
    assert reached(a) == {world.group_a1.pk, world.group_a2.pk}
    assert coverage.by_commune(user=officer_a, on=NOV)[0].reached == 2
    assert AuditEvent.objects.filter(
        model="prevention.GroupReach", action=AuditEvent.Action.DELETE
    ).exists()
    assert AuditEvent.objects.filter(
        model="prevention.Activity", object_id=str(a.pk), action=AuditEvent.Action.UPDATE
    ).exists()


def test_a_refused_correction_changes_nothing(world, officer_a):
    a = activity(actor=officer_a, held_on=NOV, groups=[world.group_a1])
    with pytest.raises(ValidationError) as refused:
        services.activity_update(
            actor=officer_a,
            activity=a,
            spec=spec(groups=[world.group_b1], held_on=date(2027, 1, 1)),
            today=TODAY,
        )
    assert {"groups", "held_on"} <= set(refused.value.message_dict)
    a.refresh_from_db()
    assert a.held_on == NOV
    assert reached(a) == {world.group_a1.pk}


def test_persons_are_kept_when_the_editor_does_not_see_them(world, officer_a):
    mass_org = make_user("doanthe_a", Role.MASS_ORG_OFFICER, [world.ward_a])
    assert not mass_org.can(Capability.VIEW_PERSONS)
    person = PersonFactory(area=world.group_a1)
    a = activity(
        actor=officer_a,
        held_on=NOV,
        groups=[world.group_a1],
        form=ActivityForm.TARGETED,
        persons=[person],
    )
    services.activity_update(
        actor=mass_org,
        activity=a,
        spec=spec(groups=[world.group_a1], form=ActivityForm.TARGETED, topic="Gặp riêng"),
        today=TODAY,
    )
    assert list(a.persons.all()) == [person]
    # An officer who sees persons and makes it a meeting drops the link.
    services.activity_update(
        actor=officer_a, activity=a, spec=spec(groups=[world.group_a1]), today=TODAY
    )
    assert not a.persons.exists()


def test_files_are_added_up_to_three(world, officer_a):
    a = activity(
        actor=officer_a, held_on=NOV, groups=[world.group_a1], photos=[photo(), photo("b.png")]
    )
    with pytest.raises(ValidationError) as refused:
        services.activity_update(
            actor=officer_a,
            activity=a,
            spec=spec(groups=[world.group_a1], photos=[photo("c.png"), photo("d.png")]),
            today=TODAY,
        )
    assert "đã có 2 tệp; chỉ thêm được tối đa 1 tệp nữa" in refused.value.message_dict["photos"][0]
    services.activity_update(
        actor=officer_a,
        activity=a,
        spec=spec(groups=[world.group_a1], photos=[photo("c.png")]),
        today=TODAY,
    )
    assert ActivityPhoto.objects.filter(activity=a).count() == 3


def test_delete_removes_reach_and_files(world, officer_a, django_capture_on_commit_callbacks):
    a = activity(actor=officer_a, held_on=NOV, groups=[world.group_a1], photos=[photo()])
    name = ActivityPhoto.objects.get(activity=a).file.name
    assert default_storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        services.activity_delete(actor=officer_a, activity=a)

    assert not Activity.objects.exists()
    assert not GroupReach.objects.exists()
    assert not default_storage.exists(name)
    assert coverage.by_commune(user=officer_a, on=NOV)[0].reached == 0
    assert AuditEvent.objects.filter(
        model="prevention.Activity", object_id=str(a.pk), action=AuditEvent.Action.DELETE
    ).exists()


def test_another_areas_officer_cannot_touch_it(world, officer_a, officer_b):
    a = activity(actor=officer_a, held_on=NOV, groups=[world.group_a1])
    with pytest.raises(ValidationError):
        services.activity_delete(actor=officer_b, activity=a)
    assert client_for(officer_b).post(reverse("prevention:delete", args=[a.pk])).status_code == 404
    assert Activity.objects.filter(pk=a.pk).exists()


def test_the_edit_page_is_filled_and_saves(world, officer_a):
    a = activity(actor=officer_a, held_on=NOV, groups=[world.group_a1])
    client = client_for(officer_a)
    url = reverse("prevention:edit", args=[a.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["groups"] == [world.group_a1.pk]
    assert "Tác hại của ma túy tổng hợp" in page.content.decode()

    response = client.post(
        url,
        {
            "held_on": "14/11/2026",
            "form": ActivityForm.LOUDSPEAKER,
            "topic": "Phát thanh tháng 11",
            "groups": [world.group_a2.pk],
            "audience": Audience.RESIDENTS,
        },
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.held_on, a.form, a.area) == (date(2026, 11, 14), "loudspeaker", world.group_a2)
    assert GroupReach.objects.get(activity=a).held_on == date(2026, 11, 14)
