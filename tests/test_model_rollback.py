"""Operators roll back and pin recommender versions: every server follows the pin at once, a retrain
while pinned publishes without serving, pruning keeps the pinned version, unpin returns to the newest."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from lifecue.errors import NotFound
from lifecue.v1 import recommender_service_pb2 as pb
from lifecue.v1 import recommender_service_pb2_grpc
from recommender.registry import Registry
from recommender.simulation import load_into, simulate
from services.cli import main
from services.worker import RETRAIN
from tests.waiting import wait_for

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _world(app: Any) -> None:
    cfg = app.settings.recommender
    cfg.factors, cfg.iterations, cfg.num_threads = 8, 2, 1
    load_into(app.db, simulate(consumers=30, per_category=3, seed=5, end=NOW))


def _retrain(app: Any) -> str:
    """A retrain in the worker role, without telling any server."""
    job, _ = app.handoff.submit(RETRAIN, {}, join=False)
    done = app.handoff.wait(job.job_id, 120)
    assert done.state == "done", done.error
    return str(done.result["version"])


def test_a_pin_rolls_every_server_back_until_it_is_lifted(app: Any, serve: Any) -> None:
    _world(app)
    app.settings.recommender.model_poll_seconds = 600.0  # the change stream alone must bring the pin
    stub = recommender_service_pb2_grpc.RecommenderServiceStub(serve("recommender"))
    served = app.components["recommender"]
    wait_for(lambda: served._follower.live, 10, "the models change stream")
    v1, v2 = _retrain(app), _retrain(app)

    def info() -> pb.GetModelInfoResponse:
        return stub.GetModelInfo(pb.GetModelInfoRequest())

    wait_for(lambda: info().model.version == v2, 10, f"the server on {v2}")
    assert not info().HasField("pin")

    registry = Registry(app.db)
    registry.pin(v1, "rollback", "kim")
    wait_for(lambda: info().model.version == v1, 10, f"the server back on {v1}")
    reply = info()
    assert (reply.pin.version, reply.pin.pinned_by, reply.pin.reason) == (v1, "kim", "rollback")
    assert reply.pin.pinned_at.seconds > 0
    assert stub.Recommend(pb.RecommendRequest(consumer_id="u00001", n=3)).model_version == v1

    v3 = _retrain(app)  # published while pinned: the servers stay on the pin
    assert served.sync() is False and info().model.version == v1
    assert registry.target() is not None and registry.target().version == v1  # type: ignore[union-attr]
    assert registry.prune(1) == 1  # v2 goes; the newest (v3) and the pinned v1 stay
    assert [m.version for m in registry.versions()] == [v3, v1]

    assert registry.unpin() == [v1]
    wait_for(lambda: info().model.version == v3, 10, f"the server forward on {v3}")
    assert not info().HasField("pin")


def test_a_closed_recommender_swaps_to_no_model_published_after_it_closed(app: Any, serve: Any) -> None:
    _world(app)
    app.settings.recommender.model_poll_seconds = 600.0
    serve("recommender")
    served = app.components["recommender"]
    first = _retrain(app)
    served.sync()  # or the change stream has already swapped it in
    wait_for(lambda: served.snapshot.version == first, 10, f"the server on {first}")
    served.close()  # a load finishing after close must not be served (nor logged after its process ends)
    _retrain(app)
    assert served.sync() is False and served.snapshot.version == first


def test_a_pin_names_a_published_version_and_replaces_any_other(db: Any) -> None:
    registry = Registry(db)
    with pytest.raises(NotFound):
        registry.pin("als-000099", "rollback", "kim")
    assert registry.pinned() is None and registry.target() is None and registry.unpin() == []


def test_models_command_lists_rolls_back_pins_and_unpins(
    app: Any, mongo_uri: str, db_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setenv("MONGODB_URI", mongo_uri)
    monkeypatch.setenv("LIFECUE_DB_NAME", db_name)
    monkeypatch.setenv("LIFECUE_STATE_DIR", str(tmp_path / "cli-state"))
    assert main(["models", "list"]) == 0
    assert "no model published yet" in capsys.readouterr().out
    assert main(["models", "rollback"]) == 2
    assert "no model published yet" in capsys.readouterr().err

    _world(app)
    v1, v2 = _retrain(app), _retrain(app)
    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    assert f"* served: {v2} (the newest; no pin)" in out and v1 in out

    assert main(["models", "rollback", "--by", "kim"]) == 0  # the version before the served one
    assert f"servers now serve {v1} instead of {v2}" in capsys.readouterr().out
    assert main(["models", "list", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["version"], r["served"]) for r in rows] == [(v2, False), (v1, True)]
    assert rows[1]["pin"]["by"] == "kim" and rows[1]["pin"]["reason"] == "rollback"
    assert rows[0]["data_sha256"] and rows[0]["users"] > 0

    assert main(["models", "rollback", v2]) == 2  # not older than the served (pinned) one
    assert "use `lifecue models pin`" in capsys.readouterr().err
    assert main(["models", "pin", "als-999999"]) == 2
    assert "no model version 'als-999999'" in capsys.readouterr().err
    assert main(["models", "pin", v2, "--reason", "hold during the incident"]) == 0
    pin = Registry(app.db).pinned()
    assert pin is not None and (pin.version, pin.reason) == (v2, "hold during the incident")

    assert main(["models", "unpin"]) == 0
    assert f"unpinned {v2}: servers serve the newest version ({v2})" in capsys.readouterr().out
    assert main(["models", "unpin"]) == 0
    assert "no version was pinned" in capsys.readouterr().out
