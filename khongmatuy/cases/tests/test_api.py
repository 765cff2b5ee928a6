"""Cases API writes: a case, an arrest, a seizure, each through ``cases.services`` (audited),
refusals naming the field, nothing of another ward reachable."""

from __future__ import annotations

from decimal import Decimal

from khongmatuy.accounts.tests.factories import token_client
from khongmatuy.audit.models import AuditEvent
from khongmatuy.cases.models import Case, CasePerson, Seizure

from .factories import substance_named


def test_case_recorded_through_the_service(frozen, world, officer_a, officer_b):
    client = token_client(officer_a)
    body = {
        "area": world.group_a1.pk,
        "kind": "crime",
        "offence": "249",
        "number": "31/2026/VV",
        "occurred_on": "2026-11-20",
        "summary": "Tàng trữ trái phép chất ma túy",
    }
    created = client.post("/api/v1/cases/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "detected"
    case_id = created.json()["id"]
    assert AuditEvent.objects.filter(
        model="cases.Case", object_id=str(case_id), action="create"
    ).exists()
    wrong_kind = client.post(
        "/api/v1/cases/", {**body, "offence": "nd144-23-use", "number": "32/2026/VV"}, format="json"
    )
    assert wrong_kind.status_code == 400
    assert "offence" in wrong_kind.json()
    outsider = token_client(officer_b).post(
        "/api/v1/cases/", {**body, "number": "33/2026/VV"}, format="json"
    )
    assert outsider.status_code == 400
    assert "area" in outsider.json()
    assert Case.objects.count() == 1


def test_arrest_and_seizure_of_a_case(frozen, case_a, an, dung, officer_a, officer_b):
    client = token_client(officer_a)
    url = f"/api/v1/cases/{case_a.pk}"
    arrest = client.post(
        f"{url}/persons/",
        {"person": an.pk, "role": "arrested", "arrested_on": "2026-11-21"},
        format="json",
    )
    assert arrest.status_code == 201, arrest.json()
    assert AuditEvent.objects.filter(
        action="view", model="people.Person", object_id=str(an.pk), actor=officer_a
    ).exists()
    # Ward B's person is refused as absent, naming the field.
    foreign = client.post(f"{url}/persons/", {"person": dung.pk, "role": "arrested"}, format="json")
    assert foreign.status_code == 400
    assert "person" in foreign.json()
    assert CasePerson.objects.filter(case=case_a).count() == 1
    heroin = substance_named("Heroin")
    seized = client.post(
        f"{url}/seizures/",
        {"substance": heroin.pk, "form": "bột", "quantity": "1.25", "unit": "g"},
        format="json",
    )
    assert seized.status_code == 201, seized.json()
    assert Seizure.objects.get(case=case_a).quantity == Decimal("1.25")
    no_unit = client.post(
        f"{url}/seizures/", {"substance": heroin.pk, "quantity": "2"}, format="json"
    )
    assert no_unit.status_code == 400
    assert "unit" in no_unit.json()
    assert (
        token_client(officer_b)
        .post(
            f"{url}/seizures/",
            {"substance": heroin.pk, "quantity": "1", "unit": "g"},
            format="json",
        )
        .status_code
        == 404
    )
