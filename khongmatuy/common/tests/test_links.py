"""``detail_url_pattern``: one ``reverse`` for the links of many rows."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from khongmatuy.common.links import detail_url_pattern


@pytest.mark.parametrize("name", ["people:detail", "places:detail"])
def test_the_pattern_gives_what_reverse_gives(name: str) -> None:
    pattern = detail_url_pattern(name)
    assert "{pk}" in pattern
    for pk in (1, 42, 987654321, 10**12):
        assert pattern.format(pk=pk) == reverse(name, args=[pk])


def test_an_unknown_page_is_no_reverse_match() -> None:
    with pytest.raises(NoReverseMatch):
        detail_url_pattern("people:no_such_page")
