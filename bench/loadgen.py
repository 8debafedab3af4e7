"""Load from outside: an asyncio gRPC client keeping N calls in flight, in its own process.

The client sends pre-serialised requests and does not parse the replies, so the same
client measures the bare echo server (the ceiling of Python gRPC on this machine) and
lifecue's Recommend; only the server differs. It runs in a spawned process with its
own GIL; on a two-core machine it still shares the cores with the server, which is
how an outside probe on the same machine sees it too. Warm-up calls are not counted.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import time
from typing import Any

from bench.common import percentiles


async def _drive(
    target: str, method: str, payloads: list[bytes], seconds: float, warmup: float, concurrency: int,
    channels: int, metadata: tuple[tuple[str, str], ...] = (),
) -> dict[str, Any]:  # fmt: skip
    import grpc

    # each channel its own connection (a local subchannel pool), so SO_REUSEPORT can spread them
    opened = [grpc.aio.insecure_channel(target, options=[("grpc.use_local_subchannel_pool", 1)])
              for _ in range(channels)]  # fmt: skip
    calls = [ch.unary_unary(method) for ch in opened]
    for call in calls:
        await call(payloads[0], timeout=30, metadata=metadata)  # connect
    latencies: list[float] = []
    errors: dict[str, int] = {}
    warmup_failures = 0
    counter = iter(range(10**12))
    measure_from = time.perf_counter() + warmup
    stop = measure_from + seconds

    async def worker(call: Any) -> None:
        nonlocal warmup_failures
        while True:
            t0 = time.perf_counter()
            if t0 >= stop:
                return
            try:
                await call(payloads[next(counter) % len(payloads)], timeout=5, metadata=metadata)
                ok, code = True, ""
            except grpc.aio.AioRpcError as exc:
                ok, code = False, exc.code().name
            if t0 >= measure_from:
                if ok:
                    latencies.append(time.perf_counter() - t0)
                else:
                    errors[code] = errors.get(code, 0) + 1
            elif not ok:
                warmup_failures += 1

    try:
        await asyncio.gather(*(worker(calls[k % channels]) for k in range(concurrency)))
        elapsed = time.perf_counter() - measure_from
    finally:
        for ch in opened:
            await ch.close()
    return {
        "concurrency": concurrency,
        "channels": channels,
        "calls": len(latencies),
        "failures": sum(errors.values()),
        "errors": errors,
        "warmup_failures": warmup_failures,
        "calls_per_s": round(len(latencies) / elapsed, 1),
        **percentiles(latencies),
    }


def _child(target: str, method: str, payloads: list[bytes], timing: tuple[float, float], n: int, channels: int,
           metadata: tuple[tuple[str, str], ...], out: Any) -> None:  # fmt: skip
    out.put(asyncio.run(_drive(target, method, payloads, timing[0], timing[1], n, channels, metadata)))


def measure(
    port: int,
    method: str,
    payloads: list[bytes],
    seconds: float = 10.0,
    warmup: float = 2.0,
    concurrency: int = 16,
    channels: int = 1,
    metadata: tuple[tuple[str, str], ...] = (),
) -> dict[str, Any]:
    """Calls/s and latency percentiles of ``method`` on ``127.0.0.1:port``, from a separate process.

    ``metadata`` goes with every call (an ``authorization`` bearer token, say).
    """
    ctx = mp.get_context("spawn")
    queue: Any = ctx.Queue()
    proc = ctx.Process(
        target=_child,
        args=(
            f"127.0.0.1:{port}",
            method,
            payloads,
            (seconds, warmup),
            concurrency,
            channels,
            metadata,
            queue,
        ),
    )
    proc.start()
    try:
        result: dict[str, Any] = queue.get(timeout=seconds + warmup + 120)
    finally:
        proc.join(timeout=30)
    return result
