"""The overview's prevention tiles: groups not reached, household coverage, models by status,
each a link to the records behind it."""

from __future__ import annotations

import re
from datetime import date

import time_machine
from django.urls import reverse

from khongmatuy.prevention import services
from khongmatuy.prevention.models import DrugFreeModel
from khongmatuy.prevention.selectors import households as household_selectors
from tests.personas import client_for

from .factories import activity

TODAY = date(2026, 11, 20)


def _tile(html: str, tile_id: str) -> str:
    found = re.search(rf'<a [^>]*id="{tile_id}"[^>]*>.*?</a>', html, re.S)
    assert found, tile_id
    return found.group(0)


@time_machine.travel("2026-11-20 09:00 +07:00", tick=False)
def test_the_tiles_count_and_link_to_their_records(world, officer_a, officer_b, leader_a):
    officer = client_for(officer_a)
    url = reverse("prevention:coverage_tile")
    empty = officer.get(url).content.decode()
    assert "0/2" in _tile(empty, "coverage-tile")
    assert '<div class="stat">0%</div>' in _tile(empty, "households-tile")
    assert '<div class="stat">0</div>' in _tile(empty, "models-tile")

    activity(actor=officer_a, held_on=TODAY, groups=[world.group_a1])
    services.household_counts_set(
        actor=leader_a, group=world.group_a1, year=2026, households=40, signed=30, as_of=TODAY
    )
    model = services.model_create(
        actor=officer_a, area=world.ward_a, kind="parish", name="Giáo xứ Mẫu", today=TODAY
    )
    services.model_create(
        actor=officer_a, area=world.ward_a, kind="clan", name="Dòng họ Mẫu", today=TODAY
    )
    services.model_transition(
        actor=officer_a, model=model, to_status=DrugFreeModel.Status.ACTIVE, on=TODAY, today=TODAY
    )
    html = officer.get(url).content.decode()

    assert "1/2" in _tile(html, "coverage-tile")
    missed = re.search(r'href="([^"]*#missed)"[^>]*><div class="stat">(\d+)</div>', html)
    assert missed
    assert missed.groups() == (reverse("prevention:coverage") + "#missed", "1")
    households = _tile(html, "households-tile")
    total = household_selectors.total(household_selectors.group_rows(user=officer_a, on=TODAY))
    assert total.reached == 30  # against the groups' households figures of the area
    assert f'<div class="stat">{total.percent}%</div>' in households
    assert f"(30/{total.total} hộ)" in households
    assert f'href="{reverse("prevention:households")}#below"' in households
    models = _tile(html, "models-tile")
    assert '<div class="stat">1 · 1</div>' in models
    assert "đang xây dựng · đang hoạt động" in models
    assert f'href="{reverse("prevention:models")}"' in models

    other = client_for(officer_b).get(url).content.decode()
    assert '<div class="stat">0</div>' in _tile(other, "models-tile")  # ward B sees none of A's
