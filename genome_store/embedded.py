"""The embedded database: SecantusDB run as a child process.

When no ``MONGODB_URI`` is given, lifecue starts ``secantusd-py`` (a MongoDB
wire-protocol server on WiredTiger, GPL-2.0, beta) on a free loopback port and talks
to it through pymongo exactly as production talks to MongoDB. It is only ever run as
a separate process, never imported.

On disk it runs with ``--sync-on-commit``: SecantusDB journals every commit in
WiredTiger's log, but by default leaves the record in its own buffer for a moment, so
a ``kill -9`` lost writes it had already acknowledged; with the flag each commit
(transactions included) is fsynced before it is acknowledged. That costs throughput on
small writes, and is what a database that holds consent and purchases owes its callers.

The database is lifecue's own child, so lifecue brings it back: `supervise` restarts it on
the same folder and port when it dies (after `RESTART_AFTER` seconds, unless something
already answers on the port by then, e.g. an operator or a test restarted it by hand). Calls fail
``UNAVAILABLE`` meanwhile and recover by themselves once it answers again.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from pymongo import MongoClient
from pymongo.errors import PyMongoError

from lifecue.errors import StorageUnavailable

log = logging.getLogger(__name__)

MEMORY = ":memory:"
RESTART_AFTER = 10.0


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def find_server_binary() -> str:
    """Path of ``secantusd-py``: beside the running interpreter first, then on PATH."""
    beside = Path(sys.executable).parent / "secantusd-py"
    if beside.exists():
        return str(beside)
    found = shutil.which("secantusd-py")
    if not found:
        raise StorageUnavailable(
            "secantusd-py not found; install the project (`make install`) or set MONGODB_URI"
        )
    return found


class EmbeddedMongo:
    """A SecantusDB child process on a free loopback port.

    ``storage`` is a data folder (kept across restarts) or ``":memory:"`` (ephemeral).
    Use as a context manager, or call `start` and `stop`.
    """

    def __init__(
        self,
        storage: Path | str,
        host: str = "127.0.0.1",
        port: int | None = None,
        start_timeout: float = 30.0,
        cache_size: str = "512M",
        sync_on_commit: bool = True,
    ) -> None:
        self.storage = str(storage)
        self.sync_on_commit = sync_on_commit
        self.host = host
        self.port = port
        self.start_timeout = start_timeout
        self.cache_size = cache_size
        self._proc: subprocess.Popen[bytes] | None = None
        self._log_file: Path | None = None
        self._stopping = threading.Event()
        self._supervisor: threading.Thread | None = None
        self.restarts = 0

    @property
    def uri(self) -> str:
        """The ``mongodb://`` URI of the running server."""
        if self.port is None:
            raise StorageUnavailable("embedded database is not started")
        return f"mongodb://{self.host}:{self.port}/?directConnection=true"

    @property
    def pid(self) -> int | None:
        """Process id of the running server (None when stopped)."""
        return self._proc.pid if self.running and self._proc is not None else None

    @property
    def running(self) -> bool:
        """Whether the child process is alive."""
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> EmbeddedMongo:
        """Start the server and wait until it answers ``ping``."""
        if self.running:
            return self
        if self.storage != MEMORY:
            Path(self.storage).mkdir(parents=True, exist_ok=True)
            self._log_file = Path(self.storage).parent / "secantusd.log"
        if self.port is None:
            self.port = free_port(self.host)
        cmd = [
            find_server_binary(),
            "--host", self.host,
            "--port", str(self.port),
            "--storage-path", self.storage,
            "--log-level", "WARNING",
            "--cache-size", self.cache_size,
        ]  # fmt: skip
        if self.sync_on_commit and self.storage != MEMORY:
            cmd.append("--sync-on-commit")
        log.info("starting embedded database", extra={"port": self.port, "storage": self.storage})
        if self._log_file is None:
            self._proc = self._spawn(cmd, subprocess.DEVNULL)
        else:
            with open(self._log_file, "ab") as out:
                self._proc = self._spawn(cmd, out)
        self._wait_ready()
        return self

    @staticmethod
    def _spawn(cmd: list[str], out: Any) -> subprocess.Popen[bytes]:
        # its own session, so a Ctrl-C meant for lifecue reaches the database only through stop()
        return subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
        )

    def supervise(self, restart_after: float = RESTART_AFTER, poll_seconds: float = 0.5) -> EmbeddedMongo:
        """Restart the server on the same folder and port whenever it dies, until `stop`.

        An in-memory server is not restarted (it would come back empty, without lifecue's
        collections and indexes).
        """
        if self.storage == MEMORY or self._supervisor is not None:
            return self
        self._stopping.clear()
        self._supervisor = threading.Thread(
            target=self._watch, args=(restart_after, poll_seconds), name="embedded-db", daemon=True
        )
        self._supervisor.start()
        return self

    def _watch(self, restart_after: float, poll_seconds: float) -> None:
        while not self._stopping.wait(poll_seconds):
            proc = self._proc
            if proc is not None and proc.poll() is None:
                continue
            if proc is not None:
                log.warning(
                    "embedded database exited", extra={"code": proc.returncode, "restart_s": restart_after}
                )
                self._proc = None
            if self._stopping.wait(restart_after) or self._answers():
                continue  # stopping, or someone else serves the port
            try:
                self.start()
                self.restarts += 1
                log.warning(
                    "embedded database restarted", extra={"port": self.port, "restarts": self.restarts}
                )
            except StorageUnavailable:
                log.exception("restarting the embedded database failed; trying again")

    def _answers(self) -> bool:
        try:
            client: MongoClient[dict[str, Any]] = MongoClient(
                self.uri, serverSelectionTimeoutMS=300, connectTimeoutMS=300
            )
            with client:
                client.admin.command("ping")
            return True
        except PyMongoError:
            return False

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        last: Exception | None = None
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                raise StorageUnavailable(
                    f"embedded database exited with code {self._proc.returncode}; see {self._log_file or 'stderr'}"
                )
            try:
                client: MongoClient[dict[str, Any]] = MongoClient(
                    self.uri, serverSelectionTimeoutMS=300, connectTimeoutMS=300
                )
                with client:
                    client.admin.command("ping")
                return
            except PyMongoError as exc:
                last = exc
                time.sleep(0.1)
        self._terminate()
        raise StorageUnavailable(
            f"embedded database did not answer ping in {self.start_timeout:.0f}s: {last}"
        )

    def stop(self, timeout: float = 20.0) -> None:
        """Stop the server (and its supervision): SIGTERM, wait, then SIGKILL if it hangs."""
        self._stopping.set()
        supervisor, self._supervisor = self._supervisor, None
        if supervisor is not None and supervisor is not threading.current_thread():
            supervisor.join(timeout=self.start_timeout + 5)
        self._terminate(timeout)

    def _terminate(self, timeout: float = 20.0) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            log.warning("embedded database ignored SIGTERM; killing it")
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)

    def __enter__(self) -> EmbeddedMongo:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
