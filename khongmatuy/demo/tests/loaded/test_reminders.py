"""The demo holds a morning's reminders for Gia Viên's officer, supervisor and group leader."""

from __future__ import annotations

from django.urls import reverse

from khongmatuy.alerts.models import Notification
from tests.personas import client_for


def test_demo_morning_reminders_for_gia_vien(db) -> None:  # type: ignore[no-untyped-def]
    kinds = {
        username: set(
            Notification.objects.filter(recipient__username=username).values_list("kind", flat=True)
        )
        for username in ("cand_giavien", "giamsat_giavien", "totruong_giavien", "lanhdao_giavien")
    }
    assert {"tip_due", "measure_ending", "recognition_at_risk"} <= kinds["cand_giavien"]
    assert "measure_ending" in kinds["giamsat_giavien"]
    assert "positive_test_pending" not in kinds["giamsat_giavien"]  # never test results
    assert "visit_overdue" in kinds["totruong_giavien"]
    assert "recognition_at_risk" in kinds["lanhdao_giavien"]
    from khongmatuy.accounts.models import User

    supervisor = User.objects.get(username="giamsat_giavien")
    page = client_for(supervisor).get(reverse("alerts:centre")).content.decode()
    assert "Biện pháp quản lý sắp hết hạn hoặc đã quá hạn" in page
