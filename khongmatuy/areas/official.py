"""Load the official provinces and commune-level units (after 1 July 2025) from vietnam-provinces.

34 provinces and 3,321 commune-level units; names and codes are never typed in by hand.
Idempotent: existing rows (matched by level and code) are left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from vietnam_provinces import Province, VietNamDivisionType, Ward

from khongmatuy.audit import services as audit
from khongmatuy.common.text import fold

from .models import Area, Kind, Level
from .rules.naming import OFFICIAL_PREFIXES, sort_key_for

COUNTRY_NAME = "Việt Nam"

_PROVINCE_KIND = {
    VietNamDivisionType.THANH_PHO_TRUNG_UONG: Kind.CENTRAL_CITY,
    VietNamDivisionType.TINH: Kind.PROVINCE,
}
_COMMUNE_KIND = {
    VietNamDivisionType.PHUONG: Kind.WARD,
    VietNamDivisionType.XA: Kind.COMMUNE,
    VietNamDivisionType.DAC_KHU: Kind.SPECIAL_ZONE,
}


def short_name(official: str) -> str:
    """ "Phường Gia Viên" → "Gia Viên": the kind is shown from ``Area.kind``."""
    for prefix, _kind in OFFICIAL_PREFIXES:
        if official.startswith(prefix):
            return official[len(prefix) :]
    return official


@dataclass(frozen=True)
class LoadResult:
    provinces: int
    communes: int


def _new(level: int, kind: str, name: str, code: str, parent: Area | None) -> Area:
    return Area(
        level=level,
        kind=kind,
        name=name,
        name_folded=fold(name),
        code=code,
        parent=parent,
        sort_key=sort_key_for(name),
    )


@transaction.atomic
def load_official_areas(*, province_codes: set[int] | None = None) -> LoadResult:
    """Create the country, provinces and communes that are missing (bulk, audited in summary)."""
    country = Area.objects.filter(level=Level.COUNTRY).first()
    if country is None:
        country = _new(Level.COUNTRY, Kind.COUNTRY, COUNTRY_NAME, "VN", None)
        country.save()
        audit.record_change(actor=None, obj=country, before=None)
    existing_provinces = {a.code: a for a in Area.objects.filter(level=Level.PROVINCE)}
    new_provinces = []
    for province in Province.iter_all():
        code = str(int(province.code))
        if (
            province_codes and int(province.code) not in province_codes
        ) or code in existing_provinces:
            continue
        new_provinces.append(
            _new(
                Level.PROVINCE,
                _PROVINCE_KIND[province.division_type],
                short_name(province.name),
                code,
                country,
            )
        )
    Area.objects.bulk_create(new_provinces, batch_size=500)
    provinces = {a.code: a for a in Area.objects.filter(level=Level.PROVINCE)}
    Area.objects.filter(level=Level.PROVINCE, province__isnull=True).update(province_id=F("pk"))
    existing_communes = set(Area.objects.filter(level=Level.COMMUNE).values_list("code", flat=True))
    new_communes = []
    for ward in Ward.iter_all():
        province_code = str(int(ward.province_code))
        code = str(int(ward.code))
        if province_code not in provinces or code in existing_communes:
            continue
        parent = provinces[province_code]
        area = _new(
            Level.COMMUNE, _COMMUNE_KIND[ward.division_type], short_name(ward.name), code, parent
        )
        area.province_id = parent.pk
        new_communes.append(area)
    Area.objects.bulk_create(new_communes, batch_size=1000)
    # A commune is its own commune (see Area's docstring).
    Area.objects.filter(level=Level.COMMUNE, commune__isnull=True).update(commune_id=F("pk"))
    if new_provinces or new_communes:
        audit.record(
            actor=None,
            action="create",
            model_label="areas.Area",
            object_repr=(
                f"official list: {len(new_provinces)} provinces, {len(new_communes)} communes"
            ),
            note="vietnam-provinces",
        )
    return LoadResult(provinces=len(new_provinces), communes=len(new_communes))
