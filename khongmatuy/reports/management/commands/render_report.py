"""Write a report's document for scripts: the issued file when the period's report of that area
is issued, else the draft as it stands (or, with no draft, the figures with an empty letterhead).

    manage.py render_report --kind periodic --period 2026-Q3 --area 31 --format docx --output f.docx
    manage.py render_report --kind dossier --period 2026 --area 11359 --format pdf --output f.pdf

A recognition dossier (``--kind dossier``, its evaluation's year as the period) must have been
drafted from an evaluation first; so must the programme's yearly monitoring report
(``--kind programme --period 2026``, it reads the programme in its drafter's scope).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from khongmatuy.areas.models import Area
from khongmatuy.reports import services
from khongmatuy.reports.legal import cutoff_day_for
from khongmatuy.reports.models import Report
from khongmatuy.reports.rules import periods


class Command(BaseCommand):
    help = "Render an official report (docx, xlsx or pdf) to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", default="periodic", choices=list(Report.Kind.values))
        parser.add_argument(
            "--period", required=True, help="2026-Q3, 2026-M07, 2026-H1, 2026-9M, 2026"
        )
        parser.add_argument("--area", required=True, help="the area's official code")
        parser.add_argument("--format", required=True, choices=["docx", "xlsx", "pdf"])
        parser.add_argument("--output", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = periods.parse(options["period"])
        except ValueError as exc:
            raise CommandError(f"Unknown period {options['period']!r}") from exc
        area = Area.objects.filter(code=options["area"], is_active=True).first()
        if area is None:
            raise CommandError(f"No active area with the official code {options['area']!r}")
        fmt = options["format"]
        report = (
            Report.objects.filter(
                area=area,
                kind=options["kind"],
                period_kind=period.kind,
                year=period.year,
                number_in_year=period.number,
            )
            .select_related("area", "replaces")
            .order_by("-revision", "-created_at")
            .first()
        )
        if report is not None and report.frozen:
            content = getattr(report, fmt)
            if content is None:
                raise CommandError("The issued report has no PDF (LibreOffice was missing).")
            content = bytes(content)
        else:
            if report is None and options["kind"] == Report.Kind.DOSSIER:
                raise CommandError("No recognition dossier of that area and year: draft one first.")
            if report is None and options["kind"] == Report.Kind.PROGRAMME:
                raise CommandError("No programme report of that area and year: draft one first.")
            if report is None:
                report = Report(
                    area=area,
                    period_kind=period.kind,
                    year=period.year,
                    number_in_year=period.number,
                    cutoff_day=cutoff_day_for(area),
                    issuing_body=_("Công an %(area)s") % {"area": area.name},
                    body_code="CA",
                    place_name=area.name,
                    summary=_("Kết quả công tác phòng, chống ma túy %(period)s")
                    % {"period": period.label},
                    signer_position=_("Trưởng Công an"),
                    signer_name="",
                )
            rows = services.live_rows(report)
            files = services.render_files(
                report, rows=rows, on=timezone.localdate(), formats=(fmt,)
            )
            if fmt not in files:
                raise CommandError("PDF needs LibreOffice (soffice) on this machine.")
            content = files[fmt]
        Path(options["output"]).write_bytes(content)
        self.stdout.write(options["output"])
