"""Genome change generations shared by the processes of one host, so no cache serves a change late.

Several serving processes on one host (``lifecue serve`` with ``LIFECUE_SERVER__PROCESSES``)
each keep a genome cache. `genome_store.changes` tells the caches of the writing process
at once; the change stream tells the others, but milliseconds late, and a revocation
committed through process A must be obeyed by process B on its very next call. So the
processes map one table of 64-bit counters (a file in ``/dev/shm``, memory shared by
every process that maps it); a consumer id hashes to a slot:

- the process that commits a genome change bumps the consumer's slot **after the commit
  and before it answers** (`publish_to` subscribes the bump to `genome_store.changes`,
  which every genome write calls once committed);
- a reader notes the slot **before** it reads the database and keeps the copy it read
  with that number; it serves a cached copy only while the slot still holds it.

A bump after the reader noted the slot changes the number, so a copy read around a
change is never served again. Bumps take a file lock (writes are rare; a lost increment
could otherwise move a counter back to a number a reader kept); reads take none (an
aligned 8-byte load is atomic). Two consumers sharing a slot only cost extra reads.
Reading a slot costs about a microsecond.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np

from genome_store.changes import subscribe

SLOTS = 1 << 16


def default_folder() -> Path:
    """Where tables are made: ``/dev/shm`` (memory) when the host has it, else the temp folder."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else Path(tempfile.gettempdir())


class SharedGenerations:
    """A table of generation counters in a file every process of the host maps."""

    def __init__(self, path: Path | str, slots: int = SLOTS) -> None:
        if slots < 1 or slots & (slots - 1):
            raise ValueError("slots must be a power of two")
        self.path = Path(path)
        self._fd = os.open(self.path, os.O_RDWR)
        if os.fstat(self._fd).st_size != slots * 8:
            os.close(self._fd)
            raise ValueError(f"{self.path} is not a table of {slots} generations")
        self._table = np.memmap(self.path, dtype=np.uint64, mode="r+", shape=(slots,))
        self._mask = slots - 1

    @classmethod
    def create(cls, folder: Path | None = None, slots: int = SLOTS) -> SharedGenerations:
        """A new zeroed table in ``folder`` (default `default_folder`), owner-only; remove with `unlink`."""
        fd, name = tempfile.mkstemp(prefix="lifecue-generations-", dir=folder or default_folder())
        try:
            os.ftruncate(fd, slots * 8)
        finally:
            os.close(fd)
        return cls(name, slots)

    def slot(self, consumer_id: str) -> int:
        """The counter ``consumer_id`` maps to."""
        return zlib.crc32(consumer_id.encode()) & self._mask

    def get(self, consumer_id: str) -> int:
        """The consumer's generation now."""
        return int(self._table[zlib.crc32(consumer_id.encode()) & self._mask])

    def snapshot(self) -> np.ndarray:
        """A copy of every counter (noted before a bulk load, compared slot by slot after it)."""
        return np.array(self._table)

    def bump(self, consumer_id: str) -> None:
        """Announce a committed change of the consumer's genome to every process of the host."""
        slot = zlib.crc32(consumer_id.encode()) & self._mask
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        try:
            self._table[slot] += np.uint64(1)
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        """Unmap (the file stays for the other processes)."""
        mm = getattr(self._table, "_mmap", None)
        del self._table
        if mm is not None:
            mm.close()
        os.close(self._fd)

    def unlink(self) -> None:
        """Remove the file (its creator, once every process is done)."""
        self.path.unlink(missing_ok=True)


def publish_to(table: SharedGenerations) -> Callable[[], None]:
    """Bump ``table`` for every genome change this process commits; returns an unsubscribe."""
    return subscribe(table.bump)
