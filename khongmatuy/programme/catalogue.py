"""The programme's projects and indicators as shipped: what the legal basis and the ward plan
confirm, the rest flagged unconfirmed ("chưa xác nhận") until an administrator confirms it from
the official text on the legal-values page (``legal.py``).

- Nghị quyết 163/2024/QH15 (27/11/2024) approves the investment policy, 2025–2030; Nghị quyết
  50/NQ-CP (13/3/2025) is the Government's plan; Quyết định 7619/QĐ-BCA (8/9/2025) approves the
  programme. The press reports nine projects; their official names and numbers are not
  confirmed by a text we hold.
- Kế hoạch UBND phường Thủy Nguyên III.1.b names Projects 1, 2, 4, 5, 9 and Sub-project 2 of
  Project 7: those names are confirmed by that plan. Project 7's own name is not.
- Targets to 2030 (Nghị quyết 163/2024/QH15): at least 50 % of communes drug-free; 100 % of
  hotspots detected and eliminated. Nghị quyết 50/NQ-CP, as the provinces cite it: 20 % of
  communes drug-free in 2025. Schools (100 %) and workers (over 70 %) are reported targets, also
  set by Kế hoạch UBND phường Thủy Nguyên II.4; legal aid (II.5) and medical and psychological
  support (II.6) to 100 % of those eligible are the ward plan's, not confirmed nationally.

Used by the data migration and the tests; no ORM here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .choices import Measure

WARD_PLAN = "Kế hoạch UBND phường Thủy Nguyên, mục III.1.b"
RES_163 = "Nghị quyết 163/2024/QH15 ngày 27/11/2024 của Quốc hội"
RES_50 = "Nghị quyết 50/NQ-CP ngày 13/3/2025 của Chính phủ (theo trích dẫn của các tỉnh)"


@dataclass(frozen=True)
class ProjectSpec:
    code: str
    number: int
    name: str
    parent: str = ""
    confirmed: bool = False
    source: str = ""


PROJECTS: tuple[ProjectSpec, ...] = (
    ProjectSpec(
        "DA1",
        1,
        "Phòng ngừa, đấu tranh tội phạm về ma túy có tổ chức, xuyên quốc gia",
        confirmed=True,
        source=WARD_PLAN,
    ),
    ProjectSpec(
        "DA2",
        2,
        "Ứng dụng khoa học và công nghệ trong phòng, chống ma túy",
        confirmed=True,
        source=WARD_PLAN,
    ),
    ProjectSpec(
        "DA4",
        4,
        "Nâng cao hiệu quả công tác phòng, chống ma túy ở cơ sở",
        confirmed=True,
        source=WARD_PLAN,
    ),
    ProjectSpec(
        "DA5",
        5,
        "Nâng cao hiệu quả cai nghiện ma túy và quản lý sau cai",
        confirmed=True,
        source=WARD_PLAN,
    ),
    # Named only as the parent of its Sub-project 2: the name is not in any text we hold.
    ProjectSpec("DA7", 7, ""),
    ProjectSpec(
        "DA7-TDA2",
        2,
        "Nâng cao hiệu quả truyền thông, giáo dục phòng, chống ma túy ở cơ sở",
        parent="DA7",
        confirmed=True,
        source=WARD_PLAN,
    ),
    ProjectSpec(
        "DA9",
        9,
        "Quản lý, giám sát, đánh giá chương trình",
        confirmed=True,
        source=WARD_PLAN,
    ),
)


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    measure: str
    targets: tuple[tuple[int, Decimal], ...]
    source: str
    confirmed: bool
    strictly_above: bool = False
    order: int = 0


INDICATORS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(
        "drug_free_communes",
        "Tỷ lệ xã, phường, đặc khu được công nhận không ma túy",
        Measure.DRUG_FREE_COMMUNES,
        ((2025, Decimal(20)), (2030, Decimal(50))),
        f"{RES_163}; {RES_50}",
        confirmed=True,
        order=10,
    ),
    IndicatorSpec(
        "hotspots_eliminated",
        "Tỷ lệ điểm, tụ điểm phức tạp về ma túy được phát hiện, triệt xóa",
        Measure.HOTSPOTS_ELIMINATED,
        ((2030, Decimal(100)),),
        RES_163,
        confirmed=True,
        order=20,
    ),
    IndicatorSpec(
        "schools_reached",
        "Tỷ lệ nhà trường được tuyên truyền, giáo dục phòng, chống ma túy",
        Measure.SCHOOLS_REACHED,
        ((2030, Decimal(100)),),
        "Kế hoạch UBND phường Thủy Nguyên, mục II.4 (chỉ tiêu quốc gia theo báo chí)",
        confirmed=False,
        order=30,
    ),
    IndicatorSpec(
        "workers_reached",
        "Tỷ lệ người lao động tại doanh nghiệp được tuyên truyền",
        Measure.WORKERS_REACHED,
        ((2030, Decimal(70)),),
        "Kế hoạch UBND phường Thủy Nguyên, mục II.4 (chỉ tiêu quốc gia theo báo chí)",
        confirmed=False,
        strictly_above=True,
        order=40,
    ),
    IndicatorSpec(
        "support",
        "Tỷ lệ người sử dụng, người nghiện, người sau cai được tư vấn, hỗ trợ y tế, tâm lý",
        Measure.SUPPORT,
        ((2030, Decimal(100)),),
        "Kế hoạch UBND phường Thủy Nguyên, mục II.6",
        confirmed=False,
        order=50,
    ),
    IndicatorSpec(
        "legal_aid",
        "Tỷ lệ người thuộc diện trợ giúp pháp lý có yêu cầu được trợ giúp pháp lý",
        Measure.ENTERED,
        ((2030, Decimal(100)),),
        "Kế hoạch UBND phường Thủy Nguyên, mục II.5",
        confirmed=False,
        order=60,
    ),
)
