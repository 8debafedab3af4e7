"""Recommend servers built several ways, each in its own process, for measuring candidate fixes.

A `Variant` says how to build the server: the thread-pool server as ``lifecue serve``
builds it (with or without the edge interceptor, any pool size), grpc.aio, several
processes sharing one port with ``SO_REUSEPORT``, ``gc.freeze()`` after warm-up, and the
shared-memory genome invalidation of `bench.shared_generations`. Every process opens
the app the usual way, so the recommender loads the newest model from the registry.
Each process also listens on a private port (for probes aimed at one process).
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import socket
import sys
import threading
from concurrent import futures
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Variant:
    """How to build the Recommend server."""

    name: str
    interceptor: bool = True
    max_workers: int = 32
    aio: bool = False
    processes: int = 1
    gc_freeze: bool = False
    shared_generations: bool = False
    channels: int = 1  # client connections (SO_REUSEPORT spreads connections, not calls)


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _sync_server(app: Any, v: Variant, port: int) -> tuple[Any, int]:
    import grpc

    from services import consent, recommender
    from services.interceptors import EdgeInterceptor

    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=v.max_workers),
        interceptors=[EdgeInterceptor()] if v.interceptor else [],
        options=[("grpc.so_reuseport", int(v.processes > 1))],
    )
    for spec in (recommender.SPEC, consent.SPEC):
        spec.add(spec.build(app), server)
    server.add_insecure_port(f"127.0.0.1:{port}")
    private = server.add_insecure_port("127.0.0.1:0")
    server.start()
    return server, private


def _aio_server(app: Any, v: Variant, port: int) -> tuple[Any, int]:
    import grpc

    from bench.echo import AioServer
    from lifecue.v1 import recommender_service_pb2 as pb
    from services import recommender

    servicer = recommender.SPEC.build(app)

    async def recommend(request: Any, context: Any) -> Any:
        return servicer.Recommend(request, context)

    handler = grpc.method_handlers_generic_handler(
        "lifecue.v1.RecommenderService",
        {"Recommend": grpc.unary_unary_rpc_method_handler(
            recommend, request_deserializer=pb.RecommendRequest.FromString,
            response_serializer=pb.RecommendResponse.SerializeToString)},
    )  # fmt: skip
    server = AioServer([handler], [("grpc.so_reuseport", int(v.processes > 1))], port=port)
    return server, server.port


def _child(
    variant: dict[str, Any], settings_json: str, uri: str, port: int, shm: str, ready: Any, stop: Any
) -> None:
    from lifecue.config import Settings
    from recommender.serving import GENOME_FIELDS
    from services.app import open_app
    from services.recommender import recommender_of

    v = Variant(**variant)
    settings = Settings.model_validate_json(settings_json)
    with open_app(settings, uri=uri, worker="none") as app:
        rec = recommender_of(app)
        if v.shared_generations:
            from bench.shared_generations import SharedGenerationCache, SharedGenerations

            rec._cache.close()
            rec._cache = SharedGenerationCache(app.db, GENOME_FIELDS, SharedGenerations(shm))
        warmed = rec._cache.warm() if rec._cache is not None else 0
        server, private = (_aio_server if v.aio else _sync_server)(app, v, port)
        if v.gc_freeze:
            gc.collect()
            gc.freeze()
        ready.put({"pid": os.getpid(), "private_port": private, "warmed": warmed})
        stop.wait()
        if v.aio:
            server.stop()
        else:
            server.stop(0)


class Servers:
    """The processes of one variant (a context manager): ``port``, ``pids``, ``private_ports``."""

    def __init__(self, variant: Variant, settings: Any, uri: str, shm: str = "") -> None:
        self.variant = variant
        self.port = free_port()
        ctx = mp.get_context("spawn")
        self._stop = ctx.Event()
        ready: Any = ctx.Queue()
        self._procs = [
            ctx.Process(
                target=_child,
                args=(asdict(variant), settings.model_dump_json(), uri, self.port, shm, ready, self._stop),
            )
            for _ in range(variant.processes)
        ]
        for p in self._procs:
            p.start()
        self.children = [ready.get(timeout=300) for _ in self._procs]
        self.pids = [c["pid"] for c in self.children]
        self.private_ports = [c["private_port"] for c in self.children]

    def __enter__(self) -> Servers:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for p in self._procs:
            p.join(timeout=30)
            if p.is_alive():
                p.kill()


def profile(pid: int, seconds: float, out_prefix: str) -> dict[str, str]:
    """py-spy flame graph (SVG) and collapsed stacks of ``pid`` (GIL holder only), in the background."""
    import shutil
    import subprocess

    spy = shutil.which("py-spy") or os.path.join(os.path.dirname(sys.executable), "py-spy")
    files = {"svg": f"{out_prefix}.svg", "collapsed": f"{out_prefix}.txt"}
    if not os.path.exists(spy):
        return {}

    def record(fmt: str, path: str) -> None:
        subprocess.run(
            [spy, "record", "--pid", str(pid), "--duration", str(int(seconds)), "--rate", "100", "--gil",
             "--nonblocking", "--format", fmt, "--output", path],
            capture_output=True, check=False,
        )  # fmt: skip

    threads = [threading.Thread(target=record, args=("flamegraph", files["svg"])),
               threading.Thread(target=record, args=("raw", files["collapsed"]))]  # fmt: skip
    for t in threads:
        t.start()
    profile.threads = threads  # type: ignore[attr-defined]
    return files


def wait_profiles() -> None:
    """Join the py-spy recorders started by `profile`."""
    for t in getattr(profile, "threads", []):
        t.join(timeout=120)
