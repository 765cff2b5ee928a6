"""Builders of the person tests: synthetic persons registered through the services, so they are
audited like real data, and the small readers the tests share."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import models
from openpyxl import Workbook

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.audit.models import AuditEvent
from khongmatuy.people.choices import Category, Sex
from khongmatuy.people.models import Person
from khongmatuy.people.services import persons as services

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
HX = {"HX-Request": "true"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Synthetic, structurally valid citizen IDs (province 031 Hải Phòng / 022 Quảng Ninh).
CID_AN = "031090012345"  # male, born 1990
CID_BINH = "031301004567"  # female, born 2001
CID_B = "022085000111"  # male, born 1985 (ward B)


def register(
    actor: User | None,
    area: Area,
    full_name: str,
    *,
    sex: str = Sex.MALE,
    date_of_birth: date | None = date(1990, 5, 17),
    category: str = Category.ILLEGAL_USER,
    started_on: date = date(2026, 1, 10),
    **kwargs: Any,
) -> Person:
    return services.person_register(
        actor=actor,
        area=area,
        full_name=full_name,
        sex=sex,
        date_of_birth=date_of_birth,
        categories=[services.CategorySpec(category, started_on, source="QĐ 12/QĐ-UBND")],
        today=TODAY,
        **kwargs,
    )


def register_complete(
    actor: object,
    area: Area,
    full_name: str,
    *,
    born: date | None = date(1990, 5, 17),
    sex: str = Sex.MALE,
    cid: str | None = None,
    phone: str = "0912345678",
    current_address: str = "Số 12 ngõ 5",
    family_contacts: str = "Mẹ: Nguyễn Thị Hoa, 0987654321",
    categories: tuple[str, ...] = (Category.ILLEGAL_USER,),
    started_on: date = date(2026, 11, 1),
) -> Person:
    """A person with a complete record (phone, address, family contacts), as the quality pages
    compare them."""
    return services.person_register(
        actor=actor,  # type: ignore[arg-type]
        area=area,
        full_name=full_name,
        sex=sex,
        date_of_birth=born,
        citizen_id=cid,
        phone=phone,
        current_address=current_address,
        family_contacts=family_contacts,
        categories=[services.CategorySpec(c, started_on) for c in categories],
        today=TODAY,
    )


def citizen_id(serial: int, *, born: date = date(1990, 5, 17), sex: str = Sex.MALE) -> str:
    """A structurally valid synthetic number: Hải Phòng (031), century/sex digit, year, serial."""
    digit = (0 if born.year < 2000 else 2) + (1 if sex == Sex.FEMALE else 0)
    return f"031{digit}{born.year % 100:02d}{serial:06d}"


def xlsx(rows: list[list[object]], header: list[str] | None = None) -> bytes:
    from khongmatuy.people.imports import COLUMNS

    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS) if header is None else header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def events_for(obj: models.Model) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(model=obj._meta.label, object_id=str(obj.pk)).order_by("pk")
    )


def body(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()
