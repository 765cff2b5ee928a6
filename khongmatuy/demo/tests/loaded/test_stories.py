"""The demo tells consistent stories (see ``demo.tests.stories``)."""

from __future__ import annotations

from django.utils import timezone

from khongmatuy.demo.tests.stories import ADDRESS_IN_NAME, addresses_not_in_names, history_outside
from khongmatuy.places.models import Place
from khongmatuy.tips.models import Tip


def test_the_demo_tells_consistent_stories(db: None) -> None:
    today = timezone.localdate()
    assert Tip.objects.count() > 0
    assert all(t.events.exists() for t in Tip.objects.all())
    assert history_outside(today) == []
    # the rule is exercised: some demo places carry their address in their name (the pattern is
    # applied in Python: the engines' regular expressions differ, "\b" above all)
    assert any(
        ADDRESS_IN_NAME.search(name) for name in Place.objects.values_list("name", flat=True)
    )
    assert addresses_not_in_names() == []
