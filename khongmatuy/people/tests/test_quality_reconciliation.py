"""Reconciliation rounds: start per group (or for each group of a commune), check each person,
refuse completion while anyone is unchecked, record the discrepancies; the pages and htmx rows."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.errors import DomainError
from khongmatuy.people.choices import ReconciliationOutcome
from khongmatuy.people.models import Person, ReconciliationItem, ReconciliationRound
from khongmatuy.people.services import quality as services
from tests.personas import client_for

from .factories import HX, TODAY, body, events_for
from .factories import register_complete as register

CONFIRMED = ReconciliationOutcome.CONFIRMED


@pytest.fixture
def group(world, officer_a):  # type: ignore[no-untyped-def]
    """Three persons in group 1, one in group 2, one recorded at the ward without a group."""
    return {
        "an": register(officer_a, world.group_a1, "Nguyễn Văn An"),
        "binh": register(officer_a, world.group_a1, "Trần Văn Bình"),
        "cuong": register(officer_a, world.group_a1, "Lê Văn Cường"),
        "dung": register(officer_a, world.group_a2, "Phạm Văn Dũng"),
        "em": register(officer_a, world.ward_a, "Hoàng Văn Em"),
    }


def test_start_for_a_commune_opens_one_round_per_group_and_one_for_the_commune(
    group, world, officer_a
):
    rounds = services.reconciliation_start(
        actor=officer_a, area=world.ward_a, on=TODAY, note="Quý IV"
    )

    assert [(r.area, r.started_on, r.started_by, r.note) for r in rounds] == [
        (world.group_a1, TODAY, officer_a, "Quý IV"),
        (world.group_a2, TODAY, officer_a, "Quý IV"),
        (world.ward_a, TODAY, officer_a, "Quý IV"),
    ]
    assert all(events_for(r)[0].action == "create" for r in rounds)
    with pytest.raises(DomainError) as refused:
        services.reconciliation_start(actor=officer_a, area=world.ward_a, on=TODAY)
    assert refused.value.message_dict == {
        "area": ["Đang có đợt rà soát chưa hoàn thành cho Gia Viên; hãy hoàn thành đợt đó trước."]
    }


def test_start_is_refused_for_a_province_and_outside_the_scope(
    world, city_user, officer_b, leader_a
):
    with pytest.raises(DomainError) as refused:
        services.reconciliation_start(actor=city_user, area=world.haiphong, on=TODAY)
    assert refused.value.message_dict == {
        "area": ["Chọn một tổ dân phố, thôn hoặc một xã, phường đang hoạt động."]
    }
    for actor in (officer_b, leader_a):  # another ward; a group leader cannot manage
        with pytest.raises(PermissionDenied):
            services.reconciliation_start(actor=actor, area=world.group_a1, on=TODAY)
    assert ReconciliationRound.objects.count() == 0


def test_check_records_the_result_and_the_verification_date(group, world, officer_a):
    (round_,) = services.reconciliation_start(actor=officer_a, area=world.group_a1, on=TODAY)
    an = group["an"]

    item = services.reconciliation_check(
        actor=officer_a, round=round_, person=an, outcome=CONFIRMED, on=TODAY
    )
    again = services.reconciliation_check(
        actor=officer_a,
        round=round_,
        person=an,
        outcome=ReconciliationOutcome.MOVED,
        note="Đã chuyển đến phường Thành Đông từ tháng 10",
        on=TODAY,
    )

    an.refresh_from_db()
    assert again.pk == item.pk
    assert (again.outcome, again.note, again.checked_by) == (
        "moved",
        "Đã chuyển đến phường Thành Đông từ tháng 10",
        officer_a,
    )
    assert an.last_verified_on == TODAY
    assert [e.action for e in events_for(item)] == ["create", "update"]
    assert events_for(an)[-1].after["last_verified_on"] == TODAY.isoformat()


def test_check_refusals(group, world, officer_a):
    (round_,) = services.reconciliation_start(actor=officer_a, area=world.group_a1, on=TODAY)
    before = AuditEvent.objects.count()

    cases = [
        (group["an"], ReconciliationOutcome.NOT_FOUND, "", {
            "note": ["Ghi rõ sai lệch so với thực tế (kết quả “Không có mặt tại địa phương”)."]
        }),
        (group["an"], "lost", "", {"outcome": ["Chọn kết quả rà soát."]}),
        (group["dung"], CONFIRMED, "", {
            "person": ["Người này không thuộc danh sách của đợt rà soát."]
        }),
        (group["an"], CONFIRMED, "x" * 251, {"note": ["Dài quá 250 ký tự."]}),
    ]  # fmt: skip
    for person, outcome, note, errors in cases:
        with pytest.raises(DomainError) as refused:
            services.reconciliation_check(
                actor=officer_a, round=round_, person=person, outcome=outcome, note=note, on=TODAY
            )
        assert refused.value.message_dict == errors
    assert ReconciliationItem.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_completion_is_refused_while_anyone_is_unchecked_and_names_them(group, world, officer_a):
    (round_,) = services.reconciliation_start(actor=officer_a, area=world.group_a1, on=TODAY)
    services.reconciliation_check(
        actor=officer_a, round=round_, person=group["an"], outcome=CONFIRMED, on=TODAY
    )

    with pytest.raises(DomainError) as refused:
        services.reconciliation_complete(actor=officer_a, round=round_, on=TODAY)

    assert refused.value.messages == ["Còn 2 người chưa rà soát: Trần Văn Bình, Lê Văn Cường."]
    round_.refresh_from_db()
    assert round_.completed_on is None


def test_completion_records_the_discrepancies_and_closes_the_round(group, world, officer_a):
    (round_,) = services.reconciliation_start(
        actor=officer_a, area=world.group_a1, on=TODAY, note="Quý IV"
    )
    results = {
        "an": (CONFIRMED, ""),
        "binh": (ReconciliationOutcome.NOT_FOUND, "Vắng nhà 3 tháng"),
        "cuong": (ReconciliationOutcome.IMPRISONED, "Bản án số 12/2026/HS-ST"),
    }
    for key, (outcome, note) in results.items():
        services.reconciliation_check(
            actor=officer_a, round=round_, person=group[key], outcome=outcome, note=note, on=TODAY
        )

    services.reconciliation_complete(actor=officer_a, round=round_, on=TODAY)

    round_.refresh_from_db()
    assert (round_.completed_on, round_.note) == (
        TODAY,
        "Quý IV Sai lệch: Không có mặt tại địa phương: 1; Đang chấp hành án phạt tù: 1.",
    )
    assert events_for(round_)[-1].after["completed_on"] == TODAY.isoformat()
    with pytest.raises(DomainError) as refused:
        services.reconciliation_check(
            actor=officer_a, round=round_, person=group["an"], outcome=CONFIRMED, on=TODAY
        )
    assert refused.value.messages == [
        "Đợt rà soát đã hoàn thành ngày 23/11/2026; không thể thay đổi."
    ]
    # A new round can now start for the group.
    assert len(services.reconciliation_start(actor=officer_a, area=world.group_a1, on=TODAY)) == 1


def test_a_round_with_nobody_to_check_completes_at_once(world, officer_a):
    (round_,) = services.reconciliation_start(actor=officer_a, area=world.group_a2, on=TODAY)

    services.reconciliation_complete(actor=officer_a, round=round_, on=TODAY)

    round_.refresh_from_db()
    assert (round_.completed_on, round_.note) == (TODAY, "Không có sai lệch.")


# --- pages -------------------------------------------------------------------------------------


@pytest.fixture
def round_a1(group, world, officer_a):  # type: ignore[no-untyped-def]
    (round_,) = services.reconciliation_start(actor=officer_a, area=world.group_a1, on=TODAY)
    return round_


def test_start_page_then_post_opens_the_round(group, world, officer_a_client, frozen):
    url = reverse("people:reconciliation_start", args=[world.group_a1.pk])

    page = officer_a_client.get(url)
    response = officer_a_client.post(url, {"note": "Quý IV"})

    assert page.status_code == 200
    assert "3 người đang quản lý cần được đối chiếu." in body(page)
    round_ = ReconciliationRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:reconciliation_detail", args=[round_.pk])


def test_start_for_a_commune_redirects_to_its_rounds(group, world, officer_a_client, frozen):
    response = officer_a_client.post(
        reverse("people:reconciliation_start", args=[world.ward_a.pk]), {"note": ""}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('people:reconciliations')}?area={world.ward_a.pk}"
    assert ReconciliationRound.objects.count() == 3
    listing = officer_a_client.get(response["Location"])
    assert len(re.findall(r'href="/people/quality/reconciliations/\d+/"', body(listing))) == 3


def test_detail_page_lists_the_group_with_a_form_per_person(
    round_a1, group, officer_a_client, frozen
):
    response = officer_a_client.get(reverse("people:reconciliation_detail", args=[round_a1.pk]))

    text = body(response)
    assert response.status_code == 200
    for key in ("an", "binh", "cuong"):
        person = group[key]
        assert f'id="round-row-{person.pk}"' in text
        assert reverse("people:reconciliation_check", args=[round_a1.pk, person.pk]) in text
    assert "Phạm Văn Dũng" not in text  # group 2
    assert "Đã rà soát 0/3 người" in text


def test_htmx_check_returns_the_refreshed_row(round_a1, group, officer_a_client, frozen):
    binh = group["binh"]
    url = reverse("people:reconciliation_check", args=[round_a1.pk, binh.pk])

    response = officer_a_client.post(
        url, {"outcome": "not_found", "note": "Vắng nhà 3 tháng"}, headers=HX
    )

    text = body(response)
    assert response.status_code == 200
    assert text.strip().startswith(f'<tr id="round-row-{binh.pk}">')
    assert "<strong>Không có mặt tại địa phương</strong>: Vắng nhà 3 tháng" in text
    assert "<html" not in text
    assert ReconciliationItem.objects.get().outcome == "not_found"


def test_htmx_check_without_a_note_shows_the_error_in_the_row(
    round_a1, group, officer_a_client, frozen
):
    url = reverse("people:reconciliation_check", args=[round_a1.pk, group["binh"].pk])

    response = officer_a_client.post(url, {"outcome": "deceased", "note": ""}, headers=HX)

    assert response.status_code == 200
    assert "Ghi rõ sai lệch so với thực tế (kết quả “Đã chết”)." in body(response)
    assert ReconciliationItem.objects.count() == 0


def test_plain_check_redirects_and_complete_refusal_is_a_message(
    round_a1, group, officer_a_client, frozen
):
    detail = reverse("people:reconciliation_detail", args=[round_a1.pk])
    check = reverse("people:reconciliation_check", args=[round_a1.pk, group["an"].pk])

    checked = officer_a_client.post(check, {"outcome": "confirmed"})
    refused = officer_a_client.post(
        reverse("people:reconciliation_complete", args=[round_a1.pk]), follow=True
    )

    assert (checked.status_code, checked["Location"]) == (302, detail)
    assert "Còn 2 người chưa rà soát: Trần Văn Bình, Lê Văn Cường." in body(refused)
    round_a1.refresh_from_db()
    assert round_a1.completed_on is None


def test_a_person_outside_the_round_is_404(round_a1, group, officer_a_client):
    url = reverse("people:reconciliation_check", args=[round_a1.pk, group["dung"].pk])

    assert officer_a_client.post(url, {"outcome": "confirmed"}).status_code == 404


def test_another_ward_gets_404_everywhere(round_a1, group, world, officer_b_client):
    an = group["an"]
    for method, url in (
        ("get", reverse("people:reconciliation_detail", args=[round_a1.pk])),
        ("post", reverse("people:reconciliation_check", args=[round_a1.pk, an.pk])),
        ("post", reverse("people:reconciliation_complete", args=[round_a1.pk])),
        ("get", reverse("people:reconciliation_start", args=[world.group_a1.pk])),
        ("post", reverse("people:reconciliation_start", args=[world.group_a1.pk])),
        ("get", f"{reverse('people:reconciliations')}?area={world.ward_a.pk}"),
    ):
        data = {"outcome": "confirmed"} if method == "post" else None
        response = getattr(officer_b_client, method)(url, data)
        assert response.status_code == 404, url
    listing = officer_b_client.get(reverse("people:reconciliations"))
    assert "Tổ dân phố số 1" not in body(listing)
    assert ReconciliationItem.objects.count() == 0


def test_a_group_leader_sees_the_round_but_cannot_check(round_a1, group, leader_a):
    client = client_for(leader_a)

    page = client.get(reverse("people:reconciliation_detail", args=[round_a1.pk]))
    check = client.post(
        reverse("people:reconciliation_check", args=[round_a1.pk, group["an"].pk]),
        {"outcome": "confirmed"},
    )

    assert page.status_code == 200
    assert "reconciliation_check" not in body(page)
    assert 'name="outcome"' not in body(page)
    assert check.status_code == 403


def test_detail_page_queries_do_not_grow_with_rows(
    world, officer_a, officer_a_client, django_assert_max_num_queries
):
    for i in range(3):
        register(officer_a, world.group_a1, f"Nguyễn Văn Một {i}")
    (round_,) = services.reconciliation_start(actor=officer_a, area=world.group_a1, on=TODAY)
    url = reverse("people:reconciliation_detail", args=[round_.pk])
    officer_a_client.get(url)
    # ten reads and the one insert of the VIEW entries of the persons shown
    with django_assert_max_num_queries(11) as few:
        officer_a_client.get(url)
    for i in range(12):
        person = register(officer_a, world.group_a1, f"Trần Văn Hai {i}")
        services.reconciliation_check(
            actor=officer_a, round=round_, person=person, outcome="corrected", note="Sửa", on=TODAY
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = officer_a_client.get(url)
    assert body(response).count('id="round-row-') == 15
    assert Person.objects.count() == 15
