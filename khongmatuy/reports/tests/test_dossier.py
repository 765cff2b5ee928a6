"""The recognition dossier, a report kind: the area's stored evaluation with every criterion, the
evidence list and the proposal, issued as .docx (Decree 30 layout, the same code as the periodic
reports), .xlsx annex and PDF; the files are opened and read."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from openpyxl import load_workbook

from khongmatuy.common.errors import DomainError
from khongmatuy.common.roles import Role
from khongmatuy.criteria.rules import decision28, local
from khongmatuy.criteria.services import evaluation as evaluations
from khongmatuy.reports import documents, services
from khongmatuy.reports.models import Report
from khongmatuy.reports.tests.fixtures import Quarter, quarter, ward_leader  # noqa: F401
from tests.personas import make_user

pytestmark = pytest.mark.django_db

ON = date(2026, 9, 30)
ISSUE_DAY = date(2026, 10, 5)
LETTERHEAD = {
    "parent_body": "Ủy ban nhân dân phường Gia Viên",
    "issuing_body": "Công an phường Gia Viên",
    "body_code": "CAP",
    "place_name": "Gia Viên",
    "summary": "Đề nghị công nhận Tổ dân phố số 1 không ma túy",
    "authority": "KT.",
    "authority_body": "Trưởng Công an phường",
    "signer_position": "Phó Trưởng Công an phường",
    "signer_name": "Đỗ Văn Ký",
    "recipients": "UBND phường Gia Viên",
    "filing": "VT, CAP",
}


def _dossier(q: Quarter) -> Report:
    evaluation = evaluations.evaluate_area(
        actor=q.officer, area=q.world.group_a1, rule_set_code=local.DRUG_FREE_GROUP, on=ON
    )
    report = services.dossier_create(actor=q.officer, evaluation=evaluation, **LETTERHEAD)
    report = services.report_update(
        actor=q.officer,
        report=report,
        results="Tổ dân phố đã rà soát toàn bộ hộ gia đình.",
        proposals="Đề nghị UBND phường công nhận Tổ dân phố số 1 không ma túy.",
    )
    return services.report_approve(actor=q.leader, report=report)


def test_the_dossier_is_issued_with_every_criterion_and_its_evidence(
    quarter: Quarter,  # noqa: F811
) -> None:
    report = _dossier(quarter)
    assert (report.kind, report.year, report.area) == ("dossier", 2026, quarter.world.group_a1)
    report = services.report_issue(actor=quarter.leader, report=report, on=ISSUE_DAY)
    assert (report.status, report.number) == ("issued", 1)
    assert report.figures["rows"] == []  # its table is the stored evaluation
    evaluation = report.evaluation
    assert evaluation is not None
    document = docx.Document(io.BytesIO(bytes(report.docx)))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Số: 01/BC-CAP" in text
    assert "Gia Viên, ngày 05 tháng 10 năm 2026" in text
    assert "I. KẾT QUẢ ĐÁNH GIÁ THEO TỪNG TIÊU CHÍ" in text
    assert "II. DANH MỤC HỒ SƠ, TÀI LIỆU KÈM THEO" in text
    assert "Đề nghị UBND phường công nhận Tổ dân phố số 1 không ma túy." in text
    assert "Kết quả đánh giá tính đến ngày 30/09/2026 theo Tổ dân phố" in text
    # The criteria table: a header and one row per criterion, the result of each.
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Tiêu chí")
    assert [c.text for c in table.rows[0].cells] == [
        "Tiêu chí",
        "Kết quả",
        "Yêu cầu",
        "Đánh giá",
        "Căn cứ",
    ]
    assert len(table.rows) == 1 + len(evaluation.results)
    first = evaluation.results[0]
    assert table.rows[1].cells[0].text.startswith(f"{first['code']}. ")
    results = {"Đạt", "Không đạt", "Chưa kết luận"}
    assert {row.cells[3].text for row in table.rows[1:]} <= results
    # The evidence: the lists behind the criteria, by their links.
    assert "1. Tiêu chí 1: danh sách người mới phát hiện sử dụng (trên hệ thống: /people/?" in text
    assert "Tiêu chí 2: danh sách điểm tổ chức, chứa chấp sử dụng trái phép chất ma túy" in text
    assert "Còn thiếu căn cứ: Chưa hoàn thành rà soát dữ liệu" in text
    # The annex: the criteria and the documents, as two sheets.
    workbook = load_workbook(io.BytesIO(bytes(report.xlsx)), read_only=True)
    criteria, attached = workbook.worksheets
    rows = list(criteria.iter_rows(values_only=True))
    assert rows[0] == ("Tiêu chí", "Kết quả", "Yêu cầu", "Đánh giá", "Căn cứ")
    assert len(rows) == 1 + len(evaluation.results)
    documents_listed = list(attached.iter_rows(values_only=True))
    assert documents_listed[0] == ("STT", "Tài liệu")
    assert len(documents_listed) > 1


@pytest.mark.skipif(
    not documents.converter_available(), reason="LibreOffice (soffice) is not installed"
)
def test_the_dossier_pdf_reads_as_the_word_file(quarter: Quarter) -> None:  # noqa: F811
    from pypdf import PdfReader

    report = services.report_issue(actor=quarter.leader, report=_dossier(quarter), on=ISSUE_DAY)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(report.pdf))).pages)
    assert "DANH MỤC HỒ SƠ, TÀI LIỆU KÈM THEO" in text
    assert "Tổ dân phố số 1" in text


def test_a_dossier_is_for_a_commune_or_a_group_and_a_correction_keeps_its_evaluation(
    quarter: Quarter,  # noqa: F811
) -> None:
    city_user = make_user("ca_tp", Role.CITY_POLICE, [quarter.world.haiphong], "Hoàng Văn Tỉnh")
    province = evaluations.evaluate_area(
        actor=None, area=quarter.world.haiphong, rule_set_code=decision28.PROVINCE_HOTSPOT, on=ON
    )
    with pytest.raises(DomainError) as refused:
        services.dossier_create(actor=city_user, evaluation=province, **LETTERHEAD)
    assert "evaluation" in refused.value.message_dict
    issued = services.report_issue(actor=quarter.leader, report=_dossier(quarter), on=ISSUE_DAY)
    copy = services.report_correct(actor=quarter.officer, report=issued)
    assert (copy.kind, copy.evaluation, copy.revision) == ("dossier", issued.evaluation, 2)
    # The correction's file names the dossier it replaces, as a periodic report's does.
    document = documents.document_for(copy, rows=[], on=ISSUE_DAY)
    assert document.replaces_line == "Thay thế Báo cáo số 01/BC-CAP ngày 05/10/2026"
    body = [p.text for p in docx.Document(io.BytesIO(documents.render_docx(document))).paragraphs]
    assert "(Thay thế Báo cáo số 01/BC-CAP ngày 05/10/2026)" in body


def test_the_officer_drafts_a_dossier_from_a_stored_evaluation_in_the_browser(
    quarter: Quarter,  # noqa: F811
) -> None:
    from django.urls import reverse

    from tests.personas import client_for

    evaluation = evaluations.evaluate_area(
        actor=quarter.officer,
        area=quarter.world.group_a1,
        rule_set_code=local.DRUG_FREE_GROUP,
        on=ON,
    )
    client = client_for(quarter.officer)
    url = reverse("reports:dossier_create")
    page = client.get(url, {"evaluation": evaluation.pk})
    assert page.status_code == 200
    assert "Tổ dân phố số 1 · 30/09/2026" in page.content.decode()
    missing = client.post(url, {**LETTERHEAD, "evaluation": ""})
    assert "evaluation" in missing.context["form"].errors
    assert not Report.objects.exists()
    response = client.post(url, {**LETTERHEAD, "evaluation": evaluation.pk})
    report = Report.objects.get()
    assert response.url == report.get_absolute_url()
    assert (report.kind, report.evaluation) == ("dossier", evaluation)
    detail = client.get(report.get_absolute_url()).content.decode()
    assert 'id="dossier-criteria"' in detail
    assert "Hồ sơ đề nghị công nhận địa bàn không ma túy" in detail
    # Another ward's officer sees neither the evaluation nor the dossier.
    outsider = client_for(make_user("cand_b2", Role.COMMUNE_POLICE, [quarter.world.ward_b], "B"))
    assert outsider.get(report.get_absolute_url()).status_code == 404
    refused = outsider.post(url, {**LETTERHEAD, "evaluation": evaluation.pk})
    assert "evaluation" in refused.context["form"].errors


def test_render_report_writes_a_commune_dossier_and_refuses_a_missing_one(
    quarter: Quarter,  # noqa: F811
    tmp_path: object,
) -> None:
    from pathlib import Path

    from django.core.management import CommandError, call_command

    out = Path(str(tmp_path)) / "hs.docx"
    args = ["--kind", "dossier", "--period", "2026", "--area", "11359", "--format", "docx"]
    with pytest.raises(CommandError):
        call_command("render_report", *args, "--output", str(out))
    evaluation = evaluations.evaluate_area(
        actor=quarter.officer,
        area=quarter.world.ward_a,
        rule_set_code=decision28.DRUG_FREE_COMMUNE,
        on=ON,
    )
    services.dossier_create(
        actor=quarter.officer,
        evaluation=evaluation,
        **{**LETTERHEAD, "summary": "Đề nghị công nhận phường Gia Viên không ma túy"},
    )
    call_command("render_report", *args, "--output", str(out))
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Đề nghị công nhận phường Gia Viên không ma túy" in text
    assert "II. DANH MỤC HỒ SƠ, TÀI LIỆU KÈM THEO" in text
