"""manage.py kmt_restore ARCHIVE: load an archive of kmt_backup into an empty database.

Once the restored rows are checked against the manifest, a RESTORE entry is added to the restored
audit log, after every entry the archive held, so the log says where its history was copied from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common import backup


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu vào cơ sở dữ liệu TRỐNG (chạy migrate nếu cần), rồi đối chiếu "
        "số dòng từng bảng và mã kiểm tra của nhật ký với bản kê."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", help="Tệp bản sao lưu (.tar.gz hoặc .tar.gz.enc).")
        parser.add_argument("--passphrase-file", help="Tệp chứa mật khẩu giải mã.")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"Không thấy tệp {archive}.")
        alias = options["database"]
        try:
            report = backup.restore(
                archive,
                alias=alias,
                media_root=Path(settings.MEDIA_ROOT),
                passphrase=backup.read_passphrase(options["passphrase_file"]),
                migrate=lambda: call_command(
                    "migrate", database=alias, interactive=False, verbosity=0
                ),
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        manifest = report.manifest
        audit.record(
            actor=None,
            action=AuditEvent.Action.RESTORE,
            object_repr=archive.name,
            note=backup.described(manifest, encrypted=backup.is_encrypted(archive)),
        )
        self.stdout.write(
            f"Đã khôi phục bản sao lưu ngày {manifest['created_at']} "
            f"(phiên bản {manifest['app_version']}, từ {manifest['engine']})."
        )
        self.stdout.write(
            f"  {report.tables} bảng, {report.rows} dòng, {report.media} tệp media: "
            "số dòng từng bảng khớp bản kê."
        )
        self.stdout.write(
            f"  Nhật ký: {report.audit_rows} dòng, SHA-256 {report.audit_sha256}: khớp bản kê."
        )
