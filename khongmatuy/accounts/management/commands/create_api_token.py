"""``manage.py create_api_token USERNAME [--read-only] [--days N] [--name NAME]``: print a new
personal API token of USERNAME (for scripts and tests). The key is printed once, never stored."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from khongmatuy.accounts import services
from khongmatuy.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Tạo mã truy cập API cá nhân cho một tài khoản và in mã ra (chỉ một lần)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--read-only", action="store_true", help="Chỉ đọc.")
        parser.add_argument("--days", type=int, default=90, help="Thời hạn (ngày), mặc định 90.")
        parser.add_argument("--name", default="manage.py create_api_token", help="Tên của mã.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Không có tài khoản {options['username']!r}.")
        try:
            _token, key = services.api_token_create(
                actor=None,
                user=user,
                name=options["name"],
                days=options["days"],
                read_only=options["read_only"],
                kind=ApiToken.Kind.PERSONAL,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(key)
