"""Suite-wide fixtures: a fresh database per test, on SQLite by default or on PostgreSQL in CI's second pass.

Set ``SCIMULATOR_TEST_DATABASE_URL`` to a PostgreSQL URL and every test that asks for ``database_url`` gets its
own schema in that database (created before, dropped after), so parallel workers never share tables. Tests that
use the fixture are marked ``storage`` automatically; CI re-runs ``-m storage`` against PostgreSQL.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

_counter = itertools.count()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that touches storage, so CI can repeat them on PostgreSQL."""
    for item in items:
        if "database_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.storage)


@pytest.fixture
def database_url(worker_id: str) -> Iterator[str]:
    """Yield a URL to an empty database that only this test uses."""
    base = os.environ.get("SCIMULATOR_TEST_DATABASE_URL")
    if not base:
        yield "sqlite://"
        return
    schema = f"t_{worker_id}_{os.getpid()}_{next(_counter)}".lower()
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
