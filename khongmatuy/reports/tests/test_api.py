"""Reports API: official reports read-only, scoped like the report list, for roles that read
reports; an issued report carries its frozen figures, a draft none."""

from __future__ import annotations

from datetime import date

import pytest

from khongmatuy.accounts.models import User
from khongmatuy.accounts.tests.factories import token_client
from khongmatuy.reports import services
from khongmatuy.reports.models import Report
from khongmatuy.reports.rules import periods
from tests.personas import World

LETTERHEAD = {
    "issuing_body": "Công an phường Gia Viên",
    "body_code": "CAP",
    "place_name": "Gia Viên",
    "signer_position": "Trưởng Công an phường",
    "signer_name": "Đỗ Văn Ký",
}


@pytest.mark.unaudited_writes  # the issued report is written directly (no LibreOffice here)
def test_officer_reads_own_reports_others_get_404_or_403(
    world: World, officer_a: User, officer_b: User, leader_a: User
) -> None:
    draft = services.report_create(
        actor=officer_a,
        area=world.ward_a,
        period=periods.parse("2026-Q3"),
        summary="Báo cáo quý III năm 2026 Mẫu API",
        **LETTERHEAD,
    )
    issued = Report.objects.create(
        area=world.ward_a,
        period_kind="quarter",
        year=2026,
        number_in_year=2,
        status=Report.Status.ISSUED,
        number=7,
        number_year=2026,
        issued_on=date(2026, 7, 1),
        summary="Báo cáo quý II năm 2026 Mẫu API",
        figures={"rows": [{"code": "persons.managed", "value": 3}]},
        **LETTERHEAD,
    )
    client = token_client(officer_a)
    body = client.get("/api/v1/reports/").json()
    assert [(r["id"], r["status"]) for r in body["results"]] == [
        (draft.pk, "draft"),  # Q3 before Q2: the newest period first
        (issued.pk, "issued"),
    ]
    only_issued = client.get("/api/v1/reports/", {"status": "issued"}).json()["results"]
    assert [r["id"] for r in only_issued] == [issued.pk]
    detail = client.get(f"/api/v1/reports/{issued.pk}/").json()
    assert (detail["number"], detail["issued_on"], detail["figures"]["rows"][0]["value"]) == (
        7,
        "2026-07-01",
        3,
    )
    assert client.get(f"/api/v1/reports/{draft.pk}/").json()["figures"] == {}
    assert "docx" not in detail
    assert "pdf" not in detail
    # Read-only: drafting, approving and issuing stay on the pages.
    assert client.post("/api/v1/reports/", {}, format="json").status_code == 405
    assert client.patch(f"/api/v1/reports/{draft.pk}/", {}, format="json").status_code == 405
    # Another ward: 404 on the record, nothing in its list; a group leader: no reports at all.
    other = token_client(officer_b)
    assert other.get(f"/api/v1/reports/{draft.pk}/").status_code == 404
    assert "Mẫu API" not in other.get("/api/v1/reports/").content.decode()
    assert token_client(leader_a).get("/api/v1/reports/").status_code == 403
    bad = client.get("/api/v1/reports/", {"status": "bogus"})
    assert bad.status_code == 400
    assert "status" in bad.json()
