"""One quarterly periodic report of a city (Hải Phòng, or the first province of the dataset):
every figure for the quarter and the same quarter last year, then the .docx, the .xlsx annex and
the PDF, as the issuing job does. ``report_quarter_city_figures_s`` is the figures alone."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

from django.utils import timezone

from bench.timing import BenchError, Figure
from khongmatuy.areas.models import Area, Level
from khongmatuy.reports import documents, figures, services
from khongmatuy.reports.models import Report
from khongmatuy.reports.rules import periods


def run() -> Iterator[Figure]:
    city = (
        Area.objects.filter(level=Level.PROVINCE, code="31").first()
        or Area.objects.filter(level=Level.PROVINCE).order_by("pk").first()
    )
    if city is None:
        raise BenchError("no province in the dataset")
    today = timezone.localdate()
    current = periods.current(periods.PeriodKind.QUARTER, on=today)
    quarter = periods.current(periods.PeriodKind.QUARTER, on=current.start - timedelta(days=1))
    report = Report(  # not saved: the bench writes nothing
        area=city,
        period_kind=quarter.kind,
        year=quarter.year,
        number_in_year=quarter.number,
        issuing_body="Công an thành phố",
        body_code="CATP",
        place_name=city.name,
        summary=f"Kết quả công tác phòng, chống ma túy {quarter.label}",
        signer_position="Giám đốc Công an thành phố",
        signer_name="Nguyễn Văn Thử",
    )
    started = time.perf_counter()
    rows = figures.compute(area=city, period=quarter)
    computed = time.perf_counter() - started
    if not any(r.value for r in rows if isinstance(r.value, int)):
        raise BenchError(f"every figure of {city} for {quarter.code} is zero: no data?")
    files = services.render_files(report, rows=rows, on=today)
    total = time.perf_counter() - started
    expected = {"docx", "xlsx"} | ({"pdf"} if documents.converter_available() else set())
    if set(files) != expected:
        raise BenchError(f"files {sorted(files)}, expected {sorted(expected)}")
    yield Figure("report_quarter_city_figures_s", computed, "s")
    yield Figure("report_quarter_city_s", total, "s")
