"""kmt_backup and kmt_restore: an archive restored into a fresh database holds every row.

The archive is written in this process from the test database; the restore runs ``manage.py`` in
a subprocess against a second database (a new SQLite file, or a PostgreSQL database created for
the test and dropped after), as an office would run it on a new server.
"""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection

from khongmatuy.accounts.models import User
from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common import backup, sealed
from khongmatuy.people.tests.factories import PersonFactory
from khongmatuy.tips.models import TipAttachment
from khongmatuy.tips.tests.factories import PublicTipFactory, upload
from tests.images import image_bytes
from tests.personas import World

PASSPHRASE = "Sao-lưu đúng 2026"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KMT_TIP_MIN_SECONDS = 0
    cache.clear()
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def filled(world: World, officer_a: User, officer_b: User, media: Path) -> TipAttachment:
    """The world, three people, a public tip with a photo, a view and an export in the log."""
    for area, actor in ((world.group_a1, officer_a), (world.group_a1, officer_a)):
        person = PersonFactory(area=area, actor=actor)
    PersonFactory(area=world.group_b1, actor=officer_b)
    PersonFactory(area=world.group_a2, actor=officer_a, full_name="=HYPERLINK(1)")
    audit.record_view(actor=officer_a, obj=person)
    tip = PublicTipFactory(area=world.ward_a, photos=[upload("IMG_0001.jpg", image_bytes("JPEG"))])
    return tip.attachments.get()


@pytest.fixture
def fresh_database(tmp_path: Path) -> Iterator[tuple[dict[str, str], Any]]:
    """Environment for a ``manage.py`` on a new empty database, and a reader of its tables."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"

        def read_sqlite(sql: str) -> list[tuple[Any, ...]]:
            with sqlite3.connect(path) as db:
                return db.execute(sql).fetchall()

        yield {"DATABASE_URL": f"sqlite:///{path}"}, read_sqlite
        return
    params = settings.DATABASES["default"]
    server = {
        "host": params["HOST"] or "127.0.0.1",
        "port": params["PORT"] or 5432,
        "user": params["USER"],
        "password": params["PASSWORD"] or None,
    }
    name = f"{params['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    user = f"{server['user']}:{server['password']}" if server["password"] else server["user"]

    def read_postgres(sql: str) -> list[tuple[Any, ...]]:
        with psycopg.connect(dbname=name, **server) as db:
            return db.execute(sql).fetchall()  # type: ignore[arg-type]

    try:
        url = f"postgres://{user}@{server['host']}:{server['port']}/{name}"
        yield {"DATABASE_URL": url}, read_postgres
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args: str, env: dict[str, str], var: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "KMT_VAR_DIR": str(var),
        **env,
    }
    environment.pop("KMT_BACKUP_PASSPHRASE_FILE", None)
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_restore_into_a_fresh_database_keeps_every_row_the_audit_log_and_the_photos(
    filled: TipAttachment, media: Path, tmp_path: Path, fresh_database: Any
) -> None:
    env, read = fresh_database
    audit_before = backup.audit_checksum()
    archive, manifest = backup.backup(
        directory=tmp_path / "archives", alias="default", media_root=media, passphrase=PASSPHRASE
    )
    assert archive.name.endswith(".tar.gz.enc")
    assert sealed.is_sealed(archive.read_bytes()[:8])
    assert manifest["engine"] == connection.vendor
    assert manifest["audit_log"] == {"rows": audit_before[0], "sha256": audit_before[1]}
    assert audit_before[0] > 10
    assert manifest["media"][0]["path"] == filled.file.name
    counts = {
        model._meta.db_table: model._base_manager.count() for model in backup.backed_up_models()
    }
    assert {table: entry["rows"] for table, entry in manifest["tables"].items()} == counts
    assert counts["people_person"] == 4

    var = tmp_path / "restored-var"
    env["KMT_BACKUP_PASSPHRASE"] = PASSPHRASE
    restored = manage("kmt_restore", str(archive), env=env, var=var)
    assert restored.returncode == 0, restored.stderr
    assert f"Nhật ký: {audit_before[0]} dòng, SHA-256 {audit_before[1]}" in restored.stdout

    # Every table, counted in the restored database itself (the log has the restore's own entry).
    expected = {**counts, "audit_auditevent": counts["audit_auditevent"] + 1}
    assert {table: read(f'SELECT count(*) FROM "{table}"')[0][0] for table in counts} == expected  # noqa: S608
    # The audit log, hashed again by a new process reading the restored database.
    check = manage(
        "shell",
        "--no-imports",
        "-c",
        "from khongmatuy.common.backup import audit_checksum;"
        "from khongmatuy.audit.models import AuditEvent;"
        f"print(*audit_checksum(first={audit_before[0]}));"
        "print(AuditEvent.objects.create(action='login', note='after restore').pk)",
        env=env,
        var=var,
    )
    assert check.returncode == 0, check.stderr
    checksum_line, new_id = check.stdout.split("\n")[:2]
    assert checksum_line == f"{audit_before[0]} {audit_before[1]}"
    # After the archive's history, the restore itself is in the restored log.
    restore_entry = read(
        "SELECT action, object_repr, note FROM audit_auditevent "  # noqa: S608
        f"WHERE id <> {int(new_id)} ORDER BY id DESC LIMIT 1"
    )[0]
    assert restore_entry[:2] == ("restore", archive.name)
    assert f"nhật ký {audit_before[0]} dòng; có mã hóa" in restore_entry[2]
    assert read("SELECT count(*) FROM audit_auditevent")[0][0] == audit_before[0] + 2
    # Sequences continue after the restored ids (sqlsequencereset on PostgreSQL).
    older = read(f"SELECT max(id) FROM audit_auditevent WHERE id <> {int(new_id)}")  # noqa: S608
    assert int(new_id) > older[0][0]
    # The photo, byte for byte, under the restored MEDIA_ROOT.
    photo = var / "media" / filled.file.name
    assert photo.read_bytes() == (media / filled.file.name).read_bytes()
    assert read("SELECT full_name FROM people_person ORDER BY id")[-1] == ("=HYPERLINK(1)",)


def test_wrong_passphrase_and_missing_passphrase_are_refused(
    filled: TipAttachment, media: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive, _ = backup.backup(
        directory=tmp_path, alias="default", media_root=media, passphrase=PASSPHRASE
    )
    monkeypatch.delenv("KMT_BACKUP_PASSPHRASE_FILE", raising=False)
    monkeypatch.setenv("KMT_BACKUP_PASSPHRASE", "sai-mat-khau")
    with pytest.raises(CommandError, match="sai mật khẩu"):
        call_command("kmt_restore", str(archive))
    monkeypatch.delenv("KMT_BACKUP_PASSPHRASE")
    with pytest.raises(CommandError, match="cần mật khẩu"):
        call_command("kmt_restore", str(archive))


def test_restore_into_a_database_with_data_is_refused(
    filled: TipAttachment, media: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KMT_BACKUP_PASSPHRASE", raising=False)
    monkeypatch.delenv("KMT_BACKUP_PASSPHRASE_FILE", raising=False)
    out = io.StringIO()
    call_command("kmt_backup", "--output-dir", str(tmp_path), stdout=out, stderr=io.StringIO())
    archive = next(tmp_path.glob("khongmatuy-*.tar.gz"))
    # The whole copy is in the audit log: the archive, its row count, unencrypted.
    entry = AuditEvent.objects.order_by("-pk").first()
    assert entry is not None
    assert (entry.action, entry.object_repr, entry.actor) == ("backup", archive.name, None)
    tables = len(backup.backed_up_models())
    assert f"{tables} bảng" in entry.note
    assert "không mã hóa" in entry.note
    models = backup.backed_up_models()
    before = {model: model._base_manager.count() for model in models}
    with pytest.raises(CommandError, match=r"đã có dữ liệu.*audit_auditevent.*bảng khác"):
        call_command("kmt_restore", str(archive))
    assert {model: model._base_manager.count() for model in models} == before


def test_a_sealed_stream_refuses_a_cut_or_altered_file() -> None:
    plain = os.urandom(sealed.CHUNK * 2 + 100)
    out = io.BytesIO()
    writer = sealed.SealedWriter(out, passphrase=PASSPHRASE, log2_n=10)
    writer.write(plain[:1000])
    writer.write(plain[1000:])
    writer.close()
    data = out.getvalue()
    assert b"".join(sealed.unseal(io.BytesIO(data), passphrase=PASSPHRASE)) == plain
    cut = data[: sealed.HEADER + 2 * (sealed.CHUNK + sealed.TAG)]  # whole chunks, last one gone
    altered = bytearray(data)
    altered[-5] ^= 1
    for broken in (cut, bytes(altered)):
        with pytest.raises(sealed.SealError):
            b"".join(sealed.unseal(io.BytesIO(broken), passphrase=PASSPHRASE))
