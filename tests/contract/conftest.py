"""Fixtures of the storage contract: the server under test (``db``, from tests/conftest.py) and a dead one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from genome_store import Database, connect, free_port


@pytest.fixture
def dead_db() -> Iterator[Database[Any]]:
    """A database handle on a port where no server listens (answers within 0.2 s)."""
    store = connect(f"mongodb://127.0.0.1:{free_port()}/?directConnection=true", "dead", timeout_ms=200)
    yield store.db
    store.close()
