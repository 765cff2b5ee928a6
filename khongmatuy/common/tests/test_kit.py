"""The shared kit: transition tables, validators, the formula-safe exporter."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl.xml
import pytest
from openpyxl import load_workbook

from khongmatuy.common import validators
from khongmatuy.common.errors import DomainError, InvalidTransition, raise_if
from khongmatuy.common.exporter import Column, Sheet, cell_value, workbook_bytes
from khongmatuy.common.transitions import Transition, TransitionTable

GRAPH = TransitionTable.from_graph(
    {"new": ["open", "closed"], "open": ["closed"]}, order=["new", "open", "closed"]
)
ACTIONS = TransitionTable(
    [
        Transition("assign", frozenset({"new"}), "open"),
        Transition("extend", frozenset({"open"}), None),
        Transition("close", frozenset({"new", "open"}), "closed"),
    ],
    field="action",
)


def test_graph_lists_targets_in_display_order():
    assert GRAPH.available("new") == ["open", "closed"]
    assert GRAPH.available("open") == ["closed"]
    assert GRAPH.available("closed") == []
    assert GRAPH.targets("new") == frozenset({"open", "closed"})


def test_actions_keep_declared_order_and_unchanged_targets():
    assert ACTIONS.available("open") == ["extend", "close"]
    assert ACTIONS.targets("open") == frozenset({"closed"})
    assert ACTIONS.guard("open", "extend").target is None


def test_guard_refuses_with_the_tables_field():
    with pytest.raises(InvalidTransition) as exc:
        ACTIONS.guard("closed", "assign")
    assert list(exc.value.message_dict) == ["action"]
    with pytest.raises(InvalidTransition) as exc:
        GRAPH.guard("open", "new", message="không được")
    assert exc.value.message_dict == {"status": ["không được"]}
    with pytest.raises(InvalidTransition):
        GRAPH.guard("open", "no-such-step")
    assert GRAPH.allows("new", "closed")
    assert not GRAPH.allows("closed", "open")


def test_a_step_declared_twice_is_a_programming_error():
    with pytest.raises(ValueError, match="twice"):
        TransitionTable([Transition("a", frozenset(), None), Transition("a", frozenset(), None)])


def test_invalid_transition_is_a_domain_error():
    assert issubclass(InvalidTransition, DomainError)


def test_raise_if_collects_every_error():
    raise_if({})
    with pytest.raises(DomainError) as exc:
        raise_if({"a": ["x"], "b": ["y"]})
    assert exc.value.message_dict == {"a": ["x"], "b": ["y"]}


@pytest.mark.parametrize("value", ["0912 345 678", "+84 (24) 3822.1234", "024-3822-1234", ""])
def test_phone_accepts_typed_forms(value):
    assert validators.phone(f"  {value} ", field="phone") == value


@pytest.mark.parametrize("value", ["0912a45678", "1234567", "09;12345678"])
def test_phone_refuses_letters_and_short_numbers(value):
    with pytest.raises(DomainError) as exc:
        validators.phone(value, field="contact")
    assert list(exc.value.message_dict) == ["contact"]


def test_required_text_folds_space_and_limits_length():
    assert validators.required_text("  Tổ   1 ", field="name", message="m") == "Tổ 1"
    with pytest.raises(DomainError) as exc:
        validators.required_text("   ", field="name", message="Nhập tên.")
    assert exc.value.message_dict == {"name": ["Nhập tên."]}
    with pytest.raises(DomainError) as exc:
        validators.required_text("abcd", field="name", message="m", max_length=3)
    assert "3" in exc.value.message_dict["name"][0]


def test_choice_refuses_unknown_values():
    from khongmatuy.common.roles import Role

    assert validators.choice("admin", Role, field="role") == "admin"
    with pytest.raises(DomainError) as exc:
        validators.choice("root", Role, field="role")
    assert "root" in exc.value.message_dict["role"][0]


def test_exporter_never_writes_a_formula():
    rows = [
        {"name": '=HYPERLINK("http://x")', "n": 3},
        {"name": "+1", "n": Decimal("1.5")},
        {"name": "-2", "n": None},
        {"name": "@SUM(A1)", "n": 0},
        {"name": "\tx", "n": 1},
        {"name": "\rx", "n": 1},
        {"name": "Nguyễn Văn A", "n": 7},
    ]
    sheet = Sheet(
        "Danh sách",
        [Column("=Tên", lambda r: r["name"]), Column("Số", lambda r: r["n"], width=12)],
        rows,
    )
    book = load_workbook(io.BytesIO(workbook_bytes(sheet)))
    assert sheet.count == 7
    cells = list(book["Danh sách"].iter_rows(values_only=False))
    assert [c.value for c in cells[0]] == ["=Tên", "Số"]
    assert all(row[0].data_type == "s" for row in cells)
    # The text is kept as typed; Python's own XML writer stores a carriage return as a line feed
    # (lxml, which openpyxl uses when installed, keeps it)
    typed = [r["name"] for r in rows]
    assert [row[0].value for row in cells[1:]] == (
        typed if openpyxl.xml.LXML else [t.replace("\r", "\n") for t in typed]
    )
    assert [row[1].value for row in cells[1:]] == [3, 1.5, None, 0, 1, 1, 7]


def test_cell_values_read_as_in_the_ui():
    assert cell_value(date(2026, 7, 1)) == "01/07/2026"
    assert cell_value(None) == ""
    assert cell_value(True) == 1
    assert cell_value(Decimal("2.50")) == Decimal("2.50")
