"""The running application: settings, database, the worker role when this process has one.

A process plays one or both roles over one store (as gorse's server and worker share one):

- ``worker="none"`` — serving only (`lifecue serve`): jobs are handed to workers elsewhere;
- ``worker="jobs"`` — an in-process worker for requested jobs only, started on the first
  hand-off (tests, tools that want ``Retrain`` to work without a worker process);
- ``worker="all"`` — an in-process worker for requested and scheduled jobs (`lifecue up`,
  `lifecue worker`).

A `lifecue serve` process, a worker and a test server are built the same way.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any, Literal

from genome_store import EmbeddedMongo, SharedGenerations, Store, open_store, patient
from lifecue.config import Settings
from services.worker import KINDS, Handoff, Worker

log = logging.getLogger(__name__)
#: the component key of the batch jobs' client
BATCH_STORE = "batch_store"

WorkerMode = Literal["none", "jobs", "all"]


@dataclass
class App:
    """What servicers and workers are built from."""

    settings: Settings
    store: Store
    embedded: EmbeddedMongo | None = None
    worker_mode: WorkerMode = "none"
    worker_kinds: tuple[str, ...] = KINDS
    generations: SharedGenerations | None = None
    components: dict[str, Any] = field(default_factory=dict)
    handoff: Handoff = field(init=False)
    _worker: Worker | None = field(default=None, init=False)
    _worker_lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _batch_lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        self.handoff = Handoff(self.store.db, self.local_worker)

    @property
    def db(self) -> Any:
        """The lifecue database."""
        return self.store.db

    @property
    def batch_db(self) -> Any:
        """The database through a client made for batch jobs (`genome_store.patient`): its long
        whole-collection reads are not cancelled when the server is too busy to answer a heartbeat.
        Opened on first use, closed with the app."""
        with self._batch_lock:
            found = self.components.get(BATCH_STORE)
            if found is None:
                found = self.components[BATCH_STORE] = patient(
                    self.store, self.settings.database.batch_patience_seconds
                )
        return found.db

    def local_worker(self) -> Worker | None:
        """The in-process worker (started on first use), or None when this process only serves."""
        if self.worker_mode == "none":
            return None
        with self._worker_lock:
            if self._worker is None:
                # the jobs build on every domain package (training, recompute): imported by workers only
                from services.worker.kinds import handlers, schedules

                self._worker = Worker(
                    self.db,
                    handlers(self, self.worker_kinds),
                    schedules(self) if self.worker_mode == "all" else [],
                    self.settings.worker,
                    on_finish=self.handoff.notify,
                ).start()
            return self._worker

    def stop_worker(self, grace: float | None = None) -> None:
        """Stop the in-process worker (running jobs finish within ``grace``, the rest are handed back)."""
        with self._worker_lock:
            worker, self._worker = self._worker, None
        if worker is not None:
            worker.stop(grace)


@contextmanager
def embedded_or_external(settings: Settings) -> Iterator[tuple[str, EmbeddedMongo | None]]:
    """The MongoDB URI to use: ``MONGODB_URI`` if set, else a started embedded SecantusDB."""
    if settings.mongodb_uri:
        yield settings.mongodb_uri, None
        return
    embedded = EmbeddedMongo(settings.state_dir / "db")
    with embedded:
        restart = settings.database.embedded_restart_seconds
        if restart > 0:  # lifecue's own child: restarted on the same folder and port if it dies
            embedded.supervise(restart_after=restart)
        yield embedded.uri, embedded


@contextmanager
def open_app(
    settings: Settings,
    uri: str | None = None,
    worker: WorkerMode = "none",
    kinds: tuple[str, ...] = KINDS,
    generations: SharedGenerations | None = None,
) -> Iterator[App]:
    """Connect to the database (embedded unless a URI is given); with ``worker="all"`` start the worker.

    ``generations``: the host's shared genome generations when this is one of several serving
    processes (`services.processes`), so its genome cache obeys the siblings' changes at once.
    """
    with embedded_or_external(settings) if uri is None else _given(uri) as (db_uri, embedded):
        database = settings.database
        store = open_store(
            db_uri,
            settings.db_name,
            timeout_ms=database.server_selection_timeout_ms,
            write_concern=database.write_concern,
            journal=database.journal,
            connect_timeout_ms=database.connect_timeout_ms,
        )
        app = App(settings=settings, store=store, embedded=embedded, worker_mode=worker, worker_kinds=kinds,
                  generations=generations)  # fmt: skip
        try:
            if worker == "all":
                app.local_worker()
            yield app
        finally:
            with suppress(Exception):
                app.stop_worker()
            for component in app.components.values():
                close = getattr(component, "close", None)
                if callable(close):
                    with suppress(Exception):
                        close()
            store.close()


@contextmanager
def _given(uri: str) -> Iterator[tuple[str, None]]:
    yield uri, None
