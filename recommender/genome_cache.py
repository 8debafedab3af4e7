"""An in-memory cache of the genome fields Recommend reads, evicted on every change.

Three sources keep it honest:

- `genome_store.changes`: every genome write made through `genome_store` in this
  process (consent grant and revocation with its cascade, erasure, life-event merges,
  purchase summaries, migrations) publishes the consumer id after its commit, and the
  cache drops the entry synchronously, so the very next Recommend reads the new consent;
- the host's shared generations (`genome_store.generations`, when ``lifecue serve`` runs
  several processes): a write committed by a sibling process bumps the consumer's
  counter before that process answers; an entry is served only while the counter still
  holds the value noted before the entry was read, so a sibling's change is never late;
- `genome_store.watch_genomes`, the change stream on ``genomes``: writes by processes
  elsewhere (and direct writes that bypass `genome_store`) evict as soon as the stream
  delivers them.

A read that raced with a change is not cached (a generation counter bumped by the
in-process sources). While the stream is down the cache is off and every call reads the
database, so a change from elsewhere can never outlive one change-stream delay; the
watch reconnects by itself and the cache starts again empty.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

from genome_store import (
    Database,
    GenomeWatch,
    SharedGenerations,
    genome_fields,
    scan_genomes,
    subscribe_genome_changes,
    watch_genomes,
)

Entry = tuple[int, dict[str, Any] | None]
"""The host generation noted before the read (0 without shared generations), and the genome read."""


class GenomeCache:
    """consumer_id -> projected genome (or None), evicted on change."""

    def __init__(
        self,
        db: Database[Any],
        fields: Mapping[str, int],
        max_entries: int = 1_000_000,
        on_lookup: Callable[[bool], None] | None = None,
        generations: SharedGenerations | None = None,
        on_live: Callable[[], None] | None = None,
    ) -> None:
        """``on_lookup`` hears of every `get`: True when memory answered, False when the database did;
        ``on_live`` of every time the change stream (re)starts and the cache serves again, empty."""
        self.on_live = on_live
        self.db = db
        self.fields = dict(fields)
        self.max_entries = max_entries
        self.on_lookup = on_lookup
        self.generations = generations
        self._entries: dict[str, Entry] = {}
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

    def wait_live(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the change stream; whether the cache serves from memory."""
        return self._live.wait(timeout)

    def __len__(self) -> int:
        return len(self._entries)

    def ids(self) -> list[str]:
        """The consumers held now (in the order they were read)."""
        return list(self._entries)

    def _shared(self, consumer_id: str) -> int:
        """The consumer's generation in the host's shared table (0 without one)."""
        return self.generations.get(consumer_id) if self.generations is not None else 0

    def _vouched(self, consumer_id: str, shared: int) -> Entry | None:
        """The held entry when it is still vouched for at generation ``shared`` (its genome may be None)."""
        hit = self._entries.get(consumer_id)
        return hit if hit is not None and hit[0] == shared else None

    def holds(self, consumer_id: str) -> bool:
        """Whether `get` would answer from memory now (the entry is held and still vouched for)."""
        return self._live.is_set() and self._vouched(consumer_id, self._shared(consumer_id)) is not None

    def get(self, consumer_id: str, count: bool = True) -> dict[str, Any] | None:
        """The projected genome, from memory while the stream and the host's generations vouch for it.

        ``count=False``: a lookup made ahead of any call (`recommender.prewarm`), kept out of the
        hit counts a call's lookups feed.
        """
        if not self._live.is_set():
            self._count(False, count)
            return self._read(consumer_id)
        shared = self._shared(consumer_id)  # before the read
        held = self._vouched(consumer_id, shared)
        if held is not None:
            self._count(True, count)
            return held[1]
        self._count(False, count)
        generation = self._generation
        doc = self._read(consumer_id)
        with self._lock:
            if generation == self._generation and self._live.is_set():
                if len(self._entries) >= self.max_entries:
                    self._entries.clear()
                self._entries[consumer_id] = (shared, doc)
        return doc

    def warm(self, limit: int | None = None) -> int:
        """Load every genome (up to ``limit`` or ``max_entries``) so the first calls do not read the database."""
        generation = self._generation
        before = self.generations.snapshot() if self.generations is not None else None
        docs = scan_genomes(self.db, self.fields, min(limit or self.max_entries, self.max_entries))
        with self._lock:
            if generation == self._generation and self._live.is_set():
                slot = self.generations.slot if self.generations is not None else None
                self._entries.update(
                    (k, (int(before[slot(k)]) if before is not None and slot else 0, doc))
                    for k, doc in docs.items()
                )
        return len(docs)

    def evict(self, consumer_id: str) -> None:
        """Drop one consumer's entry and spoil reads in flight (a change just committed)."""
        with self._lock:
            self._generation += 1
            self._entries.pop(consumer_id, None)

    def _count(self, hit: bool, count: bool = True) -> None:
        if count and self.on_lookup is not None:
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
        if live and self.on_live is not None:
            self.on_live()

    def close(self) -> None:
        """Stop watching; later gets read the database."""
        self._unsubscribe()
        self._watch.close()
        with self._lock:
            self._live.clear()
            self._entries.clear()
