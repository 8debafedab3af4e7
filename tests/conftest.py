"""Fixtures: a real wire-protocol MongoDB and real gRPC servers on loopback.

The database is a SecantusDB process (``:memory:``) started once per session, or any
MongoDB named by ``LIFECUE_TEST_MONGODB_URI``. Each test gets its own database name,
dropped afterwards. Tests reach the database through `genome_store` like the product does.
Servers authenticate as in production, with the test key ``TEST_KEYS``; `serve` hands out
channels that carry an admin token unless told otherwise.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import timedelta
from typing import Any

import grpc
import pytest

from genome_store import MEMORY, Database, EmbeddedMongo, connect, open_store
from lifecue.config import AuthSettings, Settings
from lifecue.roles import ADMIN
from services.app import App, open_app
from services.auth import TokenSigner, with_token
from services.registry import select
from services.server import RunningServer, start_server
from tests.processes import TEST_KEYS

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# `lifecue serve`/`up` subprocesses of the tests put their console on a free port, never on 8080
os.environ.setdefault("LIFECUE_CONSOLE__PORT", "0")
# the encoder's ONNX build is exported once for the whole session, not once per test's state folder
_BUILDS = tempfile.mkdtemp(prefix="lifecue-encoder-builds-")
atexit.register(shutil.rmtree, _BUILDS, ignore_errors=True)
os.environ.setdefault("LIFECUE_LIFEEVENTS__BUILD_CACHE", _BUILDS)


_CLEANUP_SELECTION_MS = 10_000


@pytest.fixture(scope="session")
def mongo_uri() -> Iterator[str]:
    """URI of the test database server: LIFECUE_TEST_MONGODB_URI or an embedded SecantusDB."""
    given = os.environ.get("LIFECUE_TEST_MONGODB_URI")
    if given:
        yield given
        return
    with EmbeddedMongo(MEMORY) as server:
        yield server.uri


@pytest.fixture
def db_name(mongo_uri: str) -> Iterator[str]:
    """A fresh database name, dropped after the test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    yield name
    # the product fails fast (0.5 s to find a server); a cleanup waits out a moment's stall of the shared test server
    stale = connect(mongo_uri, name, timeout_ms=_CLEANUP_SELECTION_MS)
    try:
        stale.drop()
    finally:
        stale.close()


@pytest.fixture
def db(mongo_uri: str, db_name: str) -> Iterator[Database[Any]]:
    """A fresh database with lifecue's collections, validators and indexes, opened as the product opens it."""
    store = open_store(mongo_uri, db_name)
    yield store.db
    store.close()


@pytest.fixture
def auth_env() -> dict[str, str]:
    """Environment that gives a `lifecue` subprocess the test servers' token key."""
    return {"LIFECUE_AUTH__KEYS": json.dumps(TEST_KEYS)}


@pytest.fixture
def settings(db_name: str, tmp_path: Any) -> Settings:
    """Settings for a test: its own database and state folder."""
    return Settings(db_name=db_name, state_dir=tmp_path / "state", auth=AuthSettings(keys=TEST_KEYS))


@pytest.fixture
def app(settings: Settings, mongo_uri: str) -> Iterator[App]:
    """The application context on the test database, with an in-process worker for requested jobs."""
    with open_app(settings, uri=mongo_uri, worker="jobs") as application:
        yield application


class Servers:
    """Starts real gRPC servers on loopback ports; hands out channels that carry bearer tokens.

    ``serve("consent", "genome")`` starts a server with those services (all when none are
    named) and returns a channel with an admin token; ``role=`` picks another role and
    ``role=None`` sends no token. ``channel(...)`` opens more channels to the last server.
    """

    def __init__(self, app: App, stack: ExitStack) -> None:
        self.app = app
        self.stack = stack
        self.port = 0

    @property
    def signer(self) -> TokenSigner:
        """Signs with the keys the app's settings name now."""
        return TokenSigner(self.app.settings, embedded=False)

    def __call__(self, *keys: str, role: str | None = ADMIN, subject: str | None = None) -> grpc.Channel:
        running: RunningServer = start_server(self.app, select(list(keys) or None), host="127.0.0.1", port=0)
        self.stack.callback(running.stop, 0)
        self.port = running.port
        return self.channel(role, subject=subject)

    def token(
        self, role: str = ADMIN, subject: str | None = None, ttl: timedelta = timedelta(hours=1)
    ) -> str:
        """A token the test servers accept."""
        return self.signer.token(role, subject or f"test-{role}", ttl)

    def channel(
        self, role: str | None = ADMIN, *, subject: str | None = None, token: str | None = None
    ) -> grpc.Channel:
        """A channel to the last server started, carrying ``token`` or a fresh token of ``role``."""
        plain = grpc.insecure_channel(f"127.0.0.1:{self.port}")
        self.stack.callback(plain.close)
        if token is None and role is not None:
            token = self.token(role, subject)
        return plain if token is None else with_token(plain, token)


@pytest.fixture
def serve(app: App) -> Iterator[Servers]:
    """Start real gRPC servers with chosen services; returns channels carrying tokens (see `Servers`)."""
    with ExitStack() as stack:
        yield Servers(app, stack)
