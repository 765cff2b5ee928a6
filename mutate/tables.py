"""Mutation testing of the module-level legal tables, which mutmut does not touch.

    .venv/bin/python mutate/run.py tables        (part of ``make mutate``)

Each mutant changes ONE entry of one table: a number of a legal rule by one (a duration in months,
a limit in days or hours, the number of extensions, an age), the unit of a limit (working days
against calendar days, hours against working days), a comparator swapped for its neighbour
(``>=`` for ``>``, ``<`` for ``<=``, ``==`` for ``!=``), a metric's window flag or unit. For each
mutant a forked child applies it in memory (replacing the table wherever a module holds it) and
runs the tests of that table with pytest; a test failing kills it. One
``mutation_score_<table>: N %`` line per table on stdout; survivors on stderr.
"""

from __future__ import annotations

import operator
import os
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TIME_LIMIT = 600  # seconds for the tests of one mutant; longer counts as killed (a loop)

Apply = Callable[[], None]


@dataclass(frozen=True)
class Mutant:
    label: str
    apply: Apply


@dataclass(frozen=True)
class Table:
    name: str
    tests: tuple[str, ...]
    mutants: Callable[[], Iterator[Mutant]]


def _rebind(old: object, new: object) -> None:
    """Replace ``old`` by ``new`` in every project module that holds it under any name."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("khongmatuy") or not isinstance(module, ModuleType):
            continue
        for attribute, value in list(vars(module).items()):
            if value is old:
                setattr(module, attribute, new)


def _set(module: ModuleType, attribute: str, value: Any) -> Apply:
    def apply() -> None:
        old = getattr(module, attribute)
        setattr(module, attribute, value)
        _rebind(old, value)

    return apply


def _row_mutants(module: ModuleType, table: str, label: Callable[[Any], str]) -> Iterator[Mutant]:
    """Each integer field of each row by one up and down; a row's day unit swapped."""
    rows = getattr(module, table)
    for index, row in enumerate(rows):
        for f in fields(row):
            value = getattr(row, f.name)
            if isinstance(value, bool) or not isinstance(value, int):
                continue
            for delta in (1, -1):
                new = (*rows[:index], replace(row, **{f.name: value + delta}), *rows[index + 1 :])
                text = f"{label(row)} {f.name} {value}→{value + delta}"
                yield Mutant(text, _set(module, table, new))
        unit = getattr(row, "day_unit", None)
        if unit is not None and (row.days is not None or row.hours is not None):
            swapped = type(unit)("calendar" if unit == "working" else "working")
            new = (*rows[:index], replace(row, day_unit=swapped), *rows[index + 1 :])
            yield Mutant(f"{label(row)} day_unit {unit}→{swapped}", _set(module, table, new))


def _people_durations() -> Iterator[Mutant]:
    from khongmatuy.people import durations

    yield from _row_mutants(durations, "RULES", lambda r: f"{r.code}@{r.effective_from}")
    for name in ("MINOR_MIN_AGE", "ADULT_AGE"):
        value = getattr(durations, name)
        for delta in (1, -1):
            yield Mutant(f"{name} {value}→{value + delta}", _set(durations, name, value + delta))


def _tips_deadlines() -> Iterator[Mutant]:
    from khongmatuy.tips.rules import deadlines

    yield from _row_mutants(deadlines, "RULES", lambda r: f"tip@{r.effective_from}")
    for delta in (1, -1):
        value = deadlines.MAX_EXTENSIONS
        yield Mutant(
            f"MAX_EXTENSIONS {value}→{value + delta}",
            _set(deadlines, "MAX_EXTENSIONS", value + delta),
        )


_NEIGHBOURS = {
    operator.ge: operator.gt,
    operator.gt: operator.ge,
    operator.le: operator.lt,
    operator.lt: operator.le,
    operator.eq: operator.ne,
}


def _in_place(table: dict[str, Any], key: str, value: Any) -> Apply:
    def apply() -> None:
        table[key] = value

    return apply


def _criteria_engine() -> Iterator[Mutant]:
    from khongmatuy.criteria import engine

    for sign, function in engine.COMPARATORS.items():
        swapped = _NEIGHBOURS[function]
        yield Mutant(
            f"COMPARATORS[{sign!r}] {function.__name__}→{swapped.__name__}",
            _in_place(engine.COMPARATORS, sign, swapped),
        )
    for code, metric in engine.METRICS.items():
        flipped = replace(metric, windowed=not metric.windowed)
        yield Mutant(
            f"METRICS[{code!r}].windowed {metric.windowed}→{not metric.windowed}",
            _in_place(engine.METRICS, code, flipped),
        )
        unit = "person" if metric.unit == "percent" else "percent"
        yield Mutant(
            f"METRICS[{code!r}].unit {metric.unit}→{unit}",
            _in_place(engine.METRICS, code, replace(metric, unit=unit)),
        )


def _replace_spec(module: ModuleType, index: int, new: Any) -> Apply:
    """Put ``new`` in place of the ``index``-th rule set of ``module.RULE_SETS``, wherever it is
    held: the tuple, the module's own name for it, and the registry of built-in rule sets."""

    def apply() -> None:
        from khongmatuy.criteria.rules import registry

        rows = module.RULE_SETS
        old = rows[index]
        _set(module, "RULE_SETS", (*rows[:index], new, *rows[index + 1 :]))()
        _rebind(old, new)
        registry.BUILTIN[new.code] = new

    return apply


def _step(metric: str) -> Decimal:
    from khongmatuy.criteria import engine

    known = engine.METRICS.get(metric)
    return Decimal("0.01") if known is not None and known.unit == "percent" else Decimal(1)


def _condition_mutants(spec: Any) -> Iterator[tuple[str, Any]]:
    """(label, changed rule set) for each single change of one condition or of the set."""
    for i, c in enumerate(spec.conditions):

        def with_condition(new: Any, i: int = i) -> Any:
            return replace(spec, conditions=(*spec.conditions[:i], new, *spec.conditions[i + 1 :]))

        where = f"{spec.code}:{c.code}"
        if c.threshold is None:
            yield f"{where} threshold None→0", with_condition(replace(c, threshold=Decimal(0)))
        else:
            for delta in (_step(c.metric), -_step(c.metric)):
                changed = c.threshold + delta
                yield (
                    f"{where} threshold {c.threshold}→{changed}",
                    with_condition(replace(c, threshold=changed)),
                )
        for sign in _COMPARATOR_NEIGHBOURS[c.comparator]:
            yield (
                f"{where} comparator {c.comparator}→{sign}",
                with_condition(replace(c, comparator=sign)),
            )
        yield (
            f"{where} confirmed→{not c.confirmed}",
            with_condition(replace(c, confirmed=not c.confirmed)),
        )
        for name in ("window_months", "with_other_met"):
            value = getattr(c, name)
            options = [1] if value is None else [value + 1, value - 1, None]
            for option in options:
                yield (
                    f"{where} {name} {value}→{option}",
                    with_condition(replace(c, **{name: option})),
                )
    if spec.at_least is not None:
        for delta in (1, -1):
            yield (
                f"{spec.code} at_least {spec.at_least}→{spec.at_least + delta}",
                replace(spec, at_least=spec.at_least + delta),
            )
    other = "all" if spec.combination == "at_least" else "at_least"
    yield (
        f"{spec.code} combination→{other}",
        replace(spec, combination=other, at_least=spec.at_least if other == "at_least" else None),
    )
    for delta in (1, -1):
        yield (
            f"{spec.code} window_months {spec.window_months}→{spec.window_months + delta}",
            (replace(spec, window_months=spec.window_months + delta)),
        )


_COMPARATOR_NEIGHBOURS = {
    ">=": (">", "=="),
    ">": (">=",),
    "<=": ("<", "=="),
    "<": ("<=",),
    "==": (">=", "<="),
}


def _criteria_rule_sets() -> Iterator[Mutant]:
    """The thresholds of Decision 28/2025/QĐ-TTg and of the local plans' rule sets."""
    from khongmatuy.criteria.rules import decision28, local

    for module in (decision28, local):
        for index, spec in enumerate(module.RULE_SETS):
            for label, new in _condition_mutants(spec):
                yield Mutant(label, _replace_spec(module, index, new))


TABLES = (
    Table(
        "people_durations_table",
        (
            "khongmatuy/people/tests/test_durations.py",
            "khongmatuy/people/tests/test_episodes_transitions.py",
        ),
        _people_durations,
    ),
    Table("tips_deadlines_table", ("khongmatuy/tips/tests/test_deadlines.py",), _tips_deadlines),
    Table(
        "criteria_engine_table",
        (
            "khongmatuy/criteria/tests/test_rules_engine.py",
            "khongmatuy/criteria/tests/test_rules_evaluate.py",
            "khongmatuy/criteria/tests/test_rules_thresholds.py",
        ),
        _criteria_engine,
    ),
    Table(
        "criteria_rule_sets_table",
        (
            "khongmatuy/criteria/tests/test_rules_builtin_values.py",
            "khongmatuy/criteria/tests/test_rules_evaluate.py",
        ),
        _criteria_rule_sets,
    ),
)


def _run_tests(tests: tuple[str, ...], apply: Apply | None) -> int:
    """Fork; in the child apply the mutant and run ``tests``; the child's exit status."""
    pid = os.fork()
    if pid == 0:  # the child: its output is not the report's
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        signal.alarm(TIME_LIMIT)
        code = 1
        try:
            import pytest

            if apply is not None:
                apply()
            present = [test for test in tests if (ROOT / test).exists()]
            code = int(pytest.main(["-x", "-q", "-p", "no:cacheprovider", *present]))
        finally:
            os._exit(code)
    _pid, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def main(names: list[str] | None = None) -> None:
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    for table in TABLES:
        if names and table.name not in names:
            continue
        if _run_tests(table.tests, None) != 0:
            print(f"{table.name}: the tests fail without a mutant", file=sys.stderr)
            print(f"mutation_score_{table.name}: n/a", flush=True)
            continue
        killed = total = 0
        for mutant in table.mutants():
            total += 1
            code = _run_tests(table.tests, mutant.apply)
            if code not in (0, 5):  # 5: no test ran
                killed += 1
            else:
                print(f"survived: {table.name}: {mutant.label}", file=sys.stderr)
        percent = 100.0 * killed / total if total else 100.0
        print(f"mutation_score_{table.name}: {percent:.1f} % ({killed}/{total} killed)", flush=True)


if __name__ == "__main__":
    sys.path[0] = str(ROOT)
    main(sys.argv[1:])
