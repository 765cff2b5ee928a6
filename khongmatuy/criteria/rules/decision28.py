"""Decision 28/2025/QĐ-TTg (issued and effective 24/8/2025) as built-in, versioned rule sets.

Thresholds come from the text of Quyết định 28/2025/QĐ-TTg. What could not be confirmed from it
is carried here as data with ``confirmed=False`` (threshold ``None`` when no value is known): an
administrator sets or confirms it from the official text on the legal-values page
(``criteria.legal``, then ``threshold_confirm``), which makes a new stored version.

Choices made here (document before changing):

* **OR inside a criterion.** Criterion (d) ("≥ 3.000 cây hoặc ≥ 750 m²") is two conditions with
  codes ``d.1`` and ``d.2``: codes sharing the part before the dot are alternatives, the criterion
  is met when one of them is (see ``evaluate.py``): one metric per condition row.
* **Rates are in percent**: ``managed_rate >= 0.5`` means 0,5 % of the resident population.
* **Type II/III bands as lower bounds.** Types are judged from type I downwards (a reading of the
  decision's bands, itself UNCONFIRMED), so a type II criterion only needs its lower bound; the
  upper bound of the band is the type I threshold. Type II (b) "1 địa điểm" is therefore ``>= 1``.
* **Windows.** The reference period for arrests and destroyed plants is UNCONFIRMED; the default is
  12 months ending on the evaluation date (``window_months``), shown with every result.
* **Route criterion (đ), type I**: "meets at least 2 other criteria **and** lies on an intra- or
  inter-provincial key route" (the Government's news release of the decision). The route part is
  the metric ``on_key_route`` (1 on a route the province recorded, ``criteria.KeyRoute``; see
  ``facts.py``), so its threshold is definitional (``>= 1``); the "2 other criteria" part is
  judged by the engine (``with_other_met``). The sources word the others as criteria "of type
  III or higher", whose thresholds are UNCONFIRMED; the engine counts this rule set's own
  criteria, which gives the same type I conclusion (a commune with fewer than 2 of (a)–(d) met
  cannot reach 3 criteria anyway). For types II and III the wording of (đ) is UNCONFIRMED:
  unknown until an administrator sets it.
* Province criteria 1 and 5 use metrics the fact gatherer does not provide yet
  (``hotspot_commune_share``, ``province_criterion_1``): until an administrator sets them they
  are unknown, and a result depending on them is ``None``.
* **Citations.** The Government portal's news release of the decision numbers the commune hotspot
  types as clauses 1–3 (khoản) with criteria a–đ (điểm); the article (Điều) numbers and the
  clauses of the province and drug-free criteria could not be read from the official text, and
  every citation says so.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from khongmatuy.areas.models import Level

from ..engine import ConditionSpec, RuleSetSpec

EFFECTIVE = date(2025, 8, 24)
SOURCE = "Quyết định số 28/2025/QĐ-TTg ngày 24/8/2025 của Thủ tướng Chính phủ"

COMMUNE_HOTSPOT_I = "qd28_xa_trong_diem_loai_1"
COMMUNE_HOTSPOT_II = "qd28_xa_trong_diem_loai_2"
COMMUNE_HOTSPOT_III = "qd28_xa_trong_diem_loai_3"
PROVINCE_HOTSPOT = "qd28_tinh_trong_diem"
DRUG_FREE_COMMUNE = "qd28_xa_khong_ma_tuy"

# The route metric (``facts.py``, from the recorded key routes).
ROUTE_METRIC = "on_key_route"
# A provincial criterion's metric no registry gives yet (data input). Its meaning is known, so an
# administrator may confirm a threshold on it; province criterion 1's content is unknown, so
# confirming it means choosing a metric from ``METRICS``.
SHARE_METRIC = "hotspot_commune_share"
DATA_INPUT_METRICS = frozenset({SHARE_METRIC})

_UNREAD = "số điều chưa xác nhận"
_ARTICLE_COMMUNE = (
    f"QĐ 28/2025/QĐ-TTg, tiêu chí địa bàn cấp xã trọng điểm phức tạp về ma túy ({_UNREAD})"
)
_ARTICLE_PROVINCE = (
    "QĐ 28/2025/QĐ-TTg, tiêu chí địa bàn cấp tỉnh trọng điểm phức tạp về ma túy"
    " (số điều, khoản chưa xác nhận)"
)
_ARTICLE_FREE = (
    "QĐ 28/2025/QĐ-TTg, tiêu chí địa bàn cấp xã không ma túy (số điều, khoản chưa xác nhận)"
)

_LABEL_A = _("Tỷ lệ người nghiện, người sử dụng trái phép chất ma túy có hồ sơ quản lý / dân số")
_LABEL_B = _("Địa điểm tổ chức, chứa chấp sử dụng trái phép chất ma túy")
_LABEL_C = _("Tỷ lệ người phạm tội về ma túy bị bắt / dân số")
_LABEL_D1 = _("Số cây có chứa chất ma túy phát hiện, tiêu hủy")
_LABEL_D2 = _("Diện tích trồng cây có chứa chất ma túy phát hiện, tiêu hủy (m²)")
_LABEL_E = _("Nằm trên tuyến trọng điểm phức tạp về ma túy nội tỉnh hoặc liên tỉnh")


def _c(
    code: str,
    label: object,
    metric: str,
    comparator: str,
    threshold: str | None,
    *,
    confirmed: bool = True,
    article: str,
    window_months: int | None = None,
) -> ConditionSpec:
    return ConditionSpec(
        code=code,
        label=label,
        metric=metric,
        comparator=comparator,
        threshold=Decimal(threshold) if threshold is not None else None,
        confirmed=confirmed,
        window_months=window_months,
        article=article,
    )


def _hotspot(
    code: str,
    name: object,
    at_least: int,
    thresholds: dict[str, str | None],
    *,
    clause: int,
    type_label: str,
    route_with_other_met: int | None = None,
) -> RuleSetSpec:
    """One commune hotspot type (clause ``clause``): criteria (a)–(đ); a threshold given as None
    is UNCONFIRMED. ``route_with_other_met``: how many other criteria (đ) needs besides the
    route, when the sources give it."""
    art = f"{_ARTICLE_COMMUNE}, khoản {clause} ({type_label})"

    def cond(c: str, label: object, metric: str) -> ConditionSpec:
        value = thresholds.get(c)
        spec = _c(
            c,
            label,
            metric,
            ">=",
            value,
            confirmed=value is not None,
            article=f"{art}, điểm {c.split('.')[0]}",
        )
        if c == "đ" and route_with_other_met is not None:
            spec = replace(spec, with_other_met=route_with_other_met)
        return spec

    return RuleSetSpec(
        code=code,
        version="1",
        effective_from=EFFECTIVE,
        name=name,
        level=Level.COMMUNE,
        combination="at_least",
        at_least=at_least,
        conditions=(
            cond("a", _LABEL_A, "managed_rate"),
            cond("b", _LABEL_B, "harbouring_places"),
            cond("c", _LABEL_C, "arrest_rate"),
            cond("d.1", _LABEL_D1, "plants_destroyed"),
            cond("d.2", _LABEL_D2, "cultivation_m2"),
            cond("đ", _LABEL_E, ROUTE_METRIC),
        ),
        source=SOURCE,
    )


# Type I (khoản 1, at least 3 of 5): (a) ≥ 0,5 %; (b) ≥ 2; (c) ≥ 0,1 %; (d) ≥ 3.000 cây hoặc
# ≥ 750 m²; (đ) on a key route (on_key_route ≥ 1) and at least 2 other criteria met.
TYPE_I = _hotspot(
    COMMUNE_HOTSPOT_I,
    _("Địa bàn cấp xã trọng điểm phức tạp về ma túy loại I"),
    3,
    {"a": "0.5", "b": "2", "c": "0.1", "d.1": "3000", "d.2": "750", "đ": "1"},
    clause=1,
    type_label="loại I",
    route_with_other_met=2,
)
# Type II (at least 3): lower bounds; (b) 1 place, (c) from 0,05 %, (d) area from 125 m²;
# (a), the plant band of (d) and (đ) are UNCONFIRMED.
TYPE_II = _hotspot(
    COMMUNE_HOTSPOT_II,
    _("Địa bàn cấp xã trọng điểm phức tạp về ma túy loại II"),
    3,
    {"a": None, "b": "1", "c": "0.05", "d.1": None, "d.2": "125", "đ": None},
    clause=2,
    type_label="loại II",
)
# Type III (at least 1): every threshold UNCONFIRMED.
TYPE_III = _hotspot(
    COMMUNE_HOTSPOT_III,
    _("Địa bàn cấp xã trọng điểm phức tạp về ma túy loại III"),
    1,
    {},
    clause=3,
    type_label="loại III",
)

# Province (Quyết định 28/2025/QĐ-TTg, tiêu chí địa bàn cấp tỉnh): 2 ≥ 0,2 %, 3 ≥ 5 places,
# 4 ≥ 0,05 %; 1 and 5 UNCONFIRMED, and how many criteria a province must meet is UNCONFIRMED
# (at_least None: never decided until set).
PROVINCE = RuleSetSpec(
    code=PROVINCE_HOTSPOT,
    version="1",
    effective_from=EFFECTIVE,
    name=_("Địa bàn cấp tỉnh trọng điểm phức tạp về ma túy"),
    level=Level.PROVINCE,
    combination="at_least",
    at_least=None,
    conditions=(
        _c(
            "1",
            _("Tiêu chí 1 (nội dung chưa xác nhận)"),
            "province_criterion_1",
            ">=",
            None,
            confirmed=False,
            article=f"{_ARTICLE_PROVINCE}, tiêu chí 1",
        ),
        _c("2", _LABEL_A, "managed_rate", ">=", "0.2", article=f"{_ARTICLE_PROVINCE}, tiêu chí 2"),
        _c(
            "3",
            _LABEL_B,
            "harbouring_places",
            ">=",
            "5",
            article=f"{_ARTICLE_PROVINCE}, tiêu chí 3",
        ),
        _c("4", _LABEL_C, "arrest_rate", ">=", "0.05", article=f"{_ARTICLE_PROVINCE}, tiêu chí 4"),
        _c(
            "5",
            _("Tỷ lệ đơn vị cấp xã của tỉnh là địa bàn trọng điểm phức tạp về ma túy"),
            SHARE_METRIC,
            ">=",
            None,
            confirmed=False,
            article=f"{_ARTICLE_PROVINCE}, tiêu chí 5",
        ),
    ),
    source=SOURCE,
)

# Drug-free commune (Quyết định 28/2025/QĐ-TTg, tiêu chí địa bàn cấp xã không ma túy): every
# condition of the decision is UNCONFIRMED. Proposed as data, from local criteria, each unconfirmed
# until an administrator confirms it: no users outside treatment (phường Thuận Hóa, Huế; Quảng
# Ninh); no harbouring places (Huế, Quảng Ninh, kế hoạch phường Gia Viên mục III.5–6); no dealers
# (kế hoạch Gia Viên mục III.5–6; Quảng Ninh); no new users in the window (kế hoạch Gia Viên mục
# III.5–6, "không phát sinh mới").
_FREE_NOTE = "đề xuất, chưa xác nhận"
DRUG_FREE = RuleSetSpec(
    code=DRUG_FREE_COMMUNE,
    version="1",
    effective_from=EFFECTIVE,
    name=_("Địa bàn cấp xã không ma túy"),
    level=Level.COMMUNE,
    combination="all",
    at_least=None,
    conditions=(
        _c(
            "1",
            _(
                "Không có người nghiện, người sử dụng trái phép"
                " (trừ người đang cai nghiện, điều trị)"
            ),
            "users_outside_treatment",
            "==",
            "0",
            confirmed=False,
            article=f"{_ARTICLE_FREE} ({_FREE_NOTE}; theo tiêu chí của phường Thuận Hóa, Huế"
            " và xã, phường sạch ma túy của Quảng Ninh)",
        ),
        _c(
            "2",
            _("Không có địa điểm tổ chức, chứa chấp sử dụng trái phép chất ma túy"),
            "harbouring_places",
            "==",
            "0",
            confirmed=False,
            article=f"{_ARTICLE_FREE} ({_FREE_NOTE}; Huế, Quảng Ninh,"
            " kế hoạch Gia Viên mục III.5–6)",
        ),
        _c(
            "3",
            _("Không có đối tượng mua bán trái phép chất ma túy"),
            "dealers",
            "==",
            "0",
            confirmed=False,
            article=f"{_ARTICLE_FREE} ({_FREE_NOTE}; kế hoạch Gia Viên mục III.5–6, Quảng Ninh)",
        ),
        _c(
            "4",
            _("Không phát sinh mới người nghiện, người sử dụng trái phép chất ma túy"),
            "new_users",
            "==",
            "0",
            confirmed=False,
            window_months=12,
            article=f"{_ARTICLE_FREE} ({_FREE_NOTE}; kế hoạch Gia Viên mục III.5–6;"
            " khoảng thời gian 12 tháng chưa xác nhận)",
        ),
    ),
    source=(
        f"{SOURCE} (điều kiện đề xuất theo kế hoạch phường Gia Viên và tiêu chí của Huế, "
        "Quảng Ninh; chưa đối chiếu văn bản chính thức)"
    ),
)

RULE_SETS: tuple[RuleSetSpec, ...] = (TYPE_I, TYPE_II, TYPE_III, PROVINCE, DRUG_FREE)
CODES = frozenset(spec.code for spec in RULE_SETS)
# Rule sets whose "passed" means the area IS a hotspot (bad news), not that it is drug-free.
HOTSPOT_CODES = frozenset(
    {COMMUNE_HOTSPOT_I, COMMUNE_HOTSPOT_II, COMMUNE_HOTSPOT_III, PROVINCE_HOTSPOT}
)
