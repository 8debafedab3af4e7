"""The embedded SecantusDB: starts, answers, keeps data across a restart, stops."""

from __future__ import annotations

from pymongo import MongoClient

from genome_store.embedded import EmbeddedMongo


def test_embedded_database_persists_across_restart(tmp_path) -> None:
    data = tmp_path / "db"
    server = EmbeddedMongo(data)
    server.start()
    try:
        assert server.running
        with MongoClient(server.uri) as client:
            client.lifecue.things.insert_one({"_id": "kept", "n": 1})
    finally:
        server.stop()
    assert not server.running

    again = EmbeddedMongo(data)
    with again, MongoClient(again.uri) as client:
        assert client.lifecue.things.find_one({"_id": "kept"}) == {"_id": "kept", "n": 1}
    assert not again.running


def test_stop_is_idempotent(tmp_path) -> None:
    server = EmbeddedMongo(tmp_path / "db")
    server.stop()
    with server:
        pass
    server.stop()
    assert not server.running
