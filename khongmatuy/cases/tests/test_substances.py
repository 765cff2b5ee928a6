"""The national list of substances: seeded, extended by administrators (audited), required on a
seizure, and the free text of older seizures mapped onto it by the data migration."""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from khongmatuy.audit.models import AuditEvent
from khongmatuy.cases import selectors, services
from khongmatuy.cases.models import Seizure, Substance
from khongmatuy.common.errors import DomainError

from .factories import CaseFactory, SeizureFactory, substance_named

pytestmark = pytest.mark.usefixtures("frozen")

fill_migration = importlib.import_module("khongmatuy.cases.migrations.0006_substance_list_fill")


def test_the_list_is_seeded_with_the_common_substances(db):
    names = set(Substance.objects.values_list("name", flat=True))
    assert {
        "Heroin",
        "Methamphetamine",
        "MDMA",
        "Ketamine",
        "Cần sa",
        "Thuốc phiện",
        "Cocaine",
        "Ma túy tổng hợp dạng lỏng",
    } <= names
    assert substance_named("Methamphetamine").other_name_list()[0] == "Ma túy đá"
    assert substance_named("Ma túy tổng hợp dạng lỏng").unit == Seizure.Unit.MILLILITRE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Methamphetamine", "Methamphetamine"),
        ("  METHAMPHETAMINE ", "Methamphetamine"),
        ("Methamphetamine (ma túy đá)", "Methamphetamine"),
        ("ma tuy da", "Methamphetamine"),
        ("MDMA (thuốc lắc)", "MDMA"),
        ("Nước vui", "Ma túy tổng hợp dạng lỏng"),
        ("Heroin (ma túy đá)", None),  # two substances: left for an officer
        ("Bột trắng chưa giám định", None),
    ],
)
def test_the_migration_maps_folded_names_and_other_names(db, text, expected):
    by_name = {}
    for substance in Substance.objects.order_by("pk"):
        for name in [substance.name, *substance.other_name_list()]:
            by_name.setdefault(fill_migration._fold(name), substance)
    found = fill_migration._match(text, by_name)
    assert (found.name if found else None) == expected


def test_seizures_of_one_substance_are_one_row_of_the_totals(world, officer_a):
    case = CaseFactory(area=world.group_a1)
    meth = substance_named("Methamphetamine")
    SeizureFactory(case=case, substance=meth, quantity=Decimal("1.5"), unit="g")
    SeizureFactory(case=case, substance=meth, quantity=Decimal("2"), unit="g")
    SeizureFactory(case=case, substance=meth, quantity=Decimal("4"), unit="pill")
    day = case.occurred_on
    totals = selectors.seizure_totals(user=officer_a, start=day, end=day)
    assert [(t.substance, t.unit, t.quantity) for t in totals] == [
        ("Methamphetamine", "g", Decimal("3.500")),
        ("Methamphetamine", "pill", Decimal("4.000")),
    ]


def test_a_retired_substance_is_refused_for_a_new_seizure(officer_a, admin_user, case_a):
    heroin = substance_named("Heroin")
    services.substance_update(
        actor=admin_user, substance=heroin, name="Heroin", other_names="", unit="g", is_active=False
    )
    with pytest.raises(DomainError) as exc:
        services.seizure_add(
            actor=officer_a, case=case_a, substance=heroin, form="", quantity=Decimal(1), unit="g"
        )
    assert exc.value.message_dict == {"substance": ["Chọn chất ma túy trong danh mục."]}


def test_an_administrator_adds_and_edits_a_substance_audited(admin_user):
    made = services.substance_create(
        actor=admin_user, name=" Tramadol ", other_names="Trama,  , trama", unit="pill"
    )
    assert (made.name, made.other_names, made.unit, made.is_active) == (
        "Tramadol",
        "Trama",
        "pill",
        True,
    )
    services.substance_update(
        actor=admin_user,
        substance=made,
        name="Tramadol",
        other_names="Trama, Tra ma",
        unit="pill",
        is_active=False,
    )
    made.refresh_from_db()
    assert (made.other_names, made.is_active) == ("Trama, Tra ma", False)
    events = AuditEvent.objects.filter(model="cases.Substance", object_id=str(made.pk))
    assert sorted(events.values_list("action", flat=True)) == ["create", "update"]


def test_a_name_belongs_to_one_substance_only(admin_user):
    with pytest.raises(DomainError) as exc:
        services.substance_create(actor=admin_user, name="Ma tuy da", other_names="", unit="g")
    assert exc.value.message_dict == {"name": ["Tên “Ma tuy da” đã dùng cho chất Methamphetamine."]}
    assert not Substance.objects.filter(name="Ma tuy da").exists()


def test_an_officer_may_not_change_the_list(officer_a):
    with pytest.raises(PermissionDenied):
        services.substance_create(actor=officer_a, name="Tramadol", other_names="", unit="pill")
    assert not Substance.objects.filter(name="Tramadol").exists()


def test_the_list_pages_are_for_administrators(admin_client_kmt, officer_a_client):
    body = admin_client_kmt.get(reverse("cases:substances")).content.decode()
    assert "Methamphetamine" in body
    assert "Ma túy đá" in body
    assert officer_a_client.get(reverse("cases:substances")).status_code == 403
    assert officer_a_client.get(reverse("cases:substance_create")).status_code == 403
    cases_page = officer_a_client.get(reverse("cases:list")).content.decode()
    assert reverse("cases:substances") not in cases_page
    assert (
        reverse("cases:substances") in admin_client_kmt.get(reverse("cases:list")).content.decode()
    )


def test_an_administrator_adds_a_substance_on_the_page(admin_client_kmt):
    response = admin_client_kmt.post(
        reverse("cases:substance_create"),
        {"name": "Tramadol", "other_names": "Trama", "unit": "pill"},
    )
    assert response.status_code == 302
    assert Substance.objects.get(name="Tramadol").other_names == "Trama"
    heroin = substance_named("Heroin")
    response = admin_client_kmt.post(
        reverse("cases:substance_edit", args=[heroin.pk]),
        {"name": "Heroin", "other_names": "Hêrôin", "unit": "g", "version": heroin.version},
    )
    assert response.status_code == 302
    heroin.refresh_from_db()
    assert (heroin.other_names, heroin.is_active) == ("Hêrôin", False)


def test_the_seizure_form_requires_a_substance_of_the_list(officer_a_client, case_a):
    url = reverse("cases:seizure_add", args=[case_a.pk])
    body = officer_a_client.get(url).content.decode()
    assert '<option value="" selected>— Chọn chất ma túy —</option>' in body
    response = officer_a_client.post(
        url, {"substance": "", "form": "", "quantity": "1", "unit": "g"}
    )
    assert "Chọn chất ma túy trong danh mục." in response.content.decode()
    response = officer_a_client.post(
        url, {"substance": "Heroin", "form": "", "quantity": "1", "unit": "g"}
    )
    assert "Chọn chất ma túy trong danh mục." in response.content.decode()
    assert Seizure.objects.count() == 0
