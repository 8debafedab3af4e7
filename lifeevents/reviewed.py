"""Stewards' decisions as labelled examples: the model's precision on live traffic, and training posts.

Each resolved review item says whether the model was right about one event it found:
confirmed means the label and the subject were right; a correction keeps the label right only
when the steward kept the type (and the subject right only when that stayed too); a rejection
is a false positive. Held events are not a random sample of what the model finds, only the
ones under the acting threshold and (by default) every sensitive one, so these are precisions
*of those slices*, reported per label and per reason: the sensitive slice is the model's
precision at the acting threshold on those labels; the low-confidence slice is the review band.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from genome_store import REVIEW_CONFIRMED, REVIEW_CORRECTED
from lifeevents.dataset import LabelledPost

DECISION_COUNTS = ("confirmed", "corrected", "rejected")


def judged(item: Mapping[str, Any]) -> tuple[bool, bool]:
    """(label right, label and subject right) of one resolved item."""
    proposed, resolved = item["event"], item.get("resolved") or {}
    if item["state"] == REVIEW_CONFIRMED:
        return True, True
    if item["state"] != REVIEW_CORRECTED:
        return False, False
    label = resolved.get("type") == proposed["type"]
    return label, label and resolved.get("subject") == proposed.get("subject")


def precision_report(items: Sequence[Mapping[str, Any]], model_version: str) -> dict[str, Any]:
    """Precision of ``model_version`` on the reviewed items: overall, per proposed label, per reason."""
    groups: dict[str, dict[str, list[Mapping[str, Any]]]] = {
        "label": defaultdict(list),
        "reason": defaultdict(list),
    }
    for item in items:
        groups["label"][item["event"]["type"]].append(item)
        groups["reason"]["+".join(item.get("reasons") or ())].append(item)
    return {
        "model_version": model_version,
        "overall": _figures(items),
        "per_label": {k: _figures(v) for k, v in sorted(groups["label"].items())},
        "per_reason": {k: _figures(v) for k, v in sorted(groups["reason"].items())},
    }


def _figures(items: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    marks = [judged(i) for i in items]
    n = len(items)
    counts = {d: sum(1 for i in items if i["state"] == d) for d in DECISION_COUNTS}
    return {
        "reviewed": n,
        **counts,
        "precision": round(sum(label for label, _ in marks) / n, 4) if n else None,
        "precision_with_subject": round(sum(both for _, both in marks) / n, 4) if n else None,
    }


def render(report: Mapping[str, Any]) -> str:
    """The report as text tables."""
    head = f"{'':<30}{'reviewed':>9}{'confirmed':>10}{'corrected':>10}{'rejected':>9}{'precision':>10}{'+subject':>9}"
    lines = [f"model {report['model_version']}: precision on events stewards reviewed (held events only: "
             "low-confidence ones and sensitive ones, not a random sample)", "", head]  # fmt: skip
    lines.append(_row("all reviewed", report["overall"]))
    lines += ["", "by proposed label"] + [_row(k, v) for k, v in report["per_label"].items()]
    lines += ["", "by why it was held"] + [_row(k, v) for k, v in report["per_reason"].items()]
    return "\n".join(lines)


def _row(name: str, f: Mapping[str, Any]) -> str:
    p = "-" if f["precision"] is None else f"{f['precision']:.3f}"
    ps = "-" if f["precision_with_subject"] is None else f"{f['precision_with_subject']:.3f}"
    return (f"{name:<30}{f['reviewed']:>9}{f['confirmed']:>10}{f['corrected']:>10}{f['rejected']:>9}"
            f"{p:>10}{ps:>9}")  # fmt: skip


def labelled_posts(
    items: Sequence[Mapping[str, Any]], still_pending: Collection[str] = ()
) -> list[LabelledPost]:
    """One training post per reviewed post: the events it was acted on for plus those stewards kept.

    A rejected event is simply absent (with nothing else, the post is a ``none`` example). A
    post with a held event no steward has resolved yet (its id in ``still_pending``) is left
    out until it is, since that event's label is not known.
    """
    by_post: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for item in items:
        if item["post_id"] not in still_pending:
            by_post[item["post_id"]].append(item)
    out = []
    for post_id, group in by_post.items():
        first = group[0]
        events = [{"type": t} for t in first.get("acted") or ()]
        events += [_label(i["resolved"]) for i in group if i.get("resolved")]
        post = first["post"]
        out.append(LabelledPost(id=f"reviewed:{post_id}", text=post["text"], posted_at=post["posted_at"],
                                events=tuple(events), group=f"reviewed:{post_id}"))  # fmt: skip
    return out


def _label(event: Mapping[str, Any]) -> dict[str, Any]:
    """The training-file form of an event (the fields `lifeevents.dataset` reads)."""
    when = event.get("date")
    return {"type": event["type"], "subject": event.get("subject", "self"), "relation": event.get("relation") or "",
            "date": when.date().isoformat() if when else None, "date_precision": event.get("date_precision")}  # fmt: skip
