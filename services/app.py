"""The running application: settings, database, scheduler; opened and closed in order.

Serving, training and scheduling share this one context (as gorse shares one store),
so a `lifecue serve` process and a test server are built the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler

from genome_store.database import Store, open_store
from genome_store.embedded import EmbeddedMongo
from lifecue.config import Settings

log = logging.getLogger(__name__)


@dataclass
class App:
    """What servicers are built from."""

    settings: Settings
    store: Store
    scheduler: BackgroundScheduler
    embedded: EmbeddedMongo | None = None
    components: dict[str, Any] = field(default_factory=dict)

    @property
    def db(self) -> Any:
        """The lifecue database."""
        return self.store.db


@contextmanager
def embedded_or_external(settings: Settings) -> Iterator[tuple[str, EmbeddedMongo | None]]:
    """The MongoDB URI to use: ``MONGODB_URI`` if set, else a started embedded SecantusDB."""
    if settings.mongodb_uri:
        yield settings.mongodb_uri, None
        return
    embedded = EmbeddedMongo(settings.state_dir / "db")
    with embedded:
        yield embedded.uri, embedded


@contextmanager
def open_app(settings: Settings, uri: str | None = None, start_scheduler: bool = True) -> Iterator[App]:
    """Connect to the database (embedded unless a URI is given) and run the scheduler."""
    with embedded_or_external(settings) if uri is None else _given(uri) as (db_uri, embedded):
        store = open_store(
            db_uri,
            settings.db_name,
            write_concern=settings.database.write_concern,
            journal=settings.database.journal,
        )
        scheduler = BackgroundScheduler(timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1})
        app = App(settings=settings, store=store, scheduler=scheduler, embedded=embedded)
        try:
            if start_scheduler:
                scheduler.start()
            yield app
        finally:
            with suppress(Exception):
                scheduler.shutdown(wait=False)
            for component in app.components.values():
                close = getattr(component, "close", None)
                if callable(close):
                    with suppress(Exception):
                        close()
            store.close()


@contextmanager
def _given(uri: str) -> Iterator[tuple[str, None]]:
    yield uri, None
