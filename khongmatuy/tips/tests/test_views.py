"""Tips pages: the public form and status lookup, and the officers' pages (scope, identity)."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.roles import CAPABILITIES, Capability, Role
from khongmatuy.places.models import Place
from khongmatuy.tips import forms, services
from khongmatuy.tips.models import Tip, TipAttachment
from tests.images import JPEG, PNG, clean
from tests.personas import client_for, make_user

from .factories import DESCRIPTION, PublicTipFactory, TipFactory, upload

NEW = reverse("tips:public_new")
STATUS = reverse("tips:public_status")


def token(age_seconds: float = 10) -> str:
    return signing.dumps({"t": time.time() - age_seconds}, salt=forms.TOKEN_SALT)


def form_data(world: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "category": Tip.Category.HARBOURING,
        "description": DESCRIPTION,
        "province": world.haiphong.pk,
        "area": world.ward_a.pk,
        "location_text": "Ngõ Hoa Sữa",
        "occurred_text": "Tối thứ Bảy",
        "token": token(),
        "website": "",
    }
    data.update(overrides)
    return data


# --- public form ----------------------------------------------------------------------------


def test_public_form_renders_without_login(world) -> None:  # type: ignore[no-untyped-def]
    response = Client().get(NEW)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Gửi tin báo, tố giác về ma túy" in body
    assert 'name="website"' in body
    assert "Hải Phòng" in body  # provinces are listed
    assert "Gia Viên" not in body  # communes only once a province is chosen
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_double_submit_or_a_replay_creates_one_tip(world) -> None:  # type: ignore[no-untyped-def]
    """The page's token is single-use: the same form posted twice (a double click, the back
    button, a replay) leaves one tip and says it was already sent."""
    data = form_data(world)
    first = Client().post(NEW, data)
    assert 'id="tip-code"' in first.content.decode()
    again = Client().post(NEW, data)
    assert again.status_code == 200
    body = again.content.decode()
    assert 'id="tip-code"' not in body
    assert "Tin báo này đã được gửi." in body
    assert Tip.objects.count() == 1


def test_province_choice_returns_its_communes(world) -> None:  # type: ignore[no-untyped-def]
    response = Client().get(NEW, {"province": world.haiphong.pk}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.startswith('<div class="field" id="commune-field">')
    assert "Phường Gia Viên" in body
    assert "Phường Thành Đông" in body
    assert "Cao Xanh" not in body
    assert "Tổ dân phố" not in body


def test_submit_shows_the_code_once(world) -> None:  # type: ignore[no-untyped-def]
    response = Client().post(NEW, form_data(world))
    assert response.status_code == 200
    tip = Tip.objects.get()
    body = response.content.decode()
    assert f'<p class="stat" id="tip-code">{tip.code}</p>' in body
    assert "chỉ hiện một lần" in body
    assert tip.anonymous is True
    assert tip.area == world.ward_a
    assert tip.location_text == "Ngõ Hoa Sữa"


def test_submit_with_photos(world) -> None:  # type: ignore[no-untyped-def]
    data = form_data(world, photos=[upload("a.jpg", PNG), upload("b.jpg", JPEG)])
    response = Client().post(NEW, data)
    assert response.status_code == 200
    assert TipAttachment.objects.count() == 2


def test_text_renamed_png_is_refused_on_the_page(world) -> None:  # type: ignore[no-untyped-def]
    data = form_data(world, photos=[upload("anh.png", b"just text", "image/png")])
    response = Client().post(NEW, data)
    assert response.status_code == 200
    assert "không phải ảnh JPEG, PNG hoặc WebP" in response.content.decode()
    assert Tip.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"website": "http://spam.example"}, "Không gửi được tin báo"),
        ({"token": "forged"}, "Không gửi được tin báo"),
        ({"token": token(age_seconds=2 * 60 * 60 + 5)}, "quá 2 giờ"),
    ],
)
def test_spam_checks_refuse(world, overrides, message) -> None:  # type: ignore[no-untyped-def]
    response = Client().post(NEW, form_data(world, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Tip.objects.count() == 0


def test_too_fast_is_refused(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.KMT_TIP_MIN_SECONDS = 3
    response = Client().post(NEW, form_data(world, token=token(age_seconds=1)))
    assert "Bạn gửi quá nhanh" in response.content.decode()
    assert Tip.objects.count() == 0
    response = Client().post(NEW, form_data(world, token=token(age_seconds=4)))
    assert Tip.objects.count() == 1


def test_commune_of_another_province_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    response = Client().post(NEW, form_data(world, province=world.quangninh.pk))
    assert response.status_code == 200
    assert Tip.objects.count() == 0


def test_sixth_submission_in_an_hour_is_refused_on_the_page(world) -> None:  # type: ignore[no-untyped-def]
    client = Client(REMOTE_ADDR="192.0.2.44")
    for _ in range(5):
        assert "tip-code" in client.post(NEW, form_data(world)).content.decode()
    response = client.post(NEW, form_data(world))
    assert "Bạn đã gửi nhiều tin báo trong thời gian ngắn" in response.content.decode()
    assert Tip.objects.count() == 5


# --- public status --------------------------------------------------------------------------


def test_status_reveals_only_the_status(world, officer_a) -> None:  # type: ignore[no-untyped-def]
    tip = PublicTipFactory(area=world.ward_a, location_text="Ngõ Hoa Sữa")
    services.tip_assign(actor=officer_a, tip=tip, officer=officer_a)
    response = Client().post(STATUS, {"code": tip.code.lower()})
    body = response.content.decode()
    assert '<strong id="tip-status">Đã phân công xác minh</strong>' in body
    for secret in (
        DESCRIPTION,
        "Hoa Sữa",
        "Gia Viên",
        "Hải Phòng",
        officer_a.full_name,
        officer_a.username,
        "Tổ chức, chứa chấp",
    ):
        assert secret not in body


def test_wrong_code_gives_a_generic_message(world) -> None:  # type: ignore[no-untyped-def]
    PublicTipFactory(area=world.ward_a)
    response = Client().post(STATUS, {"code": "ZZZZZZZZZZ"})
    body = response.content.decode()
    assert "Không tìm thấy mã này" in body
    assert "tip-status" not in body


def test_lookups_are_rate_limited(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.KMT_TIP_LOOKUPS_PER_HOUR = 3
    tip = PublicTipFactory(area=world.ward_a)
    client = Client(REMOTE_ADDR="192.0.2.9")
    for _ in range(3):
        assert "tip-status" in client.post(STATUS, {"code": tip.code}).content.decode()
    body = client.post(STATUS, {"code": tip.code}).content.decode()
    assert "tra cứu quá nhiều lần" in body
    assert "tip-status" not in body


def test_a_forged_forwarded_address_does_not_escape_the_lookup_limit(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.KMT_TIP_LOOKUPS_PER_HOUR = 3
    settings.KMT_PROXY_HOPS = 1
    tip = PublicTipFactory(area=world.ward_a)
    client = Client(REMOTE_ADDR="10.0.0.2")
    for i in range(3):
        forged = {"HTTP_X_FORWARDED_FOR": f"198.51.100.{i}, 203.0.113.5"}
        assert "tip-status" in client.post(STATUS, {"code": tip.code}, **forged).content.decode()
    forged = {"HTTP_X_FORWARDED_FOR": "198.51.100.99, 203.0.113.5"}
    body = client.post(STATUS, {"code": tip.code}, **forged).content.decode()
    assert "tra cứu quá nhiều lần" in body


# --- officers -------------------------------------------------------------------------------


def test_queue_lists_open_tips_by_deadline_with_overdue_marked(
    world, officer_a, officer_a_client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    old = TipFactory(actor=officer_a, area=world.group_a1, description="Tin cũ")  # due 25/11/2026
    for _ in range(5):
        PublicTipFactory(area=world.ward_a, client_ip=None)
    with django_assert_max_num_queries(9):
        response = officer_a_client.get(reverse("tips:queue"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('<td><a href="/tips/') == 6
    assert body.index(old.code) < body.index(Tip.objects.exclude(pk=old.pk).first().code)  # type: ignore[union-attr]


def test_queue_query_count_does_not_grow(
    world, officer_a, officer_a_client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for i in range(30):
        PublicTipFactory(area=world.ward_a, client_ip=f"192.0.2.{i}")
    tips = list(Tip.objects.all()[:10])
    for tip in tips:
        services.tip_assign(actor=officer_a, tip=tip, officer=officer_a)
    with django_assert_max_num_queries(9):
        officer_a_client.get(reverse("tips:queue"))
    with django_assert_max_num_queries(9):
        officer_a_client.get(reverse("tips:overdue"))


def test_queue_filters(world, officer_a, officer_a_client) -> None:  # type: ignore[no-untyped-def]
    use = TipFactory(
        actor=officer_a, area=world.group_a1, category=Tip.Category.USE, description="Sử dụng"
    )
    deal = TipFactory(actor=officer_a, category=Tip.Category.DEALING, area=world.group_a2)
    body = officer_a_client.get(reverse("tips:queue"), {"category": "use"}).content.decode()
    assert use.code in body
    assert deal.code not in body
    body = officer_a_client.get(reverse("tips:queue"), {"area": world.group_a2.pk}).content.decode()
    assert deal.code in body
    assert use.code not in body
    late = TipFactory(
        actor=officer_a,
        area=world.group_a1,
        received_at=timezone.now() - timedelta(days=40),
        description="Cũ",
    )
    fresh = TipFactory(
        actor=officer_a, area=world.group_a1, received_at=timezone.now(), description="Mới"
    )
    body = officer_a_client.get(reverse("tips:overdue")).content.decode()
    assert late.code in body
    assert "Quá hạn" in body
    assert fresh.code not in body


def test_other_ward_sees_nothing(world, officer_b_client, tip_a) -> None:  # type: ignore[no-untyped-def]
    for name in ("detail", "classify", "assign", "start", "extend", "close"):
        assert officer_b_client.get(reverse(f"tips:{name}", args=[tip_a.pk])).status_code == 404
    body = officer_b_client.get(reverse("tips:queue")).content.decode()
    assert tip_a.code not in body
    assert "Gia Viên" not in body


def test_attachment_download_is_scoped(world, officer_a_client, officer_b_client) -> None:  # type: ignore[no-untyped-def]
    tip = PublicTipFactory(area=world.ward_a, photos=[upload("x.jpg", PNG)])
    item = TipAttachment.objects.get(tip=tip)
    url = reverse("tips:attachment", args=[item.pk])
    response = officer_a_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f'attachment; filename="{tip.code}-{item.pk}.png"'
    assert b"".join(response.streaming_content) == clean(PNG, "image/png")  # type: ignore[attr-defined]
    assert officer_b_client.get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page


def test_identity_shown_to_the_handling_chain_and_the_view_is_logged(
    world, officer_a_client, named_tip_a
) -> None:  # type: ignore[no-untyped-def]
    response = officer_a_client.get(reverse("tips:detail", args=[named_tip_a.pk]))
    body = response.content.decode()
    assert "Vũ Thị Người Báo" in body
    assert "0912 345 678" in body
    views = AuditEvent.objects.filter(
        action="view", model="tips.Tip", object_id=str(named_tip_a.pk)
    )
    assert views.count() == 1


def test_anonymous_tip_view_is_not_logged(world, officer_a_client, tip_a) -> None:  # type: ignore[no-untyped-def]
    officer_a_client.get(reverse("tips:detail", args=[tip_a.pk]))
    assert AuditEvent.objects.filter(action="view", model="tips.Tip").count() == 0


def test_leadership_cannot_open_tips(world, leadership_a, named_tip_a) -> None:  # type: ignore[no-untyped-def]
    client = client_for(leadership_a)
    response = client.get(reverse("tips:detail", args=[named_tip_a.pk]))
    assert response.status_code == 403
    assert "Người Báo" not in response.content.decode()


def test_identity_hidden_from_a_role_without_view_tip_identity(
    world, leadership_a, named_tip_a, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(
        CAPABILITIES,
        Role.COMMUNE_LEADERSHIP,
        CAPABILITIES[Role.COMMUNE_LEADERSHIP] | {Capability.HANDLE_TIPS},
    )
    response = client_for(leadership_a).get(reverse("tips:detail", args=[named_tip_a.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Người Báo" not in body
    assert "0912" not in body
    assert "Ẩn danh tính người báo (chỉ người được giao xử lý xem được)" in body
    entry = AuditEvent.objects.get(action="view", object_id=str(named_tip_a.pk))
    assert entry.actor == leadership_a


def test_the_audit_log_keeps_the_address_the_proxy_saw_not_a_forged_one(
    world, settings, officer_a_client, tip_a
) -> None:  # type: ignore[no-untyped-def]
    settings.KMT_PROXY_HOPS = 1
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    response = officer_a_client.post(
        reverse("tips:classify", args=[tip_a.pk]),
        {"category": "use", "area": world.group_a2.pk, "version": tip_a.version},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.5",
    )
    assert response.status_code == 302
    written = AuditEvent.objects.exclude(pk__in=before)
    assert {entry.ip_address for entry in written} == {"203.0.113.5"}


def test_handling_pages_end_to_end(world, officer_a, officer_a_client, tip_a) -> None:  # type: ignore[no-untyped-def]
    c = officer_a_client
    response = c.post(
        reverse("tips:assign", args=[tip_a.pk]), {"officer": officer_a.pk, "version": tip_a.version}
    )
    assert response.status_code == 302
    assert c.post(reverse("tips:start", args=[tip_a.pk]), {}).status_code == 302
    response = c.post(
        reverse("tips:close", args=[tip_a.pk]),
        {
            "outcome": "verified",
            "outcome_note": "Đúng sự thật.",
            "new_place": "on",
            "new_place_name": "Nhà trọ Hoa Sữa",
        },
    )
    assert response.status_code == 302
    tip_a.refresh_from_db()
    assert tip_a.status == Tip.Status.CLOSED
    assert tip_a.place == Place.objects.get(name="Nhà trọ Hoa Sữa")
    body = c.get(reverse("tips:detail", args=[tip_a.pk])).content.decode()
    assert "Nhà trọ Hoa Sữa" in body
    assert "Kết thúc giải quyết" in body


def test_a_refused_step_is_a_form_error_not_a_500(world, officer_a_client, tip_a) -> None:  # type: ignore[no-untyped-def]
    response = officer_a_client.post(reverse("tips:start", args=[tip_a.pk]), {})
    assert response.status_code == 200
    assert "Không thể thực hiện bước này" in response.content.decode()


def test_close_needs_a_name_for_the_new_place(world, officer_a, officer_a_client, tip_a) -> None:  # type: ignore[no-untyped-def]
    services.tip_assign(actor=officer_a, tip=tip_a, officer=officer_a)
    services.tip_start(actor=officer_a, tip=tip_a)
    response = officer_a_client.post(
        reverse("tips:close", args=[tip_a.pk]),
        {"outcome": "verified", "outcome_note": "Đúng.", "new_place": "on"},
    )
    assert response.status_code == 200
    assert "Nhập tên hoặc mô tả ngắn của điểm mới." in response.content.decode()
    assert Place.objects.count() == 0


def test_create_from_the_hotline(world, officer_a_client) -> None:  # type: ignore[no-untyped-def]
    response = officer_a_client.post(
        reverse("tips:create"),
        {
            "channel": "hotline",
            "received_on": "20/11/2026",
            "received_time": "08:15",
            "category": "use",
            "area": world.group_a2.pk,
            "description": "Gọi đường dây nóng báo có người sử dụng ma túy.",
        },
    )
    assert response.status_code == 302
    tip = Tip.objects.get()
    assert tip.channel == Tip.Channel.HOTLINE
    assert tip.received_at.strftime("%d/%m/%Y") == "20/11/2026"


def test_extend_page(world, officer_a_client, tip_a, time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-11-20 09:00:00+07:00", tick=False)  # tip_a is due 25/11/2026
    url = reverse("tips:extend", args=[tip_a.pk])
    assert "procuracy_decision_number" not in officer_a_client.get(url).content.decode()
    response = officer_a_client.post(url, {"reason": "Phải xác minh ở nhiều nơi"})
    assert response.status_code == 302
    tip_a.refresh_from_db()
    assert tip_a.extensions == 1
    second = officer_a_client.post(url, {"reason": "Viện kiểm sát gia hạn"})
    assert second.status_code == 200
    assert 'id="id_procuracy_decision_number_error"' in second.content.decode()
    response = officer_a_client.post(
        url,
        {
            "reason": "Viện kiểm sát gia hạn",
            "procuracy_decision_number": "15/QĐ-VKS",
            "procuracy_decision_date": "19/11/2026",
        },
    )
    assert response.status_code == 302
    tip_a.refresh_from_db()
    assert tip_a.extensions == 2


def test_extend_page_after_the_deadline_refuses(
    world, officer_a_client, tip_a, time_machine
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-11-26 09:00:00+07:00", tick=False)
    detail = officer_a_client.get(reverse("tips:detail", args=[tip_a.pk])).content.decode()
    assert reverse("tips:extend", args=[tip_a.pk]) not in detail
    response = officer_a_client.post(
        reverse("tips:extend", args=[tip_a.pk]), {"reason": "Phải xác minh ở nhiều nơi"}
    )
    assert response.status_code == 200
    assert "Thời hạn giải quyết đã hết ngày 25/11/2026" in response.content.decode()
    tip_a.refresh_from_db()
    assert tip_a.extensions == 0


def test_classify_page(world, officer_a_client, tip_a) -> None:  # type: ignore[no-untyped-def]
    response = officer_a_client.post(
        reverse("tips:classify", args=[tip_a.pk]),
        {"category": "use", "area": world.group_a2.pk, "version": tip_a.version},
    )
    assert response.status_code == 302
    tip_a.refresh_from_db()
    assert (tip_a.category, tip_a.area) == ("use", world.group_a2)


# --- the sender's identity: the handling chain only -----------------------------------------


HIDDEN = "Ẩn danh tính người báo (chỉ người được giao xử lý xem được)"


def _detail(user, tip):  # type: ignore[no-untyped-def]
    return client_for(user).get(reverse("tips:detail", args=[tip.pk])).content.decode()


def test_city_police_do_not_see_the_sender_of_an_unassigned_ward_tip(world) -> None:  # type: ignore[no-untyped-def]
    """City police may handle tips and read identities, but are not in this tip's chain."""
    city = make_user("ca_thanhpho", Role.CITY_POLICE, [world.haiphong])
    tip = PublicTipFactory(
        area=world.ward_a, contact_name="Vũ Thị Người Báo", contact_phone="0912345678"
    )
    body = _detail(city, tip)
    assert HIDDEN in body
    assert "Người Báo" not in body
    assert "0912345678" not in body
    entry = AuditEvent.objects.get(action="view", model="tips.Tip", object_id=str(tip.pk))
    assert (entry.actor, entry.note) == (
        city,
        "Xem tin báo có thông tin người báo (không hiển thị danh tính)",
    )


def test_the_assigner_and_the_assignee_see_the_sender_others_do_not(world, officer_a) -> None:  # type: ignore[no-untyped-def]
    colleague = make_user("cand_giavien_2", Role.COMMUNE_POLICE, [world.ward_a])
    bystander = make_user("cand_giavien_3", Role.COMMUNE_POLICE, [world.ward_a])
    tip = PublicTipFactory(area=world.ward_a, contact_name="Vũ Thị Người Báo")
    assert HIDDEN in _detail(officer_a, tip)  # nobody is in the chain of a new public tip
    services.tip_assign(actor=officer_a, tip=tip, officer=colleague)
    for user in (officer_a, colleague):
        assert "Vũ Thị Người Báo" in _detail(user, tip)
    assert HIDDEN in _detail(bystander, tip)
    shown = AuditEvent.objects.filter(
        action="view", object_id=str(tip.pk), note="Xem danh tính người báo"
    )
    assert sorted(e.actor.username for e in shown) == sorted(
        [officer_a.username, colleague.username]
    )
