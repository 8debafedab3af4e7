"""What else a post says about an event cued only in another language, and how much it is worth.

The head reads an English encoder's view of a post, which in another language is thin: a Polish
wedding word scores alike in "we marry on Saturday" and in a bridal shop's advert. What the post says
around the cue is language-free and the pipeline already reads it: a kin word, a date in any language,
more than one cue of the label, a question, a refusal, a congratulation. `Evidence` weighs these beside
the head's logit in a logistic model fitted on posts in other languages the head never trained on
(`lifeevents.other_language_shift`); the per-label shifts are then fitted on top, so what acts keeps
the target precision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from lifeevents.calibration import logistic_loss
from lifeevents.cues import Cues
from lifeevents.dates import find_dates
from lifeevents.person_words import kin_relations
from lifeevents.taxonomy import EVENT_LABELS

EVIDENCE: tuple[str, ...] = (
    "kin_word",
    "date",
    "more_cues",
    "other_label",
    "question",
    "negation",
    "congrats",
)
L2 = 1.0 / 0.3  # weight decay of every coefficient but the intercept (the fitting posts are ~2-3k cells)
_ANY_DAY = datetime(2000, 1, 1)  # only whether a date is written counts, not which day it resolves to


def evidence(cues: Cues, label: str, dated: bool, kin: bool) -> list[float]:
    """The `EVIDENCE` values of ``label`` in one post (``dated``: a date expression in any language; ``kin``: a
    kin word in any language)."""
    standing = {t.label for t in cues.triggers if not t.undone}
    own = sum(1 for t in cues.triggers if t.label == label and not t.undone)
    return [
        float(kin),
        float(dated),
        float(min(own, 3) - 1) if own else 0.0,
        float(bool(standing - {label})),
        float(cues.flags.get("question", 0.0)),
        float(cues.flags.get("negation", 0.0)),
        float(cues.flags.get("congrats", 0.0)),
    ]


def evidence_table(cues: Sequence[Cues], cells: np.ndarray) -> np.ndarray:
    """(posts, labels, len(EVIDENCE)): each marked cell's evidence, zeros elsewhere; a post's dates and kin
    words are looked for only when it has a marked cell."""
    table = np.zeros((*cells.shape, len(EVIDENCE)))
    for row in map(int, np.flatnonzero(cells.any(axis=1))):
        c = cues[row]
        dated = bool(find_dates(c.text, _ANY_DAY, other_languages=True))
        kin = bool(c.relations) or bool(kin_relations(c))
        for j in np.flatnonzero(cells[row]):
            table[row, j] = evidence(c, EVENT_LABELS[j], dated, kin)
    return table


@dataclass(frozen=True)
class Evidence:
    """A cell's new logit: ``logit_weight`` x the head's logit + weights . evidence + its label's bias."""

    logit_weight: float
    weights: tuple[float, ...]  # in `EVIDENCE` order
    label_bias: tuple[float, ...]  # in `EVENT_LABELS` order

    def apply(self, logits: np.ndarray, cues: Sequence[Cues], cells: np.ndarray) -> np.ndarray:
        """``logits`` with every marked cell replaced by its weighed logit."""
        if not cells.any():
            return logits
        weighed = (
            self.logit_weight * logits
            + evidence_table(cues, cells) @ np.asarray(self.weights)
            + np.asarray(self.label_bias)[None, :]
        )
        return np.where(cells, weighed, logits)

    def to_json(self) -> dict[str, Any]:
        """As meta.json keeps it: named weights, so a reader sees what each is worth."""
        return {
            "logit_weight": self.logit_weight,
            "weights": dict(zip(EVIDENCE, self.weights, strict=True)),
            "label_bias": dict(zip(EVENT_LABELS, self.label_bias, strict=True)),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Evidence | None:
        """None when the artifact has none (its cells keep the head's logit)."""
        if not data:
            return None
        weights, bias = data["weights"], data["label_bias"]
        return cls(
            logit_weight=float(data["logit_weight"]),
            weights=tuple(float(weights[name]) for name in EVIDENCE),
            label_bias=tuple(float(bias[label]) for label in EVENT_LABELS),
        )


def fit_evidence(logits: np.ndarray, y: np.ndarray, cells: np.ndarray, table: np.ndarray) -> Evidence:
    """Logistic regression over the marked cells: the head's logit, the evidence and a bias per label
    (decayed by `L2`, as is every coefficient but one common intercept), fitted with L-BFGS."""
    from scipy.optimize import minimize

    rows, cols = np.nonzero(cells)
    k, labels = table.shape[2], cells.shape[1]
    x = np.hstack([logits[rows, cols][:, None], table[rows, cols], np.eye(labels)[cols]])
    t = y[rows, cols].astype(np.float64)

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        coef, intercept = params[:-1], params[-1]
        per_cell, r = logistic_loss(x @ coef + intercept, t)
        value = float(per_cell.sum() + 0.5 * L2 * coef @ coef)
        return value, np.append(x.T @ r + L2 * coef, r.sum())

    found = minimize(loss, np.zeros(x.shape[1] + 1), jac=True, method="L-BFGS-B")
    coef, intercept = found.x[:-1], float(found.x[-1])
    return Evidence(
        logit_weight=float(coef[0]),
        weights=tuple(float(w) for w in coef[1 : 1 + k]),
        label_bias=tuple(float(b) + intercept for b in coef[1 + k :]),
    )
