"""Reports API, v1: the official reports (drafts and issued ones), read-only, for roles with
``Capability.VIEW_REPORTS``, scoped like the report list page.

Drafting, approving, issuing and correcting stay on the pages (a leader's signature and the
numbering of Decree 30/2020/NĐ-CP). An issued report carries the figures it was frozen with; a
draft's figures are computed live on its page, so ``figures`` is empty until it is issued. The
files (.docx, .xlsx, .pdf) are downloaded from the page.
"""

from __future__ import annotations

from khongmatuy.common.api_registry import ModelOutput, Registry, registry_urls
from khongmatuy.common.roles import Capability
from khongmatuy.reports.rules.periods import PeriodKind

from .models import Report


class ReportOutput(ModelOutput):
    class Meta:
        model = Report
        fields = (
            "id",
            "area",
            "kind",
            "period_kind",
            "year",
            "number_in_year",
            "cutoff_day",
            "status",
            "evaluation",
            "parent_body",
            "issuing_body",
            "body_code",
            "summary",
            "signer_position",
            "signer_name",
            "number",
            "number_year",
            "issued_on",
            "revision",
            "replaces",
            "approved_at",
            "results",
            "shortcomings",
            "next_tasks",
            "proposals",
            "figures",
            "created_at",
            "updated_at",
            "version",
        )
        extra_kwargs = {
            "id": {"help_text": "Mã báo cáo."},
            "area": {"help_text": "Mã địa bàn báo cáo."},
            "kind": {"help_text": "Loại báo cáo."},
            "number_in_year": {"help_text": "Kỳ trong năm: tháng 1–12, quý 1–4, còn lại 1."},
            "status": {"help_text": "Trạng thái."},
            "number": {"help_text": "Số văn bản; null: chưa ban hành."},
            "number_year": {"help_text": "Năm của số văn bản."},
            "issued_on": {"help_text": "Ngày ban hành."},
            "revision": {"help_text": "Lần đính chính (1: bản đầu)."},
            "replaces": {"help_text": "Mã báo cáo mà bản này thay thế (đính chính)."},
            "approved_at": {"help_text": "Thời điểm lãnh đạo duyệt."},
            "figures": {"help_text": "Số liệu đã chốt khi ban hành; {} với dự thảo."},
            "created_at": {"help_text": "Thời điểm tạo."},
            "updated_at": {"help_text": "Thời điểm sửa gần nhất."},
            "version": {"help_text": "Phiên bản bản ghi."},
        }


REPORTS = Registry(
    name="reports",
    tag="Báo cáo",
    label="báo cáo",
    queryset=lambda user: Report.objects.for_user(user).defer("docx", "xlsx", "pdf"),
    output=ReportOutput,
    capability=Capability.VIEW_REPORTS,
    ordering={"year": ("year", "number_in_year"), "issued_on": ("issued_on",)},
    default_ordering="-year",
    choices={
        "kind": ("kind", Report.Kind.choices),
        "status": ("status", Report.Status.choices),
        "period_kind": ("period_kind", PeriodKind.choices),
    },
    description="Báo cáo chính thức của các địa bàn trong phạm vi (dự thảo, đã duyệt, đã ban "
    "hành), chỉ đọc. Báo cáo đã ban hành kèm số liệu đã chốt (figures); dự thảo tính số liệu "
    "trực tiếp trên trang nên figures để trống.",
)

api_urlpatterns = registry_urls(REPORTS)
