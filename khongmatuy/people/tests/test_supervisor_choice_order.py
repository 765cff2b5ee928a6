"""The supervisor accounts offered for a person are in Vietnamese order, given name first, not in
the database's byte order (which puts "Đ" after "Z" and "Cần" before "Cao")."""

from __future__ import annotations

from khongmatuy.common.roles import Role
from khongmatuy.people.forms.care import supervisor_accounts
from khongmatuy.people.models import Person
from tests.personas import World, make_user


def test_the_supervisor_accounts_are_in_vietnamese_order(world: World, an: Person) -> None:
    for n, name in enumerate(("Lê Văn Đức", "Trần Thị Dung", "Nguyễn Thị Cần", "Phạm Văn Cao")):
        make_user(f"giupdo_{n}", Role.SUPERVISOR, [world.group_a1], name)
    offered = [u.full_name for u in supervisor_accounts(an)]
    assert offered == ["Phạm Văn Cao", "Nguyễn Thị Cần", "Trần Thị Dung", "Lê Văn Đức"]
