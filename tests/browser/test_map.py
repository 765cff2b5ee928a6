"""The map renders its markers with no network: Leaflet and the points come from the app itself,
and without a tile server the points are drawn over a coordinate grid. Ward A's officer sees ward
A's points only; text from the data shows as text, never as markup."""

from __future__ import annotations

from datetime import date

import pytest

from khongmatuy.places import services as places
from khongmatuy.places.models import Camera, Place

from .test_login_and_tree import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = date(2026, 11, 23)


def _place(actor, area, name, kind=Place.Kind.HOTSPOT, **coords):  # type: ignore[no-untyped-def]
    return places.place_create(
        actor=actor,
        area=area,
        kind=kind,
        name=name,
        discovered_on=date(2026, 2, 1),
        today=TODAY,
        **coords,
    )


def test_map_renders_ward_a_markers_offline(page, live_server, world, officer_a, officer_b):  # type: ignore[no-untyped-def]
    _place(officer_a, world.group_a1, "Bãi đất ven sông", latitude="20.8601", longitude="106.6802")
    _place(
        officer_a,
        world.group_a2,
        "Nhà trọ <img src=x onerror=alert(1)>",
        Place.Kind.HARBOURING,
        latitude="20.8632",
        longitude="106.6755",
    )
    places.camera_create(
        actor=officer_a,
        area=world.group_a1,
        location="Ngã ba chợ",
        owner=Camera.Owner.PUBLIC,
        latitude="20.8580",
        longitude="106.6790",
        today=TODAY,
    )
    _place(officer_a, world.ward_a, "Quán nước chưa có tọa độ")
    _place(officer_b, world.group_b1, "Điểm Thành Đông", latitude="20.94", longitude="106.33")

    outside: list[str] = []
    problems: list[str] = []

    def only_the_app(route):  # type: ignore[no-untyped-def]
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_app)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    login(page, live_server, officer_a.username)
    page.wait_for_load_state()
    page.get_by_role("navigation").get_by_role("link", name="Bản đồ", exact=True).click()
    page.wait_for_url(f"{live_server.url}/reports/map/")
    page.wait_for_selector("#map[data-markers]")

    markers = page.locator("#map path.kmt-marker")
    assert markers.count() == 3
    assert page.locator("#map path.kmt-marker-hotspot").count() == 1
    assert page.locator("#map path.kmt-marker-harbouring").count() == 1
    assert page.locator("#map path.kmt-marker-camera").count() == 1
    assert page.locator(".map-grid-label").count() > 0  # the graticule, no tiles
    assert page.locator("img.leaflet-tile").count() == 0
    unplaced = page.locator("#map-unplaced").inner_text()
    assert "Quán nước chưa có tọa độ" in unplaced
    assert "Thành Đông" not in page.content()

    page.locator("#map path.kmt-marker-harbouring").click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Nhà trọ <img src=x onerror=alert(1)>" in popup.inner_text()
    assert popup.locator("img").count() == 0

    # Only the hotspots, through the filter form.
    page.get_by_text("Loại điểm và tình trạng").click()
    for layer in ("harbouring", "business", "cultivation", "camera", "tip"):
        page.locator(f'input[name="layer"][value="{layer}"]').uncheck()
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_selector("#map[data-markers]")
    assert page.locator("#map path.kmt-marker").count() == 1

    assert outside == []
    assert problems == []
