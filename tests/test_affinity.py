"""Product-event affinity from tags, names, meaning and behaviour, with operators' overrides."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest

from recommender.affinity import Calibration, catalog_affinity, learn_lift, row
from recommender.event_descriptions import ROW_KEYS, load_descriptions, parse
from recommender.events import WINDOWS
from recommender.semantic import SIGNAL_KEYS, content_hash, product_text

NOW = datetime(2026, 6, 1, tzinfo=UTC)
WEDDING, WEDDING_GIFT = row("wedding", "self"), row("wedding", "network")


def _signals(**rows: float) -> dict[str, Any]:
    """Stored signals: every key at a low 0.1 unless given (``wedding_self=0.6``)."""
    values = dict.fromkeys(SIGNAL_KEYS, 0.1)
    for key, value in rows.items():
        values[key.replace("_self", "/self").replace("_network", "/network")] = value
    return {"signals": values}


def _catalog(special: dict[str, dict[str, Any]], filler: int = 30, seed: int = 0) -> list[dict[str, Any]]:
    """``special`` products plus ``filler`` everyday ones with noisy low similarity everywhere."""
    rng = np.random.default_rng(seed)
    docs = [{"_id": pid, "category": "misc", **doc} for pid, doc in special.items()]
    for k in range(filler):
        noisy = {key: float(rng.uniform(0.05, 0.2)) for key in SIGNAL_KEYS}
        docs.append({"_id": f"z{k:03d}", "category": f"aisle {k % 5}", "affinity": {"signals": noisy}})
    return sorted(docs, key=lambda d: d["_id"])


def _score(table: Any, docs: list[dict[str, Any]], pid: str, r: int = WEDDING) -> float:
    return float(table.scores[r, [d["_id"] for d in docs].index(pid)])


def test_exact_tags_count_fully_in_a_shops_words_or_with_the_event_prefix() -> None:
    docs = [
        {"_id": "a", "category": "x", "tags": ["wedding"]},
        {"_id": "b", "category": "x", "tags": ["event:wedding"]},
        {"_id": "c", "category": "x", "tags": ["Bridal", "sale"]},
        {"_id": "d", "category": "x", "tags": ["Wedding", "gift"]},
        {"_id": "e", "category": "x", "tags": ["weddings are fun"]},
    ]
    table = catalog_affinity(docs, {}, {})
    assert table.scores[WEDDING].tolist() == [1.0, 1.0, 1.0, 1.0, 0.0]
    assert {table.source(WEDDING, i) for i in range(4)} == {"tag"}
    gifts = table.scores[WEDDING_GIFT]
    assert gifts[3] == 1.0 and 0 < gifts[0] < 1.0  # someone else's wedding: a gift tag makes it a present
    moving = [
        {"_id": "m", "category": "x", "tags": ["housewarming"]},
        {"_id": "n", "category": "x", "tags": ["new_baby"]},
    ]
    table = catalog_affinity(moving, {}, {})
    assert (
        table.scores[row("moving_home", "self"), 0] == 1.0 and table.scores[row("new_baby", "self"), 1] == 1.0
    )


def test_meaning_counts_products_that_stand_out_from_the_catalog() -> None:
    docs = _catalog(
        {"veil": {"affinity": _signals(wedding_self=0.62)}, "gown": {"affinity": _signals(wedding_self=0.55)}}
    )
    table = catalog_affinity(docs, {}, {})
    assert _score(table, docs, "veil") == 1.0 and _score(table, docs, "gown") > 0.5
    assert table.source(WEDDING, [d["_id"] for d in docs].index("veil")) == "meaning"
    everyday = [d["_id"] for d in docs if d["_id"].startswith("z")]
    assert max(_score(table, docs, p) for p in everyday) < 0.5


def test_a_product_that_fits_another_event_better_counts_less() -> None:
    docs = _catalog(
        {
            "veil": {"category": "Bridal", "affinity": _signals(wedding_self=0.5)},
            "party-kit": {"category": "Party", "affinity": _signals(wedding_self=0.5, birthday_self=0.75)},
        }
    )
    table = catalog_affinity(docs, {}, {})
    assert _score(table, docs, "party-kit") < _score(table, docs, "veil")
    assert _score(table, docs, "party-kit", row("birthday", "self")) == 1.0


def test_products_without_stored_signals_fall_back_to_tags_and_names() -> None:
    docs = _catalog({"veil": {"tags": ["wedding"]}, "brautschleier": {"affinity": {"names": ["wedding"]}}})
    table = catalog_affinity(docs, {}, {})
    assert _score(table, docs, "veil") == 1.0
    assert _score(table, docs, "brautschleier") == pytest.approx(Calibration().name)


def _purchases(bought: dict[str, int], users: int, day: datetime) -> list[tuple[str, str, str, datetime]]:
    """Every one of ``users`` wedding consumers buys each product ``bought[p]`` times a week before."""
    return [(f"u{u}", p, p.split("-")[0], day - timedelta(days=7)) for u in range(users) for p, n in bought.items()
            for _ in range(n)]  # fmt: skip


def test_learned_lift_raises_what_data_confirms_and_lowers_what_it_contradicts() -> None:
    day = NOW + timedelta(days=30)
    events = {f"u{u}": [{"type": "wedding", "subject": "self", "date": day}] for u in range(40)}
    lift = learn_lift(_purchases({"travel-1": 1}, 40, day), events, WINDOWS)
    assert lift["wedding/self"]["n"] == 40 and lift["wedding/self"]["c:travel"] == 40
    docs = [
        {"_id": "travel-1", "category": "travel"},
        {"_id": "veils-1", "category": "veils", "tags": ["wedding"]},
        {"_id": "books-1", "category": "books"},
    ]
    counts = {"travel-1": 50.0, "veils-1": 200.0, "books-1": 200.0}
    table = catalog_affinity(docs, counts, lift)
    travel, veils, books = table.scores[WEDDING].tolist()
    assert travel > 0.5 and table.source(WEDDING, 0) == "learned"  # no tag or name said so
    assert veils < 0.3  # 40 purchases, ~18 expected of veils, none: the tag is overruled
    assert books == 0.0
    thin = learn_lift(_purchases({"travel-1": 1}, 2, day), events, WINDOWS)
    table = catalog_affinity(docs, counts, thin)
    assert table.scores[WEDDING, 1] > 0.6 > veils  # two purchases say little against a tag


def test_learned_lift_keeps_category_names_out_of_document_keys() -> None:
    day = NOW + timedelta(days=10)
    events = {"u0": [{"type": "wedding", "subject": "self", "date": day}]}
    lift = learn_lift([("u0", "p.1", "Home.Garden $pecial", day - timedelta(days=2))], events, WINDOWS)
    names = set(lift["wedding/self"])
    assert names == {"n", "u", "p:p.1", "c:Home.Garden $pecial"}  # stored as [key, name, value] lists


def test_one_consumers_shopping_before_their_event_is_not_learned_as_the_events_affinity() -> None:
    day = NOW + timedelta(days=10)
    docs = [
        {"_id": "milk-1", "category": "Dairy", "tags": []},
        {"_id": "veil-1", "category": "x", "tags": ["wedding"]},
        {"_id": "bread-1", "category": "Bakery", "tags": []},
    ]
    counts = {"milk-1": 20.0, "veil-1": 1.0, "bread-1": 500.0}  # milk is rarely bought overall
    bought = [(u, "milk-1", "Dairy", day - timedelta(days=d)) for u in ("u0", "u1") for d in range(1, 9)]
    events = {u: [{"type": "wedding", "subject": "self", "date": day}] for u in ("u0", "u1", "u2")}
    two = catalog_affinity(docs, counts, learn_lift(bought, events, WINDOWS))
    assert two.scores[WEDDING, 0] == 0.0 and two.scores[WEDDING, 1] == 1.0  # two consumers: no evidence
    bought += [("u2", "milk-1", "Dairy", day - timedelta(days=d)) for d in range(1, 9)]
    three = catalog_affinity(docs, counts, learn_lift(bought, events, WINDOWS))
    assert three.scores[WEDDING, 0] > 0.5  # three consumers' purchases count as evidence


def test_overrides_pin_block_and_weight_with_the_product_winning_over_its_category() -> None:
    docs = [
        {"_id": "a", "category": "Home", "tags": ["wedding"],
         "affinity_overrides": [{"event_type": "wedding", "subject": "any", "action": "block", "category": "Home"}]},
        {"_id": "b", "category": "Home", "tags": ["wedding"],
         "affinity_overrides": [
             {"event_type": "wedding", "subject": "any", "action": "block", "category": "Home"},
             {"event_type": "wedding", "subject": "self", "action": "weight", "weight": 0.3, "product_id": "b"}]},
        {"_id": "c", "category": "Garden",
         "affinity_overrides": [{"event_type": "wedding", "subject": "network", "action": "pin", "product_id": "c"}]},
    ]  # fmt: skip
    table = catalog_affinity(docs, {}, {})
    assert table.scores[WEDDING].tolist() == pytest.approx([0.0, 0.3, 0.0])
    assert table.scores[WEDDING_GIFT].tolist() == pytest.approx([0.0, 0.0, 1.0])
    assert {table.source(WEDDING, 1), table.source(WEDDING_GIFT, 2)} == {"override"}


def test_descriptions_name_every_event_with_phrasings_for_self_and_gifts() -> None:
    desc = load_descriptions()
    assert set(desc.phrasings) == set(ROW_KEYS) and all(len(v) >= 3 for v in desc.phrasings.values())
    assert desc.tag_events(["event:moving_home", "Baby Shower", "Hochzeit"]) == {
        "moving_home",
        "new_baby",
        "wedding",
    }
    assert desc.title_events("Brautschleier aus Spitze, Elfenbein") == {"wedding"}
    assert desc.title_events("Lace Veil, Ivory") == frozenset()
    with pytest.raises(ValueError, match="missing types"):
        parse({"events": {"wedding": {}}, "gift": ["x"], "everyday": ["y"]})


def test_the_content_hash_changes_with_the_product_and_with_the_descriptions() -> None:
    doc = {
        "title": "Lace Veil",
        "category": "bridal_wear",
        "tags": ["event:wedding", "Sale"],
        "description": "Ivory.",
    }
    text = product_text(doc)
    assert text == "Lace Veil. bridal wear. wedding, sale. Ivory."
    assert content_hash(text, "b1") == content_hash(product_text(dict(doc)), "b1")
    assert content_hash(text, "b1") != content_hash(text, "b2")
    assert content_hash(text, "b1") != content_hash(product_text({**doc, "title": "Tulle Veil"}), "b1")
