"""An id no 64-bit key holds, typed into a query parameter, is a 404 or is ignored: never a 500."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    ("url_name", "params", "status"),
    [
        ("people:quality", {"area": HUGE}, 404),
        ("people:quality", {"days": "²"}, 200),  # a digit to str.isdigit, not to int()
        ("people:quality", {"days": HUGE}, 200),
        ("people:deadlines", {"tab": "group", "area": HUGE}, 200),
        ("people:deadlines", {"tab": "group", "area": "²"}, 200),
        ("reports:map", {"area": HUGE}, 404),
        ("criteria:at_risk_panel", {"area": HUGE}, 404),
    ],
)
def test_a_huge_id_in_a_query_parameter(city_client, url_name, params, status):  # type: ignore[no-untyped-def]
    assert city_client.get(reverse(url_name), params).status_code == status


def test_a_huge_province_on_the_public_tip_page(world):  # type: ignore[no-untyped-def]
    assert Client().get(reverse("tips:public_new"), {"province": HUGE}).status_code == 200


def test_a_huge_group_in_the_quick_facility_check(world, officer_a_client):  # type: ignore[no-untyped-def]
    response = officer_a_client.post(
        reverse("places:facility_check"), {"area": HUGE, "checked_on": "23/11/2026"}
    )
    assert response.status_code == 404
