"""The figures of a periodic report: counted from the records, for an area and its subtree, as
of the period's cut-off day (a record dated on the cut-off day counts; one dated the day after
does not). Each figure comes with the same period of the year before.

The counting is ``counting.counts_many``: one statement per table for a period and the one it is
compared with, whatever the size of the area. A figure whose source
holds nothing to count from (a disbursement rate without any allocation) reads "chưa ghi nhận".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from khongmatuy.areas.models import Area
from khongmatuy.cases.models import Seizure
from khongmatuy.common.numbers import plain_decimal
from khongmatuy.people.choices import Category

from .counting import counts, counts_many
from .rules.periods import Period

__all__ = [
    "KINDS",
    "MONEY",
    "NOT_RECORDED",
    "PERCENT",
    "Row",
    "compute",
    "counts",
    "from_json",
    "sections",
    "to_json",
]

NOT_RECORDED = None  # shown as "chưa ghi nhận"


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    value: int | str | None
    last_year: int | str | None = None
    unit: str = ""
    section: str = ""
    kind: str = ""  # MONEY: whole đồng as a decimal string; PERCENT: a rate as a decimal string


MONEY, PERCENT = "money", "percent"


KINDS = {
    "support.rate": PERCENT,
    "programme.allocated": MONEY,
    "programme.disbursed": MONEY,
    "programme.rate": PERCENT,
}


def _spec() -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(section, [(code, label, unit)]) in the order the report prints them."""
    persons = [(f"persons.{c.value}", str(c.label), _("người")) for c in Category]
    return [
        (
            _("Người sử dụng trái phép chất ma túy, người nghiện và các diện quản lý"),
            [
                (
                    "persons.managed",
                    _("Người sử dụng trái phép, người nghiện đang quản lý"),
                    _("người"),
                ),
                (
                    "persons.new_users",
                    _("Người sử dụng, nghiện mới phát hiện trong kỳ"),
                    _("người"),
                ),
                (
                    "persons.categories_ended",
                    _("Người đưa ra khỏi diện sử dụng, nghiện trong kỳ"),
                    _("lượt"),
                ),
                *persons,
            ],
        ),
        (
            _("Biện pháp quản lý, cai nghiện, xét nghiệm"),
            [
                ("measures.started", _("Biện pháp bắt đầu trong kỳ"), _("biện pháp")),
                ("measures.ended", _("Biện pháp kết thúc trong kỳ"), _("biện pháp")),
                ("measures.overdue", _("Biện pháp quá hạn chưa kết thúc"), _("biện pháp")),
                ("measures.rehab_open", _("Người đang cai nghiện"), _("người")),
                ("measures.post_rehab_open", _("Người đang quản lý sau cai nghiện"), _("người")),
                ("tests.total", _("Lượt xét nghiệm chất ma túy"), _("lượt")),
                ("tests.positive", _("Lượt xét nghiệm dương tính"), _("lượt")),
            ],
        ),
        (
            _("Tư vấn, hỗ trợ, can thiệp (chỉ tiêu 100%)"),
            [
                (
                    "support.counted",
                    _("Người thuộc diện phải được tư vấn, hỗ trợ y tế, tâm lý (cuối kỳ)"),
                    _("người"),
                ),
                (
                    "support.complete",
                    _("Người đã được tư vấn và hỗ trợ y tế, tâm lý"),
                    _("người"),
                ),
                ("support.rate", _("Tỷ lệ được tư vấn, hỗ trợ y tế, tâm lý (chỉ tiêu 100%)"), ""),
                ("support.legal_aid", _("Người được trợ giúp pháp lý trong kỳ"), _("người")),
            ],
        ),
        (
            _("Địa bàn, điểm, tụ điểm"),
            [
                ("places.found", _("Điểm, tụ điểm phát hiện mới"), _("điểm")),
                ("places.eliminated", _("Điểm, tụ điểm triệt xóa"), _("điểm")),
                ("places.recurred", _("Điểm, tụ điểm tái phát"), _("điểm")),
                ("places.existing", _("Điểm, tụ điểm còn tồn tại"), _("điểm")),
                (
                    "businesses.inspected",
                    _("Cơ sở kinh doanh có điều kiện được kiểm tra"),
                    _("cơ sở"),
                ),
                (
                    "cultivation.destroyed",
                    _("Vụ trồng cây có chứa chất ma túy đã tiêu hủy"),
                    _("vụ"),
                ),
            ],
        ),
        (
            _("Đấu tranh, bắt giữ"),
            [
                ("cases.total", _("Vụ việc, vụ án phát hiện"), _("vụ")),
                ("cases.arrested", _("Người bị bắt giữ"), _("người")),
            ],
        ),
        (
            _("Tin báo, tố giác"),
            [
                ("tips.received", _("Tin báo, tố giác tiếp nhận"), _("tin")),
                ("tips.closed_in_time", _("Tin giải quyết xong trong hạn"), _("tin")),
                ("tips.overdue", _("Tin quá hạn chưa giải quyết"), _("tin")),
            ],
        ),
        (
            _("Xây dựng địa bàn không ma túy"),
            [
                ("recognition.registered", _("Địa bàn đăng ký xây dựng"), _("địa bàn")),
                ("recognition.achieved", _("Địa bàn được công nhận, giữ vững"), _("địa bàn")),
                ("recognition.withdrawn", _("Địa bàn bị thu hồi công nhận"), _("địa bàn")),
            ],
        ),
        (
            _("Tuyên truyền, cam kết, kế hoạch và kinh phí"),
            [
                ("prevention.sessions", _("Buổi tuyên truyền"), _("buổi")),
                (
                    "prevention.groups_due",
                    _("Tổ dân phố, thôn phải được tuyên truyền trong kỳ"),
                    _("tổ"),
                ),
                (
                    "prevention.groups_reached",
                    _("Tổ dân phố, thôn đã được tuyên truyền trong kỳ"),
                    _("tổ"),
                ),
                ("prevention.commitments", _("Hộ gia đình ký cam kết"), _("hộ")),
                (
                    "prevention.models",
                    _("Mô hình không ma túy đang hoạt động, được công nhận (cuối kỳ)"),
                    _("mô hình"),
                ),
                (
                    "plans.tasks_done",
                    _("Nhiệm vụ kế hoạch hoàn thành (được nghiệm thu trong kỳ)"),
                    _("nhiệm vụ"),
                ),
                (
                    "plans.tasks_overdue",
                    _("Nhiệm vụ kế hoạch quá hạn chưa nghiệm thu (cuối kỳ)"),
                    _("nhiệm vụ"),
                ),
                (
                    "programme.allocated",
                    _("Kinh phí Chương trình mục tiêu quốc gia được giao trong năm"),
                    "",
                ),
                ("programme.disbursed", _("Kinh phí Chương trình đã giải ngân đến cuối kỳ"), ""),
                ("programme.rate", _("Tỷ lệ giải ngân kinh phí Chương trình"), ""),
            ],
        ),
    ]


def _seizure_rows(now: list[Any], before: list[Any]) -> list[Row]:
    section = _("Tang vật thu giữ")
    earlier = {(name, unit): total for name, unit, total in before}
    keys = sorted({(n, u) for n, u, _t in now} | set(earlier))
    current = {(name, unit): total for name, unit, total in now}
    return [
        Row(
            code=f"seizures.{name}.{unit}",
            label=name,
            value=plain_decimal(current.get((name, unit), Decimal(0))),
            last_year=plain_decimal(earlier.get((name, unit), Decimal(0))),
            unit=str(Seizure.Unit(unit).label) if unit in Seizure.Unit.values else unit,
            section=section,
        )
        for name, unit in keys
    ]


def compute(*, area: Area, period: Period, compared: Period | None = None) -> list[Row]:
    """Every row of the report: this period and ``compared`` (by default the same period of the
    year before; the dashboard passes the same days of last year for a period still running)."""
    now, before = counts_many(area, [period, compared or period.last_year()])
    rows: list[Row] = []
    for section, items in _spec():
        for code, label, unit in items:
            recorded = code in now
            rows.append(
                Row(
                    code=code,
                    label=label,
                    value=now[code] if recorded else NOT_RECORDED,
                    last_year=before[code] if recorded else NOT_RECORDED,
                    unit=unit,
                    section=section,
                    kind=KINDS.get(code, ""),
                )
            )
    after = next(i for i, r in enumerate(rows) if r.code == "cases.arrested") + 1
    rows[after:after] = _seizure_rows(now["seizures"], before["seizures"])
    return rows


def to_json(rows: Iterable[Row]) -> list[dict[str, Any]]:
    return [asdict(r) for r in rows]


def from_json(data: Iterable[dict[str, Any]]) -> list[Row]:
    return [Row(**d) for d in data]


def sections(rows: Iterable[Row]) -> list[tuple[str, list[Row]]]:
    """The rows grouped by section, in order."""
    out: list[tuple[str, list[Row]]] = []
    for row in rows:
        if not out or out[-1][0] != row.section:
            out.append((row.section, []))
        out[-1][1].append(row)
    return out
