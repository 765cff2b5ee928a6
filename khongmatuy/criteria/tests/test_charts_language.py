"""The roadmap chart's legend and caption are translatable: ``makemessages`` (xgettext) finds
every text, and the chart follows the active language."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from khongmatuy.criteria import charts

TEXTS = (
    "Mục tiêu",
    "Đạt",
    "Chậm tiến độ",
    "Chưa đến hạn",
    "Số địa bàn (mục tiêu và thực tế đạt) theo hạn hoàn thành",
)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="xgettext is not installed")
def test_makemessages_finds_every_chart_text(tmp_path: Path) -> None:
    out = tmp_path / "charts.po"
    xgettext = shutil.which("xgettext")
    assert xgettext is not None
    subprocess.run(  # noqa: S603 - fixed arguments; the options makemessages passes for Python
        [
            xgettext,
            "--language=Python",
            "--keyword=gettext_noop",
            "--keyword=gettext_lazy",
            "--keyword=ngettext_lazy:1,2",
            "--keyword=pgettext:1c,2",
            "--from-code=UTF-8",
            "--output",
            str(out),
            charts.__file__,
        ],
        check=True,
    )
    catalogue = out.read_text(encoding="utf-8")
    for text in TEXTS:
        assert f'msgid "{text}"' in catalogue, text


def test_the_chart_follows_the_active_language() -> None:
    points = [charts.ChartPoint("2025", 3, 1, True)]
    with translation.override("en"):
        english = charts.target_actual_chart(points=points, title="T", chart_id="c")
    with translation.override("vi"):
        vietnamese = charts.target_actual_chart(points=points, title="T", chart_id="c")
    assert ">Target</text>" in english
    assert ">Mục tiêu</text>" not in english
    assert ">Mục tiêu</text>" in vietnamese
