"""The contract every genome_store repository passes, written once (as gorse's per-backend suite).

A repository's test class subclasses `RepositoryContract` and says how to write one item
under a key, write it again, and read it back, singly and many at once. The contract then
checks, on the server under test (the embedded SecantusDB, or any MongoDB given by
``LIFECUE_TEST_MONGODB_URI``): create and read, reading what is not there, idempotent
writes under a unique key (or, for append-only logs, one entry per write), lookups of more ids than one ``$in`` chunk, the change notices
of writes that touch a genome, and `StorageUnavailable` (never a driver error) when the
server is gone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from genome_store import subscribe_genome_changes
from genome_store.lookups import CHUNK
from lifecue.errors import StorageUnavailable


class RepositoryContract:
    """Subclass as ``TestSomething(RepositoryContract)`` and implement the hooks."""

    #: whether a write announces the consumer id it touched (see `genome_store.changes`)
    announces_genome_changes = False
    #: False for append-only logs, where every write is a new entry by design
    idempotent = True
    #: how many items `test_many_reads_cross_lookup_chunks` writes (more than one ``$in`` chunk)
    many = 2 * CHUNK + 3

    def prepare(self, db: Any, key: str) -> None:
        """What must exist before `write` (a genome, a product); nothing by default."""

    def write(self, db: Any, key: str) -> None:
        """Store one item under ``key`` through the repository's own write call."""
        raise NotImplementedError

    def _store(self, db: Any, key: str) -> None:
        self.prepare(db, key)
        self.write(db, key)

    def rewrite(self, db: Any, key: str) -> None:
        """Send the same item again (a retry); by default the same call as `write`."""
        self.write(db, key)

    def read(self, db: Any, key: str) -> Any:
        """The stored item under ``key``, or something falsy when there is none."""
        raise NotImplementedError

    def read_many(self, db: Any, keys: Sequence[str]) -> set[str]:
        """Which of ``keys`` are stored (the repository's batch read, or one read each)."""
        return {k for k in keys if self.read(db, k)}

    def stored_count(self, db: Any, key: str) -> int:
        """How many stored items there are under ``key`` (1 after any number of retries)."""
        return 1 if self.read(db, key) else 0

    def key(self, n: int) -> str:
        """The n-th test key."""
        return f"k{n:05d}"

    def test_a_written_item_reads_back(self, db: Any) -> None:
        assert not self.read(db, self.key(1))
        self._store(db, self.key(1))
        assert self.read(db, self.key(1))

    def test_reading_a_missing_item_finds_nothing(self, db: Any) -> None:
        self._store(db, self.key(1))
        assert not self.read(db, self.key(2))

    def test_writing_the_same_item_again_stores_it_once(self, db: Any) -> None:
        self._store(db, self.key(1))
        self.rewrite(db, self.key(1))
        self.rewrite(db, self.key(1))
        assert self.stored_count(db, self.key(1)) == (1 if self.idempotent else 3)

    def test_many_reads_cross_lookup_chunks(self, db: Any) -> None:
        keys = [self.key(n) for n in range(self.many)]
        for key in keys[::2]:
            self._store(db, key)
        assert self.read_many(db, keys) == set(keys[::2])

    def test_genome_writes_are_announced_after_commit_and_others_not_at_all(self, db: Any) -> None:
        self.prepare(db, self.key(7))
        seen: list[tuple[str, bool]] = []
        undo = subscribe_genome_changes(lambda cid: seen.append((cid, bool(self.read(db, self.key(7))))))
        try:
            self.write(db, self.key(7))
        finally:
            undo()
        if self.announces_genome_changes:
            assert seen and seen[-1][1], "the last notice came before the write was visible"
        else:
            assert seen == [], "only writes to genomes are announced"

    def test_a_dead_server_is_storage_unavailable(self, dead_db: Any) -> None:
        with pytest.raises(StorageUnavailable):
            self.write(dead_db, self.key(1))
        with pytest.raises(StorageUnavailable):
            self.read(dead_db, self.key(1))
