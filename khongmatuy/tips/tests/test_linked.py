"""A tip's links seen from the other side: the place page and the case page list the tips that
concern them (scoped), and a tip after a place's elimination offers to mark it relapsed."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from khongmatuy.cases.tests.factories import CaseFactory
from khongmatuy.places import services as place_services
from khongmatuy.places.models import Place
from khongmatuy.places.tests.factories import PlaceFactory
from khongmatuy.tips import services
from khongmatuy.tips.models import Tip
from tests.personas import client_for


@pytest.fixture
def frozen(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-11-23 09:00:00+07:00", tick=False)


def _close(officer, tip, **links):  # type: ignore[no-untyped-def]
    services.tip_assign(actor=officer, tip=tip, officer=officer)
    services.tip_start(actor=officer, tip=tip)
    return services.tip_close(
        actor=officer,
        tip=tip,
        outcome=Tip.Outcome.VERIFIED,
        note="Xác minh đúng.",
        today=date(2026, 11, 20),
        **links,
    )


@pytest.fixture
def watched_place(world, officer_a):  # type: ignore[no-untyped-def]
    place = PlaceFactory(actor=officer_a, area=world.group_a1)
    for status, on in (("eliminated", date(2026, 6, 1)), ("watched", date(2026, 7, 1))):
        place_services.place_transition(
            actor=officer_a, place=place, to_status=status, on=on, today=date(2026, 11, 23)
        )
    return place


@pytest.mark.usefixtures("frozen")
def test_the_place_page_lists_its_tips_and_suggests_relapse(
    officer_a, officer_a_client, watched_place, tip_a
):
    _close(officer_a, tip_a, place=watched_place)
    page = officer_a_client.get(watched_place.get_absolute_url()).content.decode()
    assert reverse("tips:place_tips", args=[watched_place.pk]) in page
    body = officer_a_client.get(reverse("tips:place_tips", args=[watched_place.pk])).content
    text = body.decode()
    assert tip_a.code in text
    assert 'id="relapse-form"' in text
    assert reverse("places:transition", args=[watched_place.pk]) in text
    response = officer_a_client.post(
        reverse("places:transition", args=[watched_place.pk]),
        {"to_status": "recurred", "on": "23/11/2026", "note": "Tái phát theo tin báo"},
    )
    assert response.status_code == 302
    watched_place.refresh_from_db()
    assert watched_place.status == Place.Status.RECURRED


@pytest.mark.usefixtures("frozen")
def test_no_relapse_suggestion_without_a_tip_after_elimination(
    world, officer_a, officer_a_client, tip_a
):
    place = PlaceFactory(actor=officer_a, area=world.group_a1)
    _close(officer_a, tip_a, place=place)  # the place is still "detected"
    text = officer_a_client.get(reverse("tips:place_tips", args=[place.pk])).content.decode()
    assert tip_a.code in text
    assert "relapse-form" not in text


@pytest.mark.usefixtures("frozen")
def test_roles_without_tips_see_no_section_and_outsiders_get_404(
    officer_a, leadership_a, officer_b_client, watched_place, tip_a
):
    _close(officer_a, tip_a, place=watched_place)
    leadership = client_for(leadership_a)
    page = leadership.get(watched_place.get_absolute_url()).content.decode()
    assert reverse("tips:place_tips", args=[watched_place.pk]) not in page
    assert leadership.get(reverse("tips:place_tips", args=[watched_place.pk])).status_code == 403
    url = reverse("tips:place_tips", args=[watched_place.pk])
    assert officer_b_client.get(url).status_code == 404


@pytest.mark.usefixtures("frozen")
def test_the_case_page_lists_its_tips_and_the_tip_links_the_case(
    world, officer_a, officer_a_client, tip_a
):
    case = CaseFactory(actor=officer_a, area=world.group_a1, number="7/2026/VV")
    _close(officer_a, tip_a, case=case)
    page = officer_a_client.get(case.get_absolute_url()).content.decode()
    assert reverse("tips:case_tips", args=[case.pk]) in page
    text = officer_a_client.get(reverse("tips:case_tips", args=[case.pk])).content.decode()
    assert tip_a.code in text
    assert "relapse-form" not in text
    detail = officer_a_client.get(tip_a.get_absolute_url()).content.decode()
    assert f'<a href="{case.get_absolute_url()}">' in detail
