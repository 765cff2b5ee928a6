"""The documents of the compulsory-rehab dossier, in order, through to the court's decision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class DossierItemSpec:
    code: str
    title: StrOrPromise
    required: bool = True
    title_minor: StrOrPromise = ""


COURT_DECISION = "court_decision"
FAMILY_NOTICE = "family_notice"
REVIEW = "review"
COURT_SUBMISSION = "court_submission"
# Documents compiled before the family is notified (a minor's 3 working days run from then).
COMPILE_ITEMS = ("request", "cv_summary", "residence", "test_results", "statement")

# Decree 116/2021 (adults), Law 73 Arts. 33-34 (minors): the documents of the dossier, in order,
# through to the court's decision. Form numbers are UNCONFIRMED and not shown.
DOSSIER_ITEMS: tuple[DossierItemSpec, ...] = (
    DossierItemSpec(
        "request",
        gettext_lazy("Văn bản đề nghị áp dụng biện pháp đưa vào cơ sở cai nghiện bắt buộc"),
    ),
    DossierItemSpec("cv_summary", gettext_lazy("Bản tóm tắt lý lịch")),
    DossierItemSpec("residence", gettext_lazy("Tài liệu xác minh nơi cư trú")),
    DossierItemSpec(
        "test_results", gettext_lazy("Kết quả xét nghiệm, xác định tình trạng nghiện ma túy")
    ),
    DossierItemSpec(
        "prior_records",
        gettext_lazy("Tài liệu về việc sử dụng, cai nghiện ma túy trước đây (nếu có)"),
        required=False,
    ),
    DossierItemSpec("statement", gettext_lazy("Bản tự khai, tường trình của người bị đề nghị")),
    DossierItemSpec(
        FAMILY_NOTICE,
        gettext_lazy("Thông báo cho gia đình; ý kiến của gia đình"),
        title_minor=gettext_lazy(
            "Cha mẹ, người giám hộ đọc hồ sơ và có ý kiến (trong 03 ngày làm việc)"
        ),
    ),
    DossierItemSpec(
        REVIEW,
        gettext_lazy("Cơ quan có thẩm quyền kiểm tra tính pháp lý của hồ sơ"),
        title_minor=gettext_lazy("Chuyển hồ sơ đến cơ quan xem xét (trong 01 ngày)"),
    ),
    DossierItemSpec(
        COURT_SUBMISSION,
        gettext_lazy("Chuyển hồ sơ đề nghị Tòa án xem xét, quyết định"),
        title_minor=gettext_lazy("Chuyển hồ sơ đến Tòa án (trong 02 ngày)"),
    ),
    DossierItemSpec(COURT_DECISION, gettext_lazy("Quyết định của Tòa án")),
)
_SPECS = {s.code: s for s in DOSSIER_ITEMS}


def dossier_item_required(code: str) -> bool:
    spec = _SPECS.get(code)
    return spec.required if spec else False
