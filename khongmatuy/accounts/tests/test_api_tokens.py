"""API tokens: created and revoked on the profile's token page, hashed, expiring, read-only,
bound to areas for a service account, refused before two-factor enrolment where required,
stamped with their last use, counted by the per-token rate limit, and audited."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from khongmatuy.accounts import services
from khongmatuy.accounts.models import ApiToken
from khongmatuy.accounts.tests.factories import api_key_for
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.errors import DomainError
from tests.personas import client_for

AREAS = reverse("api-areas")
FIGURES = "api-area-figures"


def _api(key: str, path: str = AREAS, method: str = "get", **data: object):  # type: ignore[no-untyped-def]
    client = Client()
    call = getattr(client, method)
    if method == "get":
        return call(path, HTTP_AUTHORIZATION=f"Token {key}")
    return call(
        path,
        data=json.dumps(data),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )


def _names(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {row["name"] for row in response.json()["results"]}


def test_token_page_creates_shows_the_key_once_and_lists_it(officer_a):
    client = client_for(officer_a)
    page = client.get(reverse("accounts:api_tokens")).content.decode()
    assert "Bạn chưa có mã truy cập API." in page

    response = client.post(
        reverse("accounts:api_tokens"),
        {"name": "Phần mềm tổng hợp", "kind": "personal", "days": "30", "read_only": "on"},
    )

    token = ApiToken.objects.get(user=officer_a)
    body = response.content.decode()
    key = body.split("<code>kmt_")[1].split("</code>")[0]
    key = "kmt_" + key
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert token.key_hash == services.hash_token_key(key)
    assert key not in json.dumps(list(AuditEvent.objects.values("before", "after", "note")))
    assert token.key_hash not in json.dumps(list(AuditEvent.objects.values("before", "after")))
    assert token.read_only is True
    assert token.kind == ApiToken.Kind.PERSONAL
    later = client.get(reverse("accounts:api_tokens")).content.decode()
    assert key not in later
    assert "Phần mềm tổng hợp" in later
    assert token.prefix in later
    assert _api(key).status_code == 200


def test_token_form_has_no_kind_by_default_and_names_the_field(officer_a):
    response = client_for(officer_a).post(
        reverse("accounts:api_tokens"), {"name": "", "days": "999"}
    )
    errors = response.context["form"].errors
    assert errors["kind"] == ["Chọn loại mã truy cập."]
    assert errors["name"] == ["Ghi tên mã truy cập."]
    assert errors["days"] == ["Thời hạn tối đa 365 ngày."]
    assert not ApiToken.objects.exists()


def test_last_use_is_listed(officer_a):
    key = api_key_for(officer_a)
    assert ApiToken.objects.get().last_used_at is None
    _api(key)
    used = ApiToken.objects.get().last_used_at
    assert used is not None
    page = client_for(officer_a).get(reverse("accounts:api_tokens")).content.decode()
    assert used.astimezone(timezone_vn()).strftime("%d/%m/%Y %H:%M") in page


def timezone_vn():  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Ho_Chi_Minh")


def test_revoke_stops_the_token_and_is_audited(officer_a):
    key = api_key_for(officer_a)
    token = ApiToken.objects.get()
    response = client_for(officer_a).post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    answer = _api(key)
    assert answer.status_code == 401
    assert answer.json()["detail"] == "Mã truy cập đã bị thu hồi."
    events = AuditEvent.objects.filter(model="accounts.ApiToken", object_id=str(token.pk))
    assert [e.action for e in events.order_by("pk")] == ["create", "update"]


def test_another_users_token_cannot_be_revoked(officer_a, officer_b):
    api_key_for(officer_b)
    token = ApiToken.objects.get(user=officer_b)
    response = client_for(officer_a).post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_expired_token_is_refused(officer_a, time_machine):
    time_machine.move_to("2026-03-02 08:00:00+07:00", tick=False)
    key = api_key_for(officer_a, days=1)
    time_machine.shift(timedelta(days=1, seconds=1))
    answer = _api(key)
    assert answer.status_code == 401
    assert answer.json()["detail"] == "Mã truy cập đã hết hạn."


def test_unknown_and_malformed_keys_are_401(db):
    assert _api("kmt_nothing").status_code == 401
    response = Client().get(AREAS, HTTP_AUTHORIZATION="Token a b")
    assert response.status_code == 401


def test_deactivating_the_account_revokes_its_tokens(officer_a, city_user):
    key = api_key_for(officer_a)
    services.user_deactivate(actor=city_user, user=officer_a)
    assert _api(key).status_code == 401
    assert ApiToken.objects.get().revoked_at is not None


def test_read_only_token_reads_but_never_writes(world, officer_a):
    key = api_key_for(officer_a, read_only=True)
    assert _api(key).status_code == 200
    response = _api(
        key,
        reverse(FIGURES, args=[world.group_a1.pk]),
        "post",
        as_of="2026-06-01",
        population=600,
        households=150,
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Mã truy cập này chỉ được đọc, không được ghi."
    assert not world.group_a1.figures.filter(as_of="2026-06-01").exists()
    writable = api_key_for(officer_a)
    response = _api(
        writable,
        reverse(FIGURES, args=[world.group_a1.pk]),
        "post",
        as_of="2026-06-01",
        population=600,
        households=150,
    )
    assert response.status_code == 201


def test_service_token_sees_only_its_areas(world, city_user):
    key = api_key_for(city_user, kind=ApiToken.Kind.SERVICE, areas=[world.ward_b])
    names = _names(_api(key))
    assert "Thành Đông" in names
    assert "Gia Viên" not in names
    assert _api(key, reverse("api-area-detail", args=[world.ward_a.pk])).status_code == 404
    personal = api_key_for(city_user)
    assert {"Thành Đông", "Gia Viên"} <= _names(_api(personal))


def test_service_token_areas_must_lie_in_the_users_scope(world, officer_a):
    with pytest.raises(DomainError) as refused:
        services.api_token_create(
            actor=officer_a,
            user=officer_a,
            name="x",
            days=5,
            read_only=True,
            kind=ApiToken.Kind.SERVICE,
            areas=[world.ward_b],
        )
    assert refused.value.message_dict == {
        "areas": ["Địa bàn “Thành Đông” không thuộc phạm vi của tài khoản."]
    }
    with pytest.raises(DomainError) as refused:
        services.api_token_create(
            actor=officer_a,
            user=officer_a,
            name="x",
            days=5,
            read_only=True,
            kind=ApiToken.Kind.SERVICE,
        )
    assert list(refused.value.message_dict) == ["areas"]
    assert not ApiToken.objects.exists()


def test_token_page_creates_a_service_token_from_area_codes(world, officer_a):
    client = client_for(officer_a)
    client.post(
        reverse("accounts:api_tokens"),
        {"name": "Phần mềm tổ", "kind": "service", "days": "30", "areas": f"#{world.group_a1.pk}"},
    )
    token = ApiToken.objects.get()
    assert list(token.areas.all()) == [world.group_a1]


def test_police_must_enrol_two_factor_before_getting_or_using_a_token(officer_a, settings):
    key = api_key_for(officer_a)
    settings.KMT_REQUIRE_2FA_FOR_POLICE = True
    answer = _api(key)
    assert answer.status_code == 401
    assert "xác thực hai bước" in answer.json()["detail"]
    with pytest.raises(DomainError) as refused:
        api_key_for(officer_a)
    assert "xác thực hai bước" in refused.value.messages[0]
    TOTPDevice.objects.create(user=officer_a, name="TOTP", confirmed=True)
    assert _api(key).status_code == 200
    assert api_key_for(officer_a)


def test_roles_without_api_get_no_token(world):
    from khongmatuy.common.roles import Role
    from tests.personas import make_user

    officer = make_user("mattran_token", Role.MASS_ORG_OFFICER, [world.ward_a])
    client = client_for(officer)
    assert client.post(reverse("accounts:api_tokens"), {"name": "x"}).status_code == 403
    assert (
        "Vai trò của bạn không được dùng API."
        in client.get(reverse("accounts:api_tokens")).content.decode()
    )
    assert not ApiToken.objects.exists()


def test_rate_limit_counts_per_token(officer_a, settings):
    settings.KMT_API_RATE = "3/minute"
    cache.clear()
    first, second = api_key_for(officer_a), api_key_for(officer_a)
    assert [_api(first).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert _api(second).status_code == 200
    cache.clear()


def test_create_api_token_command_prints_a_working_key(officer_a):
    out = StringIO()
    call_command("create_api_token", officer_a.username, "--read-only", "--days", "7", stdout=out)
    key = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.read_only is True
    assert round((token.expires_at - token.created_at).total_seconds() / 86400) == 7
    assert _api(key).status_code == 200
    with pytest.raises(CommandError, match="Thời hạn từ 1 đến 365 ngày"):
        call_command("create_api_token", officer_a.username, "--days", "0")
    with pytest.raises(CommandError):
        call_command("create_api_token", "khong_co_ai")
