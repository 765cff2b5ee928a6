"""Factories and builders of the area tests, and the small readers they share. Factories go
through the services, so test data is audited like real data and carries the same derived columns
(level, province, commune, folded name, sort key)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import factory
from django.db import models

from khongmatuy.accounts import services as account_services
from khongmatuy.accounts.models import User
from khongmatuy.areas import services
from khongmatuy.areas.models import Area, Kind, Organisation
from khongmatuy.audit.models import AuditEvent

PASSWORD = "Matkhau-an-toan-2026"


class AreaFactory(factory.Factory):
    """A residential group by default; pass ``parent`` (required) and ``kind`` for other levels."""

    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"Tổ dân phố số {n + 1}")
    kind = Kind.RESIDENTIAL_GROUP

    @classmethod
    def _create(cls, model_class: type[Area], *args: Any, **kwargs: Any) -> Area:
        return services.area_create(actor=kwargs.pop("actor", None), **kwargs)


class OrganisationFactory(factory.Factory):
    """A school; pass ``area`` and ``name``."""

    class Meta:
        model = Organisation

    kind = Organisation.OrgKind.SCHOOL

    @classmethod
    def _create(cls, model_class: type[Organisation], *args: Any, **kwargs: Any) -> Organisation:
        return services.organisation_save(
            actor=kwargs.pop("actor", None), organisation=None, **kwargs
        )


def commune_with_groups(
    *, province: Area, name: str, groups: int, population: int | None = None
) -> Area:
    """A ward with groups "Tổ 1".."Tổ n", each with a figure when ``population`` is given."""
    ward = AreaFactory(parent=province, name=name, kind=Kind.WARD)
    specs = [
        services.GroupSpec(
            name=f"Tổ {n}",
            kind=Kind.RESIDENTIAL_GROUP,
            population=population,
            households=population // 4 if population is not None else None,
            as_of=date(2026, 1, 1) if population is not None else None,
        )
        for n in range(1, groups + 1)
    ]
    services.groups_create(actor=None, commune=ward, specs=specs)
    return ward


def user_bound_to(username: str, role: str, areas: list[Area]) -> User:
    return account_services.user_create(
        actor=None, username=username, password=PASSWORD, full_name=username, role=role, areas=areas
    )


@dataclass
class Merger:
    """Kiến Minh (Hải Phòng) formed on 01/07/2025 from Đông Phương, Đại Đồng and Minh Tân."""

    dong_phuong: Area
    dai_dong: Area
    minh_tan: Area
    kien_minh: Area
    dong_phuong_groups: list[Area]
    dai_dong_group: Area
    minh_tan_group: Area
    school: Organisation
    officer: User

    @property
    def predecessors(self) -> list[Area]:
        return [self.dong_phuong, self.dai_dong, self.minh_tan]


def merge(merger: Merger, actor: User | None = None) -> Area:
    """Kiến Minh formed from its three predecessors on 01/07/2025."""
    return services.area_merge(
        actor=actor,
        predecessors=merger.predecessors,
        successor=merger.kien_minh,
        effective_on=date(2025, 7, 1),
        legal_basis="Nghị quyết 1669/NQ-UBTVQH15",
    )


def events_for(obj: models.Model) -> list[AuditEvent]:
    """The audit events of one record, oldest first."""
    return list(
        AuditEvent.objects.filter(model=obj._meta.label, object_id=str(obj.pk)).order_by("pk")
    )


def changed(event: AuditEvent) -> dict[str, tuple[object, object]]:
    """{field: (before, after)} for the fields the event changed, ``updated_at`` left out."""
    return {k: (b, a) for k, b, a in event.changed_fields if k != "updated_at"}


def fresh(area: Area) -> Area:
    return Area.objects.get(pk=area.pk)
