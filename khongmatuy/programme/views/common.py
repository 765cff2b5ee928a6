"""Parameters shared by the programme pages: the area (``?area=``, 404 outside the scope), the
year (``?year=``, within the programme's period)."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from khongmatuy.areas.models import Area, Level
from khongmatuy.common.http import AuthenticatedHttpRequest
from khongmatuy.common.ids import parse_id

from ..services.common import FIRST_YEAR, LAST_YEAR


def area_param(request: AuthenticatedHttpRequest) -> Area | None:
    raw = request.GET.get("area", "")
    if not raw:
        return None
    area_id = parse_id(raw)
    if area_id is None:
        raise Http404
    return get_object_or_404(
        Area.objects.for_user(request.user).filter(level__lte=Level.COMMUNE), pk=area_id
    )


def default_year() -> int:
    """This year, within the programme's period."""
    return min(max(timezone.localdate().year, FIRST_YEAR), LAST_YEAR)


def year_param(request: AuthenticatedHttpRequest) -> int:
    default = default_year()
    year = parse_id(request.GET.get("year")) or default
    return year if FIRST_YEAR <= year <= LAST_YEAR else default


def today() -> date:
    return timezone.localdate()
