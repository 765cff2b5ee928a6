"""The drill-down of every counted metric lists exactly the records behind its value: the facts
are gathered, the metric's link is followed, and the list holds as many records as the value,
today and as of a past date, for a commune and for its residential groups."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from khongmatuy.areas.models import Area, Level
from khongmatuy.criteria import facts
from khongmatuy.criteria.rules import decision28
from khongmatuy.criteria.selectors.evaluation import record_links
from khongmatuy.places import services as place_services
from khongmatuy.places.models import Place

from .factories import PAST, TODAY, Facts

pytestmark = [pytest.mark.usefixtures("frozen")]

METRICS = (
    "managed_count",
    "users_outside_treatment",
    "new_users",
    "dealers",
    "hotspots",
    "harbouring_places",
    "hotspots_recurred",
    "plants_destroyed",
    "arrests",
)


@pytest.fixture
def frozen(time_machine: Any) -> Any:
    time_machine.move_to("2026-11-23 09:00:00+07:00", tick=False)
    return time_machine


@pytest.fixture
def recurred(facts_world: Facts) -> Facts:
    """A hotspot of group A1 that recurred inside the last year, one that recurred before it."""
    w = facts_world.world
    for name, eliminated, again in (
        ("Ngõ 7 chợ cũ", date(2026, 1, 10), date(2026, 6, 1)),
        ("Gầm cầu Niệm", date(2024, 3, 1), date(2024, 9, 1)),
    ):
        place = place_services.place_create(
            actor=None,
            area=w.group_a1,
            kind=Place.Kind.HOTSPOT,
            name=name,
            discovered_on=date(2023, 5, 1),
            today=TODAY,
        )
        for status, on in ((Place.Status.ELIMINATED, eliminated), (Place.Status.RECURRED, again)):
            place_services.place_transition(
                actor=None, place=place, to_status=status, on=on, today=TODAY
            )
    return facts_world


def listed(client: Client, url: str, metric: str, area: Area) -> int:
    """How many records the linked list holds (its total, or the figure it sums)."""
    response = client.get(url)
    assert response.status_code == 200, url
    context = response.context
    if metric in ("managed_count", "users_outside_treatment", "new_users", "dealers"):
        return int(context["page_obj"].paginator.count)
    if metric == "plants_destroyed":
        return int(context["total_plants"])
    if metric == "arrests":
        return next((r.persons for r in context["rows"] if r.area_id == area.pk), 0)
    return int(context["page"].paginator.count)


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("on", [TODAY, PAST], ids=["today", "as-of-past"])
def test_link_lists_as_many_records_as_the_value(
    recurred: Facts, officer_a_client: Client, metric: str, on: date
) -> None:
    w = recurred.world
    areas = {"commune": [w.ward_a], "groups": [w.group_a1, w.group_a2]}
    for level_areas in areas.values():
        gathered = facts.gather(areas=level_areas, on=on)
        for area in level_areas:
            f = gathered[area.pk]
            (link,) = record_links(area=area, metric=metric, on=on, window_start=f.window_start)
            value = int(f.metrics[metric])
            assert listed(officer_a_client, link.url, metric, area) == value, (area, link.url)


def test_a_count_no_list_reproduces_has_no_link() -> None:
    """Drug offenders include persons handled for administrative violations, which no list shows
    with the arrested: the value is shown without a link rather than with a wrong one."""
    area = Area(pk=1, level=Level.COMMUNE)
    assert record_links(area=area, metric="drug_offenders", on=TODAY, window_start=PAST) == []


def test_values_the_drill_down_checks_are_not_trivial(recurred: Facts) -> None:
    """The parametrised test above compares non-zero figures that differ by date."""
    w = recurred.world
    today = facts.gather(areas=[w.ward_a], on=TODAY)[w.ward_a.pk].metrics
    past = facts.gather(areas=[w.ward_a], on=PAST)[w.ward_a.pk].metrics
    assert {k: int(today[k]) for k in METRICS} == {
        "managed_count": 3,
        "users_outside_treatment": 2,
        "new_users": 1,
        "dealers": 1,
        "hotspots": 3,
        "harbouring_places": 1,
        "hotspots_recurred": 1,
        "plants_destroyed": 3000,
        "arrests": 1,
    }
    assert {k: int(past[k]) for k in METRICS} == {
        "managed_count": 3,
        "users_outside_treatment": 2,
        "new_users": 1,
        "dealers": 0,
        "hotspots": 2,
        "harbouring_places": 1,
        "hotspots_recurred": 1,
        "plants_destroyed": 500,
        "arrests": 1,
    }


def test_live_page_criterion_1_links_only_the_users_outside_treatment(
    facts_world: Facts, officer_a_client: Client
) -> None:
    """Drug-free commune, criterion (1), as of a past date: one link, to the persons it
    counted then (the addict on methadone is not among them)."""
    w = facts_world.world
    response = officer_a_client.get(
        reverse("criteria:evaluation", args=[w.ward_a.pk]),
        {"rule_set": decision28.DRUG_FREE_COMMUNE, "on": "15/01/2026"},
    )
    row = re.search(r'<tr id="criterion-1">(.*?)</tr>', response.content.decode(), re.S)
    assert row is not None
    links = re.findall(r'<a href="([^"]+)">', row.group(1))
    assert len(links) == 1
    listing = officer_a_client.get(unescape(links[0]))
    names = [p.full_name for p in listing.context["page_obj"]]
    value = facts.gather(areas=[w.ward_a], on=date(2026, 1, 15))[w.ward_a.pk].metrics
    assert len(names) == int(value["users_outside_treatment"]) == 1
    assert names == ["Phạm Văn Bốn"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"as_of": "31/02/2026"}, "as_of"),
        ({"new_from": "01/06/2026"}, "new_to"),
        ({"new_from": "01/06/2026", "new_to": "01/01/2026"}, "new_to"),
        ({"new_from": "hôm qua", "new_to": "01/01/2026"}, "new_from"),
    ],
)
def test_bad_person_filters_are_form_errors(
    facts_world: Facts, officer_a_client: Client, params: dict[str, str], field: str
) -> None:
    response = officer_a_client.get(reverse("people:list"), params)
    assert response.status_code == 200
    assert field in response.context["form"].errors


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"existing_on": "32/01/2026"}, "existing_on"),
        ({"recurred_from": "01/06/2026"}, "recurred_to"),
        ({"recurred_from": "01/06/2026", "recurred_to": "01/01/2026"}, "recurred_to"),
    ],
)
def test_bad_place_filters_are_form_errors(
    facts_world: Facts, officer_a_client: Client, params: dict[str, str], field: str
) -> None:
    response = officer_a_client.get(reverse("places:list"), params)
    assert response.status_code == 200
    assert field in response.context["filters"].errors


def test_drill_down_lists_stay_in_scope(facts_world: Facts, officer_b_client: Client) -> None:
    """Ward B's officer following ward A's link gets a 404: an area outside one's scope is never
    silently dropped from the filter (which would list ward B's own records instead)."""
    w = facts_world.world
    f = facts.gather(areas=[w.ward_a], on=TODAY)[w.ward_a.pk]
    (link,) = record_links(area=w.ward_a, metric="managed_count", on=TODAY, window_start=None)
    response = officer_b_client.get(link.url)
    assert f.metrics["managed_count"] == 3
    assert response.status_code == 404
    assert "Gia Viên" not in response.content.decode()
