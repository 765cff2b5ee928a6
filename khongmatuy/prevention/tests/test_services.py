"""Recording an activity: what it is filed under, its refusals (nothing saved), its photos."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from khongmatuy.audit.models import AuditEvent
from khongmatuy.people.tests.factories import PersonFactory
from khongmatuy.prevention.choices import ActivityForm
from khongmatuy.prevention.models import Activity, ActivityPhoto, GroupReach
from tests.images import GPS_IFD, SECRET, image_bytes, phone_exif

from .factories import activity

NOV = date(2026, 11, 15)


def test_a_session_of_one_group_is_filed_under_the_group(world, leader_a):
    a = activity(actor=leader_a, held_on=NOV, groups=[world.group_a1])

    assert a.area == world.group_a1
    assert list(GroupReach.objects.filter(activity=a).values_list("group", "held_on")) == [
        (world.group_a1.pk, NOV)
    ]
    assert AuditEvent.objects.filter(model="prevention.Activity", object_id=str(a.pk)).exists()
    assert AuditEvent.objects.filter(
        model="prevention.GroupReach", object_id=f"activity-{a.pk}"
    ).exists()


def test_a_session_of_several_groups_is_filed_under_the_commune(world, officer_a):
    a = activity(actor=officer_a, held_on=NOV, groups=[world.group_a1, world.group_a2])

    assert a.area == world.ward_a


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"groups": []}, "groups"),
        ({"held_on": date(2026, 12, 1)}, "held_on"),
        ({"topic": "  "}, "topic"),
        ({"form": "rumour"}, "form"),
    ],
)
def test_refusals_name_the_field_and_save_nothing(world, officer_a, kwargs, field):
    kwargs = {"held_on": NOV, "groups": [world.group_a1], **kwargs}
    with pytest.raises(ValidationError) as refused:
        activity(actor=officer_a, **kwargs)

    assert field in refused.value.message_dict
    assert not Activity.objects.exists()


def test_a_leader_may_not_record_for_another_group_nor_two_communes(world, leader_a, city_user):
    with pytest.raises(ValidationError) as other_group:
        activity(actor=leader_a, held_on=NOV, groups=[world.group_a2])
    with pytest.raises(ValidationError) as two_communes:
        activity(actor=city_user, held_on=NOV, groups=[world.group_a1, world.group_b1])

    assert "Tổ dân phố số 2" in other_group.value.message_dict["groups"][0]
    assert "cùng một xã" in two_communes.value.message_dict["groups"][0]
    assert not Activity.objects.exists()


def test_linked_persons_only_for_a_targeted_session(world, officer_a):
    person = PersonFactory(area=world.group_a1)
    with pytest.raises(ValidationError) as refused:
        activity(actor=officer_a, held_on=NOV, groups=[world.group_a1], persons=[person])
    assert "persons" in refused.value.message_dict

    a = activity(
        actor=officer_a,
        held_on=NOV,
        groups=[world.group_a1],
        persons=[person],
        form=ActivityForm.TARGETED,
    )
    assert list(a.persons.all()) == [person]


def test_photos_are_re_encoded_without_their_gps_position(world, leader_a):
    photo = SimpleUploadedFile(
        "buoi-hop.jpg", image_bytes("JPEG", exif=phone_exif()), content_type="image/jpeg"
    )
    a = activity(actor=leader_a, held_on=NOV, groups=[world.group_a1], photos=[photo])

    stored = ActivityPhoto.objects.get(activity=a)
    with stored.file.open("rb") as handle, Image.open(handle) as image:
        assert not image.getexif().get_ifd(GPS_IFD)
    with stored.file.open("rb") as handle:
        assert SECRET.encode() not in handle.read()


def test_a_file_that_is_not_an_image_refuses_the_whole_activity(world, leader_a):
    bad = SimpleUploadedFile("bien-ban.jpg", b"not an image at all", content_type="image/jpeg")
    with pytest.raises(ValidationError) as refused:
        activity(actor=leader_a, held_on=NOV, groups=[world.group_a1], photos=[bad])

    assert "bien-ban.jpg" in refused.value.message_dict["photos"][0]
    assert not Activity.objects.exists()
    assert not ActivityPhoto.objects.exists()


def test_minutes_as_pdf_are_stored_rewritten(world, leader_a):
    from khongmatuy.common.tests.test_pdfs import SECRET, pdf_bytes

    minutes = SimpleUploadedFile(
        "bien-ban.pdf", pdf_bytes(pages=2, secret=True), content_type="application/pdf"
    )
    a = activity(actor=leader_a, held_on=NOV, groups=[world.group_a1], photos=[minutes])

    stored = ActivityPhoto.objects.get(activity=a)
    assert stored.content_type == "application/pdf"
    assert stored.file.name.endswith(".pdf")
    assert stored.original_name == "bien-ban.pdf"
    with stored.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-")
    assert SECRET.encode() not in content


def test_a_damaged_pdf_refuses_the_whole_activity(world, leader_a):
    bad = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 broken", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        activity(actor=leader_a, held_on=NOV, groups=[world.group_a1], photos=[bad])

    assert "Không đọc được tệp PDF “bien-ban.pdf”" in refused.value.message_dict["photos"][0]
    assert not Activity.objects.exists()
