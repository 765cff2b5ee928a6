"""Transfer pages: propose from a person, decide, the sender's read-only history, the request
by identity that reveals nothing, scope of every page, query counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.roles import Role
from khongmatuy.people.choices import TransferStatus
from khongmatuy.people.models import Person, Transfer
from khongmatuy.people.services import care as care_services
from khongmatuy.people.services import transfers as services
from tests.personas import client_for, make_user

from .factories import CID_AN, HX, TODAY, register, visit

pytestmark = pytest.mark.usefixtures("frozen")


def _propose(person, actor, world):  # type: ignore[no-untyped-def]
    return services.transfer_propose(
        actor=actor, person=person, to_commune=world.ward_b, new_address="Số 9 Lạch Tray"
    )


def _positive(person, actor):  # type: ignore[no-untyped-def]
    care_services.drug_test_record(
        actor=actor,
        person=person,
        tested_on=date(2026, 11, 2),
        reason="periodic",
        method="quick_kit",
        substances="Ketamine",
        result="positive",
        performed_by="CA phường",
        today=TODAY,
    )


def test_propose_from_the_person_page(world, an, officer_a_client):
    url = reverse("people:transfer_propose", args=[an.pk])
    page = officer_a_client.get(url)
    assert page.status_code == 200
    communes = officer_a_client.get(url + f"?province={world.haiphong.pk}", headers=HX)
    body = communes.content.decode()
    assert 'id="commune-field"' in body
    assert "Phường Thành Đông" in body
    assert "Gia Viên" not in body  # the sender's own commune is not offered
    response = officer_a_client.post(
        url,
        {
            "province": world.haiphong.pk,
            "to_commune": world.ward_b.pk,
            "new_address": "Số 9 Lạch Tray",
            "summary": "",
        },
    )
    transfer = Transfer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:transfer_detail", args=[transfer.pk])
    person_page = officer_a_client.get(reverse("people:detail", args=[an.pk])).content.decode()
    assert "Đang chờ chuyển giao từ Phường Gia Viên đến Phường Thành Đông" in person_page
    assert "Đề nghị chuyển giao (chuyển nơi ở)" not in person_page  # one pending at a time


HUGE_ID = "99999999999999999999"  # 20 digits: no 64-bit key holds it


def test_a_huge_id_in_the_proposal_is_a_form_error_not_a_crash(world, an, officer_a_client):
    url = reverse("people:transfer_propose", args=[an.pk])
    assert officer_a_client.get(url + f"?province={HUGE_ID}", headers=HX).status_code == 200
    assert officer_a_client.get(url + f"?province={HUGE_ID}").status_code == 200
    for data in (
        {"province": HUGE_ID, "to_commune": world.ward_b.pk},
        {"province": world.haiphong.pk, "to_commune": HUGE_ID},
        {"province": f"-{HUGE_ID}", "to_commune": f"-{HUGE_ID}"},
    ):
        response = officer_a_client.post(url, {**data, "new_address": "Số 9", "summary": ""})
        assert response.status_code == 200
        assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert Transfer.objects.count() == 0


def test_a_second_proposal_shows_the_refusal(world, an, officer_a, officer_a_client):
    _propose(an, officer_a, world)
    response = officer_a_client.post(
        reverse("people:transfer_propose", args=[an.pk]),
        {"province": world.quangninh.pk, "to_commune": world.ward_c.pk},
    )
    assert response.status_code == 200
    assert "đã có một đề nghị chuyển giao đang chờ xử lý" in response.content.decode()
    assert Transfer.objects.count() == 1


def test_receiver_accepts_and_sender_keeps_only_the_history(
    world, an, officer_a, officer_b, officer_a_client, officer_b_client, frozen
):
    visit(an, date(2026, 11, 10), actor=officer_a, content="Kiểm tra nơi cư trú tháng 11")
    _positive(an, officer_a)
    transfer = _propose(an, officer_a, world)
    # the sender cannot accept (and sees why)
    refused = officer_a_client.post(reverse("people:transfer_accept", args=[transfer.pk]))
    assert refused.status_code == 200
    assert "Người gửi đề nghị không thể tự quyết định" in refused.content.decode()
    # the receiver sees it as incoming and accepts into its group
    listing = officer_b_client.get(reverse("people:transfers")).content.decode()
    assert "Nguyễn Văn An" in listing
    assert "chờ bạn quyết định" in listing
    response = officer_b_client.post(
        reverse("people:transfer_accept", args=[transfer.pk]), {"to_area": world.group_b1.pk}
    )
    assert response.status_code == 302
    an.refresh_from_db()
    assert an.area == world.group_b1
    # an hour after acceptance the new commune writes history the old one must not see, even
    # dated on the acceptance day
    frozen.shift(3600)
    visit(an, date(2026, 11, 23), actor=officer_b, content="Gặp lần đầu tại nơi ở mới")
    old_link = officer_a_client.get(reverse("people:detail", args=[an.pk]))
    assert old_link.status_code == 200
    assert "Gặp lần đầu tại nơi ở mới" not in old_link.content.decode()
    assert officer_b_client.get(reverse("people:detail", args=[an.pk])).status_code == 200
    detail = officer_a_client.get(reverse("people:transfer_detail", args=[transfer.pk]))
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "Lịch sử quản lý đến ngày chuyển giao (23/11/2026)" in body
    assert "Kiểm tra nơi cư trú tháng 11" in body
    assert "Gặp lần đầu tại nơi ở mới" not in body
    assert "Dương tính" in body  # police of the sender see their own test results
    assert 'id="accept-form"' not in body


def test_sender_leadership_reads_the_history_without_decisions(
    world, an, officer_a, officer_b, leadership_a
):
    transfer = _propose(an, officer_a, world)
    services.transfer_accept(actor=officer_b, transfer=transfer, today=TODAY)
    body = (
        client_for(leadership_a)
        .get(reverse("people:transfer_detail", args=[transfer.pk]))
        .content.decode()
    )
    assert "Lịch sử quản lý đến ngày chuyển giao" in body
    assert "Hủy đề nghị" not in body


def test_refusal_through_the_page_keeps_everything(world, an, officer_a, officer_b_client):
    transfer = _propose(an, officer_a, world)
    empty = officer_b_client.post(reverse("people:transfer_refuse", args=[transfer.pk]), {})
    assert empty.status_code == 200
    assert "Trường này là bắt buộc." in empty.content.decode()
    response = officer_b_client.post(
        reverse("people:transfer_refuse", args=[transfer.pk]), {"reason": "Không cư trú tại đây"}
    )
    assert response.status_code == 302
    transfer.refresh_from_db()
    an.refresh_from_db()
    assert (transfer.status, an.area) == (TransferStatus.REFUSED, world.group_a1)


def test_cancel_through_the_page(world, an, officer_a, officer_a_client, officer_b_client):
    transfer = _propose(an, officer_a, world)
    wrong = officer_b_client.post(reverse("people:transfer_cancel", args=[transfer.pk]))
    assert "Chỉ Công an Phường Gia Viên (nơi gửi đề nghị) mới hủy được." in wrong.content.decode()
    response = officer_a_client.post(reverse("people:transfer_cancel", args=[transfer.pk]))
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.CANCELLED


def test_third_commune_gets_404_everywhere(world, an, officer_a):
    transfer = _propose(an, officer_a, world)
    client = client_for(make_user("cand_caoxanh", Role.COMMUNE_POLICE, [world.ward_c]))
    assert client.get(reverse("people:transfer_detail", args=[transfer.pk])).status_code == 404
    for name in ("transfer_accept", "transfer_refuse", "transfer_cancel"):
        assert client.post(reverse(f"people:{name}", args=[transfer.pk])).status_code == 404
    assert client.get(reverse("people:transfer_propose", args=[an.pk])).status_code == 404
    assert "Nguyễn Văn An" not in client.get(reverse("people:transfers")).content.decode()
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING


def test_request_by_citizen_id_reveals_nothing_to_the_requester(
    world, an, officer_a_client, officer_b_client
):
    url = reverse("people:transfer_request")
    data = {
        "citizen_id": CID_AN,
        "to_area": world.group_b1.pk,
        "new_address": "Phòng trọ số 3",
        "summary": "Đang ở trọ tại tổ Thành Công",
    }
    response = officer_b_client.post(url, data)
    transfer = Transfer.objects.get()
    assert response.status_code == 302
    for page in (
        officer_b_client.get(reverse("people:transfer_detail", args=[transfer.pk])),
        officer_b_client.get(reverse("people:transfers")),
    ):
        body = page.content.decode()
        assert "********2345" in body
        assert "Nguyễn Văn An" not in body
        assert CID_AN not in body
        assert "17/05/1990" not in body
    holder = officer_a_client.get(reverse("people:transfer_detail", args=[transfer.pk]))
    assert "Nguyễn Văn An" in holder.content.decode()
    assert 'id="accept-form"' in holder.content.decode()


def test_request_without_a_unique_match_creates_nothing(world, an, officer_b_client):
    response = officer_b_client.post(
        reverse("people:transfer_request"),
        {
            "full_name": "Nguyễn Văn An",
            "date_of_birth": "01/01/1991",
            "to_area": world.group_b1.pk,
            "summary": "Đang ở trọ",
        },
    )
    assert response.status_code == 200
    assert "Không tìm thấy đúng một hồ sơ khớp; chưa gửi đề nghị nào." in response.content.decode()
    assert Transfer.objects.count() == 0


def test_request_page_offers_only_the_requesters_areas(world, officer_b_client):
    body = officer_b_client.get(reverse("people:transfer_request")).content.decode()
    assert "Tổ dân phố Thành Công" in body
    assert "Gia Viên" not in body


def test_transfers_list_issues_the_same_queries_for_2_and_8_transfers(world, officer_a, officer_b):
    client = client_for(officer_a)
    counts = {}
    made = 0
    for total in (2, 8):
        while made < total:
            person = register(officer_a, world.group_a1, f"Người Chuyển {made}")
            transfer = _propose(person, officer_a, world)
            if made % 2:
                services.transfer_refuse(actor=officer_b, transfer=transfer, reason="Không")
            made += 1
        client.get(reverse("people:transfers"))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("people:transfers")).status_code == 200
        counts[total] = len(ctx.captured_queries)
    assert counts[2] == counts[8]
    assert counts[8] <= 9  # the reads and the one insert of the VIEW entries


def test_persons_of_the_sender_after_acceptance(world, an, officer_a, officer_b):
    transfer = _propose(an, officer_a, world)
    services.transfer_accept(actor=officer_b, transfer=transfer, today=TODAY)
    assert not Person.objects.for_user(officer_a).filter(pk=an.pk).exists()


def test_the_senders_old_link_says_where_and_when_the_person_went(
    world, an, officer_a, officer_b, officer_a_client, frozen
):
    transfer = _propose(an, officer_a, world)
    services.transfer_accept(
        actor=officer_b, transfer=transfer, to_area=world.group_b1, today=TODAY
    )
    frozen.shift(3600)
    visit(an, date(2026, 11, 23), actor=officer_b, content="Gặp lần đầu tại nơi ở mới")
    before = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).count()
    response = officer_a_client.get(reverse("people:detail", args=[an.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Người này đã được chuyển sang Phường Thành Đông quản lý từ ngày 23/11/2026." in body
    assert f"Người tiếp nhận: {officer_b}" in body
    assert reverse("people:transfer_detail", args=[transfer.pk]) in body
    for current in ("Gặp lần đầu tại nơi ở mới", world.group_b1.name, "Lạch Tray", CID_AN):
        assert current not in body
    views = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).order_by("pk")
    assert views.count() == before + 1
    last = views.last()
    assert last is not None
    assert (last.actor, last.object_id) == (officer_a, str(an.pk))
    third = client_for(make_user("cand_caoxanh", Role.COMMUNE_POLICE, [world.ward_c]))
    assert third.get(reverse("people:detail", args=[an.pk])).status_code == 404
    never = register(officer_a, world.group_a1, "Phạm Văn Chưa")
    assert third.get(reverse("people:detail", args=[never.pk])).status_code == 404
