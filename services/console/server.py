"""Serving the console over HTTP(S) with cheroot, in threads of the process that serves gRPC.

cheroot (CherryPy's pure-Python WSGI server) is threaded like the gRPC server and speaks
TLS itself, so ``LIFECUE_CONSOLE__CERT_FILE``/``KEY_FILE`` are all HTTPS needs (and then
every session cookie is Secure).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from cheroot import wsgi
from cheroot.ssl.builtin import BuiltinSSLAdapter

from lifecue.config import Settings
from services.console.domain import ConsoleDomain
from services.console.signin import SignIn
from services.console.webapp import create_app, is_loopback

log = logging.getLogger("lifecue.console")


@dataclass
class RunningConsole:
    """A started console: its address and how to stop it."""

    server: wsgi.Server
    thread: threading.Thread
    host: str
    port: int
    tls: bool

    @property
    def url(self) -> str:
        """The address to open in a browser."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.tls else 'http'}://{host}:{self.port}/"

    def stop(self) -> None:
        """Stop accepting requests and end the worker threads."""
        self.server.stop()
        self.thread.join(timeout=10)


def start_console(
    db: Any,
    settings: Settings,
    embedded: bool,
    host: str | None = None,
    port: int | None = None,
) -> RunningConsole:
    """Build the console over ``db`` (its review queue: the stored one) and serve it on ``host:port``
    (default: the console settings)."""
    cfg = settings.console
    app = create_app(ConsoleDomain(db, settings), SignIn.from_settings(settings, embedded), cfg)
    bind_host = cfg.host if host is None else host
    server = wsgi.Server((bind_host, cfg.port if port is None else port), app, numthreads=cfg.threads,
                         server_name="lifecue-console")  # fmt: skip
    tls = cfg.cert_file is not None and cfg.key_file is not None
    if tls:
        server.ssl_adapter = BuiltinSSLAdapter(str(cfg.cert_file), str(cfg.key_file))
    server.prepare()  # binds now, so a busy port fails here and port 0 gets its number
    bound = server.bind_addr[1]
    thread = threading.Thread(target=server.serve, name="console", daemon=True)
    thread.start()
    running = RunningConsole(server, thread, bind_host, bound, tls)
    if not tls and not is_loopback(bind_host):
        log.warning(
            "the console is served over plain HTTP on a non-loopback address: session cookies go without "
            "Secure there; set LIFECUE_CONSOLE__CERT_FILE/KEY_FILE or put a TLS proxy in front",
            extra={"url": running.url},
        )
    if not cfg.secret_key:
        log.info("console sessions are signed with a per-process key (LIFECUE_CONSOLE__SECRET_KEY is unset)")
    log.info("console serving", extra={"url": running.url})
    return running
