"""A Gia Viên leader issues the quarterly report in a real browser: the job's page shows its
progress bar and the result, and the Word, Excel and PDF files download."""

from __future__ import annotations

import pytest

from khongmatuy.reports.models import Report
from khongmatuy.reports.tests.fixtures import approved

from .test_login_and_tree import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_issue_a_report_follow_its_progress_and_download_the_files(  # type: ignore[no-untyped-def]
    page, live_server, quarter
):
    report = approved(quarter)
    login(page, live_server, quarter.leader.username)
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/reports/official/{report.pk}/")
    page.locator("#issue").click()
    page.wait_for_url("**/jobs/**")
    bar = page.locator("#job-bar")
    assert bar.get_attribute("max") == "100"
    page.wait_for_function("document.querySelector('#job-bar').value == 100")
    assert "Đã ban hành Báo cáo số 01/BC-CAP." in page.locator("#job-progress").inner_text()
    page.locator("#job-result").click()
    page.wait_for_url(f"**/reports/official/{report.pk}/")
    assert "Số: 01/BC-CAP" in page.locator("#report-number").inner_text()
    report.refresh_from_db()
    formats = ["docx", "xlsx"] + (["pdf"] if report.pdf else [])
    for fmt in formats:
        with page.expect_download() as info:
            page.locator(f"#download-{fmt}").click()
        download = info.value
        assert download.suggested_filename == f"bao-cao-2026-q3-so-01.{fmt}"
        content = open(download.path(), "rb").read()  # noqa: SIM115
        assert content == bytes(getattr(Report.objects.get(pk=report.pk), fmt))
    assert formats[-1] == "pdf", "LibreOffice is installed on the test machines (make office)"
