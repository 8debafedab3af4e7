"""An in-memory cache of the genome fields Recommend reads, evicted on every change.

Two sources evict an entry:

- `genome_store.changes`: every genome write made through `genome_store` in this
  process (consent grant and revocation with its cascade, erasure, life-event merges,
  purchase summaries, migrations) publishes the consumer id after its commit, and the
  cache drops the entry synchronously, so the very next Recommend reads the new consent;
- `genome_store.watch_genomes`, the change stream on ``genomes``: writes by other
  processes (and direct writes that bypass `genome_store`) evict as soon as the stream
  delivers them.

A read that raced with a change is not cached (a generation counter bumped by both
sources). While the stream is down the cache is off and every call reads the database,
so a change from elsewhere can never outlive one change-stream delay; the watch
reconnects by itself and the cache starts again empty.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

from genome_store import (
    Database,
    GenomeWatch,
    genome_fields,
    scan_genomes,
    subscribe_genome_changes,
    watch_genomes,
)


class GenomeCache:
    """consumer_id -> projected genome (or None), evicted on change."""

    def __init__(
        self,
        db: Database[Any],
        fields: Mapping[str, int],
        max_entries: int = 1_000_000,
        on_lookup: Callable[[bool], None] | None = None,
    ) -> None:
        """``on_lookup`` hears of every `get`: True when memory answered, False when the database did."""
        self.db = db
        self.fields = dict(fields)
        self.max_entries = max_entries
        self.on_lookup = on_lookup
        self._entries: dict[str, dict[str, Any] | None] = {}
        self._generation = 0
        self._lock = threading.Lock()
        self._live = threading.Event()
        self._unsubscribe = subscribe_genome_changes(self.evict)
        # a server without change streams must not delay start-up: the watch settles within 5 s
        # retrying at least every 2 s, the cache is back within seconds of the database
        self._watch: GenomeWatch = watch_genomes(db, self._changed, self._stream_live, max_retry_seconds=2.0)

    @property
    def live(self) -> bool:
        """Whether the change stream is running (otherwise every get reads the database)."""
        return self._live.is_set()

    def get(self, consumer_id: str) -> dict[str, Any] | None:
        """The projected genome, from memory when the stream vouches for it."""
        if not self._live.is_set():
            self._count(False)
            return self._read(consumer_id)
        hit = self._entries.get(consumer_id, _MISSING)
        if hit is not _MISSING:
            self._count(True)
            return hit  # type: ignore[return-value]
        self._count(False)
        generation = self._generation
        doc = self._read(consumer_id)
        with self._lock:
            if generation == self._generation and self._live.is_set():
                if len(self._entries) >= self.max_entries:
                    self._entries.clear()
                self._entries[consumer_id] = doc
        return doc

    def warm(self) -> int:
        """Load every genome (up to ``max_entries``) so the first calls do not read the database."""
        generation = self._generation
        docs = scan_genomes(self.db, self.fields, self.max_entries)
        with self._lock:
            if generation == self._generation and self._live.is_set():
                self._entries.update(docs)
        return len(docs)

    def evict(self, consumer_id: str) -> None:
        """Drop one consumer's entry and spoil reads in flight (a change just committed)."""
        with self._lock:
            self._generation += 1
            self._entries.pop(consumer_id, None)

    def _count(self, hit: bool) -> None:
        if self.on_lookup is not None:
            self.on_lookup(hit)

    def _read(self, consumer_id: str) -> dict[str, Any] | None:
        return genome_fields(self.db, consumer_id, self.fields)

    def _changed(self, consumer_id: str | None) -> None:
        if consumer_id is not None:
            self.evict(consumer_id)
            return
        with self._lock:
            self._generation += 1
            self._entries.clear()

    def _stream_live(self, live: bool) -> None:
        """The stream came up (start empty: changes while it was down were missed) or went down."""
        with self._lock:
            self._generation += 1
            self._entries.clear()
            if live:
                self._live.set()
            else:
                self._live.clear()

    def close(self) -> None:
        """Stop watching; later gets read the database."""
        self._unsubscribe()
        self._watch.close()
        with self._lock:
            self._live.clear()
            self._entries.clear()


_MISSING = object()
