"""Factories and builders of the case tests. They go through the services, so test data is
audited like real data; services are called as of ``TODAY``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import factory

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.cases import services
from khongmatuy.cases.models import Case, CasePerson, Seizure, Substance
from khongmatuy.people.choices import Category, Sex
from khongmatuy.people.models import Person
from khongmatuy.people.services import persons as person_services

TODAY = date(2026, 11, 23)
# Synthetic, structurally valid citizen IDs (province 031 Hải Phòng).
CID_AN = "031090012345"


class CaseFactory(factory.Factory):
    """A drug-dealing crime (Art. 251) found on 05/10/2026; pass ``area`` (and ``actor`` to
    record it as that user)."""

    class Meta:
        model = Case

    kind = Case.Kind.CRIME
    offence = "251"
    number = ""
    occurred_on = date(2026, 10, 5)
    summary = "Bắt quả tang mua bán trái phép chất ma túy"

    @classmethod
    def _create(cls, model_class: type[Case], *args: Any, **kwargs: Any) -> Case:
        return services.case_create(actor=kwargs.pop("actor", None), today=TODAY, **kwargs)


class CasePersonFactory(factory.Factory):
    """A registry person arrested in the case the day it was found; pass ``case`` and
    ``person``."""

    class Meta:
        model = CasePerson

    role = CasePerson.Role.ARRESTED
    arrested_on = factory.LazyAttribute(lambda link: link.case.occurred_on)

    @classmethod
    def _create(cls, model_class: type[CasePerson], *args: Any, **kwargs: Any) -> CasePerson:
        return services.case_add_person(actor=kwargs.pop("actor", None), today=TODAY, **kwargs)


def substance_named(name: str) -> Substance:
    """A substance of the national list the migrations seed."""
    return Substance.objects.get(name=name)


class SeizureFactory(factory.Factory):
    """One gram of heroin seized in the case; pass ``case``. ``substance`` may be given by its
    name on the national list."""

    class Meta:
        model = Seizure

    substance = factory.LazyFunction(lambda: substance_named("Heroin"))
    form = ""
    quantity = Decimal(1)
    unit = Seizure.Unit.GRAM

    @classmethod
    def _create(cls, model_class: type[Seizure], *args: Any, **kwargs: Any) -> Seizure:
        if isinstance(kwargs["substance"], str):
            kwargs["substance"] = substance_named(kwargs["substance"])
        return services.seizure_add(actor=kwargs.pop("actor", None), **kwargs)


def register(
    actor: User | None,
    area: Area,
    full_name: str,
    *,
    category: str = Category.ILLEGAL_USER,
    date_of_birth: date | None = date(1990, 5, 17),
    sex: str = Sex.MALE,
    **kwargs: Any,
) -> Person:
    """A person on the people registry (category from 10/01/2026), managed in ``area``."""
    return person_services.person_register(
        actor=actor,
        area=area,
        full_name=full_name,
        sex=sex,
        date_of_birth=date_of_birth,
        categories=[person_services.CategorySpec(category, date(2026, 1, 10))],
        today=TODAY,
        **kwargs,
    )
