"""The English catalogue is complete, keeps every placeholder, is compiled, and is served.

The .po is read by a small parser here (polib is not a project dependency); the committed .mo is
read by the standard library's ``gettext`` and must say what the .po says.
"""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

CATALOGUE = Path(settings.BASE_DIR) / "khongmatuy" / "locale" / "en" / "LC_MESSAGES"
PO = CATALOGUE / "django.po"
MO = CATALOGUE / "django.mo"

# %(name)s, %s, %d, %% ... and {name} (python-brace-format).
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]|\{[^{}]*\}")


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def _unquote(text: str) -> str:
    # PO strings use C escapes (\" \\ \n \t), which a Python string literal reads the same way.
    value = ast.literal_eval(text)
    assert isinstance(value, str)
    return value


def parse_po(path: Path) -> list[Entry]:
    """Entries of a PO file (obsolete ``#~`` entries skipped), the header included."""
    entries: list[Entry] = []
    current: Entry | None = None
    flags: set[str] = set()
    target: tuple[str, int] | None = None

    def finish() -> None:
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            flags = set()
            continue
        if line.startswith("#,"):
            finish()
            flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            if current is not None and current.msgstr:
                finish()
            continue
        keyword, _, rest = line.partition(" ")
        if keyword.startswith('"'):
            assert current is not None, f"line {number}: stray string"
            assert target is not None, f"line {number}: stray string"
            name, index = target
            value = _unquote(line)
            if name == "msgstr":
                current.msgstr[index] += value
            else:
                setattr(current, name, (getattr(current, name) or "") + value)
            continue
        if keyword in ("msgctxt", "msgid") and current is not None and current.msgstr:
            finish()
        if current is None:
            current = Entry(flags=flags, line=number)
            flags = set()
        value = _unquote(rest)
        if keyword in ("msgctxt", "msgid", "msgid_plural"):
            setattr(current, keyword, value)
            target = (keyword, 0)
        elif keyword == "msgstr":
            current.msgstr[0] = value
            target = ("msgstr", 0)
        elif keyword.startswith("msgstr["):
            index = int(keyword[len("msgstr[") : -1])
            current.msgstr[index] = value
            target = ("msgstr", index)
        else:
            raise AssertionError(f"line {number}: unexpected {keyword!r}")
    finish()
    return entries


@pytest.fixture(scope="module")
def po_entries() -> list[Entry]:
    entries = parse_po(PO)
    assert entries, "the English catalogue is empty"
    return entries


def _messages(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if e.msgid]


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_catalogue_is_complete(po_entries: list[Entry]) -> None:
    messages = _messages(po_entries)
    assert len(messages) > 1000
    fuzzy = [e.msgid for e in po_entries if "fuzzy" in e.flags]
    assert fuzzy == []
    untranslated = [
        e.msgid for e in messages if not e.msgstr or any(not s.strip() for s in e.msgstr.values())
    ]
    assert untranslated == []
    plurals = [e for e in messages if e.msgid_plural is not None]
    assert plurals
    assert all(sorted(e.msgstr) == [0, 1] for e in plurals)


def test_header_declares_english(po_entries: list[Entry]) -> None:
    header = next(e for e in po_entries if e.msgid == "")
    assert "Language: en\n" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]


def test_placeholders_are_kept(po_entries: list[Entry]) -> None:
    wrong = []
    for e in _messages(po_entries):
        if e.msgid_plural is None:
            pairs = [(e.msgid, e.msgstr[0])]
        else:
            pairs = [(e.msgid, e.msgstr[0]), (e.msgid_plural, e.msgstr[1])]
        wrong += [(src, dst) for src, dst in pairs if _placeholders(src) != _placeholders(dst)]
    assert wrong == []


def test_compiled_catalogue_matches_po(po_entries: list[Entry]) -> None:
    assert MO.exists(), "run compilemessages -l en"
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    messages = [e for e in _messages(po_entries) if e.msgctxt is None]
    step = max(1, len(messages) // 20)
    sample = messages[::step][:20]
    plurals = [e for e in messages if e.msgid_plural is not None]
    sample += plurals[:2]
    for e in sample:
        if e.msgid_plural is None:
            assert compiled.gettext(e.msgid) == e.msgstr[0], e.msgid
        else:
            assert compiled.ngettext(e.msgid, e.msgid_plural, 1) == e.msgstr[0], e.msgid
            assert compiled.ngettext(e.msgid, e.msgid_plural, 5) == e.msgstr[1], e.msgid
    # Every message of the .po is in the .mo (a stale .mo would miss new strings).
    missing = [
        e.msgid
        for e in messages
        if e.msgid_plural is None and compiled.gettext(e.msgid) != e.msgstr[0]
    ]
    assert missing == [], "the .mo is older than the .po: run compilemessages -l en"


def test_login_page_in_english(db: None) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("accounts:login"))
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "<title>Log in" in body
    assert "Đăng nhập" not in body
    assert response["Content-Language"] == "en"


def test_login_page_stays_vietnamese_without_cookie(db: None) -> None:
    body = Client().get(reverse("accounts:login")).content.decode()
    assert '<html lang="vi">' in body
    assert "<title>Đăng nhập" in body


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs Debian's gettext")
def test_catalogue_covers_every_string_of_the_sources(
    po_entries: list[Entry], tmp_path: Path
) -> None:
    """``makemessages`` run on a copy of the sources finds no string the catalogue lacks."""
    root = Path(settings.BASE_DIR)
    for name in ("khongmatuy", "config"):
        shutil.copytree(
            root / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
        )
    shutil.copy(root / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=tmp_path,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        check=True,
        capture_output=True,
    )
    extracted = parse_po(tmp_path / "khongmatuy" / "locale" / "en" / "LC_MESSAGES" / "django.po")
    translated = {(e.msgctxt, e.msgid) for e in _messages(po_entries) if e.msgstr.get(0)}
    missing = sorted(
        e.msgid for e in _messages(extracted) if (e.msgctxt, e.msgid) not in translated
    )
    assert missing == [], "run makemessages -l en and translate the new entries"
