"""403, 404, 500 and an expired form: the app's page, the user's language, the menu, a way back."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from khongmatuy.common import views
from khongmatuy.common.roles import Role
from tests.personas import PASSWORD, client_for, make_user

pytestmark = pytest.mark.django_db


def test_missing_page_is_the_apps_404_with_the_menu_and_a_way_back(officer_a_client):  # type: ignore[no-untyped-def]
    response = officer_a_client.get(
        "/no-such-page/", headers={"referer": "http://testserver/areas/"}
    )
    body = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in body
    assert 'id="mainnav"' in body
    assert 'id="error-back" href="http://testserver/areas/"' in body
    assert f'href="{reverse("home")}"' in body


def test_a_record_out_of_scope_is_the_apps_404(officer_a_client, world):  # type: ignore[no-untyped-def]
    response = officer_a_client.get(reverse("areas:detail", args=[world.ward_b.pk]))
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
    assert "Thành Đông" not in response.content.decode()


def test_a_foreign_referer_is_not_offered_as_the_way_back(officer_a_client):  # type: ignore[no-untyped-def]
    body = officer_a_client.get(
        "/x/", headers={"referer": "https://evil.example/"}
    ).content.decode()
    assert "evil.example" not in body
    assert f'id="error-back" href="{reverse("home")}"' in body


def test_forbidden_page_carries_the_menu(world):  # type: ignore[no-untyped-def]
    leadership = make_user("m_lead", Role.COMMUNE_LEADERSHIP, [world.ward_a])
    response = client_for(leadership).get(reverse("people:visits"))
    body = response.content.decode()
    assert response.status_code == 403
    assert "Không có quyền truy cập" in body
    assert 'id="mainnav"' in body
    assert "403 Forbidden" not in body


def test_error_page_is_in_the_users_language(officer_a_client):  # type: ignore[no-untyped-def]
    officer_a_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = officer_a_client.get("/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="en">' in response.content.decode()


def test_expired_form_is_explained_not_a_bare_csrf_page(officer_a):  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("accounts:login"), {"username": officer_a.username, "password": PASSWORD}
    )
    body = response.content.decode()
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in body
    assert "CSRF verification failed" not in body


def test_server_error_page_with_the_menu_and_without_when_rendering_fails(officer_a, monkeypatch):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/people/")
    request.user = officer_a
    request.session = {}  # type: ignore[assignment]
    response = views.server_error(request)
    assert response.status_code == 500
    assert "Hệ thống gặp lỗi" in response.content.decode()
    assert 'id="mainnav"' in response.content.decode()

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("database down")

    monkeypatch.setattr(views, "render", broken)
    response = views.server_error(request)
    assert response.status_code == 500
    assert "Hệ thống gặp lỗi" in response.content.decode()
    assert 'id="mainnav"' not in response.content.decode()


@override_settings(DEBUG=True)
def test_under_debug_a_user_still_sees_the_apps_404(officer_a):  # type: ignore[no-untyped-def]
    client = client_for(officer_a)
    for url in ("/no-such-page/", reverse("areas:detail", args=[999_999])):
        response = client.get(url)
        assert response.status_code == 404
        assert "Không tìm thấy trang" in response.content.decode()


@override_settings(DEBUG=True, KMT_TECHNICAL_404=True)
def test_a_developer_may_ask_for_djangos_technical_404(officer_a):  # type: ignore[no-untyped-def]
    response = client_for(officer_a).get("/no-such-page/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" not in response.content.decode()
    assert "URLconf" in response.content.decode()
