"""Batch jobs read through a client whose heartbeat waits out a busy server.

The driver cancels every operation in flight on a client whose heartbeat times out, and a
single-threaded server answers no heartbeat while it builds a whole-collection read. So the
worker's batch jobs (tier recompute, retrain) use `genome_store.patient`: the same database,
options and write concern, with a heartbeat wait of ``DATABASE__BATCH_PATIENCE_SECONDS``.
"""

from __future__ import annotations

from contextlib import closing
from typing import Any

from genome_store import connect, patient
from services.app import BATCH_STORE, App, open_app


def test_a_patient_client_reaches_the_same_database_with_a_long_heartbeat_wait(
    mongo_uri: str, db_name: str
) -> None:
    store = connect(mongo_uri, db_name, write_concern="1", connect_timeout_ms=1000)
    with closing(store), closing(patient(store, 900)) as batch:
        assert batch.db.name == db_name
        assert batch.client.options.pool_options.connect_timeout == 900
        assert store.client.options.pool_options.connect_timeout == 1.0
        assert batch.client.write_concern.document == {"w": 1, "j": True}
        batch.db["scratch"].insert_one({"_id": "written by the batch client"})
        assert store.db["scratch"].find_one({"_id": "written by the batch client"}) is not None


def test_patience_never_shortens_the_wait(mongo_uri: str, db_name: str) -> None:
    store = connect(mongo_uri, db_name, connect_timeout_ms=5000)
    with closing(store), closing(patient(store, 1)) as batch:
        assert batch.client.options.pool_options.connect_timeout == 5.0


def test_the_app_opens_one_batch_client_from_its_settings_and_closes_it(
    app: App, settings: Any, mongo_uri: str
) -> None:
    first = app.batch_db
    assert first is app.batch_db
    batch = app.components[BATCH_STORE]
    assert batch.client.options.pool_options.connect_timeout == settings.database.batch_patience_seconds
    assert first.name == app.db.name

    tuned = settings.model_copy(
        update={"database": settings.database.model_copy(update={"batch_patience_seconds": 60})}
    )
    with open_app(tuned, uri=mongo_uri) as other:
        assert other.components.get(BATCH_STORE) is None  # nothing opened until a job asks
        other.batch_db["scratch"].insert_one({"_id": 1})
        opened = other.components[BATCH_STORE]
        assert opened.client.options.pool_options.connect_timeout == 60
    assert opened.client._closed  # closed with the app
