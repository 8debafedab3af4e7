"""lifecue's Prometheus metrics, and the one call that serves them.

Every series is defined here, with one small function per event so that callers never
touch prometheus_client:

- ``lifecue_rpc_seconds{method}``, ``lifecue_rpc_total{method,code}``: `rpc_observer`, used by
  the edge interceptor (`services.interceptors`) for every call;
- ``lifecue_posts_ingested_total{status}``, ``lifecue_life_events_found_total{event_type}``:
  `observe_ingest`, once per IngestPosts call;
- ``lifecue_model_info{kind,version}``: `set_model_version` (classifier, recommender);
- ``lifecue_job_seconds{job_name}``, ``lifecue_job_failures_total{job_name}``,
  ``lifecue_job_last_success_timestamp_seconds{job_name}``: `timed_job` around each scheduled
  job (``job_name``, because ``job`` is the label Prometheus gives every scrape target);
- ``lifecue_db_command_seconds{command,outcome}``: every MongoDB round trip, once
  `start_metrics` has run;
- ``lifecue_genome_cache_lookups_total{result}``: `count_genome_cache` (hit / miss);
- ``lifecue_ranking_lookups_total{result}``: `count_ranking_lookup` (hit: a kept ranking, computed
  by an earlier call or ahead of calls, answered; miss: the call ranked);
- ``lifecue_auth_failures_total{reason}``: `count_auth_failure`, by the auth interceptor for
  every refused call (``missing``, ``expired``, ``bad_signature``, ..., ``forbidden``).

k8s/base/dashboards/lifecue.json charts them; tests/test_metrics.py checks that every
series the dashboard asks for is defined.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from prometheus_client import Counter, Gauge, Histogram, Info, start_http_server

from genome_store import watch_commands
from lifecue.config import Settings

__all__ = [
    "AUTH_FAILURES",
    "DB_COMMAND_SECONDS",
    "EVENTS_FOUND",
    "GENOME_CACHE_LOOKUPS",
    "JOB_FAILURES",
    "JOB_LAST_SUCCESS",
    "JOB_SECONDS",
    "MODEL_INFO",
    "POSTS_INGESTED",
    "RANKING_LOOKUPS",
    "RPC_SECONDS",
    "RPC_TOTAL",
    "count_auth_failure",
    "count_genome_cache",
    "count_ranking_lookup",
    "observe_db_command",
    "observe_ingest",
    "rpc_observer",
    "set_model_version",
    "start_metrics",
    "timed_job",
]

RPC_TOTAL = Counter("lifecue_rpc_total", "RPCs handled", ["method", "code"])
RPC_SECONDS = Histogram(
    "lifecue_rpc_seconds",
    "RPC latency",
    ["method"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10),
)
POSTS_INGESTED = Counter("lifecue_posts_ingested_total", "Posts sent to IngestPosts, by outcome", ["status"])
EVENTS_FOUND = Counter(
    "lifecue_life_events_found_total", "Life events detected in accepted posts", ["event_type"]
)
MODEL_INFO = Info("lifecue_model", "Model version this process serves", ["kind"])
JOB_SECONDS = Histogram(
    "lifecue_job_seconds",
    "Duration of scheduled jobs (retrain, refresh, recompute, sweep), failed runs included",
    ["job_name"],
    buckets=(0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200),
)
JOB_FAILURES = Counter("lifecue_job_failures_total", "Scheduled job runs that raised", ["job_name"])
JOB_LAST_SUCCESS = Gauge(
    "lifecue_job_last_success_timestamp_seconds",
    "Unix time the job last finished without error",
    ["job_name"],
)
DB_COMMAND_SECONDS = Histogram(
    "lifecue_db_command_seconds",
    "MongoDB round trips: from sending a command to its reply",
    ["command", "outcome"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10),
)
GENOME_CACHE_LOOKUPS = Counter(
    "lifecue_genome_cache_lookups_total", "Genome cache lookups by Recommend, by result", ["result"]
)
RANKING_LOOKUPS = Counter(
    "lifecue_ranking_lookups_total",
    "Recommend calls answered from a kept ranking (hit) or ranked (miss)",
    ["result"],
)
AUTH_FAILURES = Counter(
    "lifecue_auth_failures_total", "Calls refused by authentication or the authorization matrix", ["reason"]
)

# Commands lifecue sends; anything else is counted as "other" to bound the label's values.
_COMMANDS = frozenset(
    {"find", "insert", "update", "delete", "aggregate", "getMore", "findAndModify", "count", "distinct",
     "createIndexes", "listIndexes", "listCollections", "create", "collMod", "drop", "dropDatabase",
     "commitTransaction", "abortTransaction", "killCursors", "ping", "hello", "isMaster", "endSessions"}
)  # fmt: skip

_started = threading.Lock()
_watching = False


def rpc_observer(method: str) -> Callable[[str, float], None]:
    """``observe(code_name, seconds)`` for one method; its OK series is bound once, as most calls are OK."""
    ok_total = RPC_TOTAL.labels(method, "OK")
    seconds_of = RPC_SECONDS.labels(method)

    def observe(code: str, seconds: float) -> None:
        seconds_of.observe(seconds)
        (ok_total if code == "OK" else RPC_TOTAL.labels(method, code)).inc()

    return observe


def observe_ingest(statuses: Iterable[str], event_types: Iterable[str]) -> None:
    """Count one IngestPosts call: each post's outcome and each event found in accepted posts."""
    for status in statuses:
        POSTS_INGESTED.labels(status).inc()
    for event_type in event_types:
        EVENTS_FOUND.labels(event_type).inc()


def set_model_version(kind: str, version: str) -> None:
    """Publish the model version now serving (``kind``: classifier or recommender)."""
    MODEL_INFO.labels(kind).info({"version": version})


@contextmanager
def timed_job(job: str) -> Iterator[None]:
    """Time a scheduled job run; a run that raises counts as a failure and re-raises."""
    start = time.perf_counter()
    try:
        yield
    except BaseException:
        JOB_FAILURES.labels(job).inc()
        raise
    else:
        JOB_LAST_SUCCESS.labels(job).set(time.time())
    finally:
        JOB_SECONDS.labels(job).observe(time.perf_counter() - start)


def observe_db_command(command: str, seconds: float, ok: bool) -> None:
    """Record one MongoDB round trip (the genome_store command timer calls this)."""
    name = command if command in _COMMANDS else "other"
    DB_COMMAND_SECONDS.labels(name, "ok" if ok else "error").observe(seconds)


_GENOME_CACHE_HIT = GENOME_CACHE_LOOKUPS.labels("hit")
_GENOME_CACHE_MISS = GENOME_CACHE_LOOKUPS.labels("miss")


def count_genome_cache(hit: bool) -> None:
    """Count one genome cache lookup (its two series bound once: this runs on every Recommend)."""
    (_GENOME_CACHE_HIT if hit else _GENOME_CACHE_MISS).inc()


_RANKING_HIT = RANKING_LOOKUPS.labels("hit")
_RANKING_MISS = RANKING_LOOKUPS.labels("miss")


def count_ranking_lookup(hit: bool) -> None:
    """Count one Recommend call's ranking: kept (hit) or computed (miss)."""
    (_RANKING_HIT if hit else _RANKING_MISS).inc()


def count_auth_failure(reason: str) -> None:
    """Count a call refused by authentication (``missing``, ``expired``, ...) or the matrix (``forbidden``)."""
    AUTH_FAILURES.labels(reason).inc()


def start_metrics(settings: Settings) -> int:
    """Time MongoDB round trips from now on and serve /metrics on the configured port (0: off).

    Call it before the database is opened: pymongo attaches listeners to clients made
    afterwards. Returns the port served, 0 when off. Safe to call more than once.
    """
    global _watching
    with _started:
        if not _watching:
            watch_commands(observe_db_command)
            _watching = True
    port = settings.server.metrics_port
    if port:
        server, _thread = start_http_server(port, addr=settings.server.host)
        return int(server.server_port)
    return 0
