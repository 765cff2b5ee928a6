"""Mutation testing of the pure rule modules: one ``mutation_score_<module>: N %`` line each.

    .venv/bin/python mutate/run.py [MODULE ...]      (what ``make mutate`` runs)

Two parts, both printed in the same format (docs/testing.md):

* the functions of the rule modules, mutated by mutmut (configured in ``[tool.mutmut]`` of
  ``pyproject.toml``; it copies the project into ``mutants/`` and runs, for each mutant, only the
  tests that call the mutated function);
* the module-level legal tables (durations, comparators, metrics, deadlines, thresholds), which
  mutmut does not touch, mutated one entry at a time by ``mutate/tables.py``.

mutmut runs one module at a time, one mutant at a time (``--max-children 1``): the machines are
shared. Its results are kept in ``mutants/``: a later run tests only the mutants that are new
(their function changed) or that survived last time (the tests may have changed since).

The score counts killed mutants (a test failed, or the mutant looped until its time limit) over
all mutants, leaving out those that only change the wording of a Vietnamese message (a string
literal with a non-ASCII character): they cannot change a date, a decision or a refusal.
Only the figures go to stdout; progress goes to stderr.
"""

from __future__ import annotations

import ast
import io
import json
import os
import subprocess
import sys
import textwrap
import tokenize
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTMUT = Path(sys.executable).with_name("mutmut")

# Short name (as printed) -> the module mutmut mutates (listed in ``[tool.mutmut] only_mutate``).
MODULES: dict[str, str] = {
    "criteria_evaluate": "khongmatuy/criteria/evaluate.py",
    "people_deadlines": "khongmatuy/people/deadlines.py",
    "people_transitions": "khongmatuy/people/rules/transitions.py",
    "tips_deadlines": "khongmatuy/tips/rules/deadlines.py",
    "common_text": "khongmatuy/common/text.py",
    "common_collation": "khongmatuy/common/collation.py",
    "common_workdays": "khongmatuy/common/workdays.py",
}

KILLED = {1, 3, 24, -24, 152, 255, 36, 37}  # a failing test, an error, a time limit, type check
UNCHECKED = None


@dataclass
class Score:
    killed: int
    total: int
    messages: int
    survivors: list[str]

    @property
    def percent(self) -> float:
        return 100.0 * self.killed / self.total if self.total else 100.0


def _meta(path: str) -> dict[str, int | None]:
    meta = ROOT / "mutants" / f"{path}.meta"
    if not meta.exists():
        return {}
    data: dict[str, int | None] = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
    return data


def _functions(path: str) -> dict[str, str]:
    """The source of every function in the mutated copy of ``path``, by its mangled name."""
    source = (ROOT / "mutants" / path).read_text("utf-8")
    lines = source.splitlines(keepends=True)
    return {
        node.name: textwrap.dedent("".join(lines[node.lineno - 1 : node.end_lineno]))
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and "__mutmut_" in node.name
    }


def _tokens(source: str, name: str) -> list[tuple[int, str]]:
    """The tokens of a function, its own (mangled) name left out."""
    return [
        (t.type, t.string)
        for t in tokenize.generate_tokens(io.StringIO(source).readline)
        if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT) and t.string != name
    ]


def message_only(functions: dict[str, str], mutant: str) -> bool:
    """The mutant changes nothing but Vietnamese message text (string literals with a non-ASCII
    character): the same tokens as the original function except such literals."""
    mangled = mutant.rsplit(".", 1)[1]
    original_name = mangled.rsplit("__mutmut_", 1)[0] + "__mutmut_orig"
    original = functions.get(original_name)
    changed = functions.get(mangled)
    if original is None or changed is None:
        return False
    try:
        before, after = _tokens(original, original_name), _tokens(changed, mangled)
    except (SyntaxError, tokenize.TokenError):
        return False
    if len(before) != len(after):
        return False
    differing = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    return bool(differing) and all(
        b[0] == a[0] == tokenize.STRING and not b[1].isascii() for b, a in differing
    )


def score(path: str) -> Score:
    meta = _meta(path)
    functions = _functions(path)
    killed = total = messages = 0
    survivors = []
    for mutant, code in sorted(meta.items()):
        if message_only(functions, mutant):
            messages += 1
            continue
        total += 1
        if code in KILLED:
            killed += 1
        else:
            survivors.append(mutant)
    return Score(killed, total, messages, survivors)


def _to_test(path: str) -> list[str]:
    """The mutants of ``path`` still to test: new ones, and those that were not killed."""
    meta = _meta(path)
    functions = _functions(path) if meta else {}
    return [
        mutant
        for mutant, code in sorted(meta.items())
        if code not in KILLED and not message_only(functions, mutant)
    ]


def _mutmut(names: list[str]) -> None:
    command = [str(MUTMUT), "run", "--max-children", "1", *names]
    subprocess.run(command, cwd=ROOT, stdout=sys.stderr, stderr=sys.stderr, check=False)


def run_module(path: str) -> Score:
    dotted = path.removesuffix(".py").replace("/", ".")
    names = _to_test(path) if _meta(path) else [f"{dotted}.*"]
    for _attempt in range(3):
        if not names:
            break
        _mutmut(names)  # also regenerates the mutants of functions changed since the last run
        names = [mutant for mutant, code in _meta(path).items() if code is UNCHECKED]
    return score(path)


def main(argv: list[str]) -> int:
    os.chdir(ROOT)
    unknown = [name for name in argv if name not in MODULES and name != "tables"]
    if unknown:
        print(f"unknown module(s): {', '.join(unknown)}; one of {', '.join(MODULES)}, tables")
        return 2
    wanted = argv or [*MODULES, "tables"]
    for name in wanted:
        if name == "tables":
            from mutate import tables

            tables.main()
            continue
        result = run_module(MODULES[name])
        for survivor in result.survivors:
            print(f"survived: {survivor}", file=sys.stderr)
        print(
            f"mutation_score_{name}: {result.percent:.1f} %"
            f" ({result.killed}/{result.total} killed, {result.messages} message-only left out)",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.path[0] = str(ROOT)
    raise SystemExit(main(sys.argv[1:]))
