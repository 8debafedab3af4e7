"""Encoder fine-tuning, adapters merged at load, calibration, and the acting/review thresholds."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from lifeevents import artifact as artifacts
from lifeevents.adapter import Adapter
from lifeevents.calibration import (
    Calibration,
    choose_thresholds,
    fit_platt,
    label_thresholds,
    reaches,
    reliability,
)
from lifeevents.cues import CueReader
from lifeevents.dataset import LabelledPost
from lifeevents.encoder import Encoder
from lifeevents.events import PostText, contract_rows
from lifeevents.finetune import FineTuneConfig
from lifeevents.pipeline import BOTH, RULES, Classifier, embed, features
from lifeevents.training import TrainConfig, dev_split, encode, train

WED = datetime(2026, 3, 11, 15, tzinfo=UTC)
ROWS = [
    ("happy birthday to my mum!", "birthday"), ("it's my birthday today 🎂", "birthday"),
    ("HBD @sam_x have a good one", "birthday"), ("we just moved into our new house", "moving_home"),
    ("moving day! new flat 📦", "moving_home"), ("got the keys to our first home", "moving_home"),
    ("got a new puppy!!", "new_pet"), ("we adopted a kitten", "new_pet"), ("meet our new rescue dog", "new_pet"),
    ("lovely walk in the park", None), ("this coffee is great", None), ("rainy monday again", None),
    ("RIP my phone screen", None), ("new car smell", None),
]  # fmt: skip


def _posts(copies: int = 3) -> list[LabelledPost]:
    return [
        LabelledPost(
            f"{i}-{k}",
            text if k == 0 else f"{text} {'!' * k}",
            WED,
            ({"type": lab, "subject": "self"},) if lab else (),
            group=f"g{i}",
        )  # fmt: skip
        for i, (text, lab) in enumerate(ROWS)
        for k in range(copies)
    ]


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return Encoder()


@pytest.fixture(scope="module")
def tuned(encoder: Encoder, tmp_path_factory: pytest.TempPathFactory) -> tuple[artifacts.Artifact, Path]:
    """A tiny fine-tuning run (one adapted layer, rank 2), published to a temporary root."""
    reader = CueReader()
    data = encode(_posts(), encoder, reader)
    tuning = FineTuneConfig(layers=1, rank=2, epochs=2, patience=1, batch_size=8, seed=5)
    config = TrainConfig(
        seed=5, features=BOTH, hidden=32, epochs=40, dev_share=0.3, finetune=True, tuning=tuning
    )
    trained = train(data, config, encoder)
    root = tmp_path_factory.mktemp("model")
    artifacts.publish(trained, root)
    return trained, root


def test_dev_split_keeps_template_groups_whole() -> None:
    posts = _posts()
    rest, dev = dev_split(posts, 0.3, seed=1)
    assert dev and set(rest).isdisjoint(dev) and len(rest) + len(dev) == len(posts)
    assert {posts[i].group for i in rest}.isdisjoint({posts[i].group for i in dev})


def test_fine_tuning_ships_small_fp16_adapters_merged_at_load(
    tuned: tuple[artifacts.Artifact, Path], encoder: Encoder
) -> None:
    trained, root = tuned
    assert trained.adapter is not None and trained.adapter.layers == [5]
    folder = artifacts.resolve_dir(root)
    with np.load(folder / "adapter.npz", allow_pickle=False) as z:
        assert all(z[k].dtype == np.float16 for k in z.files if "|" in k)
    assert (folder / "adapter.npz").stat().st_size < 200_000
    meta = json.loads((folder / "meta.json").read_text())
    assert meta["encoder_adapter"] == {"layers": [5], "rank": 2} and meta["finetune_history"]
    loaded = artifacts.load(root)
    assert loaded.adapter is not None and loaded.review_threshold is not None
    clf = Classifier(artifact=loaded)
    assert clf.encoder is not None and clf.encoder.adapted
    assert any("train_loss" in h for h in meta["finetune_history"])  # adapters and head did train
    texts = ["we got a new puppy", "lovely coffee"]
    by_hand = Encoder()
    loaded.adapter.merge_into(by_hand.model)
    np.testing.assert_allclose(clf.encoder.encode(texts), by_hand.encode(texts), atol=1e-6)
    assert np.allclose(np.linalg.norm(clf.encoder.encode(texts), axis=1), 1.0, atol=1e-4)
    with pytest.raises(ValueError, match="fine-tuned encoder"):
        Classifier(artifact=loaded, encoder=encoder)


def test_adapter_round_trips_and_merges_its_delta(tmp_path: Path, encoder: Encoder) -> None:
    rng = np.random.default_rng(0)
    name = "encoder.layer.5.attention.self.query"
    a, b = rng.normal(size=(2, 384)).astype(np.float32), rng.normal(size=(384, 2)).astype(np.float32)
    adapter = Adapter(scale=0.5, factors={name: (a, b)})
    adapter.save(tmp_path / "adapter.npz")
    back = Adapter.load(tmp_path / "adapter.npz")
    np.testing.assert_allclose(back.delta(name), adapter.delta(name), rtol=1e-2, atol=1e-2)
    fresh = Encoder()
    before = fresh.model.encoder.layer[5].attention.self.query.weight.detach().numpy().copy()
    back.merge_into(fresh.model)
    after = fresh.model.encoder.layer[5].attention.self.query.weight.detach().numpy()
    np.testing.assert_allclose(after - before, back.delta(name), atol=1e-5)


def test_platt_scaling_lowers_the_calibration_error_of_an_overconfident_head() -> None:
    rng = np.random.default_rng(3)
    truth = rng.random((4000, 2)) < 0.3
    true_logit = np.where(truth, 1.0, -1.0) + rng.normal(0, 1.2, size=truth.shape)
    overconfident = 4.0 * true_logit  # right direction, far too sure
    cal = fit_platt(overconfident, truth.astype(np.float32))
    raw = 1 / (1 + np.exp(-overconfident))
    assert reliability(cal.apply(overconfident), truth)["ece"] < reliability(raw, truth)["ece"] / 2
    assert Calibration.from_json(cal.to_json(), 2).slope == pytest.approx(cal.slope, abs=1e-5)


def test_thresholds_put_acting_where_precision_is_met_and_review_below_it() -> None:
    rng = np.random.default_rng(4)
    probs = rng.random((3000, 3))
    y = (rng.random((3000, 3)) < probs).astype(np.float32)  # calibrated by construction
    acting, review = choose_thresholds(probs, y, lambda t: 1.0 - t, target_precision=0.9)
    assert 0.85 <= acting <= 0.95 and review < acting


def test_a_threshold_within_dev_noise_of_the_target_qualifies_only_with_slack() -> None:
    assert not reaches(0.9498, 1236, 0.95) and reaches(0.9498, 1236, 0.95, slack_se=1.0)
    assert not reaches(0.93, 1236, 0.95, slack_se=1.0)  # three standard errors short is short
    assert reaches(0.5, 0, 0.95)  # no claims: nothing against it
    # claims at or above 0.9 are right 0.97 of the time, at or above 0.8 0.945 (800 claims: one
    # standard error is 0.008), at or above 0.7 0.83: the point estimate picks 0.9, the slack 0.8
    probs = np.concatenate([np.full(400, 0.7), np.full(400, 0.8), np.full(400, 0.9)])[:, None]
    y = np.zeros_like(probs, dtype=np.float32)
    y[:240], y[400:768], y[800:1188] = 1, 1, 1
    grid = (0.7, 0.8, 0.9)
    strict, _ = choose_thresholds(probs, y, lambda t: 1.0 - t, 0.95, grid=grid)
    slack, _ = choose_thresholds(probs, y, lambda t: 1.0 - t, 0.95, grid=grid, slack_se=1.0)
    assert (strict, slack) == (0.9, 0.8)


def test_label_thresholds_go_lower_only_where_enough_dev_claims_are_right() -> None:
    n = 1000
    probs = np.full((n, 3), 0.01)
    y = np.zeros((n, 3), dtype=np.float32)
    probs[:200, 0], y[:200, 0] = 0.6, 1  # many claims, all right: its own threshold can go down
    probs[200:240, 1], y[200:220, 1] = 0.8, 1  # half right below 0.85 ...
    probs[240:250, 1], y[240:250, 1] = 0.97, 1  # ... and too few above it to vouch for anything
    # the third label has no claims at all: dev cannot say, it keeps the acting threshold
    assert label_thresholds(probs, y, acting=0.75, target_precision=0.95) == (0.5, 0.85, 0.75)


def test_pending_events_lie_between_review_and_acting(reader_artifact: artifacts.Artifact) -> None:
    clf = Classifier(artifact=reader_artifact, acting_threshold=1.0, review_threshold=0.05)
    post = [PostText("we got a new puppy!!", WED)]
    assert clf.classify(post) == [[]]
    (pending,) = clf.classify(post, with_pending=True)
    assert pending and all(e.pending for e in pending)
    rows = contract_rows("p", pending, with_pending=True)
    assert all(r["pending"] is True for r in rows)
    assert contract_rows("n", [], with_pending=True)[0]["pending"] is False
    acting = Classifier(artifact=reader_artifact, acting_threshold=0.05, review_threshold=0.01)
    assert all(not e.pending for e in acting.classify(post)[0])


@pytest.fixture(scope="module")
def reader_artifact() -> artifacts.Artifact:
    """A rules-only head (no encoder) trained on the tiny set: enough to exercise thresholds."""
    data = encode(_posts(), None, CueReader())
    return train(data, TrainConfig(seed=3, features=RULES, hidden=0, epochs=300, lr=0.05, dev_share=0.0))


def test_served_logits_match_the_head_on_merged_embeddings(tuned: tuple[artifacts.Artifact, Path]) -> None:
    _, root = tuned
    clf = Classifier(model_dir=root)
    texts = ["HBD @sam_x!!", "moving day 📦"]
    cues, logits = clf.logits(texts)
    assert clf.encoder is not None
    manual = clf.artifact.head.logits(features(cues, embed(clf.encoder, cues, "post"), BOTH))
    np.testing.assert_allclose(logits, manual, atol=1e-5)
