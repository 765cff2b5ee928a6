"""manage.py generate_synthetic: groups, figures, persons and places for the bench and load tests.

Stages, each idempotent: the synthetic groups and figures on the official provinces and
communes (``khongmatuy.demo.synthetic``), then, unless ``--no-people``, synthetic persons in
management with their categories, episodes and events (``khongmatuy.demo.synthetic_people``),
then, by default at national scale only, places, businesses, cases and tips (``--places``),
communication (``--prevention``), plans (``--plans``) and the programme's money
(``--programme``). A second run finds nothing to do and says so. Each stage's time goes to
stderr ("stage people: 12.3 s").
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from khongmatuy.demo import (
    synthetic,
    synthetic_people,
    synthetic_places,
    synthetic_plans,
    synthetic_prevention,
    synthetic_programme,
)

T = TypeVar("T")
# The stages after the areas, in order: (option, its generate(), whether it takes --batch-size).
STAGES: tuple[tuple[str, Callable[..., Any], bool], ...] = (
    ("people", synthetic_people.generate, True),
    ("places", synthetic_places.generate, True),
    ("prevention", synthetic_prevention.generate, False),
    ("plans", synthetic_plans.generate, True),
    ("programme", synthetic_programme.generate, False),
)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


class Command(BaseCommand):
    help = "Generate synthetic residential groups, figures and persons (ward, city or national)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(synthetic.SCALES), default="ward")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--batch-size", type=int, default=synthetic.BATCH_SIZE)
        parser.add_argument(
            "--people",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="also generate synthetic persons and their events (default: yes)",
        )
        parser.add_argument(
            "--places",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="also generate places, businesses, cases and tips (default: at national scale)",
        )
        parser.add_argument(
            "--prevention",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="also generate 24 months of communication in every group (default: national)",
        )
        parser.add_argument(
            "--plans",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="also generate every commune's plan, offices and tasks (default: national)",
        )
        parser.add_argument(
            "--programme",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="also generate the national target programme's money (default: national)",
        )
        parser.add_argument(
            "--on",
            type=_date,
            default=None,
            help="the data's 'today' (YYYY-MM-DD) for episode dates; default: today",
        )

    def _timed(self, stage: str, run: Callable[[], T]) -> T:
        """Run one stage and print its wall-clock time to stderr (``make bench`` reads none of
        it; it tells where a slow load spends its time)."""
        began = time.perf_counter()
        result = run()
        self.stderr.write(f"stage {stage}: {time.perf_counter() - began:.1f} s")
        return result

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        progress = (
            (lambda message: self.stderr.write(message)) if options["verbosity"] > 1 else None
        )
        result = self._timed(
            "areas",
            partial(
                synthetic.generate,
                scale=options["scale"],
                seed=options["seed"],
                batch_size=options["batch_size"],
                progress=progress,
            ),
        )
        on = options["on"] or timezone.localdate()
        done: dict[str, Any] = {}
        for stage, generate, batched in STAGES:
            wanted = options[stage]
            if wanted is None:  # the stages after the persons: national scale by default
                wanted = options["scale"] == "national"
            if not wanted:
                continue
            arguments: dict[str, Any] = {
                "scale": options["scale"],
                "seed": options["seed"],
                "on": on,
                "progress": progress,
            }
            if batched:
                arguments["batch_size"] = options["batch_size"]
            done[stage] = self._timed(stage, partial(generate, **arguments))
        people, places, prevention, plans, programme = (done.get(stage) for stage, *_ in STAGES)
        elapsed = time.perf_counter() - started
        people_text = ""
        if people is not None and people.created_anything:
            people_text = (
                f"; {people.persons} persons in {people.communes_filled} communes with "
                f"{people.categories} categories, {people.episodes} episodes, "
                f"{people.supervisions} supervisors and {people.events} events"
            )
        if places is not None and places.created_anything:
            people_text += (
                f"; {places.places} places, {places.businesses} businesses with "
                f"{places.inspections} inspections, {places.cases} cases with {places.arrests} "
                f"persons, {places.tips} tips in {places.communes_filled} communes"
            )
        if prevention is not None and prevention.created_anything:
            people_text += (
                f"; {prevention.activities} communication activities reaching "
                f"{prevention.reaches} groups in {prevention.communes_filled} communes"
            )
        if plans is not None and plans.created_anything:
            people_text += (
                f"; {plans.tasks} tasks of {plans.documents} plans in "
                f"{plans.communes_filled} communes"
            )
        if programme is not None and programme.created_anything:
            people_text += (
                f"; {programme.projects} programme projects with {programme.disbursements} "
                f"disbursements in {programme.communes_filled} communes"
            )
        if not result.created_anything:
            if people_text:
                self.stdout.write(
                    f"{result.scale}: areas already loaded{people_text} in {elapsed:.1f} s"
                )
            else:
                self.stdout.write(
                    f"{result.scale}: already loaded, nothing to do ({elapsed:.1f} s)"
                )
            return
        self.stdout.write(
            f"{result.scale} (seed {result.seed}): {result.provinces} provinces and "
            f"{result.communes} communes added, {result.communes_filled} communes filled with "
            f"{result.groups} groups and {result.figures} figures, {result.users} bench users"
            f"{people_text} in {elapsed:.1f} s"
        )
