"""Factories and builders of the person tests: synthetic persons and care records written
through the services, so they are audited like real data, and the small readers the tests
share."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import factory
from django.db import models
from openpyxl import Workbook

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.audit.models import AuditEvent
from khongmatuy.people.choices import (
    Category,
    ContactForm,
    Sex,
    SupervisorKind,
    TestMethod,
    TestReason,
    TestResult,
)
from khongmatuy.people.models import Contact, DrugTest, Person, Supervision
from khongmatuy.people.services import care as care_services
from khongmatuy.people.services import persons as services

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
HX = {"HX-Request": "true"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Synthetic, structurally valid citizen IDs (province 031 Hải Phòng / 022 Quảng Ninh).
CID_AN = "031090012345"  # male, born 1990
CID_BINH = "031301004567"  # female, born 2001
CID_B = "022085000111"  # male, born 1985 (ward B)


# --- factories: each one writes through its service ------------------------------------------


class PersonFactory(factory.Factory):
    """A person registered by ``person_register`` with one category (``category``,
    ``category_started_on``, ``category_source``) or the given ``categories``. Pass ``area``;
    ``actor`` is the system unless given."""

    class Meta:
        model = Person

    class Params:
        category = Category.ILLEGAL_USER
        category_started_on = date(2026, 1, 10)
        category_source = "QĐ 12/QĐ-UBND"

    actor = None
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n + 1}")
    sex = Sex.MALE
    date_of_birth = date(1990, 5, 17)
    categories = factory.LazyAttribute(
        lambda o: [
            services.CategorySpec(o.category, o.category_started_on, source=o.category_source)
        ]
    )
    today = TODAY

    @classmethod
    def _create(cls, model_class: type[Person], *args: Any, **kwargs: Any) -> Person:
        return services.person_register(**kwargs)


class ContactFactory(factory.Factory):
    """A home visit recorded by ``contact_record``. Pass ``person``."""

    class Meta:
        model = Contact

    actor = None
    contacted_on = date(2026, 11, 1)
    form = ContactForm.HOME_VISIT
    content = "Thăm tại nhà"
    today = TODAY

    @classmethod
    def _create(cls, model_class: type[Contact], *args: Any, **kwargs: Any) -> Contact:
        return care_services.contact_record(**kwargs)


class DrugTestFactory(factory.Factory):
    """A negative periodic quick test recorded by ``drug_test_record``. Pass ``person``."""

    class Meta:
        model = DrugTest

    actor = None
    tested_on = date(2026, 11, 1)
    reason = TestReason.PERIODIC
    method = TestMethod.QUICK_KIT
    result = TestResult.NEGATIVE
    performed_by = "Công an phường"
    today = TODAY

    @classmethod
    def _create(cls, model_class: type[DrugTest], *args: Any, **kwargs: Any) -> DrugTest:
        return care_services.drug_test_record(**kwargs)


class SupervisionFactory(factory.Factory):
    """A veteran assigned by ``supervision_assign`` from 01/02/2026. Pass ``person``; with a
    ``supervisor_user`` account the service takes its name."""

    class Meta:
        model = Supervision

    actor = None
    supervisor_user = None
    name = factory.LazyAttribute(lambda o: "" if o.supervisor_user else "Trần Văn Giúp")
    kind = SupervisorKind.VETERAN
    started_on = date(2026, 2, 1)
    today = TODAY

    @classmethod
    def _create(cls, model_class: type[Supervision], *args: Any, **kwargs: Any) -> Supervision:
        return care_services.supervision_assign(**kwargs)


# --- builders the tests call positionally ------------------------------------------------------


def register(
    actor: User | None,
    area: Area,
    full_name: str,
    *,
    category: str = Category.ILLEGAL_USER,
    started_on: date = date(2026, 1, 10),
    **kwargs: Any,
) -> Person:
    """A person with one category from ``started_on`` (``PersonFactory``'s defaults)."""
    return PersonFactory(
        actor=actor,
        area=area,
        full_name=full_name,
        category=category,
        category_started_on=started_on,
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
    return PersonFactory(
        actor=actor,
        area=area,
        full_name=full_name,
        sex=sex,
        date_of_birth=born,
        citizen_id=cid,
        phone=phone,
        current_address=current_address,
        family_contacts=family_contacts,
        categories=[services.CategorySpec(c, started_on) for c in categories],
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
