"""Held-out metrics: per-class P/R/F1 over the 13 labels, macro-F1, confusion, event-vs-none, dates.

Posts are compared as label sets (a post with no event is the set ``{none}``), so a post
with two events counts for both classes. The confusion matrix uses single-event posts:
gold label against the top prediction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from lifeevents.dataset import DateCase, LabelledPost
from lifeevents.dates import UNKNOWN, resolve
from lifeevents.events import DetectedEvent
from lifeevents.taxonomy import LABELS, NONE


def label_sets(predictions: Sequence[Sequence[DetectedEvent]]) -> list[frozenset[str]]:
    """Predicted label set of each post; {"none"} when it has no event."""
    return [frozenset(e.type for e in events) or frozenset({NONE}) for events in predictions]


def classification_report(gold: Sequence[frozenset[str]], pred: Sequence[frozenset[str]]) -> dict[str, Any]:
    """Per-class precision/recall/F1/support, macro-F1 over all labels, event-vs-none precision."""
    per_class: dict[str, dict[str, float]] = {}
    for label in LABELS:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if label in g and label in p)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if label not in g and label in p)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if label in g and label not in p)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": round(precision, 4), "recall": round(recall, 4),
                            "f1": round(f1, 4), "support": tp + fn}  # fmt: skip
    has_gold = [NONE not in g for g in gold]
    has_pred = [NONE not in p for p in pred]
    flagged = sum(has_pred)
    right = sum(1 for g, p in zip(has_gold, has_pred, strict=True) if g and p)
    exact = sum(1 for g, p in zip(gold, pred, strict=True) if g == p)
    return {
        "posts": len(gold),
        "macro_f1": round(sum(c["f1"] for c in per_class.values()) / len(LABELS), 4),
        "event_precision": round(right / flagged, 4) if flagged else 0.0,
        "event_recall": round(right / sum(has_gold), 4) if any(has_gold) else 0.0,
        "exact_match": round(exact / len(gold), 4) if gold else 0.0,
        "per_class": per_class,
        "confusion": confusion(gold, pred),
    }


def confusion(gold: Sequence[frozenset[str]], pred: Sequence[frozenset[str]]) -> dict[str, dict[str, int]]:
    """Counts gold -> predicted over single-label gold posts (prediction: its first label, or none)."""
    matrix = {g: dict.fromkeys(LABELS, 0) for g in LABELS}
    for g, p in zip(gold, pred, strict=True):
        if len(g) != 1:
            continue
        (gl,) = g
        pl = gl if gl in p else sorted(p)[0]
        matrix[gl][pl] += 1
    return matrix


def subject_accuracy(
    posts: Sequence[LabelledPost], predictions: Sequence[Sequence[DetectedEvent]]
) -> dict[str, float]:
    """Over gold events found with the right type: share with the right subject, relation, date."""
    seen = subject_ok = relation_ok = date_ok = others = others_ok = 0
    for post, events in zip(posts, predictions, strict=True):
        by_type = {e.type: e for e in events}
        for gold in post.events:
            found = by_type.get(gold.get("type", ""))
            if found is None:
                continue
            seen += 1
            subject_ok += found.subject == gold.get("subject")
            if found.type != "bereavement":
                others += 1
                others_ok += found.subject == gold.get("subject")
            relation_ok += (found.relation or "") == (gold.get("relation") or "")
            date_ok += _same_date(found.date.date() if found.date else None, found.date_precision,
                                  gold.get("date"), gold.get("date_precision") or UNKNOWN)  # fmt: skip
    if not seen:
        return {"events": 0, "subject": 0.0, "subject_no_bereavement": 0.0, "relation": 0.0, "date": 0.0}
    return {"events": seen, "subject": round(subject_ok / seen, 4),
            "subject_no_bereavement": round(others_ok / others, 4) if others else 0.0,
            "relation": round(relation_ok / seen, 4), "date": round(date_ok / seen, 4)}  # fmt: skip


def _same_date(got: date | None, got_precision: str, expected: str | None, precision: str) -> bool:
    if precision == UNKNOWN or not expected:
        return got is None or got_precision == UNKNOWN
    if got is None or got_precision != precision:
        return False
    want = date.fromisoformat(
        expected[:10] if len(expected) >= 10 else expected + "-01"[: 10 - len(expected)]
    )
    if precision == "year":
        return got.year == want.year
    if precision == "month":
        return (got.year, got.month) == (want.year, want.month)
    return got == want


def date_accuracy(cases: Sequence[DateCase]) -> dict[str, Any]:
    """Share of date cases resolved to the expected date at the expected precision."""
    misses: list[dict[str, Any]] = []
    ok = 0
    for case in cases:
        when, precision = resolve(case.text, case.posted_at)
        good = _same_date(when.date() if when else None, precision, case.expected_date, case.precision)
        ok += good
        if not good and len(misses) < 25:
            misses.append({"text": case.text, "posted_at": case.posted_at.isoformat(),
                           "expected": case.expected_date, "precision": case.precision,
                           "got": when.date().isoformat() if when else None, "got_precision": precision})  # fmt: skip
    return {"cases": len(cases), "accuracy": round(ok / len(cases), 4) if cases else 0.0, "misses": misses}
