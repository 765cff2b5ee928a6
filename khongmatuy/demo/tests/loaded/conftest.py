"""The tests of this package read the demo that ``make run`` loads, loaded once for all of them.

Loading the demo goes through the services (every write validated and audited) and takes
several seconds; the tests here only read it, or write inside their own test transaction. The
demo is loaded inside a transaction opened for the package and rolled back after its last test,
so the database is left as the other tests expect it. Each xdist worker that runs some of the
package's tests loads the demo once for them (its share of the package comes as one run of tests).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from khongmatuy.demo.demo_data import load_demo
from tests.database import rolled_back


@pytest.fixture(scope="package", autouse=True)
def loaded_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with rolled_back(django_db_blocker):
        load_demo()
        yield
