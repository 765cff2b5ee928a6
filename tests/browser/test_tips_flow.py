"""Issue #4's tips flow: a citizen sends an anonymous tip from a phone and gets a code; a Gia Viên
officer assigns, verifies and closes it as a NEW harbouring place; the citizen checks the code and
sees only the status; a Thành Đông officer never sees the tip."""

from __future__ import annotations

import pytest

from khongmatuy.places.models import Place
from khongmatuy.tips.models import Tip

from .test_login_and_tree import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESCRIPTION = "Nhà cuối ngõ Bàng có nhiều thanh niên tụ tập hút ma túy mỗi tối."
LOCATION = "Cuối ngõ Bàng, gần chợ"


def test_citizen_tip_to_new_harbouring_place(  # type: ignore[no-untyped-def]
    page, phone_page, live_server, world, officer_a, officer_b, settings, tmp_path
):
    settings.KMT_TIP_MIN_SECONDS = 0  # the 3-second minimum is tested in the tips app
    settings.MEDIA_ROOT = tmp_path / "media"

    # 1. A citizen, on a phone, with no account, sends an anonymous tip for Gia Viên.
    phone_page.goto(f"{live_server.url}/tips/send/")
    assert phone_page.locator("h1").inner_text() == "Gửi tin báo, tố giác về ma túy"
    phone_page.get_by_label("Tổ chức, chứa chấp sử dụng").check()
    phone_page.fill("#id_description", DESCRIPTION)
    phone_page.select_option("#id_province", label="Hải Phòng")
    phone_page.wait_for_selector("#id_area option:has-text('Phường Gia Viên')", state="attached")
    phone_page.select_option("#id_area", label="Phường Gia Viên")
    phone_page.fill("#id_location_text", LOCATION)
    phone_page.fill("#id_occurred_text", "Khoảng 21 giờ hằng ngày")
    phone_page.get_by_role("button", name="Gửi tin báo").click()
    phone_page.wait_for_selector("#tip-code")
    code = phone_page.locator("#tip-code").inner_text().strip()
    tip = Tip.objects.get()
    assert code == tip.code
    assert (tip.anonymous, tip.area, tip.status) == (True, world.ward_a, Tip.Status.RECEIVED)

    # 2. The Gia Viên officer finds it in the queue, assigns, starts and closes it.
    login(page, live_server, officer_a.username)
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/tips/")
    page.get_by_role("link", name=code).click()
    page.wait_for_url(f"**/tips/{tip.pk}/")
    assert DESCRIPTION in page.content()
    page.get_by_role("link", name="Phân công xác minh").click()
    page.select_option("#id_officer", str(officer_a.pk))
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"**/tips/{tip.pk}/")
    page.get_by_role("link", name="Bắt đầu xác minh").click()
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"**/tips/{tip.pk}/")
    page.get_by_role("link", name="Kết thúc giải quyết").click()
    page.select_option("#id_outcome", "verified")
    page.fill("#id_outcome_note", "Xác minh đúng: chủ nhà cho thanh niên đến sử dụng ma túy.")
    page.check("#id_new_place")
    page.fill("#id_new_place_name", "Nhà cuối ngõ Bàng")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"**/tips/{tip.pk}/")
    tip.refresh_from_db()
    place = Place.objects.get()
    assert tip.status == Tip.Status.CLOSED
    assert tip.place == place
    assert (place.kind, place.area, place.name) == (
        Place.Kind.HARBOURING,
        world.ward_a,
        "Nhà cuối ngõ Bàng",
    )
    assert "Nhà cuối ngõ Bàng" in page.content()

    # 3. The citizen checks the code and sees only the status.
    phone_page.goto(f"{live_server.url}/tips/status/")
    phone_page.fill("#id_code", code)
    phone_page.get_by_role("button", name="Tra cứu").click()
    phone_page.wait_for_selector("#tip-status")
    assert phone_page.locator("#tip-status").inner_text() == "Đã giải quyết xong"
    body = phone_page.content()
    for secret in (DESCRIPTION, LOCATION, "Gia Viên", "Nhà cuối ngõ Bàng", officer_a.full_name):
        assert secret not in body

    # 4. The Thành Đông officer gets 404 on the tip and does not see it in the queue.
    other = page.context.browser.new_context(locale="vi-VN")  # type: ignore[union-attr]
    try:
        other_page = other.new_page()
        login(other_page, live_server, officer_b.username)
        other_page.wait_for_load_state()
        response = other_page.goto(f"{live_server.url}/tips/{tip.pk}/")
        assert response is not None
        assert response.status == 404
        other_page.goto(f"{live_server.url}/tips/?status=closed")
        assert code not in other_page.content()
        other_page.goto(f"{live_server.url}/tips/")
        assert code not in other_page.content()
        assert "Gia Viên" not in other_page.content()
    finally:
        other.close()
