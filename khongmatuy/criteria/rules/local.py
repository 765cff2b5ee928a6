"""Local rule sets fixed by local plans, built in as version 1 (administrators add versions in the
UI).

"Tổ dân phố không ma túy" (kế hoạch phường Gia Viên, mục III.5–6): a residential
group is kept drug-free when it has no new addicts or illegal users, no place organising or
harbouring drug use and no dealers. The plan fixes these three "none" conditions, so they are
confirmed local criteria (Quyết định 28/2025/QĐ-TTg sets criteria for communes, none for
residential groups). The 12-month window for new users is the plans' yearly "giữ vững" cycle.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from khongmatuy.areas.models import Level

from ..engine import ConditionSpec, RuleSetSpec

DRUG_FREE_GROUP = "to_dan_pho_khong_ma_tuy"
_ARTICLE = "Kế hoạch phường Gia Viên, mục III.5–6"

DRUG_FREE_GROUP_V1 = RuleSetSpec(
    code=DRUG_FREE_GROUP,
    version="1",
    effective_from=date(2025, 1, 1),
    name=_("Tổ dân phố không ma túy"),
    level=Level.GROUP,
    combination="all",
    at_least=None,
    conditions=(
        ConditionSpec(
            code="1",
            label=_("Không phát sinh mới người nghiện, người sử dụng trái phép chất ma túy"),
            metric="new_users",
            comparator="==",
            threshold=Decimal(0),
            window_months=12,
            article=_ARTICLE,
        ),
        ConditionSpec(
            code="2",
            label=_("Không có địa điểm tổ chức, chứa chấp sử dụng trái phép chất ma túy"),
            metric="harbouring_places",
            comparator="==",
            threshold=Decimal(0),
            article=_ARTICLE,
        ),
        ConditionSpec(
            code="3",
            label=_("Không có đối tượng mua bán trái phép chất ma túy"),
            metric="dealers",
            comparator="==",
            threshold=Decimal(0),
            article=_ARTICLE,
        ),
    ),
    source="Kế hoạch xây dựng tổ dân phố không ma túy của phường Gia Viên (mục III.5–6)",
    window_months=12,
)

RULE_SETS: tuple[RuleSetSpec, ...] = (DRUG_FREE_GROUP_V1,)
CODES = frozenset(spec.code for spec in RULE_SETS)
