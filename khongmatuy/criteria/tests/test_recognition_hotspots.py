"""Hotspots in recognised areas: a hotspot existing, or recurred in the window, flags the area at
risk even when its rule set has no hotspot condition; the reason names the hotspot. The facts
count a recurrence inside the window once, one before the window not at all."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.test import Client
from django.urls import reverse

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.criteria import facts
from khongmatuy.criteria.selectors import recognition as selectors
from khongmatuy.places import services as place_services
from khongmatuy.places.models import Place
from tests.personas import World

from .factories import S, recognise, today

GROUP = selectors.GROUP_RULE_SET


def hotspot(area: Area, name: str, discovered_on: date, *steps: tuple[str, date]) -> Place:
    place = place_services.place_create(
        actor=None,
        area=area,
        kind=Place.Kind.HOTSPOT,
        name=name,
        discovered_on=discovered_on,
        today=today(),
    )
    for status, on in steps:
        place = place_services.place_transition(
            actor=None, place=place, to_status=status, on=on, today=today()
        )
    return place


def _flagged(user: User) -> list[tuple[str, list[str], tuple[str, ...]]]:
    return [
        (row.area.name, [c.code for c in row.failing], row.hotspots)
        for row in selectors.at_risk(user=user, on=today())
    ]


E, R = Place.Status.ELIMINATED, Place.Status.RECURRED


def test_a_recurrence_in_the_window_counts_once_one_before_it_not(world: World) -> None:
    t = today()
    hotspot(
        world.group_a1,
        "Ngõ 7 chợ cũ",
        t - timedelta(days=900),
        (E, t - timedelta(days=300)),
        (R, t - timedelta(days=200)),
        (E, t - timedelta(days=150)),
        (R, t - timedelta(days=100)),
        (E, t - timedelta(days=50)),
    )
    hotspot(
        world.group_a2,
        "Gầm cầu Niệm",
        t - timedelta(days=900),
        (E, t - timedelta(days=800)),
        (R, t - timedelta(days=500)),
        (E, t - timedelta(days=450)),
    )
    got = facts.gather(areas=[world.group_a1, world.group_a2], on=t)
    assert got[world.group_a1.pk].metrics["hotspots_recurred"] == 1
    assert got[world.group_a1.pk].metrics["hotspots"] == 0
    assert got[world.group_a2.pk].metrics["hotspots_recurred"] == 0
    assert got[world.group_a2.pk].metrics["hotspots"] == 0


def test_an_existing_hotspot_flags_a_recognised_group(world: World, officer_a: Any) -> None:
    t = today()
    recognise(world.group_a1, on=t - timedelta(days=30))
    recognise(world.group_a2, on=t - timedelta(days=30))
    assert _flagged(officer_a) == []
    hotspot(world.group_a1, "Bãi đất trống ven sông", t - timedelta(days=3))
    # The group's rule set has no hotspot condition: nothing fails, the hotspot flags it.
    assert _flagged(officer_a) == [
        (
            "Tổ dân phố số 1",
            [],
            (f"Có 1 điểm, tụ điểm phức tạp về ma túy đang tồn tại tại ngày {t:%d/%m/%Y}.",),
        )
    ]


def test_a_hotspot_relapsed_in_the_window_flags_even_once_eliminated_again(
    world: World, officer_a: Any
) -> None:
    t = today()
    recognise(world.group_a2, on=t - timedelta(days=30))
    hotspot(
        world.group_a2,
        "Ngõ 7 chợ cũ",
        t - timedelta(days=900),
        (E, t - timedelta(days=600)),
        (R, t - timedelta(days=20)),
        (E, t - timedelta(days=10)),
    )
    start = facts.window(on=t, months=12).start
    rows = _flagged(officer_a)
    assert len(rows) == 1
    name, failing, reasons = rows[0]
    assert (name, failing) == ("Tổ dân phố số 2", [])
    assert reasons == (
        f"Có 1 điểm, tụ điểm phức tạp về ma túy tái phát từ {start:%d/%m/%Y} đến {t:%d/%m/%Y}.",
    )


def test_pages_show_the_flag_and_its_reason(
    world: World, officer_a: Any, officer_a_client: Client
) -> None:
    t = today()
    recognise(world.group_a1, on=t - timedelta(days=30))
    hotspot(world.group_a1, "Bãi đất trống ven sông", t - timedelta(days=3))
    reason = f"Có 1 điểm, tụ điểm phức tạp về ma túy đang tồn tại tại ngày {t:%d/%m/%Y}."
    detail = officer_a_client.get(
        reverse("criteria:recognition_detail", args=[world.group_a1.pk, GROUP])
    ).content.decode()
    assert "Nguy cơ mất công nhận" in detail
    assert reason in detail
    for params in ({"area": world.ward_a.pk}, {"area": world.group_a1.pk}, {}):
        panel = officer_a_client.get(reverse("criteria:at_risk_panel"), params)
        html = panel.content.decode()
        assert f'data-area="{world.group_a1.pk}"' in html, params
        assert reason in html
    assert selectors.recognised_in_scope(user=officer_a).get().status == S.RECOGNISED
