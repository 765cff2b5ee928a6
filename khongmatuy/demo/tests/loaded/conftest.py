"""The tests of this package read the demo that ``make run`` loads, loaded once for all of them.

Loading the demo goes through the services (every write validated and audited) and takes
several seconds; the tests here only read it, or write inside their own test transaction. The
demo is loaded inside a transaction opened for the package and rolled back after its last test,
so the database is left as the other tests expect it. The package's tests form one xdist group:
they run one after another on one worker, which loads the demo once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from khongmatuy.demo.demo_data import load_demo
from tests.database import rolled_back

HERE = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)  # before xdist names the group in the node ids
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.xdist_group("loaded_demo"))


@pytest.fixture(scope="package", autouse=True)
def loaded_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with rolled_back(django_db_blocker):
        load_demo()
        yield
