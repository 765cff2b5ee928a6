"""Backup and restore of the whole system: every table and the media files, in one archive.

The archive is a gzip-compressed tar, optionally sealed with a passphrase (``common.sealed``):

    manifest.json              format, app version, engine, time, migrations, rows and SHA-256 of
                               every table, SHA-256 of the audit log, every media file and its hash
    data/<app>.<model>.jsonl   one row per line, Django's serialized fields, in primary-key order
    media/<path>               the files under MEDIA_ROOT (tip photos, decision scans)

The rows are read in one snapshot: a REPEATABLE READ, READ ONLY transaction on PostgreSQL, one
deferred read transaction on SQLite (with WAL, writers go on meanwhile). Nothing here imports an
app: models come from the registry, so every app's tables are in the archive without a list.

Restore writes into an empty database only, by INSERT alone (the audit log refuses UPDATE and
DELETE, ``audit`` migrations 0002 and 0003), in one transaction, then checks every table's row
count and the audit log's checksum against the manifest before it commits.
"""

from __future__ import annotations

import getpass
import hashlib
import io
import json
import os
import tarfile
import tempfile
import tomllib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, time
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO, TypeVar

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from khongmatuy.common import sealed

FORMAT = 1
MANIFEST = "manifest.json"
BATCH = 2000
# The audit log, whose rows the manifest hashes in id order (read by label: common imports no app).
AUDIT_LOG = "audit.auditevent"
# Sessions are not kept: after a restore everyone signs in again.
SKIPPED = frozenset({"sessions.session"})
# Tables that ``migrate`` fills by itself; an empty database may hold them, and a restore
# replaces their rows with the archive's (the ids other rows point to).
SEEDED_BY_MIGRATE = frozenset(
    {
        "contenttypes.contenttype",
        "auth.permission",
        "cases.substance",
        # the national target programme's catalogue (programme migration 0002)
        "programme.project",
        "programme.indicator",
        "programme.indicatortarget",
    }
)

T = TypeVar("T")


class BackupError(Exception):
    """A backup or restore refused, with a message for the operator."""


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, keeping microseconds (Django's cuts times to milliseconds)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def _line(row: dict[str, Any]) -> str:
    return json.dumps(row, cls=_Encoder, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def backed_up_models() -> list[type[Model]]:
    """Every table the project's apps own, in a stable order."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in SKIPPED
    ]
    return sorted(found, key=lambda model: model._meta.label_lower)


def _serialized(model: type[Model], alias: str) -> Iterator[str]:
    """The rows of ``model`` as JSON lines, in primary-key order (m2m tables are models here)."""
    names = [f.name for f in model._meta.local_concrete_fields if not f.primary_key]
    rows = model._base_manager.using(alias).order_by("pk").iterator(chunk_size=BATCH)
    for batch in _batches(rows, BATCH):
        for row in serializers.serialize("python", batch, fields=names):
            yield _line(row)


def audit_checksum(alias: str = "default", *, first: int | None = None) -> tuple[int, str]:
    """(rows, SHA-256) of the audit log as it is stored now, rows in id order; only its
    ``first`` rows when given (the rows an archive held, before entries written since)."""
    digest = hashlib.sha256()
    count = 0
    for count, line in enumerate(_serialized(apps.get_model(AUDIT_LOG), alias), start=1):
        if first is not None and count > first:
            return first, digest.hexdigest()
        digest.update(line.encode() + b"\n")
    return count, digest.hexdigest()


@contextmanager
def read_snapshot(alias: str) -> Iterator[None]:
    """One consistent view of the database for the length of the block."""
    connection = connections[alias]
    if connection.in_atomic_block:  # already inside a transaction: read in it
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    if connection.vendor == "sqlite":
        # Django opens its transactions with BEGIN IMMEDIATE here, which would hold writers back
        # for the whole backup; a deferred transaction reads one snapshot and lets them write.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
            try:
                cursor.execute("SELECT count(*) FROM sqlite_master")  # the snapshot starts here
                yield
            finally:
                cursor.execute("ROLLBACK")
        return
    raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {connection.vendor}.")


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_files(root: Path) -> list[tuple[str, Path]]:
    if not root.is_dir():
        return []
    found = [
        (path.relative_to(root).as_posix(), path)
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink()
    ]
    return sorted(found)


def _app_version() -> str:
    pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
    try:
        with pyproject.open("rb") as handle:
            return str(tomllib.load(handle)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        try:
            return metadata.version("khongmatuy")
        except metadata.PackageNotFoundError:
            return "unknown"


def _add(tar: tarfile.TarFile, name: str, handle: IO[bytes], size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, handle)


def write_archive(out: BinaryIO, *, alias: str, media_root: Path) -> dict[str, Any]:
    """Write the archive of database ``alias`` and ``media_root`` to ``out``; return manifest."""
    connection = connections[alias]
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "app_version": _app_version(),
        "engine": connection.vendor,
        "created_at": timezone.now().isoformat(),
        "tables": {},
        "media": [],
    }
    with tarfile.open(fileobj=out, mode="w|gz") as tar:
        with read_snapshot(alias):
            applied = MigrationRecorder(connection).applied_migrations()
            manifest["migrations"] = sorted(f"{app}.{name}" for app, name in applied)
            for model in backed_up_models():
                label = model._meta.label_lower
                digest, count = hashlib.sha256(), 0
                with tempfile.TemporaryFile() as spool:
                    for count, line in enumerate(_serialized(model, alias), start=1):  # noqa: B007
                        data = line.encode() + b"\n"
                        digest.update(data)
                        spool.write(data)
                    size = spool.tell()
                    spool.seek(0)
                    _add(tar, f"data/{label}.jsonl", spool, size)
                manifest["tables"][model._meta.db_table] = {
                    "model": label,
                    "rows": count,
                    "sha256": digest.hexdigest(),
                }
                if label == AUDIT_LOG:
                    manifest["audit_log"] = {"rows": count, "sha256": digest.hexdigest()}
        # Media after the rows: a file a row names was written before its row committed.
        for name, path in _media_files(media_root):
            with path.open("rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                hashing = _HashingReader(handle)
                _add(tar, f"media/{name}", hashing, size)  # type: ignore[arg-type]
            manifest["media"].append({"path": name, "size": size, "sha256": hashing.hexdigest()})
        content = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        _add(tar, MANIFEST, io.BytesIO(content), len(content))
    return manifest


class _HashingReader:
    """Hashes what tarfile reads from a file, so a media file is read once."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self._digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self._digest.update(data)
        return data

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


def backup(
    *, directory: Path, alias: str, media_root: Path, passphrase: str | None
) -> tuple[Path, dict[str, Any]]:
    """Write a new archive into ``directory`` (written aside, renamed when whole)."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = directory / f"khongmatuy-{stamp}.tar.gz{'.enc' if passphrase else ''}"
    partial = target.with_name(f".{target.name}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as raw:
            if passphrase:
                writer = sealed.SealedWriter(raw, passphrase=passphrase)
                manifest = write_archive(writer, alias=alias, media_root=media_root)  # type: ignore[arg-type]
                writer.close()
            else:
                manifest = write_archive(raw, alias=alias, media_root=media_root)
            raw.flush()
            os.fsync(raw.fileno())
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target, manifest


# --- restore ---------------------------------------------------------------------------------


@dataclass
class RestoreReport:
    manifest: dict[str, Any]
    tables: int = 0
    rows: int = 0
    media: int = 0
    audit_rows: int = 0
    audit_sha256: str = ""
    notes: list[str] = field(default_factory=list)


def _open_plain(path: Path, passphrase: str | None, spool: IO[bytes]) -> IO[bytes]:
    """The archive's gzip stream: the file itself, or its plaintext unsealed into ``spool``."""
    with path.open("rb") as handle:
        encrypted = sealed.is_sealed(handle.read(len(sealed.MAGIC)))
    if not encrypted:
        return path.open("rb")
    if not passphrase:
        raise BackupError(
            "Bản sao lưu được mã hóa: cần mật khẩu (biến môi trường KMT_BACKUP_PASSPHRASE "
            "hoặc --passphrase-file)."
        )
    try:
        with path.open("rb") as handle:
            for chunk in sealed.unseal(handle, passphrase=passphrase):
                spool.write(chunk)
    except sealed.SealError as error:
        raise BackupError(
            "Không giải mã được bản sao lưu: sai mật khẩu hoặc tệp đã bị sửa, cắt cụt."
        ) from error
    spool.seek(0)
    return spool


def _safe_media_path(root: Path, name: str) -> Path:
    pure = PurePosixPath(name)
    if pure.is_absolute() or not pure.parts or any(p in ("", ".", "..") for p in pure.parts):
        raise BackupError(f"Tên tệp không hợp lệ trong bản sao lưu: {name!r}.")
    return root.joinpath(*pure.parts)


def _occupied_tables(alias: str) -> dict[str, int]:
    """Tables that hold rows, beyond the rows ``migrate`` writes by itself."""
    connection = connections[alias]
    existing = set(connection.introspection.table_names())
    occupied: dict[str, int] = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if (
            model._meta.proxy
            or not model._meta.managed
            or table not in existing
            or model._meta.label_lower in SEEDED_BY_MIGRATE
        ):
            continue
        count = model._base_manager.using(alias).count()
        if count:
            occupied[table] = count
    return occupied


def _insert(model: type[Model], lines: Iterable[bytes], alias: str) -> int:
    """INSERT the archived rows as they are (``raw``: no ``auto_now`` refresh, no signals)."""
    fields = list(model._meta.local_concrete_fields)
    connection = connections[alias]
    count = 0
    for batch in _batches(lines, BATCH):
        objects = [
            item.object
            for item in serializers.deserialize(
                "python", [json.loads(line) for line in batch], using=alias
            )
        ]
        size = max(connection.ops.bulk_batch_size(fields, objects), 1)
        manager: Any = model._base_manager.using(alias)
        for start in range(0, len(objects), size):
            manager._insert(objects[start : start + size], fields=fields, using=alias, raw=True)
        count += len(objects)
    return count


def _verify(manifest: dict[str, Any], alias: str, models: dict[str, type[Model]]) -> list[str]:
    problems = []
    for table, entry in manifest["tables"].items():
        found = models[table]._base_manager.using(alias).count()
        if found != entry["rows"]:
            problems.append(f"{table}: {found} dòng, bản sao lưu ghi {entry['rows']}")
    rows, checksum = audit_checksum(alias)
    expected = manifest.get("audit_log", {})
    if (rows, checksum) != (expected.get("rows"), expected.get("sha256")):
        problems.append("nhật ký (audit_auditevent): mã kiểm tra SHA-256 không khớp")
    return problems


def restore(
    path: Path,
    *,
    alias: str,
    media_root: Path,
    passphrase: str | None,
    migrate: Callable[[], object],
) -> RestoreReport:
    """Load the archive at ``path`` into the empty database ``alias`` and ``media_root``."""
    with tempfile.TemporaryFile() as spool, _open_plain(path, passphrase, spool) as plain:
        try:
            tar = tarfile.open(fileobj=plain, mode="r:gz")  # noqa: SIM115 (closed just below)
        except (tarfile.TarError, OSError, EOFError) as error:
            raise BackupError("Tệp không phải là bản sao lưu của hệ thống.") from error
        with tar:
            return _restore_from(tar, alias=alias, media_root=media_root, migrate=migrate)


def _member(tar: tarfile.TarFile, name: str) -> IO[bytes]:
    try:
        handle = tar.extractfile(name)
    except KeyError:
        handle = None
    if handle is None:
        raise BackupError(f"Bản sao lưu thiếu {name}.")
    return handle


def _checked_lines(tar: tarfile.TarFile, name: str, sha256: str) -> Iterator[bytes]:
    digest = hashlib.sha256()
    handle = _member(tar, name)
    for line in handle:
        digest.update(line)
    if digest.hexdigest() != sha256:
        raise BackupError(f"Bản sao lưu bị hỏng: {name} không khớp mã kiểm tra.")
    return iter(_member(tar, name))


def _restore_from(
    tar: tarfile.TarFile, *, alias: str, media_root: Path, migrate: Callable[[], object]
) -> RestoreReport:
    try:
        manifest = json.load(_member(tar, MANIFEST))
    except ValueError as error:
        raise BackupError("Bản kê (manifest.json) của bản sao lưu không đọc được.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Định dạng bản sao lưu {manifest.get('format')} không được hỗ trợ.")
    report = RestoreReport(manifest=manifest)

    occupied = _occupied_tables(alias)
    if occupied:
        listed = ", ".join(f"{table} ({rows})" for table, rows in sorted(occupied.items())[:5])
        if len(occupied) > 5:
            listed += f" và {len(occupied) - 5} bảng khác"
        raise BackupError(
            "Cơ sở dữ liệu đích đã có dữ liệu, không khôi phục đè lên: "
            f"{listed}. Hãy tạo một cơ sở dữ liệu trống mới."
        )
    targets = {}
    for entry in manifest["media"]:
        target = _safe_media_path(media_root, entry["path"])
        if target.exists() and _sha256_file(target) != entry["sha256"]:
            raise BackupError(f"Thư mục media đã có tệp khác cùng tên: {entry['path']}.")
        targets[entry["path"]] = target

    migrate()
    connection = connections[alias]
    applied = MigrationRecorder(connection).applied_migrations()
    if sorted(f"{app}.{name}" for app, name in applied) != manifest["migrations"]:
        raise BackupError(
            "Bản sao lưu được tạo bởi phiên bản phần mềm khác (danh sách migration khác): "
            f"cài đúng phiên bản {manifest.get('app_version')}, khôi phục, rồi mới nâng cấp."
        )
    by_table = {model._meta.db_table: model for model in backed_up_models()}
    unknown = sorted(set(manifest["tables"]) - set(by_table))
    if unknown:
        raise BackupError(f"Bản sao lưu có bảng mà phần mềm này không có: {', '.join(unknown)}.")

    with transaction.atomic(using=alias), connection.constraint_checks_disabled():
        with connection.cursor() as cursor:
            for label in sorted(SEEDED_BY_MIGRATE, reverse=True):  # permissions before types
                model = apps.get_model(label)
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
        loaded = []
        for table, entry in manifest["tables"].items():
            model = by_table[table]
            lines = _checked_lines(tar, f"data/{entry['model']}.jsonl", entry["sha256"])
            report.rows += _insert(model, lines, alias)
            report.tables += 1
            loaded.append(model)
        connection.check_constraints(table_names=[m._meta.db_table for m in loaded])
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), loaded):
                cursor.execute(sql)
        problems = _verify(manifest, alias, by_table)
        if problems:
            raise BackupError("Kiểm tra sau khi nạp không khớp: " + "; ".join(problems) + ".")
        report.audit_rows, report.audit_sha256 = audit_checksum(alias)
        for entry in manifest["media"]:
            _write_media(tar, entry, targets[entry["path"]])
            report.media += 1
    return report


def _write_media(tar: tarfile.TarFile, entry: dict[str, Any], target: Path) -> None:
    if target.exists():  # the same file (checked before loading)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    digest = hashlib.sha256()
    with _member(tar, f"media/{entry['path']}") as source, partial.open("wb") as out:
        for block in iter(lambda: source.read(1024 * 1024), b""):
            digest.update(block)
            out.write(block)
    if digest.hexdigest() != entry["sha256"]:
        partial.unlink()
        raise BackupError(f"Bản sao lưu bị hỏng: tệp {entry['path']} không khớp mã kiểm tra.")
    partial.replace(target)


def read_passphrase(path: str | None) -> str | None:
    """The passphrase: from the file named (or KMT_BACKUP_PASSPHRASE_FILE), else the variable
    KMT_BACKUP_PASSPHRASE; None when neither is set. Never from the command line, where every
    user of the machine could read it."""
    path = path or os.environ.get("KMT_BACKUP_PASSPHRASE_FILE")
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8").strip("\r\n")
        except OSError as error:
            raise BackupError(f"Không đọc được tệp mật khẩu {path}: {error.strerror}.") from error
        if not text:
            raise BackupError(f"Tệp mật khẩu {path} trống.")
        return text
    return os.environ.get("KMT_BACKUP_PASSPHRASE") or None


def is_encrypted(path: Path) -> bool:
    """Whether the archive at ``path`` is sealed with a passphrase."""
    with path.open("rb") as handle:
        return sealed.is_sealed(handle.read(8))


def described(manifest: dict[str, Any], *, encrypted: bool) -> str:
    """The audit note of a backup or a restore: what the archive holds, who ran it on the server."""
    created = timezone.localtime(datetime.fromisoformat(manifest["created_at"]))
    return _(
        "Bản sao lưu lúc %(at)s: %(tables)s bảng, %(rows)s dòng, %(media)s tệp đính kèm, "
        "nhật ký %(audit)s dòng; %(sealed)s; tài khoản máy chủ %(os_user)s"
    ) % {
        "at": f"{created:%d/%m/%Y %H:%M}",
        "tables": len(manifest["tables"]),
        "rows": sum(entry["rows"] for entry in manifest["tables"].values()),
        "media": len(manifest["media"]),
        "audit": manifest["audit_log"]["rows"],
        "sealed": _("có mã hóa") if encrypted else _("không mã hóa"),
        "os_user": _server_user(),
    }


def _server_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # a container user without a name
        return str(os.getuid())
