"""Security configuration: hashing, password policy, lockout, sessions, headers, language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hasher
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import import_string

from config.settings import base
from khongmatuy.accounts.models import User
from khongmatuy.accounts.services import password_policy_errors
from tests.personas import PASSWORD

LOGIN = "accounts:login"


def test_argon2_is_the_first_hasher_in_base_settings() -> None:
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    hasher = import_string(base.PASSWORD_HASHERS[0])()
    assert hasher.encode("Matkhau-an-toan-2026", hasher.salt()).startswith("argon2$argon2id$")


def test_tests_hash_with_md5_for_speed_only() -> None:
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert get_hasher().algorithm == "md5"


@pytest.mark.parametrize(
    ("password", "messages"),
    [
        ("Ab1", ["Mật khẩu quá ngắn: cần ít nhất 10 ký tự."]),
        (
            "2718281828459045",
            ["Mật khẩu này hoàn toàn là số.", "Mật khẩu phải có cả chữ cái và chữ số."],
        ),
        ("chimenbaylenroi", ["Mật khẩu phải có cả chữ cái và chữ số."]),
        ("password123", ["Mật khẩu này quá phổ biến."]),
        (PASSWORD, []),
    ],
    ids=["short", "numeric", "letters-only", "common", "good"],
)
def test_password_policy_speaks_vietnamese(password: str, messages: list[str]) -> None:
    with translation.override("vi"):
        assert password_policy_errors(password) == messages


def test_password_policy_refuses_a_password_like_the_username() -> None:
    user = User(username="tranvanbinh", full_name="Trần Văn Bình")
    with translation.override("vi"):
        assert password_policy_errors("tranvanbinh1", user) == [
            "Mật khẩu quá giống với Tên đăng nhập."
        ]


def test_base_password_policy_minimum_length_is_ten() -> None:
    by_name = {v["NAME"].rsplit(".", 1)[-1]: v for v in base.AUTH_PASSWORD_VALIDATORS}
    assert by_name["MinimumLengthValidator"]["OPTIONS"] == {"min_length": 10}
    assert "CharacterClassValidator" in by_name
    assert "NumericPasswordValidator" in by_name


def test_session_idle_timeout_settings() -> None:
    assert base.SESSION_COOKIE_AGE == 120 * 60
    assert base.SESSION_SAVE_EVERY_REQUEST is False  # renewed by SessionRenewalMiddleware
    assert base.KMT_SESSION_RENEW_SECONDS == 60
    session = base.MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert base.MIDDLEWARE[session + 1] == "khongmatuy.accounts.middleware.SessionRenewalMiddleware"
    assert base.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert base.SESSION_COOKIE_HTTPONLY is True


def test_session_ends_after_two_idle_hours_and_activity_renews_it(officer_a, frozen) -> None:
    client = Client()
    client.post(reverse(LOGIN), {"username": officer_a.username, "password": PASSWORD})
    profile = reverse("accounts:profile")
    frozen.shift(timedelta(minutes=119))
    assert client.get(profile).status_code == 200
    frozen.shift(timedelta(minutes=119))  # 3 h 58 min after login, but never idle for 2 h
    assert client.get(profile).status_code == 200
    frozen.shift(timedelta(minutes=121))
    response = client.get(profile)
    assert response.status_code == 302
    assert response.url == f"{reverse(LOGIN)}?next={profile}"


def _session_writes(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured if "django_session" in q["sql"] and "UPDATE" in q["sql"]]


def test_session_is_written_back_at_most_once_a_minute(officer_a, frozen) -> None:
    client = Client()
    client.post(reverse(LOGIN), {"username": officer_a.username, "password": PASSWORD})
    profile = reverse("accounts:profile")
    expiry = Session.objects.get().expire_date
    frozen.shift(timedelta(seconds=59))
    assert _session_writes(client, profile) == []  # within the minute of the login's save
    assert Session.objects.get().expire_date == expiry
    frozen.shift(timedelta(seconds=1))
    assert len(_session_writes(client, profile)) == 1  # a minute after it: renewed
    assert Session.objects.get().expire_date == expiry + timedelta(minutes=1)
    frozen.shift(timedelta(seconds=30))
    assert _session_writes(client, profile) == []


def test_session_renewal_creates_no_session_for_an_anonymous_visitor(db) -> None:
    client = Client()
    assert client.get(reverse("accounts:profile")).status_code == 302  # reads the session
    assert not Session.objects.exists()


def test_lockout_after_failure_limit_refuses_even_the_right_password(officer_a) -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    client = Client()
    url = reverse(LOGIN)
    wrong = {"username": officer_a.username, "password": "Sai-mat-khau-9"}
    statuses = [client.post(url, wrong).status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses == [200, 200, 200, 200, 429]

    response = client.post(url, {"username": officer_a.username, "password": PASSWORD})

    assert response.status_code == 429
    body = response.content.decode()
    assert "Tài khoản tạm khóa" in body
    assert "Bạn đã nhập sai mật khẩu quá nhiều lần." in body
    assert "_auth_user_id" not in client.session


def test_failed_login_shows_vietnamese_error(officer_a) -> None:
    response = Client().post(
        reverse(LOGIN), {"username": officer_a.username, "password": "Sai-mat-khau-9"}
    )
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


def test_another_username_is_not_locked_by_someone_elses_failures(officer_a, officer_b) -> None:
    client = Client()
    url = reverse(LOGIN)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": officer_a.username, "password": "Sai-mat-khau-9"})
    response = client.post(url, {"username": officer_b.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer_b.pk)


def test_login_page_security_headers(db: None) -> None:
    response = Client().get(reverse(LOGIN))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_login_page_is_vietnamese(db: None) -> None:
    response = Client().get(reverse(LOGIN))
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert "<title>Đăng nhập · Không Ma Túy</title>" in body
    assert "Tên đăng nhập" in body
    assert "Mật khẩu" in body
    assert "Hệ thống quản lý xây dựng xã, phường, tổ dân phố không ma túy." in body
    assert "<script>" not in body  # CSP: scripts come from files only
