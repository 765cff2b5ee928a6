from __future__ import annotations

from khongmatuy.areas import selectors


def test_every_word_must_match_in_any_order(world, officer_a) -> None:
    names = [a.name for a in selectors.area_search(user=officer_a, query="to 2")]
    assert names == ["Tổ dân phố số 2"]
    assert [a.name for a in selectors.area_search(user=officer_a, query="so 1 pho")] == [
        "Tổ dân phố số 1"
    ]
    assert selectors.area_search(user=officer_a, query="to thanh cong") == []  # ward B
