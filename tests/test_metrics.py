"""Metrics: what services.metrics records, MongoDB round trips timed through genome_store,
/metrics served, and a Grafana dashboard that asks only for series lifecue defines."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import REGISTRY

from genome_store import ProductInput, connect, free_port, get_product, upsert_products, watch_commands
from lifecue.config import Settings
from services import metrics

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = ROOT / "k8s" / "base" / "dashboards" / "lifecue.json"
# Labels Prometheus or its Kubernetes discovery add to every series, and histograms' `le`.
TARGET_LABELS = {"le", "namespace", "pod", "instance", "job", "container"}


def value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def expressions() -> list[str]:
    board = json.loads(DASHBOARD.read_text())
    return [t["expr"] for p in board["panels"] for t in p.get("targets", [])]


def defined() -> dict[str, Any]:
    """Every sample name lifecue's registry can produce, to its collector."""
    return {n: c for n, c in REGISTRY._names_to_collectors.items() if n.startswith("lifecue_")}


def test_dashboard_asks_only_for_series_lifecue_defines() -> None:
    known = defined()
    used = {m for e in expressions() for m in re.findall(r"\blifecue_[a-z0-9_]+", e)}
    assert used, "the dashboard has no lifecue query"
    assert not used - set(known), f"the dashboard asks for undefined series {sorted(used - set(known))}"
    for expr in expressions():
        grouped = {
            label.strip() for group in re.findall(r"by \(([^)]*)\)", expr) for label in group.split(",")
        }
        filtered = set(re.findall(r"([a-z_]+)\s*(?:=~|!=|=)\s*\"", expr))
        metric_labels = set()
        for name in re.findall(r"\blifecue_[a-z0-9_]+", expr):
            metric_labels |= set(getattr(known[name], "_labelnames", ()))
        unknown = (grouped | filtered) - metric_labels - TARGET_LABELS - {"version", "kind"}
        assert not unknown, f"{expr}: labels {sorted(unknown)} are not on the metric"


def test_every_lifecue_metric_is_on_the_dashboard() -> None:
    families = {c._name for c in defined().values()}  # e.g. lifecue_rpc (counter), lifecue_rpc_seconds
    text = " ".join(expressions())
    missing = sorted(f for f in families if f not in text)
    assert not missing, f"metrics no panel shows: {missing}"


def test_dashboard_is_shipped_as_a_configmap() -> None:
    kustomization = (ROOT / "k8s" / "base" / "kustomization.yaml").read_text()
    assert "dashboards/lifecue.json" in kustomization and 'grafana_dashboard: "1"' in kustomization


def test_recorders_update_their_series() -> None:
    before = value("lifecue_posts_ingested_total", status="ACCEPTED")
    metrics.observe_ingest(["ACCEPTED", "ACCEPTED", "DUPLICATE"], ["wedding"])
    assert value("lifecue_posts_ingested_total", status="ACCEPTED") == before + 2
    assert value("lifecue_life_events_found_total", event_type="wedding") >= 1
    metrics.set_model_version("recommender", "als-000007")
    assert value("lifecue_model_info", kind="recommender", version="als-000007") == 1
    metrics.set_model_version("recommender", "als-000008")  # a swap replaces, never adds, a series
    assert value("lifecue_model_info", kind="recommender", version="als-000007") == 0
    assert value("lifecue_model_info", kind="recommender", version="als-000008") == 1
    hits = value("lifecue_genome_cache_lookups_total", result="hit")
    metrics.count_genome_cache(True)
    assert value("lifecue_genome_cache_lookups_total", result="hit") == hits + 1
    metrics.count_auth_failure("expired")
    assert value("lifecue_auth_failures_total", reason="expired") >= 1


def test_timed_job_counts_runs_failures_and_last_success() -> None:
    with metrics.timed_job("test-job"):
        pass
    assert value("lifecue_job_seconds_count", job_name="test-job") == 1
    assert value("lifecue_job_last_success_timestamp_seconds", job_name="test-job") > 0
    with pytest.raises(RuntimeError), metrics.timed_job("test-job"):
        raise RuntimeError("boom")
    assert value("lifecue_job_failures_total", job_name="test-job") == 1
    assert value("lifecue_job_seconds_count", job_name="test-job") == 2


def test_mongodb_round_trips_are_timed_and_served(mongo_uri: str, db: Any, tmp_path: Path) -> None:
    settings = Settings(db_name=db.name, state_dir=tmp_path, server={"metrics_port": free_port()})
    port = metrics.start_metrics(settings)
    assert metrics.start_metrics(settings.model_copy(update={"server": settings.server.model_copy(
        update={"metrics_port": 0})})) == 0  # fmt: skip
    store = connect(mongo_uri, db.name)  # made after start_metrics
    try:
        before = value("lifecue_db_command_seconds_count", command="find", outcome="ok")
        assert get_product(store.db, "no-such-product") is None
        # started twice, timed once
        assert value("lifecue_db_command_seconds_count", command="find", outcome="ok") == before + 1
    finally:
        store.close()
    body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    assert 'lifecue_db_command_seconds_count{command="find",outcome="ok"}' in body


def test_a_failing_timer_callback_never_fails_a_database_call(mongo_uri: str, db: Any) -> None:
    calls: list[str] = []

    def broken(name: str, seconds: float, ok: bool) -> None:
        calls.append(name)
        raise ValueError("metrics backend down")

    timer = watch_commands(broken)
    store = connect(mongo_uri, db.name)
    try:
        upsert_products(store.db, [ProductInput("p1", "Cake", "food", 9.5, [], True)])
        product = get_product(store.db, "p1")
        assert product is not None
    finally:
        timer.stop()
        store.close()
    assert "find" in calls and any(c in calls for c in ("update", "insert"))
