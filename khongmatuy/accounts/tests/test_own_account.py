"""The user's own account: profile, password change (API tokens: test_api_tokens.py)."""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse

from khongmatuy.audit.models import AuditEvent
from tests.personas import PASSWORD, client_for

NEW_PASSWORD = "Doi-mat-khau-2027"


def _audit_text() -> str:
    return json.dumps(
        list(AuditEvent.objects.values("object_id", "object_repr", "before", "after", "note"))
    )


def test_profile_shows_two_factor_status_and_links(officer_a):
    response = client_for(officer_a).get(reverse("accounts:profile"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Chưa bật" in body
    assert reverse("accounts:two_factor_setup") in body
    assert reverse("accounts:password_change") in body
    assert reverse("accounts:api_tokens") in body
    assert "Mã truy cập API" in body
    assert "Phường Gia Viên" in body


def test_password_change_through_the_audited_service(officer_a):
    client = client_for(officer_a)
    old_hash = officer_a.password
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    officer_a.refresh_from_db()
    assert officer_a.check_password(NEW_PASSWORD)
    assert client.get(reverse("accounts:profile")).status_code == 200  # session kept
    event = AuditEvent.objects.filter(model="accounts.User", object_id=str(officer_a.pk)).first()
    assert (event.action, event.note, event.actor_id) == (
        AuditEvent.Action.UPDATE,
        "Đổi mật khẩu",
        officer_a.pk,
    )
    text = _audit_text()
    assert officer_a.password not in text
    assert old_hash not in text
    assert "password" not in event.after


def test_password_change_form_is_vietnamese_and_refuses_bad_input(officer_a):
    client = client_for(officer_a)
    page = client.get(reverse("accounts:password_change"))
    assert "Mật khẩu hiện tại" in page.content.decode()
    assert "Mật khẩu của bạn phải chứa ít nhất 10 ký tự." in page.content.decode()

    wrong_old = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "khong-dung-1",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    weak = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "ngan1", "new_password2": "ngan1"},
    )
    mismatch = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": "Khac-han-2027"},
    )

    assert wrong_old.context["form"].errors == {"old_password": ["Mật khẩu hiện tại không đúng."]}
    assert weak.context["form"].errors == {
        "new_password2": ["Mật khẩu quá ngắn: cần ít nhất 10 ký tự."]
    }
    assert mismatch.context["form"].errors == {
        "new_password2": ["Hai lần nhập mật khẩu mới không giống nhau."]
    }
    officer_a.refresh_from_db()
    assert officer_a.check_password(PASSWORD)


def test_own_account_pages_need_login(db):
    for name in ("accounts:profile", "accounts:password_change", "accounts:api_tokens"):
        response = Client().get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
