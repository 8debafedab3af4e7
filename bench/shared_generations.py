"""Prototype: cross-process genome cache invalidation through generation counters in shared memory.

Several serving processes on one host (``SO_REUSEPORT``) each keep a genome cache. A
revocation committed through process A must be seen by process B on its very next
call, which a change stream (milliseconds late) cannot promise. Here every process maps
one table of 64-bit counters; a consumer id hashes to a slot. A writer bumps the slot
after its transaction commits and before it answers (through `genome_store.changes`,
as the cache's own eviction already is); a reader notes the slot's value *before* it
reads the database and serves a cached genome only while the slot still holds that
value. A lost increment from two racing writers still changes the value, which is all
a reader checks. Collisions only cause extra reads. This is bench-only code: the
measured cost (see bench/README.md) decides whether serving adopts it.
"""

from __future__ import annotations

import zlib
from multiprocessing import shared_memory
from typing import Any

import numpy as np

from recommender.genome_cache import _MISSING, GenomeCache

SLOTS = 1 << 16


class SharedGenerations:
    """A table of generation counters in POSIX shared memory, named so other processes attach."""

    def __init__(self, name: str, create: bool = False, slots: int = SLOTS) -> None:
        if slots & (slots - 1):
            raise ValueError("slots must be a power of two")
        size = slots * 8
        self._shm = shared_memory.SharedMemory(name=name, create=create, size=size)
        self.name = self._shm.name
        self._table = np.ndarray((slots,), dtype=np.uint64, buffer=self._shm.buf)
        if create:
            self._table[:] = 0
        self._mask = slots - 1
        self._owner = create

    def slot(self, consumer_id: str) -> int:
        """The counter a consumer id maps to."""
        return zlib.crc32(consumer_id.encode()) & self._mask

    def get(self, consumer_id: str) -> int:
        """The consumer's current generation."""
        return int(self._table[zlib.crc32(consumer_id.encode()) & self._mask])

    def snapshot(self) -> np.ndarray:
        """A copy of every counter (for a bulk load: read before it, compared after)."""
        return self._table.copy()

    def bump(self, consumer_id: str) -> None:
        """Announce a committed change of the consumer's genome to every process."""
        self._table[zlib.crc32(consumer_id.encode()) & self._mask] += np.uint64(1)

    def close(self) -> None:
        """Detach (and remove the segment if this process created it)."""
        del self._table
        self._shm.close()
        if self._owner:
            self._shm.unlink()


class SharedGenerationCache(GenomeCache):
    """GenomeCache whose entries are valid only while the consumer's shared generation is unchanged."""

    def __init__(self, db: Any, fields: dict[str, int], table: SharedGenerations) -> None:
        self.table = table
        self._seen: dict[str, int] = {}
        super().__init__(db, fields)

    def get(self, consumer_id: str) -> dict[str, Any] | None:
        """The projected genome, from memory while no process announced a change."""
        generation = self.table.get(consumer_id)  # before the read: a change after it spoils the entry
        if self._live.is_set():
            hit = self._entries.get(consumer_id, _MISSING)
            if hit is not _MISSING and self._seen.get(consumer_id) == generation:
                return hit  # type: ignore[return-value]
        doc = self._read(consumer_id)
        with self._lock:
            if self._live.is_set():
                self._entries[consumer_id] = doc
                self._seen[consumer_id] = generation
        return doc

    def warm(self) -> int:
        """Load every genome, each noted with its current generation."""
        before = self.table.snapshot()  # generations as they were before the load began
        count = super().warm()
        with self._lock:
            self._seen.update({k: int(before[self.table.slot(k)]) for k in self._entries})
        return count

    def evict(self, consumer_id: str) -> None:
        """This process committed a change: drop the entry and tell every other process."""
        self.table.bump(consumer_id)
        super().evict(consumer_id)
