"""Rule sets through the API: every rule set with its versions, criteria and thresholds, and the
version in force on the date asked; read-only."""

from __future__ import annotations

from datetime import timedelta

from khongmatuy.accounts.tests.factories import token_client
from khongmatuy.criteria.rules import decision28, local

TYPE_I = "qd28_xa_trong_diem_loai_1"


def test_rule_sets_with_versions_criteria_and_the_one_in_force(officer_a):
    client = token_client(officer_a)
    body = client.get("/api/v1/rule-sets/", {"on": decision28.EFFECTIVE.isoformat()}).json()
    assert body["on"] == decision28.EFFECTIVE.isoformat()
    by_code = {entry["code"]: entry for entry in body["results"]}
    type_i = by_code[TYPE_I]
    assert (type_i["builtin"], type_i["decision28"], type_i["in_force"]) == (True, True, "1")
    version = type_i["versions"][0]
    assert (version["combination"], version["at_least"], version["effective_from"]) == (
        "at_least",
        3,
        decision28.EFFECTIVE.isoformat(),
    )
    criteria = {c["code"]: c for c in version["conditions"]}
    assert (criteria["a"]["metric"], criteria["a"]["comparator"]) == ("managed_rate", ">=")
    assert criteria["đ"]["with_other_met"] == 2
    assert by_code[local.DRUG_FREE_GROUP]["decision28"] is False  # the local one, not Decision 28
    # The day before Decision 28 takes effect: none of its versions is in force yet.
    before = (decision28.EFFECTIVE - timedelta(days=1)).isoformat()
    earlier = client.get("/api/v1/rule-sets/", {"on": before}).json()["results"]
    assert {e["code"]: e["in_force"] for e in earlier}[TYPE_I] is None
    # An unconfirmed criterion: no threshold yet, and a metric code of its own (not an enum).
    province = by_code[decision28.PROVINCE_HOTSPOT]["versions"][0]["conditions"][0]
    assert (province["metric"], province["threshold"], province["confirmed"]) == (
        "province_criterion_1",
        None,
        False,
    )
    one = client.get("/api/v1/rule-sets/", {"code": TYPE_I}).json()["results"]
    assert [entry["code"] for entry in one] == [TYPE_I]
    bad = client.get("/api/v1/rule-sets/", {"on": "30/11/2026"})
    assert bad.status_code == 400
    assert "on" in bad.json()
    assert client.post("/api/v1/rule-sets/", {}, format="json").status_code == 405
