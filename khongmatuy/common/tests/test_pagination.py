"""The capped paginator counts no further than its cap, in one query, and offers pages up to it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from khongmatuy.areas.models import Area
from khongmatuy.common.pagination import CappedPaginator
from tests.personas import World

pytestmark = pytest.mark.django_db


def test_below_the_cap_the_count_is_exact(world: World) -> None:
    qs = Area.objects.order_by("pk")
    total = qs.count()
    paginator = CappedPaginator(qs, 2, cap=100)
    assert paginator.count == total
    assert not paginator.capped
    assert paginator.num_pages == -(-total // 2)


def test_past_the_cap_the_count_stops_in_one_query(world: World) -> None:
    qs = Area.objects.order_by("pk")
    total = qs.count()
    assert total > 3
    paginator = CappedPaginator(qs, 2, cap=3)
    with CaptureQueriesContext(connection) as captured:
        assert paginator.count == 4  # the cap and one more: "more than 3"
    assert len(captured.captured_queries) == 1
    assert "LIMIT 4" in captured.captured_queries[0]["sql"]
    assert paginator.capped
    assert paginator.num_pages == 2  # pages up to the cap only
    last = paginator.get_page(99)
    assert last.number == 2
    assert [a.pk for a in last.object_list] == list(qs.values_list("pk", flat=True)[2:4])


def test_exactly_at_the_cap_is_not_capped(world: World) -> None:
    qs = Area.objects.order_by("pk")
    total = qs.count()
    paginator = CappedPaginator(qs, 50, cap=total)
    assert paginator.count == total
    assert not paginator.capped
