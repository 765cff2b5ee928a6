"""Uploaded PDFs: rewritten without metadata, scripts, attachments or page actions; refused
with the file's name when encrypted, damaged, empty or too long."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript
from pypdf.annotations import Link

from khongmatuy.common import pdfs

SECRET = "Nguyen Van Mat 0912345678"


def pdf_bytes(*, pages: int = 1, secret: bool = False, password: str = "") -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    if secret:
        writer.add_metadata({"/Author": SECRET, "/Title": SECRET})
        writer.add_open_action(JavaScript("app.alert(1);"))
        writer.add_attachment("danh-sach.txt", SECRET.encode())
        writer.add_annotation(0, Link(rect=(10, 10, 50, 50), url="https://example.invalid/"))
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_pages_are_kept_and_everything_else_dropped() -> None:
    original = pdf_bytes(pages=2, secret=True)
    assert SECRET.encode() in original
    before = PdfReader(io.BytesIO(original))
    assert {"/JavaScript", "/EmbeddedFiles"} <= set(before.trailer["/Root"]["/Names"])
    assert "/Annots" in before.pages[0]

    clean = pdfs.rewrite(io.BytesIO(original), name="bien-ban.pdf")

    assert clean.startswith(pdfs.MAGIC)
    assert SECRET.encode() not in clean
    reader = PdfReader(io.BytesIO(clean))
    assert len(reader.pages) == 2
    assert not (reader.metadata or {}).get("/Author")
    catalog = reader.trailer["/Root"]
    assert "/Names" not in catalog  # neither the script nor the attachment
    assert "/OpenAction" not in catalog
    assert all("/Annots" not in page for page in reader.pages)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (pdf_bytes(password="matkhau"), "Tệp PDF “x.pdf” có mật khẩu"),
        (b"%PDF-1.7\n garbage that is not a document", "Không đọc được tệp PDF “x.pdf”"),
        (pdf_bytes(pages=pdfs.MAX_PAGES + 1), f"có {pdfs.MAX_PAGES + 1} trang; tối đa"),
    ],
)
def test_refusals_name_the_file(content: bytes, message: str) -> None:
    with pytest.raises(pdfs.PdfRefused) as refused:
        pdfs.rewrite(io.BytesIO(content), name="x.pdf")
    assert message in str(refused.value)
