"""Choose (or blend) the base model by validation on the retailer's own data, then refit it.

No single model wins on every retailer's data: ALS where tastes are personal and sparse,
popularity and item neighbours where baskets repeat across shoppers. So every full
retrain holds out each user's latest interactions, fits every candidate on the rest,
scores ndcg@k / recall@k on the holdout, tries a blend of the leaders
(``recommender.blending``), and refits the winner on everything. The report records
every candidate's figures and the choice, for the registry and the training run.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from lifecue.errors import InvalidArgument, LifecueError
from recommender.blending import BlendResult, fit_blend
from recommender.candidates import Candidate, default_grid
from recommender.history import History, temporal_holdout
from recommender.models import Blend, Model, Popularity, TrainingData, build
from recommender.ranking import ranked, tie_breaker, user_metrics

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SelectionOptions:
    """How selection validates (defaults: README "Recommendations")."""

    k: int = 10
    holdout: float = 0.2
    min_items: int = 3
    max_validation_users: int = 10_000
    blend: bool = True
    blend_members: int = 3
    budget_seconds: float = 0.0
    seed: int = 42
    num_threads: int = 0


@dataclass
class CandidateResult:
    """One candidate's validation figures."""

    name: str
    kind: str
    params: dict[str, Any]
    ndcg: float
    recall: float
    fit_seconds: float
    score_seconds: float


@dataclass
class SelectionReport:
    """Every candidate's figures, the choice, and what it cost."""

    candidates: list[CandidateResult] = field(default_factory=list)
    chosen: str = ""
    chosen_ndcg: float = 0.0
    blend: dict[str, Any] = field(default_factory=dict)
    validation_users: int = 0
    skipped: list[str] = field(default_factory=list)
    unvalidated: bool = False  # nothing could be validated (too few users): the fallback was taken
    k: int = 10
    selection_seconds: float = 0.0
    refit_seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form for the registry and the training run."""
        return asdict(self)


def select(
    history: History,
    candidates: Sequence[Candidate] | None = None,
    options: SelectionOptions = SelectionOptions(),
    fallback: Candidate | None = None,
) -> tuple[Model, SelectionReport]:
    """Validate the candidates on ``history``, refit the choice on all of it, return both.

    When nothing can be validated (no user has enough items to hold some out, or every
    candidate failed) the choice is ``fallback``, or the first candidate without one."""
    started = time.perf_counter()
    timed = bool(len(history)) and float(history.times.max() - history.times.min()) > 0
    candidates = list(candidates) if candidates is not None else default_grid(timed=timed)
    if not candidates:
        raise InvalidArgument("candidates", "give at least one candidate model to select from")
    report = SelectionReport(k=options.k)
    holdout = temporal_holdout(history, options.holdout, options.min_items, options.seed)
    users, relevant = holdout.users, holdout.relevant
    if len(users) > options.max_validation_users:
        keep = np.sort(np.random.default_rng(options.seed).choice(len(users), options.max_validation_users,
                                                                  replace=False))  # fmt: skip
        users, relevant = users[keep], [relevant[i] for i in keep]
    report.validation_users = len(users)
    fitted: dict[str, Model] = {}
    data = holdout.fit.training_data()
    tie = tie_breaker(Popularity().fit(data).item_scores)
    if len(users):
        rows = data.user_items[users]
        for candidate in candidates:
            spent = time.perf_counter() - started
            if report.candidates and options.budget_seconds and spent > options.budget_seconds:
                report.skipped.append(candidate.name)
                continue
            try:
                model, result = _validate(candidate, data, users, rows, relevant, tie, options)
            except (LifecueError, MemoryError, ValueError, np.linalg.LinAlgError) as exc:
                # One candidate failing (non-finite factors, too little memory) must not stop the retrain.
                log.warning("candidate %s failed: %s", candidate.name, exc)
                report.skipped.append(f"{candidate.name}: {exc}")
                continue
            report.candidates.append(result)
            fitted[candidate.name] = model
            log.info("candidate %s ndcg@%d %.4f", candidate.name, options.k, result.ndcg)
    chosen = _choose(candidates, report, fitted, users, relevant, data, tie, options, fallback)
    report.selection_seconds = round(time.perf_counter() - started, 3)
    log.info("selection chose %s (validation ndcg@%d %.4f) in %.1f s", report.chosen, options.k,
             report.chosen_ndcg, report.selection_seconds)  # fmt: skip
    refit_started = time.perf_counter()
    final = chosen.fit(history.training_data())
    report.refit_seconds = round(time.perf_counter() - refit_started, 3)
    return final, report


def _validate(
    candidate: Candidate,
    data: TrainingData,
    users: np.ndarray,
    rows: Any,
    relevant: list[np.ndarray],
    tie: np.ndarray,
    options: SelectionOptions,
) -> tuple[Model, CandidateResult]:
    model = build(candidate.kind, candidate.params, options.num_threads)
    t0 = time.perf_counter()
    model.fit(data)
    t1 = time.perf_counter()
    top = np.zeros((len(users), options.k), dtype=np.int64)
    for part, best in ranked(model, users, rows, options.k, tie):
        top[part, : best.shape[1]] = best
    metrics = user_metrics(top, relevant, options.k)
    result = CandidateResult(
        candidate.name, candidate.kind, dict(candidate.params), round(float(metrics["ndcg"].mean()), 5),
        round(float(metrics["recall"].mean()), 5), round(t1 - t0, 3), round(time.perf_counter() - t1, 3),
    )  # fmt: skip
    return model, result


def _choose(
    candidates: Sequence[Candidate],
    report: SelectionReport,
    fitted: dict[str, Model],
    users: np.ndarray,
    relevant: list[np.ndarray],
    data: TrainingData,
    tie: np.ndarray,
    options: SelectionOptions,
    fallback: Candidate | None = None,
) -> Model:
    """An unfitted copy of the best candidate, or of a confirmed blend of the leaders."""
    by_name = {c.name: c for c in candidates}
    if not report.candidates:
        fallback = fallback or candidates[0]
        report.chosen, report.unvalidated = fallback.name, True
        return build(fallback.kind, fallback.params, options.num_threads)
    ranking = sorted(report.candidates, key=lambda r: -r.ndcg)
    best = ranking[0]
    report.chosen, report.chosen_ndcg = best.name, best.ndcg
    if options.blend and len(ranking) > 1:
        leaders = _leaders(ranking, options.blend_members)
        result: BlendResult = fit_blend(
            [fitted[r.name] for r in leaders],
            users,
            data.user_items[users],
            relevant,
            options.k,
            tie,
            options.seed,
        )
        report.blend = {"members": [r.name for r in leaders], **asdict(result)}
        if result.accepted:
            report.chosen = (
                "blend("
                + ",".join(f"{r.name}:{w:g}" for r, w in zip(leaders, result.weights, strict=True) if w > 0)
                + ")"
            )
            report.chosen_ndcg = result.ndcg
            members = [build(by_name[r.name].kind, by_name[r.name].params, options.num_threads)
                       for r in leaders]  # fmt: skip
            return build_blend(members, result.weights, options.num_threads)
    c = by_name[best.name]
    return build(c.kind, c.params, options.num_threads)


def _leaders(ranking: Sequence[CandidateResult], n: int) -> list[CandidateResult]:
    """The best ``n`` candidates, at most one per kind (variants of one kind blend to little)."""
    out: list[CandidateResult] = []
    for r in ranking:
        if r.kind not in {o.kind for o in out}:
            out.append(r)
        if len(out) == n:
            break
    return out


def build_blend(members: Sequence[Model], weights: Sequence[float], num_threads: int = 0) -> Model:
    """A blend of the members with positive weight (the member itself when only one is left)."""
    kept = [(m, w) for m, w in zip(members, weights, strict=True) if w > 0]
    if len(kept) == 1:
        return kept[0][0]
    return Blend([m for m, _ in kept], [w for _, w in kept], num_threads)
