"""Login limits: the lock of one account from one address, the throttle of one address across
accounts, wrong two-factor codes counted per account, and the administrator's unlock."""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from khongmatuy.accounts import services
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.roles import Role
from tests.personas import PASSWORD, client_for, make_user

from .conftest import code_for, wrong_code_for

LOGIN = "accounts:login"
VERIFY = "accounts:two_factor_verify"
WRONG = "Sai-mat-khau-9"
ADDRESS_A = "198.51.100.10"
ADDRESS_B = "198.51.100.20"
NEXT_STEP = timedelta(seconds=30)
# START (conftest) is 08:00:05 in Hải Phòng; a lock lasts KMT_LOGIN_COOLOFF_MINUTES (30).
LOCK_TEXT = "Đang bị khóa đăng nhập đến 08:30 02/03/2026"


def _post_login(address: str, username: str, password: str, client: Client | None = None):  # type: ignore[no-untyped-def]
    client = client or Client(REMOTE_ADDR=address)
    return client.post(reverse(LOGIN), {"username": username, "password": password})


def _lock_from(address: str, username: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post_login(address, username, WRONG)


# One account from one address -------------------------------------------------------------------


def test_wrong_passwords_from_one_address_do_not_lock_the_account_elsewhere(officer_a) -> None:
    client_a = Client(REMOTE_ADDR=ADDRESS_A)
    statuses = [
        _post_login(ADDRESS_A, officer_a.username, WRONG, client_a).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    assert _post_login(ADDRESS_A, officer_a.username, PASSWORD, client_a).status_code == 429

    client_b = Client(REMOTE_ADDR=ADDRESS_B)
    response = _post_login(ADDRESS_B, officer_a.username, PASSWORD, client_b)

    assert response.status_code == 302
    assert client_b.session["_auth_user_id"] == str(officer_a.pk)


# One address across accounts --------------------------------------------------------------------


def test_spraying_many_usernames_from_one_address_is_throttled(
    settings, officer_a, officer_b
) -> None:  # type: ignore[no-untyped-def]
    settings.KMT_LOGIN_ADDRESS_FAILURES_PER_HOUR = 6
    sprayer = Client(REMOTE_ADDR="203.0.113.66")
    statuses = [_post_login("", f"nguoi_dung_{i}", WRONG, sprayer).status_code for i in range(6)]
    assert statuses == [200] * 6  # six names, each below the per-account limit

    response = _post_login("", officer_a.username, PASSWORD, sprayer)  # even the right password

    assert response.status_code == 429
    assert "Có quá nhiều lần đăng nhập sai từ địa chỉ mạng của bạn." in response.content.decode()
    assert "_auth_user_id" not in sprayer.session
    assert AccessAttempt.objects.filter(username=officer_a.username).count() == 0
    # Officers elsewhere are not affected.
    assert _post_login(ADDRESS_B, officer_b.username, PASSWORD).status_code == 302


def test_successful_logins_from_one_office_address_are_not_counted(settings, officer_a) -> None:  # type: ignore[no-untyped-def]
    settings.KMT_LOGIN_ADDRESS_FAILURES_PER_HOUR = 2
    for _ in range(4):
        assert _post_login(ADDRESS_A, officer_a.username, PASSWORD).status_code == 302


# The administrator -----------------------------------------------------------------------------


def test_admin_sees_the_lock_and_lifts_it(city_admin, officer_a, frozen) -> None:  # type: ignore[no-untyped-def]
    _lock_from(ADDRESS_A, officer_a.username)
    admin = client_for(city_admin)

    listing = admin.get(reverse("accounts:user_list"))
    locked = {user.username: until for user, until in listing.context["rows"] if until}
    assert list(locked) == [officer_a.username]
    assert LOCK_TEXT in listing.content.decode()
    edit = admin.get(reverse("accounts:user_edit", args=[officer_a.pk])).content.decode()
    assert LOCK_TEXT in edit
    assert reverse("accounts:user_login_unlock", args=[officer_a.pk]) in edit

    response = admin.post(reverse("accounts:user_login_unlock", args=[officer_a.pk]), follow=True)

    assert "Đã mở khóa đăng nhập cho cand_giavien." in response.content.decode()
    assert LOCK_TEXT not in response.content.decode()
    assert _post_login(ADDRESS_A, officer_a.username, PASSWORD).status_code == 302
    event = AuditEvent.objects.filter(note="Mở khóa đăng nhập").get()
    assert (event.actor_id, event.model, event.object_id) == (
        city_admin.pk,
        "accounts.User",
        str(officer_a.pk),
    )
    assert event.after == {"failed_logins_cleared": 1, "two_factor_failures_cleared": 0}


def test_edit_page_of_an_unlocked_user_offers_no_unlock(city_admin, officer_a) -> None:  # type: ignore[no-untyped-def]
    _post_login(ADDRESS_A, officer_a.username, WRONG)  # one wrong password is no lock
    edit = client_for(city_admin).get(reverse("accounts:user_edit", args=[officer_a.pk]))
    assert "Đang bị khóa đăng nhập" not in edit.content.decode()
    assert edit.context["login_locked_until"] is None


def test_the_lock_ends_after_the_cooloff(city_admin, officer_a, frozen) -> None:  # type: ignore[no-untyped-def]
    _lock_from(ADDRESS_A, officer_a.username)
    frozen.shift(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
    listing = client_for(city_admin).get(reverse("accounts:user_list"))
    assert "Đang bị khóa đăng nhập" not in listing.content.decode()
    assert _post_login(ADDRESS_A, officer_a.username, PASSWORD).status_code == 302


def test_admin_of_another_province_can_neither_see_nor_lift_the_lock(world, officer_a) -> None:  # type: ignore[no-untyped-def]
    _lock_from(ADDRESS_A, officer_a.username)
    qn_admin = make_user("quantri_quangninh", Role.ADMIN, [world.quangninh])
    client = client_for(qn_admin)

    response = client.post(reverse("accounts:user_login_unlock", args=[officer_a.pk]))

    assert response.status_code == 404
    assert "Đang bị khóa" not in client.get(reverse("accounts:user_list")).content.decode()
    assert _post_login(ADDRESS_A, officer_a.username, PASSWORD).status_code == 429
    assert not AuditEvent.objects.filter(note="Mở khóa đăng nhập").exists()


# Two-factor codes --------------------------------------------------------------------------------


def test_two_factor_failures_are_counted_across_sessions_and_stop(
    officer_a, city_admin, frozen
) -> None:  # type: ignore[no-untyped-def]
    device = services.two_factor_device_start(user=officer_a)
    device = services.two_factor_device_confirm(
        user=officer_a, device=device, code=code_for(device)
    )
    frozen.shift(NEXT_STEP)
    statuses = []
    for _ in range(settings.KMT_2FA_FAILURE_LIMIT):  # each wrong code from a fresh session
        client = Client()
        assert _post_login("", officer_a.username, PASSWORD, client).status_code == 302
        statuses.append(client.post(reverse(VERIFY), {"code": wrong_code_for(device)}).status_code)
        frozen.shift(timedelta(seconds=20))
    assert statuses == [200, 200, 200, 200, 302]

    # A new session with the right password and the right code is refused, with the reason.
    client = Client()
    _post_login("", officer_a.username, PASSWORD, client)
    response = client.post(reverse(VERIFY), {"code": code_for(device)}, follow=True)
    body = response.content.decode()
    assert "Nhập sai mã xác thực quá nhiều lần." in body
    assert (
        "tạm khóa đăng nhập đến 08:31 02/03/2026" in body
    )  # 30 min after the last wrong code (08:01:55)
    assert "_auth_user_id" not in client.session
    device.refresh_from_db()
    assert device.throttling_failure_count == settings.KMT_2FA_FAILURE_LIMIT

    # The administrator sees the lock and lifts it; the right code then works.
    admin = client_for(city_admin)
    assert (
        "Đang bị khóa đăng nhập đến 08:31"
        in admin.get(reverse("accounts:user_list")).content.decode()
    )
    admin.post(reverse("accounts:user_login_unlock", args=[officer_a.pk]))
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
    assert AuditEvent.objects.filter(model="otp_totp.TOTPDevice", note="Mở khóa đăng nhập").exists()
    frozen.shift(NEXT_STEP)
    client = Client()
    _post_login("", officer_a.username, PASSWORD, client)
    assert client.post(reverse(VERIFY), {"code": code_for(device)}).status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
