"""Checks and rewrites an uploaded PDF (a scanned record, minutes of a meeting) before storing it.

A PDF can carry what an officer never meant to upload: the author, software and dates in its
metadata, scripts and automatic actions, embedded files, form fields. Like an uploaded photo
(``common.images.reencode``), only a rewritten copy is stored: the pages' content and resources,
without the document's metadata, its catalogue-level actions, scripts, attachments and forms,
and without each page's annotations and actions. A file that does not parse, is encrypted, or has
no page or too many is refused with a message naming it.
"""

from __future__ import annotations

import io
from typing import IO

from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

MAX_PAGES = 50
CONTENT_TYPE = "application/pdf"
MAGIC = b"%PDF-"
# Page entries that run or link something rather than draw it.
_PAGE_ACTIONS = ("/Annots", "/AA")


class PdfRefused(ValueError):
    """A Vietnamese message naming the file."""


def rewrite(upload: IO[bytes], *, name: str) -> bytes:
    """The pages of ``upload`` in a new PDF without metadata, scripts or attachments."""
    upload.seek(0)
    try:
        reader = PdfReader(io.BytesIO(upload.read()), strict=False)
        if reader.is_encrypted:
            raise PdfRefused(
                _("Tệp PDF “%(name)s” có mật khẩu; hãy gửi bản không đặt mật khẩu.")
                % {"name": name}
            )
        pages = len(reader.pages)
        if pages == 0:
            raise PdfRefused(_("Tệp PDF “%(name)s” không có trang nào.") % {"name": name})
        if pages > MAX_PAGES:
            raise PdfRefused(
                _("Tệp PDF “%(name)s” có %(n)s trang; tối đa %(max)s trang.")
                % {"name": name, "n": pages, "max": MAX_PAGES}
            )
        writer = PdfWriter()
        for page in reader.pages:
            copy = writer.add_page(page)
            for key in _PAGE_ACTIONS:
                if key in copy:
                    del copy[key]
        out = io.BytesIO()
        writer.write(out)
    except PdfRefused:
        raise
    except Exception:  # pypdf raises many kinds of error on a damaged or hostile file
        raise PdfRefused(
            _("Không đọc được tệp PDF “%(name)s”: tệp hỏng hoặc không đúng định dạng.")
            % {"name": name}
        ) from None
    return out.getvalue()
