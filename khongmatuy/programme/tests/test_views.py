"""Pages: every page answers, forms save through the services and show refusals next to the
field, read-only roles get no forms, another commune gets 404, queries do not grow with rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khongmatuy.programme.models import Disbursement
from tests.personas import client_for

from .factories import QUARTERS, allocate, commune_project, disburse, office


@pytest.fixture
def cp(officer_a, world):
    cp = commune_project(actor=officer_a, area=world.ward_a)
    allocate(actor=officer_a, cp=cp, amount="1000000", schedule=QUARTERS)
    disburse(actor=officer_a, cp=cp, amount="100000")
    return cp


def test_pages_answer(officer_a, cp, world):
    client = client_for(officer_a)
    for url in (
        reverse("programme:overview"),
        reverse("programme:overview") + f"?area={world.ward_a.pk}&year=2026",
        reverse("programme:list") + "?year=2026&late=on",
        reverse("programme:project", args=[cp.pk]) + "?year=2026",
        reverse("programme:indicators"),
        reverse("programme:catalogue"),
        reverse("programme:allocation_create", args=[cp.pk]),
        reverse("programme:disbursement_create", args=[cp.pk]),
        reverse("programme:adjustment_create", args=[cp.pk]),
        reverse("programme:commitment_create", args=[cp.pk]),
        reverse("programme:output_create", args=[cp.pk]),
        reverse("programme:project_lead", args=[cp.pk]),
        reverse("programme:project_create"),
        reverse("programme:indicator_value"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(reverse("programme:project", args=[cp.pk]) + "?year=2026").content.decode()
    assert "1.000.000 đ" in page
    assert "100.000 đ" in page


def test_an_over_allocation_disbursement_is_shown_next_to_the_field(officer_a, cp):
    response = client_for(officer_a).post(
        reverse("programme:disbursement_create", args=[cp.pk]),
        {
            "year": "2026",
            "paid_on": "04/06/2026",
            "amount": "950.000",
            "document": "PC-07",
        },
    )
    assert response.status_code == 200
    assert "còn lại 900.000 đ" in response.content.decode()
    assert Disbursement.objects.count() == 1


def test_a_disbursement_typed_with_dots_is_saved(officer_a, cp):
    response = client_for(officer_a).post(
        reverse("programme:disbursement_create", args=[cp.pk]),
        {"year": "2026", "paid_on": "04/06/2026", "amount": "250.000", "document": "PC-08"},
    )
    assert response.status_code == 302
    assert Disbursement.objects.filter(document="PC-08").get().amount == 250_000


def test_read_only_roles_see_no_form(leadership_a, city_user, cp):
    for user in (leadership_a, city_user):
        client = client_for(user)
        assert client.get(reverse("programme:project", args=[cp.pk])).status_code == 200
        assert client.get(reverse("programme:disbursement_create", args=[cp.pk])).status_code == 403


def test_another_commune_gets_404(officer_b, cp):
    client = client_for(officer_b)
    assert client.get(reverse("programme:project", args=[cp.pk])).status_code == 404
    assert client.get(reverse("programme:disbursement_create", args=[cp.pk])).status_code == 404


def test_group_leaders_have_no_programme(leader_a, cp):
    assert client_for(leader_a).get(reverse("programme:overview")).status_code == 403


def test_export(officer_a, cp):
    response = client_for(officer_a).post(reverse("programme:export") + "?year=2026")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_rows(officer_a, city_user, cp, world):
    client, city = client_for(officer_a), client_for(city_user)
    urls = [
        reverse("programme:list") + "?year=2026",
        reverse("programme:overview") + "?year=2026",
        reverse("programme:project", args=[cp.pk]) + "?year=2026",
    ]
    before = [_queries(client, u) for u in urls] + [_queries(city, urls[1])]
    lead = office(world.ward_a, "Phòng Văn hóa - Xã hội")
    for code in ("DA1", "DA2", "DA5"):
        more = commune_project(actor=officer_a, area=world.ward_a, code=code, lead=lead)
        allocate(actor=officer_a, cp=more, amount="500000", schedule=QUARTERS)
        disburse(actor=officer_a, cp=more, amount="1000", paid_on=date(2026, 2, 1))
    disburse(actor=officer_a, cp=cp, amount="1000")
    after = [_queries(client, u) for u in urls] + [_queries(city, urls[1])]
    assert after == before


def test_the_api_answers_the_indicators_of_an_area(officer_a, officer_b, cp, world):
    url = reverse("api-programme-indicator-summary")
    own = client_for(officer_a).get(url, {"area": world.ward_a.pk, "year": 2026})
    assert own.status_code == 200
    codes = [row["code"] for row in own.json()]
    assert codes[0] == "drug_free_communes"
    assert own.json()[0]["whole"] == "1"
    other = client_for(officer_b).get(url, {"area": world.ward_a.pk})
    assert other.status_code == 400


def test_another_communes_area_is_404_on_the_overview(officer_b, cp, world):
    response = client_for(officer_b).get(reverse("programme:overview"), {"area": world.ward_a.pk})
    assert response.status_code == 404


def test_allocation_form_stores_the_quarterly_schedule(officer_a, world):
    from khongmatuy.programme.models import ScheduleStep

    cp = commune_project(actor=officer_a, area=world.ward_a, code="DA9")
    url = reverse("programme:allocation_create", args=[cp.pk])
    form = {
        "year": "2026",
        "source": "local",
        "amount": "120.000.000",
        "decision": "20/QĐ-UBND",
        "decided_on": "20/12/2025",
        "q1": "10",
        "q2": "35,5",
        "q3": "30",
        "q4": "100",
    }
    refused = client_for(officer_a).post(url, form)
    assert refused.status_code == 200
    assert "không giảm dần" in refused.content.decode()
    assert not ScheduleStep.objects.exists()
    response = client_for(officer_a).post(url, {**form, "q3": "70"})
    assert response.status_code == 302
    shares = list(ScheduleStep.objects.values_list("share", flat=True))
    assert shares == [10, Decimal("35.5"), 70, 100]


def test_a_fund_source_has_no_default(officer_a, cp):
    page = client_for(officer_a).get(reverse("programme:allocation_create", args=[cp.pk]))
    assert '<option value="" selected>' in page.content.decode()


def test_the_api_records_an_allocation_with_its_schedule_and_refuses_an_excess(officer_a, world):
    from khongmatuy.programme.models import ScheduleStep

    cp = commune_project(actor=officer_a, area=world.ward_a, code="DA2")
    client = client_for(officer_a)
    url = reverse("api-programme-allocation-create", args=[cp.pk])
    body = {
        "year": 2026,
        "source": "central",
        "amount": "2000000",
        "decision": "30/QĐ-UBND",
        "decided_on": "2026-01-20",
        "schedule": [
            {"until": "2026-06-30", "share": "50"},
            {"until": "2026-12-31", "share": "100"},
        ],
    }
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert ScheduleStep.objects.filter(commune_project=cp).count() == 2
    over = client.post(
        reverse("api-programme-disbursement-create", args=[cp.pk]),
        {"year": 2026, "paid_on": "2026-06-01", "amount": "2000001", "document": "PC-9"},
        content_type="application/json",
    )
    assert over.status_code == 400
    assert "amount" in over.json()


def test_the_country_drills_down_to_provinces_and_a_province_to_communes(admin_user, cp, world):
    client = client_for(admin_user)
    country = client.get(reverse("programme:overview"), {"year": 2026}).content.decode()
    assert "Theo tỉnh, thành phố" in country
    assert f"?area={world.haiphong.pk}&amp;year=2026" in country
    city = client.get(reverse("programme:overview"), {"year": 2026, "area": world.haiphong.pk})
    assert f"?area={world.ward_a.pk}&amp;year=2026" in city.content.decode()
