"""Plans test data, through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from khongmatuy.areas import services as area_services
from khongmatuy.areas.models import Area, Organisation
from khongmatuy.plans import services
from khongmatuy.plans.models import PlanDocument, Task

TODAY = date(2026, 11, 23)


def organisation(area: Area, name: str) -> Organisation:
    return area_services.organisation_save(
        actor=None, organisation=None, area=area, kind=Organisation.OrgKind.AGENCY, name=name
    )


def document(actor: Any, area: Area, number: str = "15/KH-UBND") -> PlanDocument:
    return services.document_create(
        actor=actor,
        area=area,
        kind="plan",
        number=number,
        issued_on=date(2026, 3, 1),
        issuing_body=f"UBND {area.name}",
        signer_name="Nguyễn Văn Ký",
        summary="Kế hoạch thực hiện Chương trình MTQG phòng, chống ma túy năm 2026",
        today=TODAY,
    )


def six(organisation: Organisation | None, /, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "content": "Tổ chức tuyên truyền tại các tổ dân phố",
        "lead": organisation,
        "officer_name": "Trần Thị Thu",
        "recurrence": "once",
        "first_due_on": date(2026, 12, 15),
        "expected_output": "Báo cáo kết quả",
        "accepting_authority": "Chủ tịch UBND phường",
    }
    values.update(changes)
    return values


def task(actor: Any, doc: PlanDocument, lead: Organisation, **changes: Any) -> Task:
    coordinators = changes.pop("coordinators", ())
    return services.task_create(
        actor=actor, document=doc, coordinators=coordinators, **six(lead, **changes)
    )


def agency_user(username: str, commune: Area, org: Organisation | None) -> Any:
    """An agency account through the accounts service (bound to a commune and an organisation)."""
    from khongmatuy.accounts import services as account_services

    return account_services.user_create(
        actor=None,
        username=username,
        password="Mat-khau-2026-dai",
        full_name="Cán bộ Cơ quan Mẫu",
        role="agency_officer",
        areas=[commune],
        organisation=org,
        validate=False,
    )
