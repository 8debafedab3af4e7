"""The embedded SecantusDB: starts, answers, keeps data across a restart, stops."""

from __future__ import annotations

from contextlib import closing

from genome_store import EmbeddedMongo, ProductInput, get_product, open_store, upsert_products


def test_embedded_database_persists_across_restart(tmp_path) -> None:
    data = tmp_path / "db"
    server = EmbeddedMongo(data)
    server.start()
    try:
        assert server.running
        with closing(open_store(server.uri, "lifecue")) as store:
            upsert_products(store.db, [ProductInput("kept", "Mug", "kitchen", 9.5)])
    finally:
        server.stop()
    assert not server.running

    again = EmbeddedMongo(data)
    with again, closing(open_store(again.uri, "lifecue")) as store:
        assert get_product(store.db, "kept") == {"_id": "kept", "title": "Mug", "category": "kitchen",
                                                 "price": 9.5, "tags": [], "in_stock": True,
                                                 "description": ""}  # fmt: skip
    assert not again.running


def test_stop_is_idempotent(tmp_path) -> None:
    server = EmbeddedMongo(tmp_path / "db")
    server.stop()
    with server:
        pass
    server.stop()
    assert not server.running
