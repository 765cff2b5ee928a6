"""Every link of the menu of every demo account opens (200)."""

from __future__ import annotations

from khongmatuy.accounts.models import User
from khongmatuy.common.roles import Role
from khongmatuy.demo.demo_data import ACCOUNTS
from tests.personas import open_every_menu_link


def test_every_link_of_every_demo_account_answers_200(db):  # type: ignore[no-untyped-def]
    roles_seen = set()
    for account in ACCOUNTS:
        user = User.objects.get(username=account.username)
        if user.role in roles_seen:
            continue
        roles_seen.add(user.role)
        open_every_menu_link(user)
    assert roles_seen == set(Role.values)
