"""The encoder's faster builds: exported once and kept, scoring like fp32, chosen by a setting, served over gRPC."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

from lifecue.config import AuthSettings, LifeEventSettings, Settings
from lifecue.v1 import common_pb2, life_event_service_pb2_grpc
from lifecue.v1 import life_event_service_pb2 as pb
from lifeevents import artifact as artifacts
from lifeevents.dataset import DATA_DIR, TEST_FILE, load_posts
from lifeevents.encoder import TOKENS_PER_BATCH, TextEncoder, default_threads, padded, token_batches
from lifeevents.encoder_builds import (
    BUILDS,
    CACHE_FOLDER,
    FP32,
    ONNX,
    ONNX_INT8,
    OnnxEncoder,
    build,
    cache_folder,
)
from lifeevents.evaluation import label_sets
from lifeevents.events import PostText
from lifeevents.pipeline import Classifier
from services.app import App
from services.lifeevents import CLASSIFIER
from tests.builders import a_consumer
from tests.processes import TEST_KEYS

SAMPLE = 120


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One state folder for the module, so each build is exported once."""
    return tmp_path_factory.mktemp("state")


@pytest.fixture(scope="module")
def shipped() -> artifacts.Artifact:
    return artifacts.load(None)


@pytest.fixture(scope="module")
def posts() -> list[PostText]:
    return [PostText(p.text, p.posted_at) for p in load_posts(DATA_DIR / TEST_FILE)[:SAMPLE]]


@pytest.fixture(scope="module")
def encoders(state: Path, shipped: artifacts.Artifact) -> Callable[[str], TextEncoder]:
    made: dict[str, TextEncoder] = {}

    def get(name: str) -> TextEncoder:
        if name not in made:
            made[name] = build(name, shipped.adapter, shipped.version, state / CACHE_FOLDER)
        return made[name]

    return get


def test_an_export_is_made_once_per_model_version_and_build_then_read(
    state: Path, shipped: artifacts.Artifact, encoders: Callable[[str], TextEncoder], posts: list[PostText]
) -> None:
    first = encoders(ONNX_INT8)
    cache = state / CACHE_FOLDER
    # quantised from an fp32 export that is not kept (the onnx build was not asked for); nothing half-written stays
    assert sorted(p.name for p in cache.iterdir()) == [f"{shipped.version}-onnx-int8.onnx"]
    stamps = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    again = build(ONNX_INT8, shipped.adapter, shipped.version, cache)
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == stamps
    texts = [p.text for p in posts[:16]]
    np.testing.assert_array_equal(first.encode(texts), again.encode(texts))
    assert first.adapted and first.dim == 384
    encoders(ONNX)  # asked for now: exported and kept beside it
    assert sorted(p.name for p in cache.iterdir()) == [f"{shipped.version}-onnx-int8.onnx",
                                                        f"{shipped.version}-onnx.onnx"]  # fmt: skip


def test_the_onnx_build_is_the_same_encoder_and_int8_stays_close(
    encoders: Callable[[str], TextEncoder], posts: list[PostText]
) -> None:
    texts = [p.text for p in posts]
    fp32 = encoders(FP32).encode(texts)
    np.testing.assert_allclose(encoders(ONNX).encode(texts), fp32, atol=1e-4)
    cosine = (encoders(ONNX_INT8).encode(texts) * fp32).sum(axis=1)
    assert cosine.min() > 0.97, cosine.min()


def test_batches_group_similar_lengths_within_the_token_budget() -> None:
    # a call of 64 posts: 60 short ones and 4 long ones; one batch of 64 would pad all to 90 tokens
    lengths = [15 + i % 7 for i in range(60)] + [90, 120, 256, 300]
    tokens = {"input_ids": [[7] * n for n in lengths], "attention_mask": [[1] * n for n in lengths]}
    batches = token_batches(tokens, max_texts=64)
    assert sorted(i for b in batches for i in b) == list(range(64))
    for batch in batches:
        width = max(lengths[i] for i in batch)
        assert len(batch) == 1 or len(batch) * width <= TOKENS_PER_BATCH
    assert [lengths[b[0]] for b in batches if len(b) == 1][-2:] == [256, 300]  # over the budget: alone
    assert sum(len(b) * max(lengths[i] for i in b) for b in batches) < 64 * 300 // 5
    assert max(len(b) for b in token_batches(tokens, max_texts=8)) == 8
    arrays = padded(tokens, batches[0], pad_id=0)
    assert arrays["input_ids"].shape == (len(batches[0]), max(lengths[i] for i in batches[0]))
    assert int(arrays["attention_mask"].sum()) == sum(lengths[i] for i in batches[0])


@pytest.mark.parametrize("name", [FP32, ONNX])
def test_a_text_encodes_the_same_alone_or_in_a_call_of_mixed_lengths(
    name: str, encoders: Callable[[str], TextEncoder], posts: list[PostText]
) -> None:
    texts = [p.text for p in posts[:40]] + [" ".join(p.text for p in posts[40:48])]
    together = encoders(name).encode(texts)
    alone = np.vstack([encoders(name).encode([t]) for t in texts[::7]])
    np.testing.assert_allclose(together[::7], alone, atol=1e-5)


@pytest.mark.parametrize("name", [FP32, ONNX_INT8])
def test_calls_from_several_threads_at_once_each_get_their_own_embeddings(
    name: str, encoders: Callable[[str], TextEncoder], posts: list[PostText]
) -> None:
    import threading

    encoder = encoders(name)
    chunks = [[p.text for p in posts[k : k + 20]] for k in range(0, 120, 20)]
    alone = [encoder.encode(chunk) for chunk in chunks]
    got: dict[int, np.ndarray] = {}
    errors: list[BaseException] = []

    def run(k: int) -> None:
        try:
            got[k] = encoder.encode(chunks[k])
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(chunks))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for k, expected in enumerate(alone):
        np.testing.assert_allclose(got[k], expected, atol=1e-5)


def test_the_classifier_on_the_int8_build_finds_what_fp32_finds(
    shipped: artifacts.Artifact, encoders: Callable[[str], TextEncoder], posts: list[PostText]
) -> None:
    fp32 = label_sets(Classifier(artifact=shipped, encoder=encoders(FP32)).classify(posts))
    int8 = label_sets(Classifier(artifact=shipped, encoder=encoders(ONNX_INT8)).classify(posts))
    agree = sum(a == b for a, b in zip(fp32, int8, strict=True)) / len(posts)
    assert agree >= 0.95, agree
    assert sum(bool(s - {"none"}) for s in int8) >= SAMPLE // 3  # it finds events, not only "none"


def test_the_default_is_the_int8_onnx_build_kept_in_the_state_folder_unless_a_folder_is_set(
    tmp_path: Path,
) -> None:
    assert LifeEventSettings.model_fields["encoder_build"].default == ONNX_INT8
    assert cache_folder(None, tmp_path) == tmp_path / CACHE_FOLDER
    assert cache_folder(tmp_path / "shared", tmp_path) == tmp_path / "shared"


def test_an_unknown_build_is_refused_naming_the_setting_and_the_choices() -> None:
    with pytest.raises(ValidationError, match="encoder_build"):
        LifeEventSettings(encoder_build="fp16")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="one of fp32, int8, onnx, onnx-int8"):
        build("fp16")
    assert BUILDS == (FP32, "int8", ONNX, ONNX_INT8)


@pytest.fixture
def settings(db_name: str, state: Path) -> Settings:
    """This module's servers run the int8 ONNX build from the module's state folder."""
    return Settings(db_name=db_name, state_dir=state, auth=AuthSettings(keys=TEST_KEYS),
                    lifeevents=LifeEventSettings(encoder_build=ONNX_INT8))  # fmt: skip


def test_the_service_runs_the_configured_build(app: App, serve: Any, state: Path) -> None:
    from google.protobuf.timestamp_pb2 import Timestamp

    stub = life_event_service_pb2_grpc.LifeEventServiceStub(serve("lifeevents"))
    a_consumer(app.db, "c1", consents=("social_analysis",))
    posted = Timestamp()
    posted.GetCurrentTime()
    reply = stub.IngestPosts(pb.IngestPostsRequest(posts=[
        common_pb2.SocialPost(post_id="p1", consumer_id="c1", platform="test", posted_at=posted,
                              text="Got the keys to our new flat today!!! 📦"),
        common_pb2.SocialPost(post_id="p2", consumer_id="c1", platform="test", posted_at=posted,
                              text="lovely walk by the river this morning"),
    ]))  # fmt: skip
    assert [r.status for r in reply.results] == [common_pb2.ACCEPTED, common_pb2.ACCEPTED]
    assert [e.type for e in reply.results[0].events] == ["moving_home"]
    assert list(reply.results[1].events) == []
    assert isinstance(app.components[CLASSIFIER].encoder, OnnxEncoder)
    assert (state / CACHE_FOLDER / f"{reply.model_version}-onnx-int8.onnx").exists()


def test_export_encoder_writes_the_configured_build_ahead_of_the_first_start(tmp_path: Path) -> None:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "LIFECUE_STATE_DIR": str(tmp_path / "state")}
    command = [sys.executable, "-m", "services.cli", "export-encoder", "--to", str(tmp_path / "image")]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    written = json.loads(done.stdout)
    path = Path(written["path"])
    assert (
        written["build"] == ONNX_INT8
        and path == tmp_path / "image" / f"{written['model_version']}-onnx-int8.onnx"
    )
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    assert "exported the encoder's onnx-int8 build" in done.stderr
    assert (
        "Quantization parameters" not in done.stderr
    )  # the quantiser's line per tensor stays out of the log
    stamp = path.stat().st_mtime_ns
    again = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    assert again.returncode == 0 and json.loads(again.stdout)["path"] == str(path)
    assert path.stat().st_mtime_ns == stamp  # read, not exported again


def test_a_folder_it_cannot_write_costs_an_export_per_process_not_the_service(
    tmp_path: Path, shipped: artifacts.Artifact, posts: list[PostText], caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    encoder = build(ONNX_INT8, shipped.adapter, shipped.version, blocked / "encoder-builds")
    assert isinstance(encoder, OnnxEncoder) and encoder.encode([posts[0].text]).shape == (1, 384)
    assert "exporting it for this process only" in caplog.text


def test_encoder_threads_follow_omp_num_threads_else_the_usable_cores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert default_threads() == 1
    monkeypatch.setenv("OMP_NUM_THREADS", "not a number")
    assert default_threads() == max(1, min(len(os.sched_getaffinity(0)), 4))


RACE = """
import threading
from lifeevents.encoder import transformers_names
start, loaded = threading.Barrier(2), []
def load(*names):
    start.wait()
    loaded.extend(type(c).__name__ for c in transformers_names(*names))
threads = [threading.Thread(target=load, args=names)
           for names in (("AutoModel", "AutoTokenizer"), ("AutoConfig", "AutoTokenizer"))]
[t.start() for t in threads]
[t.join() for t in threads]
print(sorted(loaded))
"""


def test_two_threads_loading_encoders_at_once_in_a_fresh_process_both_get_their_classes() -> None:
    """The classifier's encoder and the affinity backfill's load at once when a server starts;
    unguarded, transformers' lazy module fails one of them ("cannot import name 'AutoModel'")."""
    done = subprocess.run(
        [sys.executable, "-c", RACE], capture_output=True, text=True, timeout=300, check=True
    )
    classes = "['type', 'type', 'type', 'type']"  # AutoModel, AutoTokenizer, AutoConfig, AutoTokenizer
    assert done.stdout.strip() == classes, done.stdout + done.stderr
