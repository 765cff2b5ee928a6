"""Factories of the area tree. They go through the services, so test data is audited like real
data and carries the same derived columns (level, province, commune, folded name, sort key)."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory

from khongmatuy.areas import services
from khongmatuy.areas.models import Area, Kind


class AreaFactory(factory.Factory):
    """A residential group by default; pass ``parent`` (required) and ``kind`` for other levels."""

    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"Tổ dân phố số {n + 1}")
    kind = Kind.RESIDENTIAL_GROUP

    @classmethod
    def _create(cls, model_class: type[Area], *args: Any, **kwargs: Any) -> Area:
        return services.area_create(actor=kwargs.pop("actor", None), **kwargs)


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
