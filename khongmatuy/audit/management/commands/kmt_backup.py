"""manage.py kmt_backup: one archive of the database and the media files (docs/deployment.md).

A whole copy of the database is the largest export there is, so every backup is a BACKUP entry
in the audit log (written after the snapshot was read: the next backup holds it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common import backup


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ cơ sở dữ liệu và thư mục media vào một tệp nén, mã hóa khi có mật khẩu "
        "(KMT_BACKUP_PASSPHRASE hoặc --passphrase-file)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--output-dir", help="Thư mục lưu bản sao lưu (mặc định KMT_BACKUP_DIR)."
        )
        parser.add_argument("--passphrase-file", help="Tệp chứa mật khẩu mã hóa.")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            passphrase = backup.read_passphrase(options["passphrase_file"])
            path, manifest = backup.backup(
                directory=Path(options["output_dir"] or settings.KMT_BACKUP_DIR),
                alias=options["database"],
                media_root=Path(settings.MEDIA_ROOT),
                passphrase=passphrase,
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(entry["rows"] for entry in manifest["tables"].values())
        audit_log = manifest["audit_log"]
        audit.record(
            actor=None,
            action=AuditEvent.Action.BACKUP,
            object_repr=path.name,
            note=backup.described(manifest, encrypted=bool(passphrase)),
        )
        self.stdout.write(f"Đã sao lưu: {path}")
        self.stdout.write(
            f"  {len(manifest['tables'])} bảng, {rows} dòng, {len(manifest['media'])} tệp media, "
            f"nhật ký {audit_log['rows']} dòng (SHA-256 {audit_log['sha256']})"
        )
        if not passphrase:
            self.stderr.write(
                "CẢNH BÁO: bản sao lưu KHÔNG mã hóa. Đặt KMT_BACKUP_PASSPHRASE hoặc "
                "KMT_BACKUP_PASSPHRASE_FILE để mã hóa."
            )
