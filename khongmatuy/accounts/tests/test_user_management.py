"""User management by the system administrator: permission, scope, forms, services, audit."""

from __future__ import annotations

import json
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from khongmatuy.accounts import selectors, services
from khongmatuy.accounts.models import ApiToken, User
from khongmatuy.accounts.tests.factories import api_key_for
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.roles import Role
from tests.personas import PASSWORD, client_for, make_user

from .conftest import code_for

NEW_PASSWORD = "Mat-khau-moi-2027"


def _create_data(world, **overrides):
    data = {
        "username": "totruong_to2",
        "full_name": "Vũ Thị Lan",
        "role": Role.GROUP_LEADER,
        "title": "Tổ trưởng",
        "phone": "0912345678",
        "areas": f"#{world.group_a2.pk}",
        "password": PASSWORD,
    }
    return {**data, **overrides}


def _names(response) -> list[str]:
    return [u.username for u in response.context["page_obj"]]


# Permission -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method", "with_pk"),
    [
        ("accounts:user_list", "get", False),
        ("accounts:user_create", "get", False),
        ("accounts:user_create", "post", False),
        ("accounts:area_lookup", "get", False),
        ("accounts:user_edit", "get", True),
        ("accounts:user_edit", "post", True),
        ("accounts:user_deactivate", "post", True),
        ("accounts:user_activate", "post", True),
        ("accounts:user_reset_password", "post", True),
        ("accounts:user_reset_two_factor", "post", True),
    ],
)
def test_commune_officer_is_refused_user_management(officer_a, leader_a, name, method, with_pk):
    url = reverse(name, args=[leader_a.pk] if with_pk else [])
    data = {"full_name": "X", "role": Role.ADMIN, "areas": "VN", "new_password1": NEW_PASSWORD}
    response = getattr(client_for(officer_a), method)(url, data if method == "post" else None)
    assert response.status_code == 403
    leader_a.refresh_from_db()
    assert (leader_a.full_name, leader_a.role, leader_a.is_active) == (
        "Lê Thị Hoa",
        Role.GROUP_LEADER,
        True,
    )


def test_admin_reaches_user_management(admin_user, officer_a):
    client = client_for(admin_user)
    assert client.get(reverse("accounts:user_list")).status_code == 200
    assert client.get(reverse("accounts:user_create")).status_code == 200
    assert client.get(reverse("accounts:user_edit", args=[officer_a.pk])).status_code == 200


def test_nav_link_only_for_user_managers(admin_user, officer_a):
    link = f'href="{reverse("accounts:user_list")}"'
    assert link in client_for(admin_user).get(reverse("accounts:profile")).content.decode()
    assert link not in client_for(officer_a).get(reverse("accounts:profile")).content.decode()


# Scope ------------------------------------------------------------------------------------------


def test_city_admin_lists_only_users_bound_inside_the_city(
    world, city_admin, admin_user, officer_a, officer_b, leader_a, city_user
):
    make_user("cand_caoxanh", Role.COMMUNE_POLICE, [world.ward_c])
    make_user("hai_noi", Role.CITY_POLICE, [world.ward_a, world.ward_c])  # partly outside

    response = client_for(city_admin).get(reverse("accounts:user_list"))

    assert _names(response) == [
        "ca_haiphong",
        "cand_giavien",
        "cand_thanhdong",
        "quantri_haiphong",
        "totruong_giavien",
    ]
    assert "cand_caoxanh" not in response.content.decode()


def test_national_admin_lists_everyone(world, admin_user, officer_a):
    make_user("cand_caoxanh", Role.COMMUNE_POLICE, [world.ward_c])
    response = client_for(admin_user).get(reverse("accounts:user_list"))
    assert _names(response) == ["cand_caoxanh", "cand_giavien", "quantri"]


def test_user_outside_scope_is_404_for_every_action(world, city_admin, admin_user):
    outsider = make_user("cand_caoxanh", Role.COMMUNE_POLICE, [world.ward_c])
    client = client_for(city_admin)
    for name in ("accounts:user_edit",):
        assert client.get(reverse(name, args=[outsider.pk])).status_code == 404
    for name in (
        "accounts:user_edit",
        "accounts:user_deactivate",
        "accounts:user_reset_password",
        "accounts:user_reset_two_factor",
    ):
        response = client.post(
            reverse(name, args=[outsider.pk]),
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "full_name": "X"},
        )
        assert (name, response.status_code) == (name, 404)
    assert client.get(reverse("accounts:user_edit", args=[admin_user.pk])).status_code == 404
    outsider.refresh_from_db()
    assert outsider.is_active is True
    assert outsider.check_password(PASSWORD)


def test_list_query_count_does_not_grow_with_users(world, admin_user, django_assert_num_queries):
    for i in range(3):
        make_user(f"to_truong_{i}", Role.GROUP_LEADER, [world.group_a1, world.group_a2])
    client = client_for(admin_user)
    client.get(reverse("accounts:user_list"))  # warm the session
    # session, user, scope, count, page, bindings with their areas, the page's login locks
    # (failed passwords, two-factor devices); no session write (renewed at most once a minute:
    # accounts.middleware.SessionRenewalMiddleware)
    with django_assert_num_queries(8):
        client.get(reverse("accounts:user_list"))
    for i in range(3, 10):
        make_user(f"to_truong_{i}", Role.GROUP_LEADER, [world.group_b1])
    with django_assert_num_queries(8):
        response = client.get(reverse("accounts:user_list"))
    assert len(response.context["page_obj"]) == 11


# Search and filters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tran van binh", ["cand_giavien"]),
        ("TRẦN VĂN", ["cand_giavien"]),
        ("Tran Văn Bình", ["cand_giavien"]),
        ("dung", ["cand_thanhdong"]),  # Nguyễn Thị Dung
        ("đỗ thị", ["quantri_haiphong"]),
        ("thanhdong", ["cand_thanhdong"]),
        ("CAND_", ["cand_giavien", "cand_thanhdong"]),
        ("hoa", ["totruong_giavien"]),  # Lê Thị Hoa
        ("a.b(c", []),  # regular-expression characters are literal
    ],
)
def test_search_ignores_diacritics_and_case(
    city_admin, officer_a, officer_b, leader_a, query, expected
):
    response = client_for(city_admin).get(reverse("accounts:user_list"), {"q": query})
    assert _names(response) == expected


def test_filters_by_role_area_and_active(
    world, city_admin, officer_a, officer_b, leader_a, city_user
):
    services.user_deactivate(actor=city_admin, user=officer_b)
    client = client_for(city_admin)
    url = reverse("accounts:user_list")

    assert _names(client.get(url, {"role": Role.COMMUNE_POLICE})) == [
        "cand_giavien",
        "cand_thanhdong",
    ]
    assert _names(client.get(url, {"area": world.ward_a.code})) == [
        "cand_giavien",
        "totruong_giavien",
    ]
    assert _names(client.get(url, {"area": f"#{world.group_a1.pk}"})) == ["totruong_giavien"]
    assert _names(client.get(url, {"area": world.haiphong.code, "role": Role.CITY_POLICE})) == [
        "ca_haiphong"
    ]
    assert _names(client.get(url, {"active": "0"})) == ["cand_thanhdong"]
    assert "cand_thanhdong" not in _names(client.get(url, {"active": "1"}))


def test_area_filter_outside_scope_shows_an_error_and_no_users(world, city_admin, officer_a):
    response = client_for(city_admin).get(
        reverse("accounts:user_list"), {"area": world.ward_c.code}
    )
    assert response.context["form"].errors == {
        "area": ["Không tìm thấy địa bàn “7000” trong phạm vi bạn quản lý."]
    }
    assert _names(response) == []


def test_htmx_filter_returns_the_results_partial(city_admin, officer_a):
    response = client_for(city_admin).get(
        reverse("accounts:user_list"), {"q": "binh"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="user-results"')
    assert "cand_giavien" in body
    assert "<html" not in body


def test_area_lookup_lists_tokens_in_scope_only(world, city_admin):
    client = client_for(city_admin)
    body = client.get(reverse("accounts:area_lookup"), {"q": "to dan pho so 1"}).content.decode()
    assert f"#{world.group_a1.pk}" in body
    other = client.get(reverse("accounts:area_lookup"), {"q": "cao xanh"}).content.decode()
    assert "Cao Xanh" not in other
    assert "Không tìm thấy địa bàn phù hợp." in other


# Create -----------------------------------------------------------------------------------------


def test_create_user_binds_areas_and_audits_without_secrets(world, city_admin):
    client = client_for(city_admin)
    data = _create_data(world, areas=f"{world.ward_b.code}, #{world.group_a2.pk}")

    response = client.post(reverse("accounts:user_create"), data)

    user = User.objects.get(username="totruong_to2")
    assert response.status_code == 302
    assert response.url == reverse("accounts:user_edit", args=[user.pk])
    assert (user.full_name, user.role, user.title, user.phone) == (
        "Vũ Thị Lan",
        Role.GROUP_LEADER,
        "Tổ trưởng",
        "0912345678",
    )
    assert user.check_password(PASSWORD)
    assert sorted(user.area_assignments.values_list("area_id", flat=True)) == sorted(
        [world.ward_b.pk, world.group_a2.pk]
    )
    created = AuditEvent.objects.get(model="accounts.User", object_id=str(user.pk))
    assert (created.action, created.actor_id, created.before) == ("create", city_admin.pk, None)
    assert created.after["full_name"] == "Vũ Thị Lan"
    assert "password" not in created.after
    bindings = AuditEvent.objects.filter(model="accounts.AreaAssignment", actor=city_admin)
    assert sorted((e.action, e.area_id) for e in bindings) == sorted(
        [("create", world.ward_b.pk), ("create", world.group_a2.pk)]
    )
    everything = json.dumps(
        list(AuditEvent.objects.values("before", "after", "note", "object_repr"))
    )
    assert user.password not in everything
    assert PASSWORD not in everything


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"areas": "99999, #abc, 7000"},
            {
                "areas": [
                    "Không tìm thấy địa bàn “99999” trong phạm vi bạn quản lý.",
                    "Không tìm thấy địa bàn “#abc” trong phạm vi bạn quản lý.",
                    # Cao Xanh, in another province
                    "Không tìm thấy địa bàn “7000” trong phạm vi bạn quản lý.",
                ]
            },
        ),
        ({"areas": "  "}, {"areas": ["Hãy giao ít nhất một địa bàn."]}),
        ({"password": "ngan1"}, {"password": ["Mật khẩu quá ngắn: cần ít nhất 10 ký tự."]}),
        (
            {"password": "chimenbaylenroi"},
            {"password": ["Mật khẩu phải có cả chữ cái và chữ số."]},
        ),
        (
            {"username": "CAND_GIAVIEN"},
            {"username": ["Tên đăng nhập “CAND_GIAVIEN” đã được dùng."]},
        ),
        (
            {"role": "superuser"},
            {"role": ["Vai trò “superuser” không hợp lệ."]},
        ),
    ],
    ids=["bad-areas", "no-area", "short-password", "letters-only", "taken-username", "bad-role"],
)
def test_create_refuses_bad_input_and_saves_nothing(
    world, city_admin, officer_a, overrides, errors
):
    client = client_for(city_admin)
    users_before = User.objects.count()
    events_before = AuditEvent.objects.count()

    response = client.post(reverse("accounts:user_create"), _create_data(world, **overrides))

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert User.objects.count() == users_before
    assert AuditEvent.objects.count() == events_before


@pytest.mark.unaudited_writes  # the user row is saved, then rolled back with its audit entry
def test_service_rolls_back_when_a_binding_fails(world, city_admin):
    class Missing:
        pk = 10**9

    with pytest.raises(ValidationError) as refused:
        services.user_create(
            actor=city_admin,
            username="nua_chung",
            password=PASSWORD,
            full_name="Nửa Chừng",
            role=Role.SUPERVISOR,
            areas=[world.group_a1, Missing()],
        )
    assert list(refused.value.message_dict) == ["area"]
    assert User.objects.filter(username="nua_chung").count() == 0
    assert AuditEvent.objects.filter(object_repr="Nửa Chừng").count() == 0


# Edit -------------------------------------------------------------------------------------------


def test_edit_changes_fields_and_rebinds_areas_with_audit(world, city_admin, leader_a):
    client = client_for(city_admin)
    page = client.get(reverse("accounts:user_edit", args=[leader_a.pk]))
    assert page.context["form"].initial["areas"] == f"#{world.group_a1.pk}"

    response = client.post(
        reverse("accounts:user_edit", args=[leader_a.pk]),
        {
            "full_name": "Lê Thị Hoa Mai",
            "role": Role.GROUP_LEADER,
            "title": "Tổ trưởng tổ 2",
            "phone": "",
            "areas": f"#{world.group_a2.pk}",
            "version": leader_a.version,
        },
    )

    assert response.status_code == 302
    leader_a.refresh_from_db()
    assert (leader_a.full_name, leader_a.title) == ("Lê Thị Hoa Mai", "Tổ trưởng tổ 2")
    assert list(leader_a.area_assignments.values_list("area_id", flat=True)) == [world.group_a2.pk]
    update = AuditEvent.objects.get(
        model="accounts.User", object_id=str(leader_a.pk), action="update"
    )
    assert [c[0] for c in update.changed_fields] == ["full_name", "title", "version"]
    assert (update.before["full_name"], update.after["full_name"]) == (
        "Lê Thị Hoa",
        "Lê Thị Hoa Mai",
    )
    bindings = AuditEvent.objects.filter(model="accounts.AreaAssignment", actor=city_admin)
    assert sorted((e.action, e.area_id) for e in bindings) == sorted(
        [("delete", world.group_a1.pk), ("create", world.group_a2.pk)]
    )
    # The rebinding takes effect: the leader now sees group 2, not group 1.
    tree = client_for(leader_a).get(reverse("areas:detail", args=[world.group_a1.pk]))
    assert tree.status_code == 404


def test_edit_with_bad_area_changes_nothing(world, city_admin, leader_a):
    response = client_for(city_admin).post(
        reverse("accounts:user_edit", args=[leader_a.pk]),
        {
            "full_name": "Đổi Tên",
            "role": Role.GROUP_LEADER,
            "areas": f"#{world.group_a2.pk}, {world.ward_c.code}",
            "version": leader_a.version,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "areas": ["Không tìm thấy địa bàn “7000” trong phạm vi bạn quản lý."]
    }
    leader_a.refresh_from_db()
    assert leader_a.full_name == "Lê Thị Hoa"
    assert list(leader_a.area_assignments.values_list("area_id", flat=True)) == [world.group_a1.pk]


def test_admin_cannot_change_own_role(world, city_admin):
    response = client_for(city_admin).post(
        reverse("accounts:user_edit", args=[city_admin.pk]),
        {
            "full_name": "Đỗ Thị Giang",
            "role": Role.COMMUNE_POLICE,
            "areas": world.haiphong.code,
            "version": city_admin.version,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"role": ["Bạn không thể tự đổi vai trò của mình."]}
    city_admin.refresh_from_db()
    assert city_admin.role == Role.ADMIN


# Deactivate, password reset, 2FA reset ---------------------------------------------------------


def test_deactivate_locks_out_sessions_and_revokes_token(city_admin, officer_a):
    officer_client = client_for(officer_a)
    api_key_for(officer_a)

    response = client_for(city_admin).post(reverse("accounts:user_deactivate", args=[officer_a.pk]))

    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.is_active is False
    assert ApiToken.objects.filter(user=officer_a, revoked_at__isnull=True).count() == 0
    assert officer_client.get(reverse("accounts:profile")).status_code == 302
    event = AuditEvent.objects.filter(model="accounts.User", object_id=str(officer_a.pk)).first()
    assert (event.note, event.before["is_active"], event.after["is_active"]) == (
        "Khóa tài khoản",
        True,
        False,
    )

    client_for(city_admin).post(reverse("accounts:user_activate", args=[officer_a.pk]))
    officer_a.refresh_from_db()
    assert officer_a.is_active is True


def test_deactivate_is_post_only_and_refuses_self(city_admin):
    client = client_for(city_admin)
    assert client.get(reverse("accounts:user_deactivate", args=[city_admin.pk])).status_code == 405
    response = client.post(reverse("accounts:user_deactivate", args=[city_admin.pk]), follow=True)
    assert "Bạn không thể tự khóa tài khoản của mình." in response.content.decode()
    city_admin.refresh_from_db()
    assert city_admin.is_active is True


def test_reset_password_sets_the_new_password_and_lifts_a_lockout(city_admin, officer_a):
    login = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(login, {"username": officer_a.username, "password": "Sai-mat-khau-9"})

    response = client_for(city_admin).post(
        reverse("accounts:user_reset_password", args=[officer_a.pk]),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.check_password(NEW_PASSWORD)
    client = Client()
    assert (
        client.post(login, {"username": officer_a.username, "password": NEW_PASSWORD}).status_code
        == 302
    )
    assert client.session["_auth_user_id"] == str(officer_a.pk)
    event = AuditEvent.objects.filter(
        model="accounts.User", object_id=str(officer_a.pk), action="update"
    ).first()
    assert (event.note, event.actor_id) == ("Quản trị đặt lại mật khẩu", city_admin.pk)
    assert officer_a.password not in json.dumps([event.before, event.after])


def test_reset_password_refuses_weak_password(city_admin, officer_a):
    response = client_for(city_admin).post(
        reverse("accounts:user_reset_password", args=[officer_a.pk]),
        {"new_password1": "2718281828459045", "new_password2": "2718281828459045"},
    )
    assert response.status_code == 200
    assert response.context["password_form"].errors == {
        "new_password2": ["Mật khẩu này hoàn toàn là số.", "Mật khẩu phải có cả chữ cái và chữ số."]
    }
    officer_a.refresh_from_db()
    assert officer_a.check_password(PASSWORD)


def test_reset_two_factor_removes_devices(city_admin, officer_a):
    device = services.two_factor_device_start(user=officer_a)
    services.two_factor_device_confirm(user=officer_a, device=device, code=code_for(device))
    assert selectors.two_factor_status(user=officer_a).enabled is True

    client_for(city_admin).post(reverse("accounts:user_reset_two_factor", args=[officer_a.pk]))

    assert selectors.two_factor_status(user=officer_a).enabled is False
    event = AuditEvent.objects.filter(model="otp_totp.TOTPDevice", action="delete").get()
    assert (event.actor_id, event.note) == (city_admin.pk, "Quản trị đặt lại xác thực hai bước")
    assert "key" not in event.before


# Selectors --------------------------------------------------------------------------------------


def test_diacritic_insensitive_pattern_covers_every_tone():
    pattern = selectors.diacritic_insensitive_pattern("Đo")
    for name in ("Đỗ", "đồ", "do", "DO", "Đớ", "dợ", "Dơ", "dô"):
        assert re.fullmatch(pattern, name), name
    assert not re.fullmatch(pattern, "da")


def test_admin_of_another_province_sees_nothing_of_ward_a(world, officer_a, leader_a):
    qn_admin = make_user("quantri_quangninh", Role.ADMIN, [world.quangninh])
    client = client_for(qn_admin)
    pages = [
        client.get(reverse("accounts:user_list")),
        client.get(reverse("accounts:user_list"), {"q": "tran van binh"}),
        client.get(reverse("accounts:area_lookup"), {"q": "gia vien"}),
        client.get(reverse("accounts:user_create")),
    ]
    for page in pages:
        body = page.content.decode()
        assert page.status_code == 200
        assert "Gia Viên" not in body
        assert "cand_giavien" not in body
        assert "Trần Văn Bình" not in body
    assert _names(pages[0]) == ["quantri_quangninh"]
    assert client.get(reverse("accounts:user_edit", args=[officer_a.pk])).status_code == 404
    response = client.post(
        reverse("accounts:user_create"), _create_data(world, areas=world.ward_a.code)
    )
    assert response.context["form"].errors == {
        "areas": ["Không tìm thấy địa bàn “11359” trong phạm vi bạn quản lý."]
    }
