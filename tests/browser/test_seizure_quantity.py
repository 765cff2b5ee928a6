"""A Gia Viên officer types a seizure quantity with a decimal comma in a real browser: "3,25"
is kept as 3.25 g and shown back as "3,25" (a number input would have dropped the comma)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from khongmatuy.cases import services
from khongmatuy.cases.models import Seizure, Substance
from khongmatuy.cases.tests.factories import CaseFactory

from .test_login_and_tree import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_quantity_typed_with_a_decimal_comma(page, live_server, world, officer_a, admin_user):  # type: ignore[no-untyped-def]
    # A transactional test starts from a flushed database: the seeded list is gone.
    if not Substance.objects.filter(name="Heroin").exists():
        services.substance_create(actor=admin_user, name="Heroin", other_names="", unit="g")
    case = CaseFactory(actor=officer_a, area=world.group_a1, number="31/2026/VV")
    login(page, live_server, officer_a.username)
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/cases/{case.pk}/seizures/add/")
    page.select_option("#id_substance", label="Heroin")
    page.locator("#id_quantity").press_sequentially("3,25")
    page.select_option("#id_unit", "g")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"**/cases/{case.pk}/")
    assert Seizure.objects.get().quantity == Decimal("3.250")
    assert "3,25" in page.locator("#case-seizures").inner_text()
