"""Recommend on grpc.aio: a measurement prototype (bench only), against ``lifecue serve`` and the echo.

    python -m bench.aio_recommend --rounds 2 --seconds 5    # the table of bench/README.md, JSON in bench/out/
    python -m bench.aio_recommend serve --port 50051 --services recommender consent   # the server alone

The server is ``lifecue serve`` (same settings, `services.app.open_app`, the same servicers,
authentication on) built on ``grpc.aio.server()`` instead of the thread-pool server:

- ``Recommend`` is an ``async def`` that calls the servicer inline on the event loop (the work is
  CPU only and ~20-40 us when the ranking is kept); when the consumer's genome is not in the genome
  cache (a database read would block the loop) it runs in the migration thread pool instead;
- every other method stays a plain function, which grpc.aio runs in its migration thread pool;
- one fused wrapper per method, built once, does per call what the four interceptors of
  `services.server` do: the request id (``x-request-id`` in the trailing metadata, bound to the
  log context), the storage deadline, bearer-token authentication through the same
  `TokenVerifier` (its cache) and the authorization matrix (`AuthInterceptor.check`'s rules), the
  request decoding (undecodable bytes are INVALID_ARGUMENT), error mapping to status codes, the
  access log line of every call that is not OK and the RPC metrics;
- ``gc.freeze()`` once serving (`services.processes.freeze_after_warm_up`);
- ``--processes N``: N such processes on one port with ``SO_REUSEPORT`` and the shared genome
  generation table, as `services.processes.run_children` does for the sync server.

Not here (a prototype): health and reflection, TLS client certificates' roles are honoured but
untested, the console. The measurement alternates ``lifecue serve`` (1 process), this server
(1 process) and this server (2 processes) over rounds, each read against an echo run measured just
before it with the same client connections (`bench.bench_recommend.echo`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import contextvars
import json
import logging
import multiprocessing as mp
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc

from bench.bench_recommend import Serve

log = logging.getLogger("lifecue.aio")

OUT = Path(__file__).resolve().parent / "out"


# ---------------------------------------------------------------- the fused per-call wrapper


class Fused:
    """The request-id, edge, auth and decoder interceptors of `services.server` as one wrapper per method."""

    def __init__(self, auth: Any | None, on_unavailable: Callable[[], None] | None = None) -> None:
        self.auth = auth  # services.auth.AuthInterceptor, or None when authentication is off
        self.on_unavailable = on_unavailable

    def _caller(self, method: str, authorization: Any, context: Any) -> Any:
        """The caller, as `AuthInterceptor.check` finds it (one pass over the metadata done by the caller)."""
        from lifecue.errors import Unauthenticated
        from services.auth.interceptor import AUTHORIZATION, MISSING, authorize, bearer_token
        from services.metrics import count_auth_failure

        auth: Any = self.auth
        try:
            token = bearer_token(((AUTHORIZATION, authorization),)) if authorization is not None else None
            if token is not None:
                if auth.tokens is None:
                    raise Unauthenticated(
                        "this server takes no bearer tokens; present a client certificate", "no_token_keys"
                    )
                caller = auth.tokens.verify(token)
            else:
                caller = auth.certificates.caller(context.auth_context()) if auth.certificates else None
                if caller is None:
                    raise Unauthenticated(MISSING, "missing")
        except Unauthenticated as exc:
            count_auth_failure(exc.reason)
            raise
        return authorize(method, caller)

    def wrap(self, method: str, handler: grpc.RpcMethodHandler, inline: Any = None) -> grpc.RpcMethodHandler:
        """``handler`` wrapped; ``inline``: an ``async def (request, context)`` to run on the loop instead."""
        from genome_store import call_deadline
        from services.auth.matrix import is_open
        from services.identity import CALLER
        from services.interceptors import _refusal, decode, message_for, status_for
        from services.logs import bind_log_context, unbind_log_context
        from services.metrics import rpc_observer
        from services.request_ids import _TOKEN, REQUEST_ID, _new_id

        parse = handler.request_deserializer
        inner = handler.unary_unary
        assert inner is not None and parse is not None, method
        message = getattr(getattr(parse, "__self__", None), "DESCRIPTOR", None)
        name = message.full_name if message is not None else "request"
        observe = rpc_observer(method)
        guarded = self.auth is not None and not is_open(method)
        OK, INTERNAL = grpc.StatusCode.OK, grpc.StatusCode.INTERNAL  # noqa: N806

        def begin(raw: bytes, context: Any) -> tuple[Any, str, Any]:
            """Request id, caller and request; the tokens to reset (raises lifecue errors)."""
            request_id = authorization = None
            for key, value in context.invocation_metadata() or ():
                if (
                    key == REQUEST_ID
                    and request_id is None
                    and isinstance(value, str)
                    and _TOKEN.fullmatch(value)
                ):
                    request_id = value
                elif key == "authorization" and authorization is None:
                    authorization = value
            request_id = request_id or _new_id()
            context.set_trailing_metadata(((REQUEST_ID, request_id),))
            tokens: list[Any] = [bind_log_context(request_id=request_id)]
            if guarded:
                tokens.append(CALLER.set(self._caller(method, authorization, context)))
            return decode(parse, name, raw), request_id, tokens

        def failed(exc: Exception, request_id: str | None) -> tuple[grpc.StatusCode, str, dict[str, Any]]:
            mapped = status_for(exc)
            if mapped is not None:
                if mapped is grpc.StatusCode.UNAVAILABLE and self.on_unavailable is not None:
                    self.on_unavailable()
                return mapped, message_for(exc, mapped), _refusal(exc)
            request_id = request_id or _new_id()
            log.exception("unhandled error", extra={"method": method, "request_id": request_id})
            return (
                INTERNAL,
                f"internal error (request id {request_id}); see the server log",
                {"request_id": request_id},
            )

        def end(start: float, code: grpc.StatusCode, refusal: dict[str, Any], tokens: list[Any]) -> None:
            elapsed = time.perf_counter() - start
            observe(code.name, elapsed)
            if code is not OK or log.isEnabledFor(logging.DEBUG):
                log.info(
                    "rpc",
                    extra={"method": method, "code": code.name, "ms": round(elapsed * 1000, 3), **refusal},
                )
            if len(tokens) > 1:
                CALLER.reset(tokens[1])
            if tokens:
                unbind_log_context(tokens[0])

        if inline is not None:

            async def call(raw: bytes, context: Any) -> Any:
                start = time.perf_counter()
                code, request_id = OK, None
                refusal: dict[str, Any] = {}
                tokens: list[Any] = []
                try:
                    request, request_id, tokens = begin(raw, context)
                    with call_deadline(context.time_remaining()):
                        return await inline(request, context)
                except Exception as exc:
                    code, text, refusal = failed(exc, request_id)
                finally:
                    end(start, code, refusal, tokens)
                await context.abort(code, text)

            return grpc.unary_unary_rpc_method_handler(call, response_serializer=handler.response_serializer)

        def sync_call(raw: bytes, context: Any) -> Any:  # run by grpc.aio in its migration thread pool
            start = time.perf_counter()
            code, request_id = OK, None
            refusal: dict[str, Any] = {}
            tokens: list[Any] = []
            try:
                request, request_id, tokens = begin(raw, context)
                with call_deadline(context.time_remaining()):
                    return inner(request, context)
            except Exception as exc:
                code, text, refusal = failed(exc, request_id)
            finally:
                end(start, code, refusal, tokens)
            context.abort(code, text)

        return grpc.unary_unary_rpc_method_handler(sync_call, response_serializer=handler.response_serializer)


class _Capture:
    """Stands in for a server to catch what a generated ``add_*Servicer_to_server`` registers."""

    def __init__(self) -> None:
        self.services: dict[str, dict[str, grpc.RpcMethodHandler]] = {}

    def add_generic_rpc_handlers(self, handlers: Any) -> None:
        pass

    def add_registered_method_handlers(
        self, service: str, handlers: dict[str, grpc.RpcMethodHandler]
    ) -> None:
        self.services[service] = dict(handlers)


def genome_held(rec: Any) -> Callable[[str], bool]:
    """Whether the recommender's genome cache answers for this consumer without the database (a peek)."""
    cache = getattr(rec, "_cache", None)
    if cache is None:
        return lambda _cid: False
    entries, live, generations = cache._entries, cache._live, cache.generations

    def held(consumer_id: str) -> bool:
        if not live.is_set():
            return False
        hit = entries.get(consumer_id)
        return hit is not None and hit[0] == (generations.get(consumer_id) if generations is not None else 0)

    return held


def on_loop(servicer: Any, pool: futures.Executor) -> Any:
    """Recommend as an ``async def``: inline when the genome is cached, else in ``pool`` (a database read)."""
    held = genome_held(servicer.recommender)
    recommend = servicer.Recommend

    async def inline(request: Any, context: Any) -> Any:
        if held(request.consumer_id):
            return recommend(request, context)
        run = contextvars.copy_context().run  # the caller, deadline and log context go along
        return await asyncio.get_running_loop().run_in_executor(pool, run, recommend, request, context)

    return inline


def build_handlers(app: Any, keys: list[str], fused: Fused, pool: futures.Executor) -> list[Any]:
    """The chosen services' handlers, wrapped; Recommend as an ``async def`` on the loop."""
    from services.registry import select

    capture = _Capture()
    servicers: dict[str, Any] = {}
    for spec in select(keys):
        servicers[spec.full_name] = servicer = spec.build(app)
        spec.add(servicer, capture)
    out = []
    for service, handlers in capture.services.items():
        wrapped = {}
        for name, handler in handlers.items():
            recommend = (service, name) == ("lifecue.v1.RecommenderService", "Recommend")
            inline = on_loop(servicers[service], pool) if recommend else None
            wrapped[name] = fused.wrap(f"/{service}/{name}", handler, inline)
        out.append((service, wrapped))
    return out


async def _serve(app: Any, keys: list[str], host: str, port: int, reuse_port: bool, embedded: bool,
                 stopped: Callable[[], bool] | None, on_ready: Callable[[], None] | None = None) -> None:  # fmt: skip
    from services.auth import bind, server_interceptors
    from services.processes import freeze_after_warm_up
    from services.registry import select

    cfg = app.settings.server
    auth = server_interceptors(app.settings, embedded=embedded)
    pool = futures.ThreadPoolExecutor(max_workers=cfg.max_workers, thread_name_prefix="rpc")
    server = grpc.aio.server(migration_thread_pool=pool, options=[
        ("grpc.max_receive_message_length", cfg.max_message_bytes),
        ("grpc.max_send_message_length", cfg.max_message_bytes), ("grpc.so_reuseport", int(reuse_port))])  # fmt: skip
    for service, wrapped in build_handlers(app, keys, Fused(auth[0] if auth else None), pool):
        server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(service, wrapped),))
        server.add_registered_method_handlers(service, wrapped)
    for spec in select(keys):
        if spec.warm is not None and cfg.warm_up_seconds > 0 and not spec.warm(app, cfg.warm_up_seconds):
            log.warning("serving before warm-up finished", extra={"service": spec.full_name})
    bound = bind(server, f"{host}:{port}", app.settings.tls)  # type: ignore[arg-type]
    await server.start()
    freeze_after_warm_up()
    log.info("serving", extra={"port": bound, "pids": [os.getpid()], "aio": True})
    if on_ready is not None:
        on_ready()
    done = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, done.set)
    while not done.is_set() and not (stopped is not None and stopped()):
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), 0.5)
    await server.stop(cfg.grace_seconds)
    pool.shutdown(wait=False)


def _child(index: int, uri: str, embedded: bool, table_path: str, keys: list[str], host: str, port: int,
           ready: Any, stop: Any) -> None:  # fmt: skip
    """One aio serving process of several (spawned), as `services.processes._child` is for the sync server."""
    from genome_store import SharedGenerations, publish_generations
    from lifecue.config import load_settings
    from services.app import open_app
    from services.logs import configure_logging

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    settings = load_settings()
    configure_logging(settings.log_level, settings.log_format)
    table = SharedGenerations(table_path)
    unsubscribe = publish_generations(table)
    try:
        with open_app(settings, uri=uri, worker="none", generations=table) as app:
            asyncio.run(
                _serve(app, keys, host, port, True, embedded, stop.is_set, lambda: ready.put("ready"))
            )
    finally:
        unsubscribe()
        table.close()


def serve(keys: list[str], host: str, port: int, processes: int) -> int:
    """Serve until SIGTERM/SIGINT: one process here, or ``processes`` children sharing the port."""
    from genome_store import SharedGenerations, publish_generations
    from lifecue.config import load_settings
    from services.app import embedded_or_external, open_app
    from services.logs import configure_logging
    from services.metrics import start_metrics
    from services.processes import reserve_port

    settings = load_settings()
    configure_logging(settings.log_level, settings.log_format)
    if processes <= 1:
        start_metrics(settings)
        with open_app(settings, worker="none") as app:
            asyncio.run(_serve(app, keys, host, port, False, app.embedded is not None, None))
        return 0
    received: list[int] = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda s, _f: received.append(s))
    with embedded_or_external(settings) as (uri, embedded):
        table = SharedGenerations.create()
        unsubscribe = publish_generations(table)
        reserved = reserve_port(host, port)
        bound = reserved.getsockname()[1]
        ctx = mp.get_context("spawn")
        stop, ready = ctx.Event(), ctx.Queue()
        children = [ctx.Process(target=_child, args=(k, uri, embedded is not None, str(table.path), keys, host,
                                                     bound, ready, stop)) for k in range(processes)]  # fmt: skip
        try:
            for c in children:
                c.start()
            for _ in children:
                ready.get(timeout=300)
            reserved.close()
            log.info("serving", extra={"port": bound, "pids": [c.pid for c in children], "aio": True})
            while not received and all(c.exitcode is None for c in children):
                time.sleep(0.2)
        finally:
            reserved.close()
            stop.set()
            for c in children:
                c.join(timeout=30)
                if c.is_alive():
                    c.kill()
            unsubscribe()
            table.close()
            table.unlink()
    return 0


# ---------------------------------------------------------------- the measurement


class AioServe(Serve):
    """This module's server as a subprocess, started the way `bench.bench_recommend.Serve` starts ``lifecue serve``."""

    def __init__(self, mongo_uri: str, settings: Any, processes: int, state_dir: Path) -> None:
        from genome_store import free_port

        self.port = free_port()
        self.processes = processes
        self.log = state_dir / f"aio-{processes}-{self.port}.log"
        keys = {k: v.get_secret_value() for k, v in settings.auth.keys.items()}
        env = {**os.environ, "MONGODB_URI": mongo_uri, "LIFECUE_DB_NAME": settings.db_name,
               "LIFECUE_STATE_DIR": str(state_dir), "LIFECUE_AUTH__KEYS": json.dumps(keys),
               "LIFECUE_LOG_LEVEL": "INFO", "LIFECUE_LOG_FORMAT": "json"}  # fmt: skip
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bench.aio_recommend", "serve", "--port", str(self.port),
                 "--processes", str(processes), "--services", "recommender", "consent"],
                env=env, stdout=out, stderr=subprocess.STDOUT)  # fmt: skip
        self.pids = self._ready(300)


class AioEcho:
    """`bench.echo`'s echo on grpc.aio (an event loop in a thread of this process), as a context manager."""

    processes = 1

    def __init__(self) -> None:
        from bench.echo import start_aio

        self.server = start_aio()
        self.port = self.server.port

    def __enter__(self) -> AioEcho:
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.stop()


def measure(
    rounds: int, seconds: float, consumers: int, products: int, variants: list[str]
) -> dict[str, Any]:
    """Every variant over ``rounds`` rounds, each run against an echo run just before it."""
    from bench import loadgen, shop
    from bench.bench_recommend import CHANNELS, RECOMMEND, against_echo, consent_probe, echo, requests
    from bench.common import machine
    from bench.credentials import bearer, bench_settings
    from bench.echo import METHOD as ECHO
    from genome_store import MEMORY, EmbeddedMongo
    from recommender.registry import Registry
    from recommender.training import popularity_arrays
    from services.app import open_app

    out: dict[str, Any] = {"consumers": consumers, "products": products, "machine": machine(), "runs": []}
    with EmbeddedMongo(MEMORY) as mongo, tempfile.TemporaryDirectory() as tmp:
        settings = bench_settings(Path(tmp))
        model = shop.train_model(consumers, products)
        payloads = requests(consumers)
        with open_app(settings, uri=mongo.uri, worker="none") as app:
            shop.load(app.db, consumers, products)
            Registry(app.db).publish(shop.snapshot(model, products).meta,
                                     {**model.arrays, **popularity_arrays(model.counts)}, {})  # fmt: skip
        token = bearer(settings, "commerce")
        makers: dict[str, Callable[[], Any]] = {
            "serve-1": lambda: Serve(mongo.uri, settings, 1, Path(tmp)),
            "aio-1": lambda: AioServe(mongo.uri, settings, 1, Path(tmp)),
            "aio-2": lambda: AioServe(mongo.uri, settings, 2, Path(tmp)),
            "echo-aio": AioEcho,  # the echo itself on grpc.aio: the ceiling of that server here
        }
        for r in range(rounds):
            for name in variants:
                with makers[name]() as server:
                    method = ECHO if name == "echo-aio" else RECOMMEND
                    loadgen.measure(
                        server.port, method, payloads, seconds, concurrency=16, channels=4, metadata=token
                    )  # fmt: skip  (warm-up pass: every consumer once)
                    for channels in CHANNELS:
                        ceiling = echo(payloads, seconds, 16, channels)
                        got = loadgen.measure(server.port, method, payloads, seconds, concurrency=16,
                                              channels=channels, metadata=token)  # fmt: skip
                        run = {
                            "round": r + 1,
                            "variant": name,
                            **against_echo(server.processes, channels, got, ceiling),
                        }
                        out["runs"].append(run)
                        print(row(run), file=sys.stderr, flush=True)
        if "aio-2" in variants:
            with AioServe(mongo.uri, settings, 2, Path(tmp)) as server:
                ids = [shop.consumer_id(c) for c in range(0, consumers, max(1, consumers // 20))]
                out["consent_probe_aio_2"] = consent_probe(server.port, settings, ids)
    out["machine_end"] = machine()
    return out


def row(run: dict[str, Any]) -> str:
    """One markdown table row of a run."""
    rec, ceiling = run["recommend"], run["echo"]
    load = "/".join(f"{x:.1f}" for x in run["machine"]["load_average"][:1])
    fails = rec.get("failures", 0)
    return (f"| {run['round']} | {run['variant']} | {run['channels']} | {rec['calls_per_s']:,.0f} | "
            f"{rec['p50_ms']:.1f} | {rec['p99_ms']:.1f} | {ceiling['calls_per_s']:,.0f} | {ceiling['p99_ms']:.1f} | "
            f"**{run['vs_echo_calls']:.2f}x** | **{run['vs_echo_p99']:.2f}x** | {load} | {fails} |")  # fmt: skip


HEADER = (
    "| round | server | conns | calls/s | p50 ms | p99 ms | echo calls/s | echo p99 | vs echo calls/s "
    "| vs echo p99 | load (1 min) | failures |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def main() -> None:
    """``serve`` runs the server; otherwise measure and print the table (JSON in bench/out/)."""
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        p = argparse.ArgumentParser(prog="bench.aio_recommend serve")
        p.add_argument("serve")
        p.add_argument("--services", nargs="+", default=["recommender", "consent"])
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", type=int, required=True)
        p.add_argument("--processes", type=int, default=1)
        a = p.parse_args()
        sys.exit(serve(a.services, a.host, a.port, a.processes))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--seconds", type=float, default=5.0)
    p.add_argument("--shop", default="5000x5000", help="consumers x products")
    p.add_argument("--variants", default="serve-1,aio-1,aio-2", help="of serve-1, aio-1, aio-2, echo-aio")
    a = p.parse_args()
    consumers, products = (int(x) for x in a.shop.split("x"))
    print(HEADER, file=sys.stderr, flush=True)
    r = measure(a.rounds, a.seconds, consumers, products, a.variants.split(","))
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"aio-recommend-{time.strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(r, indent=1))
    print(HEADER)
    for run in r["runs"]:
        print(row(run))
    print(json.dumps({"consent_probe_aio_2": r.get("consent_probe_aio_2"), "machine": r["machine"],
                      "machine_end": r["machine_end"], "json": str(path)}))  # fmt: skip


if __name__ == "__main__":
    main()
