"""``lifecue up``: the main job on the embedded default, end to end.

Starts the embedded database (or uses MONGODB_URI), serves every service in this
process on a loopback port (plaintext: TLS settings apply to ``lifecue serve``) with an
in-process worker (both roles in one process), runs the demo steps through the real gRPC
API with a token per role, and prints what the system knows and recommends, and the tokens,
ready for other clients. With ``--serve``, the port is then handed to the serving
processes of ``LIFECUE_SERVER__PROCESSES`` (`services.processes`; default one per core),
while this process keeps the worker and the database.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime, timedelta

import grpc

from lifecue.config import Settings, TlsSettings
from lifecue.errors import LifecueError
from lifecue.roles import ADMIN, ROLES
from lifecue.tracking import resolve_tracking_uri
from services.app import open_app
from services.auth import TokenSigner, with_token
from services.cli.common import settings_or_exit
from services.console import RunningConsole, start_console
from services.demo.context import DemoContext
from services.demo.steps import STEPS
from services.logs import configure_logging
from services.processes import process_count, run_children
from services.product_affinity import prepare_in_background
from services.registry import select
from services.server import StopSignals, start_server, wait_for_termination


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the subcommand."""
    p = sub.add_parser("up", help="start everything on the embedded database and run the demo")
    p.add_argument("--serve", action="store_true", help="keep serving after the demo until Ctrl-C")
    p.add_argument("--port", type=int, default=0, help="port to serve on (default: a free one)")
    p.add_argument("--seed", type=int, default=7, help="seed of the demo data")
    p.set_defaults(run=run)


def _say(text: str) -> None:
    print(text, file=sys.stdout, flush=True)


TOKEN_TTL = timedelta(hours=12)
LOG_FILE = "lifecue-up.log"


def demo_tokens(settings: Settings, embedded: bool) -> dict[str, str]:
    """A token per role for the demo's subject ``demo-<role>`` (none when authentication is off)."""
    if not settings.auth.enabled:
        return {}
    signer = TokenSigner(settings, embedded)
    return {role: signer.token(role, f"demo-{role}", TOKEN_TTL) for role in ROLES}


def run(args: argparse.Namespace) -> int:
    """Start, run every demo step with progress output, print the summary."""
    settings = settings_or_exit(log_format="text")
    # the terminal tells the demo's story; the servers' and the worker's lines go to a file
    log_file = settings.state_dir / LOG_FILE
    configure_logging(settings.log_level, "text", log_file=log_file, console_level="WARNING")
    started = time.perf_counter()
    where = settings.mongodb_uri and "MONGODB_URI" or f"embedded SecantusDB in {settings.state_dir / 'db'}"
    _say(f"lifecue up: starting database ({where}); log in {log_file}")
    with open_app(settings, worker="all") as app:
        try:
            tokens = demo_tokens(settings, embedded=app.embedded is not None)
            running = start_server(app, select(None), host="127.0.0.1", port=args.port, tls=TlsSettings())
            prepare_in_background(app, running.services)
            console = _console(app.db, settings, app.embedded is not None)
        except LifecueError as exc:
            print(f"lifecue up: refusing to start: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:
            print(
                f"lifecue up: the console cannot listen ({exc}); set LIFECUE_CONSOLE__PORT", file=sys.stderr
            )
            return 2
        _say(
            f"lifecue up: serving all services on 127.0.0.1:{running.port} "
            f"({time.perf_counter() - started:.1f}s)"
        )
        if console is not None:
            _say(f"lifecue up: console on {console.url} (sign in with a token printed below)")
        summary: list[tuple[str, list[str]]] = []
        with grpc.insecure_channel(f"127.0.0.1:{running.port}") as plain:
            channel = with_token(plain, tokens[ADMIN]) if tokens else plain
            ctx = DemoContext(channel=channel, as_of=datetime.now(UTC), seed=args.seed, tokens=tokens)
            for step in STEPS:
                t0 = time.perf_counter()
                _say(f"  -> {step.TITLE}...")
                lines = step.run(ctx)
                _say(f"     done in {time.perf_counter() - t0:.1f}s")
                summary.append((step.TITLE, lines))
        _say("")
        _say("=" * 72)
        _say("lifecue summary")
        _say("=" * 72)
        for title, lines in summary:
            _say(f"\n## {title}")
            for line in lines:
                _say(f"  {line}")
        _say_tokens(tokens)
        uri = resolve_tracking_uri(settings.tracking_uri, settings.state_dir)
        _say(f"\n## training runs\n  tracked in MLflow at {uri}; `lifecue models list` shows the versions")
        _say(f"\nfinished in {time.perf_counter() - started:.1f}s")
        count = process_count(settings)
        if args.serve and count > 1:
            # the demo is done: hand the port to serving processes; this one keeps the worker and database
            running.stop(settings.server.grace_seconds)
            uri = app.embedded.uri if app.embedded is not None else settings.mongodb_uri or ""
            _say(f"serving on 127.0.0.1:{running.port} with {count} processes; Ctrl-C to stop")
            try:
                return run_children(
                    settings,
                    uri,
                    app.embedded is not None,
                    None,
                    "127.0.0.1",
                    running.port,
                    count,
                    TlsSettings(),
                )
            finally:
                if console is not None:  # its worker threads would keep the process alive
                    console.stop()
        if args.serve:
            signals = StopSignals()  # before the line that tells a caller it may stop us
            _say(f"serving on 127.0.0.1:{running.port}; Ctrl-C to stop")
            if console is not None:
                _say(f"console: {console.url}")
            wait_for_termination(running, settings.server.grace_seconds, signals)
        else:
            running.stop(settings.server.grace_seconds)
        if console is not None:
            console.stop()
    return 0


def _console(db: object, settings: Settings, embedded: bool) -> RunningConsole | None:
    """The console on loopback at LIFECUE_CONSOLE__PORT, unless LIFECUE_CONSOLE__ENABLED=false."""
    if not settings.console.enabled:
        return None
    try:
        return start_console(db, settings, embedded, host="127.0.0.1")
    except OSError as exc:
        if settings.console.port == 0:
            raise
        _say(f"lifecue up: console port {settings.console.port} is busy ({exc.strerror}); using a free port")
        return start_console(db, settings, embedded, host="127.0.0.1", port=0)


def _say_tokens(tokens: dict[str, str]) -> None:
    if not tokens:
        _say("\n## tokens\n  none: authentication is OFF (LIFECUE_AUTH__ENABLED=false)")
        return
    hours = TOKEN_TTL.total_seconds() / 3600
    _say(
        f"\n## tokens (valid {hours:.0f} h; send 'authorization: Bearer <token>'; more: lifecue token --role ROLE)"
    )
    for role, token in tokens.items():
        _say(f"  {role:<9} {token}")
