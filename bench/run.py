"""Print performance figures on the synthetic dataset, one ``name: value unit`` line each.

    SCALE=national .venv/bin/python bench/run.py      (what ``make bench`` runs)
    BENCH=load SCALE=city .venv/bin/python bench/run.py   (one module: bench/bench_load.py)

Uses ``bench.settings`` (base settings, DEBUG off) and ``DATABASE_URL``, by default its own SQLite
file ``var/bench-<scale>.sqlite3``, never the demo database. Migrates, loads the scale with
``generate_synthetic`` when it is not there yet (and then prints ``synthetic_generation_s``, the
whole load's time), then runs ``run()`` of every ``bench/bench_*.py``.
Only the figures go to stdout; progress and errors go to stderr.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCALES = ("ward", "city", "national")


def main() -> int:
    scale = os.environ.get("SCALE") or "national"
    if scale not in SCALES:
        print(f"SCALE must be one of {', '.join(SCALES)}, not {scale!r}", file=sys.stderr)
        return 2
    sys.path[0] = str(ROOT)  # the project, not bench/, so that ``bench.*`` and ``config`` import
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / f'bench-{scale}.sqlite3'}")

    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    name = str(settings.DATABASES["default"]["NAME"])
    if Path(name).resolve() == (ROOT / "var" / "khongmatuy.sqlite3").resolve():
        print("refusing to bench on the demo database var/khongmatuy.sqlite3", file=sys.stderr)
        return 2

    from bench.timing import BenchError

    print(
        f"bench: {settings.DATABASES['default']['ENGINE']} {name}, scale {scale}", file=sys.stderr
    )
    call_command("migrate", verbosity=0, interactive=False, stdout=sys.stderr)
    from bench.timing import Figure
    from khongmatuy.areas.models import Area

    empty = not Area.objects.groups().exists()
    started = time.perf_counter()
    call_command("generate_synthetic", scale=scale, seed=42, stdout=sys.stderr, stderr=sys.stderr)
    elapsed = time.perf_counter() - started
    print(f"bench: dataset ready in {elapsed:.1f} s", file=sys.stderr)
    if empty:  # a whole load from an empty database, not a second run that finds it there
        print(Figure("synthetic_generation_s", elapsed, "s").line(), flush=True)

    only = os.environ.get("BENCH")  # e.g. BENCH=load: only bench/bench_load.py
    paths = sorted((ROOT / "bench").glob(f"bench_{only or '*'}.py"))
    if not paths:
        print(f"no bench/bench_{only}.py", file=sys.stderr)
        return 2
    for path in paths:
        module = importlib.import_module(f"bench.{path.stem}")
        print(f"bench: {path.stem}", file=sys.stderr)
        try:
            for figure in module.run():
                print(figure.line(), flush=True)
        except BenchError as exc:
            print(f"bench: {path.stem} failed: {exc}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
