"""A Gia Viên officer logs in, sees the Gia Viên tree, and cannot open Thành Đông."""

from __future__ import annotations

import pytest

from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("h1").inner_text() == "Đăng nhập"
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_officer_sees_own_ward_and_not_the_other(page, live_server, world, officer_a):  # type: ignore[no-untyped-def]
    login(page, live_server, officer_a.username)
    page.wait_for_url(f"{live_server.url}/people/overview/")  # the officer's landing page
    assert "Tổng quan công việc" in page.locator("h1").inner_text()
    page.get_by_role("navigation").get_by_role("link", name="Địa bàn", exact=True).click()
    page.wait_for_url(f"{live_server.url}/areas/")
    tree = page.locator("#area-tree")
    assert "Phường Gia Viên" in tree.inner_text()
    assert "Tổ dân phố số 1" in tree.inner_text()
    assert "Tổ dân phố số 2" in tree.inner_text()
    assert "Thành Đông" not in page.content()

    page.get_by_role("link", name="Tổ dân phố số 1").click()
    assert page.locator("h1").inner_text().startswith("Tổ dân phố số 1")
    assert "512" in page.locator(".grid").inner_text()

    response = page.goto(f"{live_server.url}/areas/{world.ward_b.pk}/")
    assert response is not None
    assert response.status == 404
    assert "Thành Đông" not in page.content()

    # Search ignores diacritics but never crosses the ward boundary.
    page.goto(f"{live_server.url}/areas/search/?q=thanh+dong")
    assert "Thành Đông" not in page.content()
    page.goto(f"{live_server.url}/areas/search/?q=gia+vien")
    assert "Phường Gia Viên" in page.locator("#search-results").inner_text()


def test_wrong_password_shows_vietnamese_error(page, live_server, officer_a):  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(officer_a.username)
    page.get_by_label("Mật khẩu").fill("sai-mat-khau-1")
    page.get_by_role("button", name="Đăng nhập").click()
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in page.content()


def test_tree_expands_with_htmx_on_a_phone(phone_page, live_server, world, city_user):  # type: ignore[no-untyped-def]
    login(phone_page, live_server, city_user.username)
    phone_page.wait_for_url(f"{live_server.url}/people/overview/")
    phone_page.goto(f"{live_server.url}/areas/")
    tree = phone_page.locator("#area-tree")
    assert "Phường Gia Viên" in tree.inner_text()
    assert "Phường Thành Đông" in tree.inner_text()
    assert "Tổ dân phố Thành Công" not in tree.inner_text()
    phone_page.locator(f'[data-area="{world.ward_b.pk}"] button').click()
    phone_page.wait_for_selector("text=Tổ dân phố Thành Công")
    assert "Cao Xanh" not in phone_page.content()
