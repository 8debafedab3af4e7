"""An in-memory cache of the genome fields Recommend reads, evicted on every change.

Two sources evict an entry:

- `genome_store.changes`: every genome write made through `genome_store` in this
  process (consent grant and revocation with its cascade, erasure, life-event merges,
  purchase summaries, migrations) publishes the consumer id after its commit, and the
  cache drops the entry synchronously, so the very next Recommend reads the new consent;
- the MongoDB change stream on ``genomes``: writes by other processes (and direct
  writes that bypass `genome_store`) evict as soon as the stream delivers them.

A read that raced with a change is not cached (a generation counter bumped by both
sources), and if the stream fails the cache turns itself off and every call reads the
database, so a change from elsewhere can never outlive one change-stream delay.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from typing import Any

from pymongo.database import Database

from genome_store import changes
from genome_store.schema import GENOMES

log = logging.getLogger(__name__)


class GenomeCache:
    """consumer_id -> projected genome (or None), evicted on change."""

    def __init__(self, db: Database[Any], fields: Mapping[str, int], max_entries: int = 1_000_000) -> None:
        self.db = db
        self.fields = dict(fields)
        self.max_entries = max_entries
        self._entries: dict[str, dict[str, Any] | None] = {}
        self._generation = 0
        self._lock = threading.Lock()
        self._live = threading.Event()
        self._closed = threading.Event()
        self._settled = threading.Event()  # the stream is live, or failed to start
        self._unsubscribe = changes.subscribe(self.evict)
        self._thread = threading.Thread(target=self._watch, name="genome-cache", daemon=True)
        self._thread.start()
        self._settled.wait(timeout=5)  # a server without change streams must not delay start-up

    @property
    def live(self) -> bool:
        """Whether the change stream is running (otherwise every get reads the database)."""
        return self._live.is_set()

    def get(self, consumer_id: str) -> dict[str, Any] | None:
        """The projected genome, from memory when the stream vouches for it."""
        if not self._live.is_set():
            return self._read(consumer_id)
        hit = self._entries.get(consumer_id, _MISSING)
        if hit is not _MISSING:
            return hit  # type: ignore[return-value]
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
        docs = {str(d["_id"]): d for d in self.db[GENOMES].find({}, self.fields).limit(self.max_entries)}
        with self._lock:
            if generation == self._generation and self._live.is_set():
                self._entries.update(docs)
        return len(docs)

    def evict(self, consumer_id: str) -> None:
        """Drop one consumer's entry and spoil reads in flight (a change just committed)."""
        with self._lock:
            self._generation += 1
            self._entries.pop(consumer_id, None)

    def _read(self, consumer_id: str) -> dict[str, Any] | None:
        return self.db[GENOMES].find_one({"_id": consumer_id}, self.fields)

    def _watch(self) -> None:
        try:
            with self.db[GENOMES].watch() as stream:
                self._live.set()
                self._settled.set()
                while not self._closed.is_set():
                    change = stream.try_next()
                    if change is None:
                        continue
                    key = (change.get("documentKey") or {}).get("_id")
                    if key is None or change.get("operationType") in ("drop", "rename", "invalidate"):
                        with self._lock:
                            self._generation += 1
                            self._entries.clear()
                    else:
                        self.evict(str(key))
        except Exception as exc:  # the cache must never serve unwatched data
            if not self._closed.is_set():
                log.warning("genome cache off: change stream failed", extra={"error": str(exc)})
        finally:
            with self._lock:
                self._live.clear()
                self._entries.clear()
            self._settled.set()

    def close(self) -> None:
        """Stop watching; later gets read the database."""
        self._unsubscribe()
        self._closed.set()
        self._thread.join(timeout=5)


_MISSING = object()
