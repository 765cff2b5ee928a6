"""``manage.py run_reminders [--digest]``: the periodic job and the daily digest by hand (the
background worker calls the same ``services.run_reminders`` and ``services.send_digests``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from khongmatuy.alerts import services


class Command(BaseCommand):
    help = "Tính và gửi nhắc việc (--digest: gửi thư tổng hợp hằng ngày)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--digest", action="store_true", help="Gửi thư tổng hợp của ngày hôm nay."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = services.run_reminders()
        self.stdout.write(
            f"reminders: {outcome.computed} computed, {outcome.delivered} new, "
            f"{outcome.emailed} e-mailed at once"
        )
        if options["digest"]:
            self.stdout.write(f"digests: {services.send_digests()} sent")
