"""Accounts carry their name's Vietnamese order (given name first), kept by the account services,
so that the officer and supervisor choices are not in the database's byte order."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from khongmatuy.accounts import services
from khongmatuy.accounts.models import User
from khongmatuy.common.collation import name_sort_string
from khongmatuy.common.roles import Role
from tests.personas import World, make_user

fill_migration = importlib.import_module("khongmatuy.accounts.migrations.0003_user_name_sort_fill")


def test_create_and_update_keep_the_name_order(world: World, admin_user: User) -> None:
    user = make_user("cand_duc", Role.COMMUNE_POLICE, [world.ward_a], "  Lê  Văn Đức ")
    assert user.name_sort == name_sort_string("Lê Văn Đức")
    services.user_update(
        actor=admin_user,
        user=user,
        full_name="Trần Thị Dung",
        role=Role.COMMUNE_POLICE,
        areas=[world.ward_a],
    )
    user.refresh_from_db()
    assert user.name_sort == name_sort_string("Trần Thị Dung")


def test_accounts_sort_by_given_name_in_vietnamese_order(world: World) -> None:
    for n, name in enumerate(("Lê Văn Đức", "Trần Thị Dung", "Nguyễn Thị Cần", "Phạm Văn Cao")):
        make_user(f"cand_{n}", Role.COMMUNE_POLICE, [world.ward_a], name)
    names = list(User.objects.order_by("name_sort").values_list("full_name", flat=True))
    assert names == ["Phạm Văn Cao", "Nguyễn Thị Cần", "Trần Thị Dung", "Lê Văn Đức"]


@pytest.mark.unaudited_writes  # the fill migration writes rows directly, as migrations do
def test_the_fill_migration_computes_the_order_of_existing_accounts(world: World) -> None:
    for n, name in enumerate(("Lê Văn Đức", "Trần Thị Dung", "Phạm Văn Cao")):
        make_user(f"cand_{n}", Role.COMMUNE_POLICE, [world.ward_a], name)
    User.objects.update(name_sort="")

    fill_migration.fill(apps, None)
    fill_migration.fill(apps, None)  # re-runnable: nothing left to change

    rows = list(User.objects.values_list("full_name", "name_sort"))
    assert len(rows) == 3
    assert all(key == name_sort_string(name) for name, key in rows)
