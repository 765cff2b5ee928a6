"""A choice of an area or a person is a search box over the user's scope, never a dropdown of
every area: an administrator's registration page stays small with the national list loaded."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from khongmatuy.areas.models import Area, Kind, Level
from khongmatuy.areas.official import load_official_areas
from khongmatuy.areas.rules.naming import sort_key_for
from khongmatuy.common.roles import Role
from khongmatuy.common.text import fold
from tests.personas import client_for, make_user

pytestmark = pytest.mark.django_db

PAGE_LIMIT = 100_000  # bytes of HTML


def _groups(commune: Area, count: int) -> None:
    names = [f"Tổ dân phố số {i}" for i in range(1, count + 1)]
    Area.objects.bulk_create(
        Area(
            level=Level.GROUP,
            kind=Kind.RESIDENTIAL_GROUP,
            name=name,
            name_folded=fold(name),
            parent=commune,
            province_id=commune.province_id,
            commune=commune,
            sort_key=sort_key_for(name),
        )
        for name in names
    )


@pytest.fixture
def national(db):  # type: ignore[no-untyped-def]
    """The official list (34 provinces, 3,321 communes) plus 2,400 groups in Hải Phòng."""
    load_official_areas()
    assert Area.objects.filter(level=Level.COMMUNE).count() == 3_321
    haiphong = Area.objects.get(level=Level.PROVINCE, code="31")
    for commune in Area.objects.filter(level=Level.COMMUNE, province=haiphong)[:40]:
        _groups(commune, 60)
    return {"country": Area.objects.get(level=Level.COUNTRY), "haiphong": haiphong}


def _options(html: str, field: str) -> int:
    select = re.search(rf'<select name="{field}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None, field
    return select.group(1).count("<option")


@pytest.mark.unaudited_writes
def test_admin_registration_page_is_small_with_the_national_list(national):  # type: ignore[no-untyped-def]
    admin = make_user("m_admin", Role.ADMIN, [national["country"]])
    response = client_for(admin).get(reverse("people:register"))
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.content) < PAGE_LIMIT, len(response.content)
    assert _options(html, "area") <= 2
    assert _options(html, "permanent_area") <= 2
    assert 'data-autocomplete-url="/areas/autocomplete/?level=2"' in html
    assert 'for="id_area_search"' in html


@pytest.mark.unaudited_writes
def test_city_person_list_area_filter_is_a_search_box(national):  # type: ignore[no-untyped-def]
    city = make_user("m_city", Role.CITY_POLICE, [national["haiphong"]])
    response = client_for(city).get(reverse("people:list"))
    assert response.status_code == 200
    assert len(response.content) < PAGE_LIMIT, len(response.content)
    assert _options(response.content.decode(), "area") <= 2


def test_a_ward_keeps_a_plain_dropdown_of_its_few_groups(officer_a_client, world):  # type: ignore[no-untyped-def]
    html = officer_a_client.get(reverse("people:register")).content.decode()
    assert "data-autocomplete-url" not in html
    assert _options(html, "area") == 4  # empty, the ward, its two groups


@override_settings(KMT_AUTOCOMPLETE_OVER=1)
def test_a_chosen_area_is_shown_after_a_refused_save(officer_a_client, world):  # type: ignore[no-untyped-def]
    response = officer_a_client.post(reverse("people:register"), {"area": world.group_a2.pk})
    html = response.content.decode()
    assert response.status_code == 200  # refused: other fields missing
    assert _options(html, "area") == 2
    assert f'<option value="{world.group_a2.pk}" selected>' in html
    assert 'value="Tổ dân phố số 2 (Phường Gia Viên)"' in html  # the search box shows it


@override_settings(KMT_AUTOCOMPLETE_OVER=1)
def test_an_area_outside_the_scope_is_refused_with_the_fields_message(officer_a_client, world):  # type: ignore[no-untyped-def]
    response = officer_a_client.post(reverse("people:register"), {"area": world.group_b1.pk})
    assert "Chọn một địa bàn trong danh sách." in response.content.decode()


def test_autocomplete_searches_the_scope_without_diacritics(
    officer_a_client, officer_b_client, world
):  # type: ignore[no-untyped-def]
    url = reverse("areas:autocomplete")
    found = officer_a_client.get(url, {"q": "to dan pho so 2"}).json()["results"]
    assert found == [{"id": world.group_a2.pk, "label": "Tổ dân phố số 2 (Phường Gia Viên)"}]
    ward = officer_a_client.get(url, {"q": "gia vien"}).json()["results"]
    assert [r["label"] for r in ward] == ["Phường Gia Viên (Thành phố Hải Phòng)"]
    groups_only = officer_a_client.get(url, {"q": "gia vien", "level": "3"}).json()["results"]
    assert groups_only == []
    assert officer_b_client.get(url, {"q": "to dan pho"}).json()["results"] == [
        {"id": world.group_b1.pk, "label": "Tổ dân phố Thành Công (Phường Thành Đông)"}
    ]
    assert officer_a_client.get(url, {"q": "x", "level": "nine"}).json() == {"results": []}
