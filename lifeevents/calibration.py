"""Confidence that means what it says: per-label Platt scaling, reliability (ECE), acting/review thresholds.

A head trained with class weights and early stopping is not calibrated: its 0.9 may be right
70 % of the time. Per label, ``p = sigmoid(a * logit + b)`` is fitted on the dev split carved
from training. The acting threshold is then chosen on the same dev split for precision first;
events between the lower review threshold and the acting one are *pending*: held for a person,
never used for personalisation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

ECE_BINS = 10
ACTING_GRID: tuple[float, ...] = tuple(round(float(t), 2) for t in np.arange(0.3, 0.96, 0.05))
CANDIDATE_FLOOR = 0.1  # label probabilities under this are not events for any threshold we would use
LABEL_FLOOR_PRECISION = 0.9  # a label's own threshold must keep this precision at 95 % confidence on dev
LABEL_MIN_CLAIMS = 25  # fewer dev claims than this at a threshold cannot vouch for a label's own threshold
LABEL_LOWEST = 0.5  # no label acts on a claim its calibrated confidence calls more likely wrong than right
WILSON_Z = 1.645  # one-sided 95 %


@dataclass(frozen=True)
class Calibration:
    """Per-label slope and offset on the head's logits (identity: slope 1, offset 0)."""

    slope: tuple[float, ...]
    offset: tuple[float, ...]

    @classmethod
    def identity(cls, labels: int) -> Calibration:
        """No change to the head's probabilities."""
        return cls(slope=(1.0,) * labels, offset=(0.0,) * labels)

    def apply(self, logits: np.ndarray) -> np.ndarray:
        """Calibrated probabilities from logits (n, labels)."""
        z = logits * np.asarray(self.slope, dtype=np.float32) + np.asarray(self.offset, dtype=np.float32)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def to_json(self) -> dict[str, list[float]]:
        """For meta.json."""
        return {"slope": [round(s, 6) for s in self.slope], "offset": [round(o, 6) for o in self.offset]}

    @classmethod
    def from_json(cls, data: dict[str, list[float]] | None, labels: int) -> Calibration:
        """From meta.json (identity when absent: artifacts from before calibration)."""
        if not data:
            return cls.identity(labels)
        return cls(slope=tuple(map(float, data["slope"])), offset=tuple(map(float, data["offset"])))


def fit_shift(
    logits: np.ndarray,
    y: np.ndarray,
    mask: np.ndarray,
    calibration: Calibration,
    thresholds: np.ndarray,
    precision: float,
    slack_se: float = 0.0,
) -> float:
    """The largest logit shift, over the cells ``mask`` marks, at which those of them that reach their
    label's acting threshold are events at least ``precision`` of the time, within ``slack_se`` standard errors
    (`reaches`, as the acting thresholds are chosen; else the lowest tried).

    Precision first, as the acting thresholds are chosen; one number for every label marked (see
    `fit_label_shifts` for one per label).
    """
    if not mask.any():
        return 0.0
    grid = np.round(np.arange(-2.0, 6.0001, 0.05), 2)
    for shift in grid[::-1]:
        acted = mask & (calibration.apply(logits + shift * mask) >= thresholds[None, :])
        if acted.any() and reaches(float(y[acted].mean()), int(acted.sum()), precision, slack_se):
            return float(shift)
    return float(grid[0])


def fit_label_shifts(
    logits: np.ndarray,
    y: np.ndarray,
    mask: np.ndarray,
    calibration: Calibration,
    thresholds: np.ndarray,
    precision: float,
    slack_se: float,
    min_cells: int,
) -> dict[int, float]:
    """`fit_shift` of each label's own cells, for the labels with at least ``min_cells`` of them.

    Other languages' cues are not equally sure: a word for a new job or a pregnancy is nearly always
    one, a word for a wedding is as often a film's, a shop's or a refusal. One shift for all holds the
    sure labels back to keep the unsure ones precise; a label with too few cells keeps that one shift.
    """
    shifts: dict[int, float] = {}
    for j in range(mask.shape[1]):
        own = np.zeros_like(mask)
        own[:, j] = mask[:, j]
        if int(own.sum()) >= min_cells:
            shifts[j] = fit_shift(logits, y, own, calibration, thresholds, precision, slack_se)
    return shifts


def logistic_loss(s: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per item, the log-loss of logits ``s`` against targets ``t`` (log(1 + e^s) - t*s, computed stably) and its
    derivative in ``s`` (sigmoid(s) - t): what every logistic fit here minimises with L-BFGS."""
    return np.logaddexp(0.0, s) - t * s, 1.0 / (1.0 + np.exp(-np.clip(s, -30, 30))) - t


def fit_platt(logits: np.ndarray, y: np.ndarray, prior: float = 1.0) -> Calibration:
    """Per label, the slope/offset minimising log-loss on (logits, y), pulled towards identity by ``prior``.

    Two parameters per label, fitted with L-BFGS; the pull keeps a label with few dev positives
    near the head's own view.
    """
    from scipy.optimize import minimize

    slopes, offsets = [], []
    for j in range(logits.shape[1]):
        z, t = logits[:, j].astype(np.float64), y[:, j].astype(np.float64)

        def loss(params: np.ndarray, z: np.ndarray = z, t: np.ndarray = t) -> tuple[float, np.ndarray]:
            a, b = params
            s = a * z + b
            value, r = logistic_loss(s, t)
            total = value.sum() + 0.5 * prior * ((a - 1.0) ** 2 + b**2)
            grad = np.array([r @ z + prior * (a - 1.0), r.sum() + prior * b])
            return float(total), grad

        found = minimize(loss, np.array([1.0, 0.0]), jac=True, method="L-BFGS-B",
                         bounds=[(0.05, 20.0), (-30.0, 30.0)])  # fmt: skip
        slopes.append(float(found.x[0]))
        offsets.append(float(found.x[1]))
    return Calibration(slope=tuple(slopes), offset=tuple(offsets))


def reliability(probs: np.ndarray, y: np.ndarray, bins: int = ECE_BINS) -> dict[str, object]:
    """Expected calibration error over candidate events (label probability >= CANDIDATE_FLOOR).

    Each candidate is a claim "this post has this event with probability p"; ECE is the
    count-weighted gap between mean p and the share of claims that are right, over equal-width bins.
    """
    p = probs.ravel()
    right = y.ravel() > 0.5
    keep = p >= CANDIDATE_FLOOR
    p, right = p[keep], right[keep]
    edges = np.linspace(CANDIDATE_FLOOR, 1.0, bins + 1)
    table, gap = [], 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        inside = (p >= lo) & ((p < hi) if hi < 1.0 else (p <= hi))
        n = int(inside.sum())
        if not n:
            continue
        conf, acc = float(p[inside].mean()), float(right[inside].mean())
        gap += n * abs(conf - acc)
        table.append({"from": round(float(lo), 2), "to": round(float(hi), 2), "n": n,
                      "confidence": round(conf, 3), "accuracy": round(acc, 3)})  # fmt: skip
    return {"ece": round(gap / len(p), 4) if len(p) else 0.0, "candidates": int(len(p)), "bins": table}


def event_precision_recall(
    probs: np.ndarray, y: np.ndarray, threshold: float | np.ndarray
) -> tuple[float, float]:
    """Post-level event-vs-none precision and recall when labels at or above ``threshold`` are events.

    ``threshold`` is one for all labels or one per label.
    """
    has_pred = (probs >= threshold).any(1)
    has_gold = y.any(1)
    right = (has_pred & has_gold).sum()
    precision = right / has_pred.sum() if has_pred.any() else 1.0
    recall = right / has_gold.sum() if has_gold.any() else 0.0
    return float(precision), float(recall)


def label_precision(probs: np.ndarray, y: np.ndarray, lo: float, hi: float = 1.01) -> tuple[float, int]:
    """Share of (post, label) claims with probability in [lo, hi) that are right, and their count."""
    inside = (probs >= lo) & (probs < hi)
    n = int(inside.sum())
    return (float((y[inside] > 0.5).mean()) if n else 1.0), n


def wilson_lower(right: int, n: int, z: float = WILSON_Z) -> float:
    """Lower Wilson bound of a proportion ``right / n`` (0 when ``n`` is 0)."""
    if n <= 0:
        return 0.0
    p = right / n
    centre = p + z * z / (2 * n)
    spread = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return float((centre - spread) / (1 + z * z / n))


def label_thresholds(
    probs: np.ndarray,
    y: np.ndarray,
    acting: float,
    target_precision: float,
    grid: Sequence[float] = ACTING_GRID,
    floor_precision: float = LABEL_FLOOR_PRECISION,
    min_claims: int = LABEL_MIN_CLAIMS,
    lowest: float = LABEL_LOWEST,
) -> tuple[float, ...]:
    """Per label, the lowest grid threshold its dev claims support; ``acting`` where dev cannot say.

    A label's threshold ``t`` is supported when its claims at or above ``t`` number at least
    ``min_claims``, are right at least ``target_precision`` of the time, and the lower 95 % bound
    of that share is at least ``floor_precision`` (so a lucky run of a few claims vouches for
    nothing). Without a supported threshold a label takes ``acting`` or, when dev shows its claims
    falling short at lower ones, the first threshold dev has too few claims to judge (the top of
    the grid when it has enough claims everywhere and none is supported). Thresholds start at
    ``lowest``: the share right over all claims at or above a low threshold hides the claims near
    it, which are right about as often as their confidence says.
    """
    out = []
    for j in range(probs.shape[1]):
        chosen = max(grid)
        for t in sorted(t for t in grid if t >= lowest):
            inside = probs[:, j] >= t
            n = int(inside.sum())
            if n < min_claims:  # higher thresholds only have fewer claims: dev cannot say more
                chosen = max(acting, t)
                break
            right = int((y[inside, j] > 0.5).sum())
            if right / n >= target_precision and wilson_lower(right, n) >= floor_precision:
                chosen = t
                break
        out.append(float(chosen))
    return tuple(out)


def reaches(precision: float, claims: int, target: float, slack_se: float = 0.0) -> bool:
    """Whether a dev ``precision`` over ``claims`` is no more than ``slack_se`` standard errors below ``target``.

    With ``slack_se`` 0 the point estimate must reach the target. A dev split of a thousand
    claims measures 0.95 to about +-0.006, so a threshold that misses by 0.0002 is as good as
    one that meets it; one standard error of slack stops such noise from moving the choice.
    """
    if claims <= 0:
        return True
    spread = float(np.sqrt(precision * (1.0 - precision) / claims))
    return precision + slack_se * spread >= target


def choose_thresholds(
    probs: np.ndarray,
    y: np.ndarray,
    macro_f1: Callable[[float], float],
    target_precision: float,
    grid: Sequence[float] = ACTING_GRID,
    review_floor: float = 0.25,
    slack_se: float = 0.0,
) -> tuple[float, float]:
    """(acting, review) thresholds on calibrated dev probabilities.

    Acting: among thresholds whose post-level event precision and per-claim precision both reach
    ``target_precision`` (within ``slack_se`` standard errors, see ``reaches``), the one with the
    best ``macro_f1(threshold)``; the highest of the grid when none does. Review: half way down to
    ``review_floor`` (at most 0.25 below acting), so the pending band holds the claims a steward
    can still confirm often enough to be worth the time.
    """
    scored = []
    for t in grid:
        ev_p, _ = event_precision_recall(probs, y, t)
        claim_p, claims = label_precision(probs, y, t)
        posts = int((probs >= t).any(1).sum())
        meets = reaches(ev_p, posts, target_precision, slack_se) and reaches(
            claim_p, claims, target_precision, slack_se
        )
        scored.append((meets, float(macro_f1(t)) if meets else min(ev_p, claim_p), t))
    meets, _, acting = max(scored, key=lambda s: (s[0], s[1], -s[2]))
    if not meets:
        acting = max(grid)
    review = max(review_floor, round(acting - min(0.25, (acting - review_floor) / 2), 2))
    return float(acting), float(review)
