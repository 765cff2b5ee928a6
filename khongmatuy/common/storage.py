"""Files written to storage beside a database write."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.storage import default_storage


@contextmanager
def removed_on_failure(stored: list[str]) -> Iterator[None]:
    """The files whose names are in ``stored`` (or are added to it inside the block) were written
    to storage for rows the block saves; if the block raises (a refused row, a failed insert),
    they are deleted, so a write that saved nothing leaves no file behind either."""
    try:
        yield
    except BaseException:
        for name in stored:
            if name:
                default_storage.delete(name)
        raise
