"""Known products: the shipped file, their vote, and what it adds to a product's meaning signals."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources

import numpy as np
import pytest

from lifeevents.taxonomy import EVENT_LABELS
from recommender.event_descriptions import SIGNAL_KEYS, load_descriptions
from recommender.product_knowledge import Vote, load_knowledge, parse, votes
from recommender.semantic import SemanticMatcher

MOVING, WEDDING_GIFT = SIGNAL_KEYS.index("moving_home/self"), SIGNAL_KEYS.index("wedding/network")
EVERYDAY = SIGNAL_KEYS.index("everyday")


def _lines() -> list[dict[str, object]]:
    text = resources.files("lifeevents").joinpath("product_knowledge.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_the_shipped_file_covers_every_event_both_ways_beside_everyday_products() -> None:
    lines = _lines()
    knowledge = load_knowledge()
    assert len(knowledge.texts) == len(lines) >= 2000
    titles = [str(d["title"]).strip().lower() for d in lines]
    assert len(set(titles)) == len(titles)
    everyday = knowledge.labels[:, EVERYDAY] == 1.0
    assert 0.3 <= everyday.mean() <= 0.5
    assert not knowledge.labels[everyday, : EVERYDAY - 1].any()  # an everyday product serves no event
    for event in EVENT_LABELS:
        for subject in ("self", "network"):
            serving = knowledge.labels[:, SIGNAL_KEYS.index(f"{event}/{subject}")] > 0
            assert serving.sum() >= 10, f"{event}/{subject}"
    categories = Counter(str(d["category"]) for d in lines)
    assert len(categories) >= 300  # shops' many ways of naming a department, not one table


def test_a_bad_line_is_refused_with_its_number_and_field() -> None:
    good = {"title": "Toaster", "category": "Kitchen", "self": {"moving_home": 0.6}, "gift": {}}
    with pytest.raises(ValueError, match=r"line 2: unknown event 'housewarming'"):
        parse([good, {**good, "self": {"housewarming": 0.5}}])
    with pytest.raises(ValueError, match=r"line 1: weight of wedding must be in \(0, 1\]"):
        parse([{**good, "gift": {"wedding": 1.5}}])
    with pytest.raises(ValueError, match="line 1: title is empty"):
        parse([{**good, "title": " "}])


def test_labels_read_self_for_the_own_event_gift_for_someone_elses_and_everyday_for_none() -> None:
    knowledge = parse(
        [
            {
                "title": "Toaster",
                "category": "Kitchen",
                "self": {"moving_home": 0.6},
                "gift": {"wedding": 0.4},
            },
            {"title": "Bin Bags", "category": "Cleaning", "self": {}, "gift": {}},
        ]
    )
    toaster, bags = knowledge.labels
    assert toaster[MOVING] == pytest.approx(0.6) and toaster[WEDDING_GIFT] == pytest.approx(0.4)
    assert toaster[SIGNAL_KEYS.index("gift")] == pytest.approx(0.4) and toaster[EVERYDAY] == 0.0
    assert bags[EVERYDAY] == 1.0 and not bags[:EVERYDAY].any()
    assert knowledge.texts == ("Toaster. Kitchen", "Bin Bags. Cleaning")
    assert (
        parse([{"title": "Toaster", "category": "Kitchen", "self": {}, "gift": {}}]).digest
        != knowledge.digest
    )


def test_the_nearest_known_products_vote_by_how_close_they_are() -> None:
    labels = np.eye(3, dtype=np.float32)
    sims = np.array([[0.9, 0.3, 0.2], [0.6, 0.6, 0.1], [0.5, 0.5, 0.5]], dtype=np.float32)
    out = votes(sims, labels, Vote(neighbours=8, temperature=0.05))
    assert out[0, 0] > 0.99  # one close known product: its labels
    assert out[1, 0] == pytest.approx(0.5, abs=1e-4) and out[1, 1] == pytest.approx(0.5, abs=1e-4)
    assert np.allclose(out[2], 1 / 3)
    only_nearest = votes(sims, labels, Vote(neighbours=1))
    assert only_nearest[2].sum() == pytest.approx(1.0) and np.allclose(only_nearest.sum(axis=1), 1.0)
    assert votes(np.zeros((0, 3), dtype=np.float32), labels, Vote()).shape == (0, 3)


def test_a_stored_signal_is_recomputed_when_the_known_products_change() -> None:
    descriptions = load_descriptions()
    small = parse([{"title": "Toaster", "category": "Kitchen", "self": {"moving_home": 0.6}, "gift": {}}])
    shipped = SemanticMatcher(lambda: None, descriptions)
    other = SemanticMatcher(lambda: None, descriptions, knowledge=small)
    assert shipped.basis != other.basis
    assert SemanticMatcher(lambda: None, descriptions, vote=Vote(weight=0.0)).basis != shipped.basis


@pytest.fixture(scope="module")
def encoder() -> object:
    from lifeevents.encoder import Encoder

    return Encoder(threads=2)


def test_known_products_raise_what_no_phrasing_names_and_leave_everyday_goods(encoder: object) -> None:
    descriptions = load_descriptions()
    texts = ["Cordless Combi Drill 18V with 2 Batteries. Power Tools", "Dishwasher Tablets 90 Pack. Cleaning"]
    with_knowledge = SemanticMatcher(lambda: encoder, descriptions).signals(texts)
    phrasings_only = SemanticMatcher(lambda: encoder, descriptions, vote=Vote(weight=0.0)).signals(texts)
    rise = with_knowledge - phrasings_only
    assert rise[0, MOVING] > 0.1  # a drill: bought when moving in, though nothing in its words says so
    assert rise[1, EVERYDAY] > 0.1 and rise[1, :EVERYDAY].max() < 0.05
