"""Official periodic reports: figures against hand-built data, the .docx layout, the PDF,
numbering per body and year, frozen issued reports and corrections, the pages and the command."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from khongmatuy.common.models import Job
from khongmatuy.people.tests.factories import PersonFactory
from khongmatuy.reports import counting, documents, figures, services
from khongmatuy.reports.models import Report
from khongmatuy.reports.rules import periods
from tests.personas import client_for

from .fixtures import CUTOFF, Q3, Quarter, approved, draft

ISSUE_DAY = date(2027, 1, 5)


def values(rows: list[figures.Row]) -> dict[str, object]:
    return {r.code: r.value for r in rows}


def test_every_figure_counts_the_cut_off_day_and_not_the_day_after(quarter: Quarter) -> None:
    rows = figures.compute(area=quarter.world.ward_a, period=Q3)
    got = values(rows)
    expected = {
        "persons.managed": 2,  # Chốt (from the cut-off day) and Cũ; not Sau, not ward B's
        "persons.illegal_user": 2,
        "persons.addict": 0,  # Sau's category starts the day after
        "persons.new_users": 1,
        "persons.categories_ended": 0,
        "measures.started": 0,
        "tests.total": 1,  # the test on the cut-off day; the next day's is not counted
        "tests.positive": 1,
        "places.found": 1,
        "places.eliminated": 1,  # eliminated on the cut-off day
        "places.existing": 0,
        "places.recurred": 0,
        "businesses.inspected": 1,
        "cultivation.destroyed": 0,
        "cases.total": 1,
        "cases.arrested": 1,
        "tips.received": 1,
        "tips.closed_in_time": 0,
        "tips.overdue": 1,
        "recognition.registered": 0,
        "prevention.sessions": 0,
        "plans.tasks_done": 0,
        "plans.tasks_overdue": 0,
        "programme.disbursed": "0",
        "programme.rate": None,  # nothing allocated: "chưa ghi nhận"
    }
    assert {code: got[code] for code in expected} == expected
    heroin = next(r for r in rows if r.code.startswith("seizures."))
    assert (heroin.label, heroin.value, heroin.unit, heroin.last_year) == (
        "Heroin",
        "2.5",
        "gam",
        "0",
    )
    last_year = {r.code: r.last_year for r in rows}
    assert last_year["persons.managed"] == 1  # Cũ on 14/09/2025
    assert last_year["persons.new_users"] == 1
    assert last_year["tests.total"] == 0
    # A city report adds up its communes: ward B's person counts there.
    city = values(figures.compute(area=quarter.world.haiphong, period=Q3))
    assert city["persons.managed"] == 3


def test_periods_counted_together_match_each_period_counted_alone(quarter: Quarter) -> None:
    """A report and last year's, or a dashboard's two windows, are counted in one statement per
    table: the same numbers as one period at a time, in as many queries as for one period."""
    september = periods.period("month", 2026, 9)
    asked = [Q3, Q3.last_year(), september, replace(Q3, end=CUTOFF + timedelta(days=1))]
    area = quarter.world.ward_a
    alone = [figures.counts(area, p) for p in asked]
    with CaptureQueriesContext(connection) as one:
        counting.counts_many(area, asked[:1])
    with CaptureQueriesContext(connection) as several:
        together = counting.counts_many(area, asked)
    assert together == alone
    assert len(several.captured_queries) == len(one.captured_queries)
    # The periods differ, so a mix-up of their columns would show.
    assert alone[0]["tests.total"] != alone[3]["tests.total"]
    assert alone[0]["persons.managed"] != alone[1]["persons.managed"]


def test_issuing_numbers_freezes_and_renders_the_decree_30_layout(quarter: Quarter) -> None:
    report = approved(quarter)
    report = services.report_issue(actor=quarter.leader, report=report, on=ISSUE_DAY)
    assert (report.status, report.number, report.number_year) == ("issued", 1, 2027)
    assert report.number_text == "01/BC-CAP"
    doc = docx.Document(io.BytesIO(bytes(report.docx)))
    section = doc.sections[0]
    mm = [
        round(length.mm)
        for length in (
            section.page_width,
            section.page_height,
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ]
    assert mm == [210, 297, 20, 20, 30, 15]  # A4; margins within Decree 30's ranges
    assert section.different_first_page_header_footer  # no page number on page 1
    assert "PAGE" in section.header._element.xml
    letterhead, figures_table, signature = doc.tables
    left, right = (cell.paragraphs for cell in letterhead.rows[0].cells)
    texts = [p.text for p in left]
    assert texts[0] == "ỦY BAN NHÂN DÂN PHƯỜNG GIA VIÊN"
    assert texts[1] == "CÔNG AN PHƯỜNG GIA VIÊN"
    assert texts[-1] == "Số: 01/BC-CAP"
    assert left[1].runs[0].bold
    assert not left[0].runs[0].bold
    assert right[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert right[0].runs[0].bold
    assert right[1].text == "Độc lập - Tự do - Hạnh phúc"
    date_line = right[-1]
    assert date_line.text == "Gia Viên, ngày 05 tháng 01 năm 2027"
    assert date_line.runs[0].italic
    body = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in body
    assert "Kết quả công tác phòng, chống ma túy quý III năm 2026" in body
    assert "Toàn phường đã rà soát 100% tổ dân phố." in body
    fonts = {run.font.name for p in doc.paragraphs for run in p.runs}
    fonts |= {
        r.font.name for t in doc.tables for c in t._cells for p in c.paragraphs for r in p.runs
    }
    assert fonts == {"Times New Roman"}
    assert doc.styles["Normal"].font.name == "Times New Roman"
    managed = next(
        r
        for r in figures_table.rows
        if r.cells[0].text.startswith("Người sử dụng trái phép, người nghiện đang")
    )
    assert [c.text for c in managed.cells[1:]] == ["2", "1", "+1"]
    sign_left, sign_right = (cell.paragraphs for cell in signature.rows[0].cells)
    assert sign_left[0].text == "Nơi nhận:"
    assert sign_left[0].runs[0].bold
    assert sign_left[0].runs[0].italic
    assert [p.text for p in sign_left[1:]] == [
        "- Công an thành phố Hải Phòng;",
        "- Đảng ủy, UBND phường;",
        "- Lưu: VT, CAP.",
    ]
    signed = [p.text for p in sign_right if p.text]
    assert signed == ["KT. TRƯỞNG CÔNG AN PHƯỜNG", "PHÓ TRƯỞNG CÔNG AN PHƯỜNG", "Đỗ Văn Ký"]
    # The annex tables
    sheet = load_workbook(io.BytesIO(bytes(report.xlsx)), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Nhóm", "Nội dung", "Đơn vị", "Kỳ này")
    assert any(r[1] == "Buổi tuyên truyền" and r[3] == 0 for r in rows)
    assert any(r[1].startswith("Nhiệm vụ kế hoạch hoàn thành") and r[3] == 0 for r in rows)
    assert any(
        r[1] == "Tỷ lệ giải ngân kinh phí Chương trình" and r[3] == "chưa ghi nhận" for r in rows
    )
    assert report.rule_versions["reporting_periods"].startswith("Điều 12 Nghị định số 09/2019")


@pytest.mark.skipif(
    not documents.converter_available(),
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
)
def test_the_pdf_is_the_word_document_printed(quarter: Quarter) -> None:
    from pypdf import PdfReader

    report = services.report_issue(actor=quarter.leader, report=approved(quarter), on=ISSUE_DAY)
    pdf = PdfReader(io.BytesIO(bytes(report.pdf)))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 01/BC-CAP",
        "Gia Viên, ngày 05 tháng 01 năm 2027",
        "BÁO CÁO",
        "Nơi nhận:",
        "Đỗ Văn Ký",
    ):
        assert expected in text, expected
    fonts = {
        font.get_object()["/BaseFont"].split("+")[-1]
        for page in pdf.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts <= {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic",
                     "LiberationSerif-BoldItalic"}  # fmt: skip
    assert len(pdf.pages) >= 2
    assert "1" not in pdf.pages[0].extract_text().splitlines()[0]  # no number on page 1
    assert pdf.pages[1].extract_text().strip().startswith("2")  # from page 2, top centre


def test_numbering_runs_per_issuing_body_and_year(quarter: Quarter) -> None:
    issued = [
        services.report_issue(actor=quarter.leader, report=approved(quarter), on=ISSUE_DAY)
        for _ in range(2)
    ]
    other_body = services.report_issue(
        actor=quarter.leader, report=approved(quarter, body_code="UBND"), on=ISSUE_DAY
    )
    next_year = services.report_issue(
        actor=quarter.leader, report=approved(quarter), on=date(2028, 1, 3)
    )
    assert [r.number_text for r in issued] == ["01/BC-CAP", "02/BC-CAP"]
    assert other_body.number_text == "01/BC-UBND"
    assert next_year.number_text == "01/BC-CAP"
    assert (next_year.number_year, next_year.number) == (2028, 1)


def test_an_issued_report_is_frozen_and_a_correction_names_it(quarter: Quarter) -> None:
    report = services.report_issue(actor=quarter.leader, report=approved(quarter), on=ISSUE_DAY)
    frozen_docx = bytes(report.docx)
    PersonFactory(area=quarter.world.group_a1, full_name="Lê Văn Muộn", category_started_on=CUTOFF)
    report.refresh_from_db()
    assert values(services.live_rows(report))["persons.managed"] == 2  # as issued
    assert values(figures.compute(area=report.area, period=Q3))["persons.managed"] == 3  # live
    assert bytes(report.docx) == frozen_docx
    with pytest.raises(ValidationError):
        services.report_update(actor=quarter.officer, report=report, results="Sửa")
    with pytest.raises(ValidationError):
        services.report_approve(actor=quarter.leader, report=report)
    correction = services.report_correct(actor=quarter.officer, report=report)
    assert (correction.replaces, correction.revision, correction.status) == (report, 2, "draft")
    correction = services.report_update(
        actor=quarter.officer, report=correction, results="Bản đúng."
    )
    correction = services.report_approve(actor=quarter.leader, report=correction)
    correction = services.report_issue(actor=quarter.leader, report=correction, on=ISSUE_DAY)
    assert correction.number_text == "02/BC-CAP"
    body = [p.text for p in docx.Document(io.BytesIO(bytes(correction.docx))).paragraphs]
    assert "(Thay thế Báo cáo số 01/BC-CAP ngày 05/01/2027)" in body
    assert values(services.live_rows(correction))["persons.managed"] == 3
    with pytest.raises(ValidationError):
        services.report_correct(actor=quarter.officer, report=report)  # one correction


def test_approval_and_issue_need_the_leader_and_the_steps_in_order(quarter: Quarter) -> None:
    report = draft(quarter)
    with pytest.raises(ValidationError):  # nothing drafted yet
        services.report_approve(actor=quarter.leader, report=report)
    with pytest.raises(ValidationError):  # not approved
        services.report_issue(actor=quarter.leader, report=report, on=ISSUE_DAY)
    report = services.report_update(actor=quarter.officer, report=report, results="Đã làm.")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):  # the officer drafts; a leader approves
        services.report_approve(actor=quarter.officer, report=report)
    report = services.report_approve(actor=quarter.leader, report=report)
    # An edit after approval sends it back to the leader.
    report = services.report_update(actor=quarter.officer, report=report, results="Đã làm xong.")
    assert (report.status, report.approved_by) == ("draft", None)


def test_bad_letterhead_input_names_the_field(quarter: Quarter) -> None:
    with pytest.raises(ValidationError) as exc:
        draft(quarter, body_code="ca p", signer_name="", authority="XX.")
    assert set(exc.value.message_dict) == {"body_code", "signer_name", "authority"}
    assert not Report.objects.exists()


def test_pages_draft_approve_issue_with_a_progress_bar_and_download(quarter: Quarter) -> None:
    officer, leader = client_for(quarter.officer), client_for(quarter.leader)
    response = officer.post(
        reverse("reports:create"),
        {
            "area": quarter.world.ward_a.pk,
            "period": "2026-q3",
            "issuing_body": "Công an phường Gia Viên",
            "body_code": "cap",
            "place_name": "Gia Viên",
            "summary": "Báo cáo quý III năm 2026",
            "authority": "",
            "signer_position": "Trưởng Công an phường",
            "signer_name": "Đỗ Văn Ký",
            "recipients": "Công an thành phố",
            "filing": "VT",
        },
    )
    report = Report.objects.get()
    assert response.url == report.get_absolute_url()
    assert (report.period.code, report.body_code) == ("2026-Q3", "CAP")
    page = officer.get(report.get_absolute_url()).content.decode()
    assert "chưa ghi nhận" in page
    assert 'data-code="persons.managed"' in page
    edit = officer.post(
        reverse("reports:edit", args=[report.pk]),
        {
            **{f: getattr(report, f) for f in services.EDITABLE},
            "results": "Kết quả tốt.",
            "version": report.version,
        },
    )
    assert edit.status_code == 302
    assert officer.post(reverse("reports:approve", args=[report.pk])).status_code == 403
    leader.post(reverse("reports:approve", args=[report.pk]))
    response = leader.post(reverse("reports:issue", args=[report.pk]))
    job = Job.objects.get(kind="reports.issue")
    assert response.url == job.get_absolute_url()
    assert (job.status, job.percent) == ("done", 100)
    assert job.messages == ["Đã ban hành Báo cáo số 01/BC-CAP."]
    page = leader.get(report.get_absolute_url()).content.decode()
    assert "Số: 01/BC-CAP" in page
    for fmt, magic in (("docx", b"PK"), ("xlsx", b"PK")):
        download = leader.get(reverse("reports:download", args=[report.pk, fmt]))
        assert download.content.startswith(magic)
        assert "bao-cao-2026-q3-so-01" in download["Content-Disposition"]
    # Another ward's officer sees nothing of it.
    from tests.personas import make_user

    other = client_for(make_user("cand_b2", "commune_police", [quarter.world.ward_b]))
    assert other.get(report.get_absolute_url()).status_code == 404
    assert other.get(reverse("reports:download", args=[report.pk, "docx"])).status_code == 404


def test_a_draft_file_is_rendered_by_the_worker(quarter: Quarter) -> None:
    report = draft(quarter)
    client = client_for(quarter.officer)
    response = client.post(reverse("reports:render", args=[report.pk]), {"format": "docx"})
    job = Job.objects.get(kind="reports.render")
    assert response.url == job.get_absolute_url()
    assert job.status == "done"
    doc = docx.Document(io.BytesIO(bytes(job.file_content)))
    number_line = doc.tables[0].rows[0].cells[0].paragraphs[-1].text
    assert number_line.startswith("Số:")
    assert number_line.endswith("/BC-CAP")


def test_render_report_command_writes_the_same_document(quarter: Quarter, tmp_path: Path) -> None:
    report = services.report_issue(actor=quarter.leader, report=approved(quarter), on=ISSUE_DAY)
    out = tmp_path / "q3.docx"
    call_command(
        "render_report", "--kind", "periodic", "--period", "2026-Q3", "--area", "11359",
        "--format", "docx", "--output", str(out), stdout=io.StringIO(),
    )  # fmt: skip
    assert out.read_bytes() == bytes(report.docx)  # the issued file, not a new rendering
    xlsx = tmp_path / "m07.xlsx"
    call_command(
        "render_report", "--period", "2026-M07", "--area", "11359", "--format", "xlsx",
        "--output", str(xlsx), stdout=io.StringIO(),
    )  # fmt: skip
    assert load_workbook(xlsx, read_only=True).worksheets[0]["B2"].value


def test_a_number_taken_while_the_files_render_is_not_reused(
    quarter: Quarter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files render outside the issuing transaction; if the body's next number was taken
    meanwhile, the report is rendered again with the following one."""
    monkeypatch.setattr(documents, "converter_available", lambda: False)  # Word and Excel only
    first, second = approved(quarter), approved(quarter)
    real = services.render_files
    rendered: list[int] = []

    def render(report: Report, **kwargs: object) -> dict[str, bytes]:
        rendered.append(report.pk)
        if len(rendered) == 1:  # another leader issues the second report meanwhile
            services.report_issue(actor=quarter.leader, report=second, on=ISSUE_DAY)
        return real(report, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "render_files", render)
    issued = services.report_issue(actor=quarter.leader, report=first, on=ISSUE_DAY)
    assert rendered == [first.pk, second.pk, first.pk]
    assert issued.number_text == "02/BC-CAP"
    assert Report.objects.get(pk=second.pk).number_text == "01/BC-CAP"
    letterhead = docx.Document(io.BytesIO(bytes(issued.docx))).tables[0].rows[0].cells[0]
    assert letterhead.paragraphs[-1].text == "Số: 02/BC-CAP"


def test_the_report_shows_the_wards_roadmap_as_of_the_cut_off_day(quarter: Quarter) -> None:
    from khongmatuy.criteria.selectors.recognition import rule_set_code_for
    from khongmatuy.criteria.tests.factories import RoadmapFactory, RoadmapTargetFactory, recognise

    w = quarter.world
    roadmap = RoadmapFactory(
        actor=quarter.officer, area=w.ward_a, rule_set_code=rule_set_code_for(w.group_a1)
    )
    RoadmapTargetFactory(actor=quarter.officer, roadmap=roadmap, due_on=date(2026, 12, 31), count=2)
    recognise(w.group_a1, actor=quarter.officer, on=CUTOFF)  # on the cut-off day: counted
    recognise(w.group_a2, actor=quarter.officer, on=date(2026, 9, 15))  # the day after: not
    report = draft(quarter)
    rows = figures.compute(area=report.area, period=report.period)
    document = documents.document_for(report, rows=rows, on=ISSUE_DAY)
    expected = [("Lộ trình tổ dân phố không ma túy", "31/12/2026", "2", "1", "Chưa đến hạn")]
    assert document.tables == [
        (
            "Lộ trình: chỉ tiêu và kết quả",
            ("Lộ trình", "Hạn", "Chỉ tiêu", "Đạt", "Tình trạng"),
            expected,
        )
    ]
    word = docx.Document(io.BytesIO(documents.render_docx(document)))
    roadmap_table = word.tables[2]  # after the letterhead and the figures
    assert [tuple(c.text for c in r.cells) for r in roadmap_table.rows[1:]] == expected
    book = load_workbook(io.BytesIO(documents.render_xlsx(document)), read_only=True)
    assert book.sheetnames == ["Phụ lục số liệu", "Lộ trình chỉ tiêu và kết quả"]
    assert list(book.worksheets[1].iter_rows(values_only=True))[1] == expected[0]
