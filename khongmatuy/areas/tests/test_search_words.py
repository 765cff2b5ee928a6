from __future__ import annotations

import pytest

from khongmatuy.areas import selectors
from khongmatuy.areas.models import Kind

from .factories import AreaFactory


def test_every_word_must_match_in_any_order(world, officer_a) -> None:
    names = [a.name for a in selectors.area_search(user=officer_a, query="to 2")]
    assert names == ["Tổ dân phố số 2"]
    assert [a.name for a in selectors.area_search(user=officer_a, query="so 1 pho")] == [
        "Tổ dân phố số 1"
    ]
    assert selectors.area_search(user=officer_a, query="to thanh cong") == []  # ward B


def test_an_official_name_finds_its_unit_with_or_without_the_unit_word(merger, city_user) -> None:
    def found(query: str) -> list[str]:
        return [a.display_name for a in selectors.area_search(user=city_user, query=query)]

    assert found("Phường Gia Viên") == ["Phường Gia Viên"]
    assert found("phuong gia vien") == ["Phường Gia Viên"]
    assert found("Gia Viên") == ["Phường Gia Viên"]
    assert [a.pk for a in selectors.area_search(user=city_user, query="Thành phố Hải Phòng")] == [
        merger.kien_minh.parent_id
    ]
    assert found("Xã Kiến Minh") == ["Xã Kiến Minh"]
    # The unit word names the kind: Gia Viên is a ward, not a commune.
    assert found("Xã Gia Viên") == []
    # A group keeps its unit word in its name.
    assert found("Tổ dân phố số 1") == ["Tổ dân phố số 1"]
    thon_1 = selectors.area_search(user=city_user, query="Thôn 1")
    assert sorted(a.pk for a in thon_1) == sorted(
        [merger.dong_phuong_groups[0].pk, merger.dai_dong_group.pk]
    )


def test_a_province_and_a_special_zone_by_their_official_names(world, admin_user) -> None:
    AreaFactory(parent=world.quangninh, name="Phú Quốc", kind=Kind.SPECIAL_ZONE)

    def found(query: str) -> list[str]:
        return [a.display_name for a in selectors.area_search(user=admin_user, query=query)]

    assert found("Tỉnh Quảng Ninh") == ["Tỉnh Quảng Ninh"]
    assert found("Đặc khu Phú Quốc") == ["Đặc khu Phú Quốc"]
    assert found("dac khu phu quoc") == ["Đặc khu Phú Quốc"]


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Thủy Nguyên", "thuy nguyen"),
        ("Thuỷ Nguyên", "thuy nguyen"),
        ("Thủy Nguyên", "Thuỷ Nguyên"),
        ("Thuỷ Nguyên", "Thủy Nguyên"),
        ("Hòa Bình", "Hoà Bình"),
        ("Hoà Bình", "Hòa Bình"),
        ("Uý Lâm", "Úy Lâm"),
        ("Khoé Xanh", "Khóe Xanh"),
    ],
)
def test_either_tone_placement_finds_the_other(world, officer_a, stored, typed) -> None:
    group = AreaFactory(parent=world.ward_a, name=stored)
    assert selectors.area_search(user=officer_a, query=typed) == [group]


def test_children_are_listed_in_vietnamese_order(world, admin_user) -> None:
    for name in ("Cần Thơ", "Cao Bằng", "Cà Mau", "Đường An", "Dương Kinh", "Tổ 10", "Tổ 2"):
        AreaFactory(parent=world.ward_c, name=name)
    names = [a.name for a in selectors.children_for_user(user=admin_user, area=world.ward_c)]
    assert names == ["Cà Mau", "Cao Bằng", "Cần Thơ", "Dương Kinh", "Đường An", "Tổ 2", "Tổ 10"]
