"""Factories and builders of the places tests. They go through the services, so test data is
audited like real data and carries what the services derive (search text, the first lifecycle
event, the last inspection date). Services are called as of ``TODAY``."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.people.choices import Category, Sex
from khongmatuy.people.models import Person
from khongmatuy.people.services import persons as person_services
from khongmatuy.places import services
from khongmatuy.places.models import Business, Camera, Cultivation, Inspection, Place

TODAY = date(2026, 11, 23)


class PlaceFactory(factory.Factory):
    """A hotspot found on 10/01/2026; pass ``area`` (and ``actor`` to write as that user)."""

    class Meta:
        model = Place

    kind = Place.Kind.HOTSPOT
    name = "Nhà trọ Hải Đăng"
    discovered_on = date(2026, 1, 10)

    @classmethod
    def _create(cls, model_class: type[Place], *args: Any, **kwargs: Any) -> Place:
        return services.place_create(actor=kwargs.pop("actor", None), today=TODAY, **kwargs)


class BusinessFactory(factory.Factory):
    """A karaoke bar of medium risk; pass ``area``."""

    class Meta:
        model = Business

    kind = Business.Kind.KARAOKE
    name = "Karaoke Hoa Hồng"
    risk = Business.Risk.MEDIUM

    @classmethod
    def _create(cls, model_class: type[Business], *args: Any, **kwargs: Any) -> Business:
        return services.business_create(actor=kwargs.pop("actor", None), today=TODAY, **kwargs)


class InspectionFactory(factory.Factory):
    """An inspection by the ward police; pass ``business`` and ``inspected_on``."""

    class Meta:
        model = Inspection

    team = "Tổ công tác Công an phường"

    @classmethod
    def _create(cls, model_class: type[Inspection], *args: Any, **kwargs: Any) -> Inspection:
        return services.inspection_record(actor=kwargs.pop("actor", None), today=TODAY, **kwargs)


class CultivationFactory(factory.Factory):
    """Twelve cannabis plants found on 01/08/2026; pass ``area``."""

    class Meta:
        model = Cultivation

    site = "Vườn sau nhà số 5"
    plant = Cultivation.Plant.CANNABIS
    plant_count = 12
    discovered_on = date(2026, 8, 1)

    @classmethod
    def _create(cls, model_class: type[Cultivation], *args: Any, **kwargs: Any) -> Cultivation:
        return services.cultivation_create(actor=kwargs.pop("actor", None), today=TODAY, **kwargs)


class CameraFactory(factory.Factory):
    """A public camera at the market crossroads; pass ``area``."""

    class Meta:
        model = Camera

    location = "Ngã ba chợ Gia Viên"
    owner = Camera.Owner.PUBLIC

    @classmethod
    def _create(cls, model_class: type[Camera], *args: Any, **kwargs: Any) -> Camera:
        return services.camera_create(actor=kwargs.pop("actor", None), today=TODAY, **kwargs)


def move(place: Place, to_status: str, on: date, *, actor: User | None = None) -> Place:
    """One lifecycle step of ``place`` on ``on``."""
    return services.place_transition(
        actor=actor, place=place, to_status=to_status, on=on, note="", today=TODAY
    )


def register(area: Area, full_name: str) -> Person:
    """A registry person (illegal drug user since 10/01/2026) managed in ``area``."""
    return person_services.person_register(
        actor=None,
        area=area,
        full_name=full_name,
        sex=Sex.MALE,
        date_of_birth=date(1990, 5, 17),
        categories=[person_services.CategorySpec(Category.ILLEGAL_USER, date(2026, 1, 10))],
        today=TODAY,
    )
