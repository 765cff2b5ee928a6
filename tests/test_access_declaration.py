"""Deny by default: a view that has not declared how it is scoped is caught three ways."""

from __future__ import annotations

import pytest
from django.core import checks
from django.test import override_settings

import tests.test_leak as leak
from khongmatuy.accounts.checks import check_every_route_declares_access
from khongmatuy.common.access import undeclared_routes


def test_project_has_no_undeclared_route() -> None:
    assert undeclared_routes() == []
    assert check_every_route_declares_access() == []


@override_settings(ROOT_URLCONF="tests.urls_unscoped")
def test_system_check_fails_for_an_unscoped_view() -> None:
    assert undeclared_routes() == ["forgotten/"]
    errors = check_every_route_declares_access()
    assert [e.id for e in errors] == ["kmt.E001"]
    assert "forgotten/" in errors[0].msg
    # The same check runs at start-up (runserver, migrate, check) through the registry.
    assert "kmt.E001" in {m.id for m in checks.run_checks(tags=[checks.Tags.urls])}


@override_settings(ROOT_URLCONF="tests.urls_unscoped")
def test_middleware_refuses_to_serve_an_unscoped_view(officer_b_client, world) -> None:
    response = officer_b_client.get("/forgotten/")
    assert response.status_code == 403
    assert "Gia Viên" not in response.content.decode()
    assert "chưa khai báo phạm vi" in response.content.decode()


@override_settings(ROOT_URLCONF="tests.urls_unscoped")
def test_leak_test_fails_for_a_route_it_does_not_cover() -> None:
    with pytest.raises(AssertionError, match="forgotten"):
        leak.test_every_route_has_a_leak_case()
