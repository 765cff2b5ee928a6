"""manage.py load_official_areas: the 34 provinces and 3,321 commune-level units."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from khongmatuy.areas.official import load_official_areas


class Command(BaseCommand):
    help = "Load provinces and commune-level units from the official list (vietnam-provinces)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_official_areas()
        self.stdout.write(f"provinces added: {result.provinces}, communes added: {result.communes}")
