"""A Gia Viên leader issues the quarterly report in a real browser: the job's page shows its
progress bar and the result, and the Word, Excel and PDF files download."""

from __future__ import annotations

from importlib import import_module

import pytest

from khongmatuy.common.roles import Role
from khongmatuy.reports.models import Report
from khongmatuy.reports.tests.fixtures import approved

from .test_login_and_tree import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _national_substances(world):  # type: ignore[no-untyped-def]
    """The national list of substances the migrations seed, back if an earlier browser test (a
    transactional one) emptied the tables: the quarter's seizure names one."""
    from khongmatuy.cases import services
    from khongmatuy.cases.models import Substance
    from tests.personas import make_user

    if Substance.objects.exists():
        return
    seeded = import_module("khongmatuy.cases.migrations.0006_substance_list_fill").SUBSTANCES
    admin = make_user("quantri_danhmuc", Role.ADMIN, [world.country])
    for name, other_names, unit in seeded:
        services.substance_create(actor=admin, name=name, other_names=other_names, unit=unit)


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
