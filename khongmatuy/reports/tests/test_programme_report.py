"""The yearly monitoring report of the national target programme: a report kind with the same
life and files as the periodic report; per project the money by source, disbursed, the rate
against the schedule, the outputs; the programme's indicators with target and value."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from khongmatuy.common.errors import DomainError
from khongmatuy.programme import services as money_services
from khongmatuy.programme.choices import FundSource
from khongmatuy.programme.models import Indicator
from khongmatuy.programme.tests.factories import QUARTERS, allocate, commune_project, disburse
from khongmatuy.reports import documents, services
from khongmatuy.reports.models import Report
from khongmatuy.reports.tests.fixtures import Quarter, quarter, ward_leader  # noqa: F401

pytestmark = pytest.mark.django_db

ISSUE_DAY = date(2027, 1, 5)
LETTERHEAD = {
    "parent_body": "Ủy ban nhân dân phường Gia Viên",
    "issuing_body": "Công an phường Gia Viên",
    "body_code": "CAP",
    "place_name": "Gia Viên",
    "summary": "Kết quả thực hiện Chương trình mục tiêu quốc gia phòng, chống ma túy năm 2026",
    "signer_position": "Trưởng Công an phường",
    "signer_name": "Đỗ Văn Ký",
    "recipients": "UBND phường Gia Viên",
}


def _report(q: Quarter) -> Report:
    cp = commune_project(actor=q.officer, area=q.world.ward_a)
    allocate(actor=q.officer, cp=cp, amount="100000000", schedule=QUARTERS)
    allocate(actor=q.officer, cp=cp, amount="20000000", source=FundSource.LOCAL)
    disburse(actor=q.officer, cp=cp, amount="30000000", paid_on=date(2026, 9, 14))
    money_services.output_record(
        actor=q.officer,
        commune_project=cp,
        year=2026,
        description="Lớp tập huấn cho cán bộ tổ dân phố",
        achieved_on=date(2026, 10, 2),
        today=date(2026, 11, 30),
        quantity=Decimal(3),
        unit="lớp",
    )
    report = services.programme_report_create(
        actor=q.officer, area=q.world.ward_a, year=2026, **LETTERHEAD
    )
    report = services.report_update(
        actor=q.officer, report=report, results="Các dự án triển khai đúng kế hoạch."
    )
    return services.report_approve(actor=q.leader, report=report)


def test_the_programme_report_is_issued_with_projects_and_indicators(
    quarter: Quarter,  # noqa: F811
) -> None:
    report = _report(quarter)
    assert (report.kind, report.period_kind, report.year) == ("programme", "year", 2026)
    report = services.report_issue(actor=quarter.leader, report=report, on=ISSUE_DAY)
    assert (report.status, report.number) == ("issued", 1)
    document = docx.Document(io.BytesIO(bytes(report.docx)))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Số: 01/BC-CAP" in text
    assert "Gia Viên, ngày 05 tháng 01 năm 2027" in text
    assert "số liệu tính đến ngày 31/12/2026" in text
    projects = next(t for t in document.tables if t.rows[0].cells[0].text == "Dự án")
    assert len(projects.rows) == 2
    row = [c.text for c in projects.rows[1].cells]
    assert row[0].startswith("Dự án 4")
    assert row[1] == "Ngân sách trung ương: 100.000.000 đ; Ngân sách địa phương: 20.000.000 đ"
    assert row[2:4] == ["120.000.000 đ", "30.000.000 đ"]
    assert row[4] == "25 % (kế hoạch 100 %)"  # 30/120; the schedule's share by 31/12
    assert row[5] == "Lớp tập huấn cho cán bộ tổ dân phố 3 lớp"
    indicators = next(t for t in document.tables if t.rows[0].cells[0].text == "Chỉ tiêu")
    assert [c.text for c in indicators.rows[0].cells] == [
        "Chỉ tiêu",
        "Chỉ tiêu năm",
        "Kết quả",
        "Đánh giá",
    ]
    assert len(indicators.rows) == 1 + Indicator.objects.count()
    workbook = load_workbook(io.BytesIO(bytes(report.xlsx)), read_only=True)
    money, targets = workbook.worksheets
    money_rows = list(money.iter_rows(values_only=True))
    assert money_rows[0][0] == "Dự án"
    assert money_rows[1][2] == "120.000.000 đ"
    assert len(list(targets.iter_rows(values_only=True))) == 1 + Indicator.objects.count()
    if documents.converter_available():
        from pypdf import PdfReader

        pdf = PdfReader(io.BytesIO(bytes(report.pdf)))
        pdf_text = "\n".join(page.extract_text() for page in pdf.pages)
        assert "120.000.000 đ" in pdf_text
    # A correction is a new version whose file names the report it replaces.
    correction = services.report_correct(actor=quarter.officer, report=report)
    replaced = documents.document_for(correction, rows=[], on=ISSUE_DAY).replaces_line
    assert replaced == "Thay thế Báo cáo số 01/BC-CAP ngày 05/01/2027"


def test_the_programme_report_is_for_a_commune_or_province_in_the_programme_years(
    quarter: Quarter,  # noqa: F811
) -> None:
    with pytest.raises(DomainError) as group:
        services.programme_report_create(
            actor=quarter.officer, area=quarter.world.group_a1, year=2026, **LETTERHEAD
        )
    assert "area" in group.value.message_dict
    with pytest.raises(DomainError) as year:
        services.programme_report_create(
            actor=quarter.officer, area=quarter.world.ward_a, year=2024, **LETTERHEAD
        )
    assert "year" in year.value.message_dict


def test_render_report_writes_the_programme_report(
    quarter: Quarter,  # noqa: F811
    tmp_path: Path,
) -> None:
    _report(quarter)
    out = tmp_path / "ctmtqg.docx"
    call_command(
        "render_report",
        kind="programme",
        period="2026",
        area=quarter.world.ward_a.code,
        format="docx",
        output=str(out),
    )
    cells = [c.text for t in docx.Document(str(out)).tables for row in t.rows for c in row.cells]
    assert "30.000.000 đ" in cells


def test_the_report_page_names_the_kind_and_year(quarter: Quarter) -> None:  # noqa: F811
    from tests.personas import client_for

    report = _report(quarter)
    page = client_for(quarter.officer).get(report.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "theo dõi, đánh giá Chương trình mục tiêu quốc gia" in html
    assert "<dd>2026</dd>" in html


def test_the_officer_drafts_the_programme_report_in_the_browser(
    quarter: Quarter,  # noqa: F811
) -> None:
    from django.urls import reverse

    from tests.personas import client_for

    client = client_for(quarter.officer)
    url = reverse("reports:programme_create")
    assert client.get(url).status_code == 200
    data = {**LETTERHEAD, "filing": "VT", "area": quarter.world.ward_a.pk, "year": 2024}
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Năm phải trong giai đoạn của Chương trình" in refused.content.decode()
    assert not Report.objects.exists()
    created = client.post(url, {**data, "year": 2026})
    report = Report.objects.get()
    assert created.url == report.get_absolute_url()
    assert (report.kind, report.year, report.area) == ("programme", 2026, quarter.world.ward_a)
