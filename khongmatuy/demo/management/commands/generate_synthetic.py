"""manage.py generate_synthetic: residential groups and figures for the bench and load tests.

Only synthetic groups and figures (on the official provinces and communes); see
``khongmatuy.demo.synthetic`` for what each scale holds and why a second run does nothing.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from khongmatuy.demo import synthetic


class Command(BaseCommand):
    help = "Generate synthetic residential groups and figures (ward, city or national scale)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(synthetic.SCALES), default="ward")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--batch-size", type=int, default=synthetic.BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        progress = (
            (lambda message: self.stderr.write(message)) if options["verbosity"] > 1 else None
        )
        result = synthetic.generate(
            scale=options["scale"],
            seed=options["seed"],
            batch_size=options["batch_size"],
            progress=progress,
        )
        elapsed = time.perf_counter() - started
        if not result.created_anything:
            self.stdout.write(f"{result.scale}: already loaded, nothing to do ({elapsed:.1f} s)")
            return
        self.stdout.write(
            f"{result.scale} (seed {result.seed}): {result.provinces} provinces and "
            f"{result.communes} communes added, {result.communes_filled} communes filled with "
            f"{result.groups} groups and {result.figures} figures, {result.users} bench users "
            f"in {elapsed:.1f} s"
        )
