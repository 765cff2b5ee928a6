"""The demo's official reports of Gia Viên: last quarter's report issued (number, frozen files)
and this month's draft, its narrative half written."""

from __future__ import annotations

from datetime import date, timedelta

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.reports import services
from khongmatuy.reports.models import Report
from khongmatuy.reports.rules import periods

LETTERHEAD = {
    "parent_body": "Ủy ban nhân dân phường Gia Viên",
    "issuing_body": "Công an phường Gia Viên",
    "body_code": "CAP",
    "place_name": "Gia Viên",
    "authority": "KT.",
    "authority_body": "Trưởng Công an phường",
    "signer_position": "Phó Trưởng Công an phường",
    "signer_name": "Trần Văn Bình",
    "recipients": "Công an thành phố Hải Phòng (PC04)\nĐảng ủy, HĐND, UBND phường Gia Viên\n"
    "Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội phường",
    "filing": "VT, CAP",
}
RESULTS = (
    "Công an phường đã tham mưu Đảng ủy, UBND phường triển khai kế hoạch xây dựng phường không ma "
    "túy; rà soát, cập nhật danh sách người sử dụng trái phép chất ma túy, người nghiện tại 73 tổ "
    "dân phố; phân công người giúp đỡ cho từng người trong diện quản lý.\n"
    "Phối hợp các đoàn thể tổ chức tuyên truyền tại các tổ dân phố; kiểm tra các cơ sở kinh doanh "
    "có điều kiện về an ninh, trật tự trên địa bàn."
)


def load_demo_reports(*, actor: User, today: date) -> list[Report]:
    """The issued quarterly report (the last quarter whose cut-off has passed) and the month's
    draft, written by Gia Viên's officer and approved by its leader."""
    gia_vien = Area.objects.get(code="11359", level=2)
    officer = User.objects.get(username="cand_giavien")
    leader = User.objects.get(username="lanhdao_giavien")
    this_quarter = periods.current(periods.PeriodKind.QUARTER, on=today)
    quarter = periods.current(periods.PeriodKind.QUARTER, on=this_quarter.start - timedelta(days=1))
    report = services.report_create(
        actor=officer,
        area=gia_vien,
        period=quarter,
        summary=f"Kết quả công tác phòng, chống ma túy {quarter.label}",
        **LETTERHEAD,
    )
    report = services.report_update(
        actor=officer,
        report=report,
        results=RESULTS,
        shortcomings="Một số tổ dân phố chưa cập nhật kịp thời biến động người sử dụng.",
        next_tasks="Tiếp tục rà soát, làm sạch dữ liệu; đề nghị công nhận thêm tổ dân phố.",
        proposals="Đề nghị Công an thành phố hỗ trợ kinh phí xét nghiệm nhanh.",
    )
    report = services.report_approve(actor=leader, report=report)
    issued = services.report_issue(actor=leader, report=report, on=today)
    month = periods.current(periods.PeriodKind.MONTH, on=today)
    draft = services.report_create(
        actor=officer,
        area=gia_vien,
        period=month,
        summary=f"Kết quả công tác phòng, chống ma túy {month.label}",
        **LETTERHEAD,
    )
    draft = services.report_update(actor=officer, report=draft, results=RESULTS.split("\n")[0])
    return [issued, draft]
