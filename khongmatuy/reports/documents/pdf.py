"""PDF through LibreOffice headless (Debian's libreoffice-writer-nogui), from the .docx itself,
so the PDF is the Word document as printed. Fonts: Liberation Serif 2, metric-compatible with
Times New Roman and holding the Vietnamese letters (Debian's fonts-liberation2; version 1 lacks
them and LibreOffice would fall back to another face). ``make office`` installs both."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT = 180


def converter_available() -> bool:
    return shutil.which("soffice") is not None


def docx_to_pdf(content: bytes) -> bytes:
    """The PDF of a .docx. ``RuntimeError`` when LibreOffice is missing or fails."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="kmt-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "bao-cao.docx"
        source.write_bytes(content)
        profile = (folder / "profile").as_uri()  # its own profile: conversions may run at once
        result = subprocess.run(  # noqa: S603 (fixed program and arguments)
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                str(source),
            ],
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
        target = folder / "bao-cao.pdf"
        if result.returncode != 0 or not target.exists():
            raise RuntimeError(f"LibreOffice failed: {result.stderr.decode(errors='replace')}")
        return target.read_bytes()
