"""Two-factor authentication (TOTP): setup, the code step after the password, disabling, policy."""

from __future__ import annotations

from base64 import b32encode
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from khongmatuy.accounts import services
from khongmatuy.accounts.middleware import SESSION_2FA_PENDING
from khongmatuy.audit.models import AuditEvent
from tests.personas import PASSWORD, client_for

from .conftest import code_for, wrong_code_for

SETUP = "accounts:two_factor_setup"
VERIFY = "accounts:two_factor_verify"
DISABLE = "accounts:two_factor_disable"
NEXT_STEP = timedelta(seconds=30)  # a code is accepted once; the next login needs the next one
PAST_DELAY = timedelta(seconds=10)  # django-otp's delay after 1, 2, 3, 4 wrong codes: 1, 2, 4, 8 s


def _login(client: Client, user) -> object:
    return client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})


def _confirmed_device(user) -> TOTPDevice:
    device = services.two_factor_device_start(user=user)
    confirmed = services.two_factor_device_confirm(user=user, device=device, code=code_for(device))
    assert confirmed is not None
    return confirmed


def test_full_totp_flow_setup_then_code_at_next_login(officer_a, frozen):
    client = Client()
    assert _login(client, officer_a).status_code == 302

    page = client.get(reverse(SETUP))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=officer_a)
    assert device.confirmed is False
    body = page.content.decode()
    assert '<svg width="' in body
    assert 'class="qr"' in body
    secret = b32encode(device.bin_key).decode()
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    assert grouped in body
    assert "<script>" not in body
    assert "style=" not in body
    assert "http" not in body.split('class="qr"', 1)[1].split("</svg>", 1)[0]  # no QR service

    # Reloading keeps the same unconfirmed device (the QR on screen stays valid).
    client.get(reverse(SETUP))
    assert TOTPDevice.objects.filter(user=officer_a).count() == 1

    response = client.post(reverse(SETUP), {"code": code_for(device)})
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert "Đang bật" in client.get(reverse("accounts:profile")).content.decode()

    assert client.post(reverse("accounts:logout")).status_code == 302
    frozen.shift(NEXT_STEP)

    response = _login(client, officer_a)
    assert response.status_code == 302
    assert response.url == f"{reverse(VERIFY)}?next=%2F"
    assert client.session[SESSION_2FA_PENDING] is True
    assert DEVICE_ID_SESSION_KEY not in client.session

    gated = client.get(reverse("accounts:profile"))
    assert gated.status_code == 302
    assert gated.url == reverse(VERIFY)
    assert client.get(reverse("areas:tree")).url == reverse(VERIFY)

    wrong = client.post(reverse(VERIFY), {"code": wrong_code_for(device), "next": "/"})
    assert wrong.status_code == 200
    assert "Mã xác thực không đúng hoặc đã hết hạn. Còn 4 lần thử." in wrong.content.decode()

    frozen.shift(NEXT_STEP)  # past the throttle delay that the wrong code started
    response = client.post(reverse(VERIFY), {"code": code_for(device), "next": "/"})
    assert response.status_code == 302
    assert response.url == "/"
    assert SESSION_2FA_PENDING not in client.session
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_verify_refuses_an_external_next_url(officer_a, frozen):
    device = _confirmed_device(officer_a)
    frozen.shift(NEXT_STEP)
    client = Client()
    _login(client, officer_a)
    response = client.post(
        reverse(VERIFY), {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response.url == "/"


def test_too_many_wrong_codes_log_the_session_out(officer_a, frozen):
    device = _confirmed_device(officer_a)
    frozen.shift(NEXT_STEP)
    client = Client()
    _login(client, officer_a)
    failures_before = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).count()

    statuses = []
    for _ in range(5):
        statuses.append(client.post(reverse(VERIFY), {"code": wrong_code_for(device)}).status_code)
        frozen.shift(PAST_DELAY)

    assert statuses == [200, 200, 200, 200, 302]
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:profile")).status_code == 302
    failures = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED)
    assert failures.count() - failures_before == 5
    assert {e.note for e in failures[:5]} == {"Sai mã xác thực hai bước"}


def test_a_code_sent_within_the_delay_after_a_wrong_one_is_not_checked(officer_a, frozen):
    device = _confirmed_device(officer_a)
    frozen.shift(NEXT_STEP)
    client = Client()
    _login(client, officer_a)
    client.post(reverse(VERIFY), {"code": wrong_code_for(device)})

    response = client.post(reverse(VERIFY), {"code": code_for(device)})  # at once: refused

    assert "hãy đợi vài giây rồi nhập mã mới nhất" in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # not counted as a wrong code
    frozen.shift(PAST_DELAY)
    assert client.post(reverse(VERIFY), {"code": code_for(device)}).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0  # a right code resets the count


def test_wrong_code_at_setup_leaves_device_unconfirmed(officer_a, frozen):
    client = client_for(officer_a)
    client.get(reverse(SETUP))
    device = TOTPDevice.objects.get(user=officer_a)
    response = client.post(reverse(SETUP), {"code": wrong_code_for(device)})
    assert response.status_code == 200
    assert (
        "Mã xác thực không đúng hoặc đã hết hạn; hãy nhập mã mới nhất." in response.content.decode()
    )
    device.refresh_from_db()
    assert device.confirmed is False
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_code_must_be_six_digits(officer_a):
    response = client_for(officer_a).post(reverse(SETUP), {"code": "12ab"})
    assert "Mã xác thực gồm đúng 6 chữ số." in response.content.decode()


def test_password_alone_cannot_enrol_a_new_authenticator(officer_a, frozen):
    _confirmed_device(officer_a)
    frozen.shift(NEXT_STEP)
    client = Client()
    _login(client, officer_a)  # password right, code step pending

    response = client.get(reverse(SETUP))

    assert response.status_code == 302
    assert response.url == reverse(VERIFY)
    assert TOTPDevice.objects.filter(user=officer_a).count() == 1


def test_logout_passes_the_code_step(officer_a, frozen):
    _confirmed_device(officer_a)
    client = Client()
    _login(client, officer_a)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_disable_requires_a_current_code(leader_a, frozen):
    device = _confirmed_device(leader_a)
    client = Client()
    _login(client, leader_a)
    frozen.shift(NEXT_STEP)
    client.post(reverse(VERIFY), {"code": code_for(device)})
    frozen.shift(NEXT_STEP)

    refused = client.post(reverse(DISABLE), {"code": wrong_code_for(device)})
    assert refused.status_code == 200
    assert (
        "Mã xác thực không đúng hoặc đã hết hạn; hãy nhập mã mới nhất." in refused.content.decode()
    )
    assert TOTPDevice.objects.filter(user=leader_a).count() == 1

    frozen.shift(NEXT_STEP)
    response = client.post(reverse(DISABLE), {"code": code_for(device)})
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    assert TOTPDevice.objects.filter(user=leader_a).count() == 0
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_disable_is_post_only(leader_a):
    assert client_for(leader_a).get(reverse(DISABLE)).status_code == 405


def test_police_must_set_up_two_factor_when_required(officer_a, leader_a, settings, frozen):
    settings.KMT_REQUIRE_2FA_FOR_POLICE = True
    client = client_for(officer_a)

    for name in ("areas:tree", "accounts:profile", "accounts:api_tokens"):
        response = client.get(reverse(name))
        assert (name, response.status_code, response.url) == (name, 302, reverse(SETUP))
    page = client.get(reverse(SETUP))
    assert page.status_code == 200
    assert "Tài khoản Công an phải bật xác thực hai bước" in page.content.decode()

    device = TOTPDevice.objects.get(user=officer_a)
    client.post(reverse(SETUP), {"code": code_for(device)})
    assert client.get(reverse("areas:tree")).status_code == 200

    # Police may not switch it off while it is required.
    frozen.shift(NEXT_STEP)
    response = client.post(reverse(DISABLE), {"code": code_for(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=officer_a, confirmed=True).count() == 1

    # A residential-group leader is not police: no redirect.
    assert client_for(leader_a).get(reverse("areas:tree")).status_code == 200


def test_police_can_log_out_before_setting_up_two_factor(officer_a, settings):
    settings.KMT_REQUIRE_2FA_FOR_POLICE = True
    response = client_for(officer_a).post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:login")


def test_two_factor_audit_never_holds_the_secret(officer_a, frozen):
    device = _confirmed_device(officer_a)
    events = AuditEvent.objects.filter(model="otp_totp.TOTPDevice", object_id=str(device.pk))
    assert [(e.action, e.note) for e in events.order_by("pk")] == [
        (AuditEvent.Action.CREATE, "Bắt đầu cài đặt xác thực hai bước"),
        (AuditEvent.Action.UPDATE, "Bật xác thực hai bước"),
    ]
    for event in events:
        assert "key" not in (event.after or {})
        assert device.key not in str(event.before) + str(event.after)
