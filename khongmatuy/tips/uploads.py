"""Checks of the photos sent with a tip: how many, how big, and what they really are.

The type is decided from the file's first bytes (its "magic number"), never from its name or the
browser's ``Content-Type``: a PNG renamed ``.jpg`` is accepted as a PNG, a text file renamed
``.png`` is refused. Stored names are random (``secrets``) with the extension of the detected
type, under ``MEDIA_ROOT/tips/`` through the default storage; nothing under MEDIA_ROOT is served by
a URL, officers download through the scoped ``tips:attachment`` view.

Pure checks only: nothing here writes. Every photo is then decoded and re-encoded without its
metadata (``common.images.reencode``): the GPS position in a phone photo's EXIF would otherwise
be stored with an anonymous tip. Only the re-encoded file is stored.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from khongmatuy.common import images, pdfs

MAX_FILES = 3
MAX_BYTES = 5 * 1024 * 1024
HEADER_BYTES = 12

JPEG, PNG, WEBP = images.JPEG, images.PNG, images.WEBP
EXTENSIONS = images.EXTENSIONS | {pdfs.CONTENT_TYPE: ".pdf"}
# The ``accept`` of a file input taking photos or a scanned document.
DOCUMENT_TYPES = "image/jpeg,image/png,image/webp,application/pdf"


def sniff(head: bytes, *, documents: bool = False) -> str | None:
    """The type of a file from its first bytes, or None when it is none we accept: an image,
    or also a PDF when ``documents`` (scanned minutes)."""
    if documents and head.startswith(pdfs.MAGIC):
        return pdfs.CONTENT_TYPE
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(head) >= HEADER_BYTES and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None


@dataclass(frozen=True)
class CheckedUpload:
    """A photo ready to store: ``file`` is the re-encoded image, ``size`` its length."""

    file: ContentFile[bytes]
    content_type: str
    size: int
    original_name: str

    @property
    def stored_name(self) -> str:
        """A fresh random name with the extension of the detected type."""
        return secrets.token_hex(16) + EXTENSIONS[self.content_type]


class UploadRefused(ValueError):
    """A Vietnamese message naming the file; the service turns it into a form error."""


def _read_head(upload: UploadedFile) -> bytes:
    upload.seek(0)
    head = upload.read(HEADER_BYTES)
    upload.seek(0)
    return head if isinstance(head, bytes) else b""


def check_uploads(files: Sequence[UploadedFile], *, documents: bool = False) -> list[CheckedUpload]:
    """Every file checked and re-encoded, or ``UploadRefused`` for the first bad one (then nothing
    is saved). With ``documents``, a PDF is accepted too and rewritten (``common.pdfs``)."""
    if len(files) > MAX_FILES:
        message = (
            _("Chỉ gửi được tối đa %(n)s tệp.")
            if documents
            else _("Chỉ gửi được tối đa %(n)s ảnh.")
        )
        raise UploadRefused(message % {"n": MAX_FILES})
    checked = []
    for upload in files:
        name = (upload.name or "").rsplit("/", 1)[-1][:200]
        size = upload.size or 0
        if size > MAX_BYTES:
            raise UploadRefused(
                _("Tệp “%(name)s” lớn hơn %(mb)s MB.") % {"name": name, "mb": MAX_BYTES // 2**20}
            )
        if size == 0:
            raise UploadRefused(_("Tệp “%(name)s” rỗng.") % {"name": name})
        content_type = sniff(_read_head(upload), documents=documents)
        if content_type is None:
            message = (
                _("Tệp “%(name)s” không phải ảnh JPEG, PNG, WebP hoặc tệp PDF.")
                if documents
                else _("Tệp “%(name)s” không phải ảnh JPEG, PNG hoặc WebP.")
            )
            raise UploadRefused(message % {"name": name})
        if content_type == pdfs.CONTENT_TYPE:
            try:
                pdf = pdfs.rewrite(upload, name=name)
            except pdfs.PdfRefused as exc:
                raise UploadRefused(str(exc)) from None
            checked.append(CheckedUpload(ContentFile(pdf), content_type, len(pdf), name))
            continue
        try:
            clean = images.reencode(upload, name=name, content_type=content_type)
        except images.ImageRefused as exc:
            raise UploadRefused(str(exc)) from None
        content = ContentFile(clean.content)
        checked.append(CheckedUpload(content, clean.content_type, len(clean.content), name))
    return checked
