"""A stable fingerprint of JSON-ready data, to store identical content once and find it again.

The text hashed is canonical (keys sorted, no spaces, non-ASCII as is), so equal values give the
same digest whatever the order their dictionaries were built in. Migrations may import it: it
depends on the standard library only.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def json_digest(value: Any) -> str:
    """SHA-256 (64 hex digits) of ``value`` written as canonical JSON."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
