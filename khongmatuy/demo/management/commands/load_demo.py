"""manage.py load_demo: load the demo once and print the address and demo logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from khongmatuy.demo.demo_data import DEMO_PASSWORD, demo_is_loaded, load_demo


class Command(BaseCommand):
    help = "Load the demo wards, figures and one account per role (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        already = demo_is_loaded()
        accounts = load_demo()
        self.stdout.write("")
        self.stdout.write("Dữ liệu demo " + ("đã có sẵn." if already else "đã được nạp."))
        self.stdout.write(f"Mở {options['url']} và đăng nhập bằng một tài khoản demo:")
        self.stdout.write(f"  (mật khẩu chung / password: {DEMO_PASSWORD})")
        for account in accounts:
            self.stdout.write(f"  {account.username:<18} {account.full_name:<22} {account.title}")
        self.stdout.write("")
