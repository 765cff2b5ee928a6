"""No lost updates on the person pages: two officers open the same record, the first save wins,
the second is refused with both values shown, and nothing of it is saved or audited."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from khongmatuy.accounts.models import User
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.roles import Role
from khongmatuy.common.versioning import StaleVersion
from khongmatuy.people.choices import Sex
from khongmatuy.people.forms import PersonForm
from khongmatuy.people.models import Person
from khongmatuy.people.services import persons as services
from tests.personas import World, client_for, make_user

from .factories import CID_AN, body, events_for


@pytest.fixture
def officer_a2(world: World) -> User:
    return make_user("cand_giavien_2", Role.COMMUNE_POLICE, [world.ward_a], "Đỗ Thị Lan")


def _edit_data(world: World, person: Person, **changes: Any) -> dict[str, Any]:
    return {
        "area": str(world.group_a1.pk),
        "full_name": person.full_name,
        "aliases": person.aliases,
        "sex": Sex.MALE,
        "date_of_birth": "",
        "citizen_id": CID_AN,
        "current_address": person.current_address,
        "phone": person.phone,
        "notes": person.notes,
        **changes,
    }


def _hidden_version(html: str) -> str:
    match = re.search(r'<input type="hidden" name="version" value="(\d+)"', html)
    assert match, "the edit form carries no version"
    return match.group(1)


def test_two_forms_read_at_one_version_the_second_save_is_refused(world, officer_a, officer_a2, an):
    first = PersonForm(
        _edit_data(world, an, phone="0987 111 222", version=an.version),
        user=officer_a,
        record=an,
    )
    second = PersonForm(
        _edit_data(world, an, phone="0903 333 444", version=an.version),
        user=officer_a2,
        record=an,
    )
    assert first.is_valid(), first.errors
    assert second.is_valid(), second.errors
    services.person_update(actor=officer_a, person=an, **first.cleaned_data)
    saved = Person.objects.get(pk=an.pk)
    entries = AuditEvent.objects.count()

    with pytest.raises(StaleVersion) as refused:
        services.person_update(actor=officer_a2, person=an, **second.cleaned_data)

    message = refused.value.message_dict["__all__"][0]
    assert message.startswith("Người khác đã sửa hồ sơ này lúc ")
    assert "(Trần Văn Bình)" in message
    assert "Điện thoại: giá trị đã lưu 0987 111 222, giá trị của bạn 0903 333 444." in message
    assert "Nơi ở hiện tại" not in message  # only what the other person changed
    assert refused.value.message_dict["phone"] == ["Giá trị đã lưu: 0987 111 222."]
    assert refused.value.current_version == saved.version == 2
    after = Person.objects.get(pk=an.pk)
    assert (after.phone, after.version) == ("0987 111 222", 2)
    assert AuditEvent.objects.count() == entries  # the refused write left no entry


def test_each_save_raises_the_version_and_the_audit_keeps_it(officer_a, an):
    assert an.version == 1
    services.person_update(actor=officer_a, person=an, version=1, phone="0987 000 111")
    services.person_flag_psychosis(actor=officer_a, person=an, psychosis=True, version=2)
    an.refresh_from_db()
    assert an.version == 3
    updates = [e for e in events_for(an) if e.action == AuditEvent.Action.UPDATE]
    assert [(e.before["version"], e.after["version"]) for e in updates] == [(1, 2), (2, 3)]


def test_a_form_read_before_another_page_changed_the_record_is_refused(officer_a, an):
    services.person_flag_psychosis(actor=officer_a, person=an, psychosis=True, version=1)
    with pytest.raises(StaleVersion) as refused:
        services.person_flag_psychosis(actor=officer_a, person=an, psychosis=False, version=1)
    message = refused.value.message_dict["__all__"][0]
    assert "Có biểu hiện loạn thần (ngáo đá): giá trị đã lưu Có, giá trị của bạn Không." in message
    an.refresh_from_db()
    assert an.psychosis is True


def test_two_officers_on_the_edit_page(world, officer_a, officer_a2, an):
    url = reverse("people:edit", args=[an.pk])
    binh_client, lan_client = client_for(officer_a), client_for(officer_a2)
    binh_version = _hidden_version(body(binh_client.get(url)))
    lan_version = _hidden_version(body(lan_client.get(url)))
    assert binh_version == lan_version == "1"

    saved = binh_client.post(url, _edit_data(world, an, phone="0987 111 222", version="1"))
    assert saved.status_code == 302
    entries = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).count()

    refused = lan_client.post(
        url,
        _edit_data(world, an, phone="0903 333 444", current_address="Số 7", version="1"),
    )
    assert refused.status_code == 200
    html = body(refused)
    assert "Người khác đã sửa hồ sơ này lúc" in html
    assert "Điện thoại: giá trị đã lưu 0987 111 222, giá trị của bạn 0903 333 444." in html
    assert 'value="0903 333 444"' in html  # her input is kept
    assert 'value="Số 7"' in html
    assert _hidden_version(html) == "2"  # and the version she has now seen
    an.refresh_from_db()
    assert (an.phone, an.current_address) == ("0987 111 222", "Số 5 ngõ Hoa Sữa")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).count() == entries

    again = lan_client.post(
        url, _edit_data(world, an, phone="0903 333 444", current_address="Số 7", version="2")
    )
    assert again.status_code == 302
    an.refresh_from_db()
    assert (an.phone, an.current_address, an.version) == ("0903 333 444", "Số 7", 3)


@pytest.mark.parametrize("version", ["", "abc", "0", "-1", "1.5", "99999999999999999999"])
def test_a_missing_or_altered_version_is_a_message_not_an_error(
    officer_a_client, world, an, version
):
    url = reverse("people:edit", args=[an.pk])
    data = _edit_data(world, an, phone="0987 111 222")
    if version:
        data["version"] = version
    response = officer_a_client.post(url, data)
    assert response.status_code == 200
    assert "Không xác định được phiên bản của hồ sơ bạn đã mở" in body(response)
    an.refresh_from_db()
    assert (an.phone, an.version) == ("0912 345 678", 1)


def test_a_version_from_the_future_is_refused(officer_a_client, world, an):
    url = reverse("people:edit", args=[an.pk])
    response = officer_a_client.post(url, _edit_data(world, an, phone="0987 1", version="7"))
    assert response.status_code == 200
    assert "Hồ sơ này đã được sửa sau khi bạn mở trang." in body(response)
    an.refresh_from_db()
    assert an.phone == "0912 345 678"


def test_the_psychosis_page_carries_the_version(officer_a_client, officer_a, an):
    url = reverse("people:psychosis", args=[an.pk])
    assert _hidden_version(body(officer_a_client.get(url))) == "1"
    services.person_update(actor=officer_a, person=an, version=1, phone="0987 000 111")
    response = officer_a_client.post(
        url, {"psychosis": "on", "psychosis_note": "Hoang tưởng", "version": "1"}
    )
    assert response.status_code == 200
    assert "Người khác đã sửa hồ sơ này lúc" in body(response)
    an.refresh_from_db()
    assert an.psychosis is False
