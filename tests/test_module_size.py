"""No module of the application or of the bench is over 600 lines (the codebase's rule: a module
that grows past it is split by what its parts do). Migrations are generated and are not counted;
test modules are not held to it here."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 600


def _modules() -> list[Path]:
    found = [*(ROOT / "khongmatuy").rglob("*.py"), *(ROOT / "bench").rglob("*.py")]
    return sorted(
        path for path in found if "migrations" not in path.parts and "tests" not in path.parts
    )


def test_the_rule_reads_the_modules() -> None:
    modules = _modules()
    assert len(modules) > 100
    assert ROOT / "khongmatuy" / "common" / "db" / "bulk.py" in modules


def test_no_module_is_over_600_lines() -> None:
    over = {
        str(path.relative_to(ROOT)): lines
        for path in _modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert over == {}
