"""What an episode's history records: the values of ``EpisodeEvent.action`` and their labels."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from ..choices import EpisodeStatus


class EventAction:
    """Values of ``EpisodeEvent.action``, with their Vietnamese labels."""

    OPENED = "opened"
    COMPLETED = "completed"
    STOPPED = "stopped"
    RESTARTED = "restarted"
    EXTENDED = "extended"
    CANCELLED = "cancelled"
    REOPENED = "reopened"
    DOSSIER_ITEM = "dossier_item"
    COURT_DECISION = "court_decision"

    LABELS = {
        OPENED: gettext_lazy("Bắt đầu"),
        COMPLETED: gettext_lazy("Hoàn thành"),
        STOPPED: gettext_lazy("Dừng trước thời hạn"),
        RESTARTED: gettext_lazy("Tính lại thời hạn (tái sử dụng)"),
        EXTENDED: gettext_lazy("Điều chỉnh thời hạn"),
        CANCELLED: gettext_lazy("Hủy (nhập nhầm)"),
        REOPENED: gettext_lazy("Khôi phục do hủy bước tiếp theo"),
        DOSSIER_ITEM: gettext_lazy("Cập nhật hồ sơ"),
        COURT_DECISION: gettext_lazy("Quyết định của Tòa án"),
    }


# Written on each open episode when its person is handed over to another commune.
EVENT_TRANSFERRED = EpisodeStatus.TRANSFERRED.value
