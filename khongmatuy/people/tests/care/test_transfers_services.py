"""Transfers between communes: every transition, allowed and refused, and the request lookup."""

from __future__ import annotations

from datetime import date

import pytest

from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.errors import DomainError, InvalidTransition
from khongmatuy.common.roles import Role
from khongmatuy.people.choices import EpisodeKind, TransferDirection, TransferStatus
from khongmatuy.people.models import EpisodeEvent, Person, Supervision, Transfer
from khongmatuy.people.services import episodes as episode_services
from khongmatuy.people.services import transfers as services
from tests.personas import make_user

from .factories import CID_AN, TODAY, assign


def _propose(person, actor, world, **kwargs):  # type: ignore[no-untyped-def]
    return services.transfer_propose(
        actor=actor,
        person=person,
        to_commune=world.ward_b,
        new_address="Số 9 đường Lạch Tray",
        **kwargs,
    )


@pytest.fixture
def episode(an, officer_a):  # type: ignore[no-untyped-def]
    return episode_services.episode_open(
        person=an,
        kind=EpisodeKind.USER_MANAGEMENT,
        started_on=date(2026, 1, 15),
        decision_number="15/QĐ-UBND",
        decision_date=date(2026, 1, 15),
        actor=officer_a,
        today=TODAY,
    )


# --- propose --------------------------------------------------------------------------------


def test_propose_lists_open_categories_and_episodes_when_summary_is_empty(
    world, an, episode, officer_a
):
    transfer = _propose(an, officer_a, world)
    assert (
        transfer.direction,
        transfer.status,
        transfer.from_commune,
        transfer.to_commune,
        transfer.proposed_by,
    ) == (TransferDirection.HANDOVER, TransferStatus.PENDING, world.ward_a, world.ward_b, officer_a)
    lines = transfer.summary.split("\n")
    assert lines[0] == "Diện quản lý, biện pháp đang áp dụng khi đề nghị chuyển giao:"
    assert "- Diện: Người sử dụng trái phép chất ma túy, từ 10/01/2026" in lines
    assert any(
        line.startswith("- Biện pháp: Quản lý người sử dụng trái phép chất ma túy, từ 15/01/2026")
        and line.endswith("(quyết định số 15/QĐ-UBND)")
        for line in lines
    )


def test_propose_keeps_a_written_summary(world, an, officer_a):
    transfer = _propose(an, officer_a, world, summary="Đã chuyển về nhà vợ")
    assert transfer.summary == "Đã chuyển về nhà vợ"


def test_a_second_pending_transfer_is_refused(world, an, officer_a):
    _propose(an, officer_a, world)
    with pytest.raises(DomainError) as exc:
        services.transfer_propose(actor=officer_a, person=an, to_commune=world.ward_c)
    assert exc.value.message_dict == {
        "__all__": [
            "Nguyễn Văn An đã có một đề nghị chuyển giao đang chờ xử lý; hãy chờ quyết định "
            "hoặc hủy đề nghị đó trước."
        ]
    }
    assert Transfer.objects.count() == 1


def test_propose_to_the_same_commune_or_a_group_is_refused(world, an, officer_a):
    with pytest.raises(DomainError) as exc:
        services.transfer_propose(actor=officer_a, person=an, to_commune=world.ward_a)
    assert exc.value.message_dict == {
        "to_commune": ["Nơi tiếp nhận phải khác nơi đang quản lý (Phường Gia Viên)."]
    }
    with pytest.raises(DomainError) as exc:
        services.transfer_propose(actor=officer_a, person=an, to_commune=world.group_b1)
    assert exc.value.message_dict == {
        "to_commune": ["Chọn một xã, phường, đặc khu đang hoạt động."]
    }
    with pytest.raises(DomainError) as exc:
        services.transfer_propose(
            actor=officer_a, person=an, to_commune=world.ward_b, to_area=world.group_a2
        )
    assert exc.value.message_dict == {
        "to_area": ["Chọn một tổ dân phố, thôn đang hoạt động của Phường Thành Đông."]
    }
    assert Transfer.objects.count() == 0


def test_only_the_holder_proposes(world, an, officer_b, leader_a):
    with pytest.raises(DomainError) as exc:
        _propose(an, officer_b, world)
    assert exc.value.message_dict == {
        "__all__": ["Chỉ nơi đang quản lý người này mới đề nghị chuyển giao được."]
    }
    with pytest.raises(DomainError):
        _propose(an, leader_a, world)
    assert Transfer.objects.count() == 0


# --- accept ---------------------------------------------------------------------------------


def test_accept_by_the_sender_is_refused(world, an, officer_a):
    transfer = _propose(an, officer_a, world)
    colleague = make_user("cand_giavien_2", Role.COMMUNE_POLICE, [world.ward_a], "Võ Văn Đồng")
    for actor, message in (
        (officer_a, "Người gửi đề nghị không thể tự quyết định đề nghị của mình."),
        (colleague, "Chỉ Công an Phường Thành Đông mới quyết định được đề nghị này."),
    ):
        with pytest.raises(DomainError) as exc:
            services.transfer_accept(actor=actor, transfer=transfer, today=TODAY)
        assert exc.value.message_dict == {"__all__": [message]}
    transfer.refresh_from_db()
    an.refresh_from_db()
    assert (transfer.status, an.area) == (TransferStatus.PENDING, world.group_a1)


def test_a_city_user_cannot_decide_their_own_proposal(world, an, city_user):
    transfer = _propose(an, city_user, world)
    with pytest.raises(DomainError) as exc:
        services.transfer_accept(actor=city_user, transfer=transfer, today=TODAY)
    assert exc.value.message_dict == {
        "__all__": ["Người gửi đề nghị không thể tự quyết định đề nghị của mình."]
    }


def test_accept_moves_the_person_keeps_episodes_open_and_ends_old_supervisions(
    world, an, episode, officer_a, officer_b, supervisor_a
):
    assign(an, supervisor_a, actor=officer_a)
    transfer = _propose(an, officer_a, world)
    services.transfer_accept(
        actor=officer_b, transfer=transfer, to_area=world.group_b1, today=TODAY
    )
    transfer.refresh_from_db()
    an.refresh_from_db()
    episode.refresh_from_db()
    assert (transfer.status, transfer.decided_by, transfer.to_area) == (
        TransferStatus.ACCEPTED,
        officer_b,
        world.group_b1,
    )
    assert (an.area, an.current_address) == (world.group_b1, "Số 9 đường Lạch Tray")
    assert "so 9 duong lach tray" in an.search_text
    assert (episode.status, episode.ended_on) == ("active", None)
    event = EpisodeEvent.objects.get(episode=episode, action="transferred")
    assert (event.on, event.note, event.actor) == (
        TODAY,
        "Chuyển quản lý từ Phường Gia Viên đến Phường Thành Đông",
        officer_b,
    )
    assert Supervision.objects.get().ended_on == TODAY
    # scope moved: ward B sees the person, ward A and its supervisor no longer do
    assert list(Person.objects.for_user(officer_b)) == [an]
    assert list(Person.objects.for_user(officer_a)) == []
    assert list(Person.objects.for_user(supervisor_a)) == []
    # both still see the transfer
    assert list(Transfer.objects.for_user(officer_a)) == [transfer]
    assert list(Transfer.objects.for_user(officer_b)) == [transfer]
    assert AuditEvent.objects.filter(
        model="people.Person", object_id=str(an.pk), action="update"
    ).exists()


def test_accept_without_group_puts_the_person_at_commune_level(world, an, officer_a, officer_b):
    transfer = _propose(an, officer_a, world)
    services.transfer_accept(actor=officer_b, transfer=transfer, today=TODAY)
    an.refresh_from_db()
    assert an.area == world.ward_b


def test_accept_into_a_group_of_another_commune_is_refused(world, an, officer_a, city_user):
    transfer = _propose(an, officer_a, world)
    with pytest.raises(DomainError) as exc:
        services.transfer_accept(
            actor=city_user, transfer=transfer, to_area=world.group_a2, today=TODAY
        )
    assert exc.value.message_dict == {
        "to_area": ["Chọn một tổ dân phố, thôn đang hoạt động của Phường Thành Đông."]
    }


def test_a_decided_transfer_cannot_be_decided_again(world, an, officer_a, officer_b):
    transfer = _propose(an, officer_a, world)
    services.transfer_accept(actor=officer_b, transfer=transfer, today=TODAY)
    for call in (
        lambda: services.transfer_accept(actor=officer_b, transfer=transfer, today=TODAY),
        lambda: services.transfer_refuse(actor=officer_b, transfer=transfer, reason="x"),
        lambda: services.transfer_cancel(actor=officer_a, transfer=transfer),
    ):
        with pytest.raises(InvalidTransition):
            call()


def test_a_transfer_is_invisible_to_a_third_commune(world, an, officer_a):
    transfer = _propose(an, officer_a, world)
    officer_c = make_user("cand_caoxanh", Role.COMMUNE_POLICE, [world.ward_c])
    assert list(Transfer.objects.for_user(officer_c)) == []
    with pytest.raises(DomainError):
        services.transfer_accept(actor=officer_c, transfer=transfer, today=TODAY)


# --- refuse and cancel ----------------------------------------------------------------------


def test_refuse_keeps_everything(world, an, episode, officer_a, officer_b):
    transfer = _propose(an, officer_a, world)
    with pytest.raises(DomainError) as exc:
        services.transfer_refuse(actor=officer_b, transfer=transfer, reason="  ")
    assert exc.value.message_dict == {"reason": ["Nêu lý do từ chối."]}
    services.transfer_refuse(
        actor=officer_b, transfer=transfer, reason="Không cư trú tại địa chỉ đã nêu"
    )
    transfer.refresh_from_db()
    an.refresh_from_db()
    assert (transfer.status, transfer.refusal_reason, transfer.decided_by) == (
        TransferStatus.REFUSED,
        "Không cư trú tại địa chỉ đã nêu",
        officer_b,
    )
    assert (an.area, an.current_address) == (world.group_a1, "")
    assert not EpisodeEvent.objects.filter(action="transferred").exists()
    assert list(Person.objects.for_user(officer_a)) == [an]
    assert list(Person.objects.for_user(officer_b)) == []
    # a new proposal is possible again
    assert _propose(an, officer_a, world).status == TransferStatus.PENDING


def test_refuse_by_the_sender_is_refused(world, an, officer_a):
    transfer = _propose(an, officer_a, world)
    with pytest.raises(DomainError):
        services.transfer_refuse(actor=officer_a, transfer=transfer, reason="Không")
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING


def test_cancel_by_the_proposer_side_only(world, an, officer_a, officer_b):
    transfer = _propose(an, officer_a, world)
    with pytest.raises(DomainError) as exc:
        services.transfer_cancel(actor=officer_b, transfer=transfer)
    assert exc.value.message_dict == {
        "__all__": ["Chỉ Công an Phường Gia Viên (nơi gửi đề nghị) mới hủy được."]
    }
    services.transfer_cancel(actor=officer_a, transfer=transfer)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.CANCELLED
    with pytest.raises(InvalidTransition):
        services.transfer_accept(actor=officer_b, transfer=transfer, today=TODAY)


# --- request by lookup ----------------------------------------------------------------------


def _request(actor, world, **identity):  # type: ignore[no-untyped-def]
    return services.transfer_request_by_lookup(
        actor=actor,
        to_area=world.group_b1,
        new_address="Phòng trọ số 3, ngõ 12",
        summary="Đang ở trọ tại tổ Thành Công từ 01/11/2026",
        **identity,
    )


def test_request_by_citizen_id_creates_a_request_the_holder_decides(
    world, an, officer_a, officer_b
):
    transfer = _request(officer_b, world, citizen_id=CID_AN)
    assert transfer is not None
    assert (
        transfer.direction,
        transfer.from_commune,
        transfer.to_commune,
        transfer.to_area,
        transfer.person,
    ) == (TransferDirection.REQUEST, world.ward_a, world.ward_b, world.group_b1, an)
    assert transfer.summary == (
        "[Tra cứu theo số CCCD ********2345]\nĐang ở trọ tại tổ Thành Công từ 01/11/2026"
    )
    # the requester does not see the person until the holder accepts
    assert list(Person.objects.for_user(officer_b)) == []
    with pytest.raises(DomainError):  # the requester cannot accept its own request
        services.transfer_accept(actor=officer_b, transfer=transfer, today=TODAY)
    services.transfer_accept(actor=officer_a, transfer=transfer, to_area=world.group_a2)
    an.refresh_from_db()
    assert an.area == world.group_b1  # the requester's group, not the holder's choice
    assert list(Person.objects.for_user(officer_b)) == [an]


def test_request_by_name_and_date_of_birth_ignores_diacritics(world, an, officer_b):
    transfer = _request(
        officer_b, world, full_name="nguyen van an", date_of_birth=date(1990, 5, 17)
    )
    assert transfer is not None
    assert transfer.summary.split("\n")[0] == (
        "[Tra cứu theo họ tên “nguyen van an”, ngày sinh 17/05/1990]"
    )


def test_no_match_and_several_matches_give_the_same_answer(world, an, officer_a, officer_b):
    from .factories import register

    assert (
        _request(officer_b, world, full_name="Nguyễn Văn An", date_of_birth=date(1991, 1, 1))
        is None
    )
    register(officer_a, world.group_a2, "Nguyễn Văn An")  # same name, same date of birth
    assert (
        _request(officer_b, world, full_name="Nguyễn Văn An", date_of_birth=date(1990, 5, 17))
        is None
    )
    assert Transfer.objects.count() == 0
    notes = list(
        AuditEvent.objects.filter(actor=officer_b, note__startswith="transfer-lookup")
        .order_by("pk")
        .values_list("note", "object_id")
    )
    assert notes == [
        ("transfer-lookup: không khớp (họ tên và ngày sinh)", ""),
        ("transfer-lookup: không khớp (họ tên và ngày sinh)", ""),
    ]


def test_a_matched_lookup_is_logged_in_the_holders_area(world, an, officer_b):
    _request(officer_b, world, citizen_id=CID_AN)
    event = AuditEvent.objects.get(actor=officer_b, note__startswith="transfer-lookup")
    assert (event.model, event.object_id, event.area_id, event.note) == (
        "people.Person",
        str(an.pk),
        world.group_a1.pk,
        "transfer-lookup: khớp (số CCCD)",
    )


def test_lookup_input_is_validated(world, officer_b):
    with pytest.raises(DomainError) as exc:
        _request(officer_b, world, citizen_id="12345")
    assert exc.value.message_dict == {"citizen_id": ["Số CCCD gồm đúng 12 chữ số."]}
    with pytest.raises(DomainError) as exc:
        _request(officer_b, world, full_name="Nguyễn Văn An")
    assert exc.value.message_dict == {
        "citizen_id": ["Nhập số CCCD, hoặc nhập đủ họ tên và ngày sinh để tra cứu."]
    }


def test_lookup_of_a_person_already_in_scope_says_so_and_is_still_logged(world, an, officer_a):
    with pytest.raises(DomainError) as exc:
        services.transfer_request_by_lookup(
            actor=officer_a, citizen_id=CID_AN, to_area=world.group_a2, summary="x"
        )
    assert exc.value.message_dict == {
        "__all__": ["Người này đã thuộc địa bàn bạn quản lý; không cần đề nghị chuyển giao."]
    }
    assert (
        AuditEvent.objects.filter(actor=officer_a, note__startswith="transfer-lookup").count() == 1
    )


def test_lookups_are_limited_per_day(world, officer_b, monkeypatch):
    monkeypatch.setattr(services, "LOOKUP_LIMIT_PER_DAY", 2)
    for _ in range(2):
        assert _request(officer_b, world, citizen_id="031090099999") is None
    with pytest.raises(DomainError) as exc:
        _request(officer_b, world, citizen_id="031090099999")
    assert exc.value.message_dict == {
        "__all__": ["Tài khoản đã tra cứu 2 lần trong 24 giờ qua; hãy thử lại sau."]
    }


def test_request_to_an_area_outside_scope_is_refused(world, an, officer_b):
    with pytest.raises(DomainError) as exc:
        services.transfer_request_by_lookup(
            actor=officer_b, citizen_id=CID_AN, to_area=world.group_a2, summary="x"
        )
    assert exc.value.message_dict == {"to_area": ["Chọn một địa bàn bạn được giao."]}
    assert AuditEvent.objects.filter(note__startswith="transfer-lookup").count() == 0
