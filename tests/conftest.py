"""Fixtures: a real wire-protocol MongoDB and real gRPC servers on loopback.

The database is a SecantusDB process (``:memory:``) started once per session, or any
MongoDB named by ``LIFECUE_TEST_MONGODB_URI``. Each test gets its own database name,
dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import grpc
import pytest
from pymongo import MongoClient

from genome_store.embedded import MEMORY, EmbeddedMongo
from genome_store.schema import ensure_schema
from lifecue.config import Settings
from services.app import App, open_app
from services.registry import select
from services.server import RunningServer, start_server

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def mongo_uri() -> Iterator[str]:
    """URI of the test database server: LIFECUE_TEST_MONGODB_URI or an embedded SecantusDB."""
    given = os.environ.get("LIFECUE_TEST_MONGODB_URI")
    if given:
        yield given
        return
    with EmbeddedMongo(MEMORY) as server:
        yield server.uri


@pytest.fixture(scope="session")
def mongo_client(mongo_uri: str) -> Iterator[MongoClient[dict[str, Any]]]:
    """A pymongo client to the test server."""
    client: MongoClient[dict[str, Any]] = MongoClient(mongo_uri, tz_aware=True)
    yield client
    client.close()


@pytest.fixture
def db_name(mongo_client: MongoClient[dict[str, Any]]) -> Iterator[str]:
    """A fresh database name, dropped after the test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    yield name
    mongo_client.drop_database(name)


@pytest.fixture
def db(mongo_client: MongoClient[dict[str, Any]], db_name: str) -> Any:
    """A fresh database with lifecue's collections, validators and indexes."""
    database = mongo_client[db_name]
    ensure_schema(database)
    return database


@pytest.fixture
def settings(db_name: str, tmp_path: Any) -> Settings:
    """Settings for a test: its own database and state folder."""
    return Settings(db_name=db_name, state_dir=tmp_path / "state")


@pytest.fixture
def app(settings: Settings, mongo_uri: str) -> Iterator[App]:
    """The application context on the test database, with an in-process worker for requested jobs."""
    with open_app(settings, uri=mongo_uri, worker="jobs") as application:
        yield application


ServeFn = Callable[..., grpc.Channel]


@pytest.fixture
def serve(app: App) -> Iterator[ServeFn]:
    """Start a real gRPC server on a loopback port with chosen services; returns a channel."""
    with ExitStack() as stack:

        def start(*keys: str) -> grpc.Channel:
            running: RunningServer = start_server(app, select(list(keys) or None), host="127.0.0.1", port=0)
            stack.callback(running.stop, 0)
            channel = grpc.insecure_channel(f"127.0.0.1:{running.port}")
            stack.callback(channel.close)
            return channel

        yield start
