"""The choices of the tip forms are in Vietnamese order, not the database's byte order (which
puts "Đ" after "Z", "Cần" before "Cao" and "10" before "2")."""

from __future__ import annotations

from khongmatuy.common.roles import Role
from khongmatuy.places.tests.factories import PlaceFactory
from khongmatuy.tips import selectors
from tests.personas import make_user


def test_the_places_offered_when_closing_a_tip_are_in_vietnamese_order(  # type: ignore[no-untyped-def]
    world, officer_a, tip_a
):
    for name in ("Đường An", "Tổ 10", "Cần Thơ", "Dương Kinh", "Cao Bằng", "Tổ 2", "Cà Mau"):
        PlaceFactory(area=world.group_a1, name=name)
    offered = [p.name for p in selectors.link_choices(user=officer_a, tip=tip_a)["place"]]
    assert offered == ["Cà Mau", "Cao Bằng", "Cần Thơ", "Dương Kinh", "Đường An", "Tổ 2", "Tổ 10"]


def test_the_officers_a_tip_can_be_assigned_to_are_in_vietnamese_order(  # type: ignore[no-untyped-def]
    world, officer_a, tip_a
):
    """By given name first (as person lists): Bình, Cao, Cần, Dung, Đức."""
    for n, name in enumerate(("Lê Văn Đức", "Trần Thị Dung", "Nguyễn Thị Cần", "Phạm Văn Cao")):
        make_user(f"cand_{n}", Role.COMMUNE_POLICE, [world.ward_a], name)
    offered = [u.full_name for u in selectors.assignable_officers(tip=tip_a)]
    assert offered == [
        "Trần Văn Bình",
        "Phạm Văn Cao",
        "Nguyễn Thị Cần",
        "Trần Thị Dung",
        "Lê Văn Đức",
    ]
