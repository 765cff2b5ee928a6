"""Workflows as data: which step may follow which, with one guard and one error.

A table is a list of named steps, each allowed from a set of statuses and leading to a status
(or keeping it, for a step that is only recorded, such as extending a deadline). A plain status
graph ("from detected to under_action or eliminated") is the same table with each step named by
its target. Tables are pure: no ORM, no clock. The service that applies a step holds the row lock
and writes the event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .errors import InvalidTransition


@dataclass(frozen=True)
class Transition:
    """One step: ``name`` is allowed from ``sources`` and leads to ``target`` (None: unchanged)."""

    name: str
    sources: frozenset[str]
    target: str | None


class TransitionTable:
    """The allowed steps of one workflow, in the order they are offered to the user."""

    def __init__(self, transitions: Iterable[Transition], *, field: str = "status") -> None:
        self.transitions: dict[str, Transition] = {}
        for transition in transitions:
            if transition.name in self.transitions:
                raise ValueError(f"step {transition.name!r} declared twice")
            self.transitions[transition.name] = transition
        self.field = field

    @classmethod
    def from_graph(
        cls, graph: Mapping[str, Iterable[str]], *, order: Iterable[str] = (), field: str = "status"
    ) -> TransitionTable:
        """A status graph (source → allowed targets) as a table of steps named by their target.

        ``order`` (the statuses in their display order) decides the order of ``available``.
        """
        sources: dict[str, set[str]] = {}
        for source, targets in graph.items():
            for target in targets:
                sources.setdefault(str(target), set()).add(str(source))
        ranked = [str(s) for s in order]
        names = sorted(sources, key=lambda n: ranked.index(n) if n in ranked else len(ranked))
        return cls(
            (Transition(name, frozenset(sources[name]), name) for name in names), field=field
        )

    def __contains__(self, name: object) -> bool:
        return name in self.transitions

    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    def allows(self, source: str, name: str) -> bool:
        transition = self.transitions.get(name)
        return transition is not None and source in transition.sources

    def available(self, source: str) -> list[str]:
        """The steps allowed from ``source``, in declared order (a form's choices)."""
        return [t.name for t in self.transitions.values() if source in t.sources]

    def targets(self, source: str) -> frozenset[str]:
        return frozenset(
            t.target for t in self.transitions.values() if source in t.sources and t.target
        )

    def guard(self, source: str, name: str, *, message: str | None = None) -> Transition:
        """The step, or ``InvalidTransition`` keyed by the table's field when it is not allowed."""
        transition = self.transitions.get(name)
        if transition is None or source not in transition.sources:
            raise InvalidTransition(
                {self.field: message or _("Thao tác này không được phép ở tình trạng hiện tại.")}
            )
        return transition
