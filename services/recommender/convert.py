"""Protobuf <-> recommender domain: requests in, rankings, offers and model facts out."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from genome_store import ItemOutcome, NewInteraction, outcome_counts
from lifecue.errors import InvalidArgument
from lifecue.v1 import common_pb2, recommender_service_pb2
from recommender.offers import Offer
from recommender.ranker import Ranking
from recommender.reasons import Reason
from recommender.registry import ModelPin
from recommender.serving import Recommendations
from recommender.snapshot import ModelMeta
from services.item_results import item_results as results
from services.item_results import unreadable
from services.loyalty.convert import stored_tier
from services.timestamps import to_datetime, to_timestamp

SUBJECTS = {"self": common_pb2.SUBJECT_SELF, "network": common_pb2.SUBJECT_NETWORK}


def interactions(request: Any) -> list[NewInteraction | ItemOutcome]:
    """Domain interactions; an unreadable timestamp becomes an INVALID outcome in place."""
    out: list[NewInteraction | ItemOutcome] = []
    for n, i in enumerate(request.interactions):
        kind = (
            common_pb2.InteractionKind.Name(i.kind) if i.kind in common_pb2.InteractionKind.values() else ""
        )
        try:
            at = (
                to_datetime(f"interactions[{n}].occurred_at", i.occurred_at)
                if i.HasField("occurred_at")
                else None
            )
        except InvalidArgument as exc:
            out.append(unreadable(i.interaction_id, exc))
            continue
        out.append(NewInteraction(i.interaction_id, i.consumer_id, i.product_id, kind, at))
    return out


def item_results(outcomes: Sequence[ItemOutcome]) -> recommender_service_pb2.RecordInteractionsResponse:
    """The per-item response with its counts."""
    accepted, duplicates = outcome_counts(outcomes)
    return recommender_service_pb2.RecordInteractionsResponse(
        results=results(outcomes), accepted=accepted, duplicates=duplicates
    )


def reason(r: Reason) -> recommender_service_pb2.Reason:
    """One reason."""
    if not (r.event_type or r.subject or r.relation or r.days_until):  # most reasons: fewer fields to set
        return recommender_service_pb2.Reason(
            kind=r.kind, weight=r.weight, text=r.text, product_id=r.product_id
        )
    return recommender_service_pb2.Reason(
        kind=r.kind,
        event_type=r.event_type,
        subject=SUBJECTS.get(r.subject, common_pb2.SUBJECT_UNSPECIFIED),
        relation=r.relation,
        days_until=r.days_until,
        weight=r.weight,
        text=r.text,
    )


def offer(o: Offer) -> recommender_service_pb2.Offer:
    """One offer."""
    return recommender_service_pb2.Offer(
        offer_id=o.offer_id,
        text=o.text,
        discount_percent=o.discount_percent,
        valid_from=to_timestamp(o.valid_from),
        valid_until=to_timestamp(o.valid_until),
        reasons=[reason(r) for r in o.reasons],
        categories=list(o.categories),
    )


def _fill_reason(out: recommender_service_pb2.Reason, r: Reason) -> None:
    """Set the fields of one reason in place (cheaper than a keyword constructor and a copy)."""
    out.kind = r.kind
    out.weight = r.weight
    out.text = r.text
    if r.product_id:  # "people who bought X also bought this": X
        out.product_id = r.product_id
    if r.event_type or r.subject or r.relation or r.days_until:  # most reasons carry no event
        out.event_type = r.event_type
        out.subject = SUBJECTS.get(r.subject, common_pb2.SUBJECT_UNSPECIFIED)
        out.relation = r.relation
        out.days_until = r.days_until


def response(result: Recommendations) -> recommender_service_pb2.RecommendResponse:
    """The Recommend response, every part built afresh."""
    return _assembled(ranking_part(result.ranking), result, _offers_part)


def ranking_part(ranking: Ranking) -> recommender_service_pb2.RecommendResponse:
    """The part of a response that comes from the ranking alone: its items, version, personalisation."""
    out = recommender_service_pb2.RecommendResponse(
        model_version=ranking.model_version, personalized=ranking.personalized
    )
    items = out.items
    for i in ranking.items:
        item = items.add()
        item.product_id = i.product_id
        item.score = i.score
        reasons = item.reasons
        for r in i.reasons:
            _fill_reason(reasons.add(), r)
    return out


def _offers_part(offers: Sequence[Offer]) -> recommender_service_pb2.RecommendResponse:
    return recommender_service_pb2.RecommendResponse(offers=[offer(o) for o in offers])


def _assembled(
    ranked: recommender_service_pb2.RecommendResponse,
    result: Recommendations,
    offers_part: Callable[[Sequence[Offer]], recommender_service_pb2.RecommendResponse],
) -> recommender_service_pb2.RecommendResponse:
    """The ranking's part (copied: it may be kept), the tier, and the offers' part."""
    out = recommender_service_pb2.RecommendResponse()
    out.CopyFrom(ranked)
    out.tier = stored_tier(result.tier)
    if result.offers:
        out.MergeFrom(offers_part(result.offers))
    return out


class Responses:
    """Builds Recommend responses, each ranking's and offer list's part once (Recommend's hot path).

    The recommender hands the same `Ranking` (and offer list) objects back while their inputs
    hold (`recommender.ranking_cache`); their protobuf parts are kept here beside them and
    copied in (C-level copies, ~10x cheaper than building them). Entries hold their objects,
    so an object id is never reused while kept.
    """

    def __init__(self, max_entries: int = 10_000) -> None:
        self.max_entries = max(1, max_entries)
        self._built: dict[int, tuple[object, recommender_service_pb2.RecommendResponse]] = {}
        self._lock = threading.Lock()

    def response(self, result: Recommendations) -> recommender_service_pb2.RecommendResponse:
        """The full response of ``result``."""
        return _assembled(
            self._part(result.ranking, ranking_part), result, lambda offers: self._part(offers, _offers_part)
        )

    def _part(
        self, source: Any, build: Callable[[Any], recommender_service_pb2.RecommendResponse]
    ) -> recommender_service_pb2.RecommendResponse:
        kept = self._built.get(id(source))
        if kept is not None and kept[0] is source:
            return kept[1]
        part = build(source)
        with self._lock:
            while len(self._built) >= self.max_entries:
                del self._built[next(iter(self._built))]
            self._built[id(source)] = (source, part)
        return part


def model_info(meta: ModelMeta | None, refresh_seq: int = 0) -> recommender_service_pb2.ModelInfo | None:
    """ModelInfo of a model (with the refreshes applied on top of it), None without one."""
    if meta is None:
        return None
    return recommender_service_pb2.ModelInfo(
        version=meta.version,
        trained_at=to_timestamp(meta.trained_at),
        parameters=dict(meta.parameters),
        metrics=dict(meta.metrics),
        users=meta.users,
        items=meta.items,
        interactions=meta.interactions,
        data_from=to_timestamp(meta.data_from),
        data_to=to_timestamp(meta.data_to),
        refresh_seq=refresh_seq,
        kind=meta.kind,
        data_sha256=meta.data_sha256,
        mlflow_run_id=meta.run_id,
        selection=selection(meta.selection),
    )


def model_pin(pin: ModelPin | None) -> recommender_service_pb2.ModelPin | None:
    """The operator's pin, None without one."""
    if pin is None:
        return None
    return recommender_service_pb2.ModelPin(
        version=pin.version, pinned_at=to_timestamp(pin.at), pinned_by=pin.by, reason=pin.reason
    )


def selection(report: Mapping[str, Any]) -> recommender_service_pb2.ModelSelection | None:
    """How the model was chosen (`recommender.selection.SelectionReport.as_dict()`), None without it."""
    if not report:
        return None
    blend = report.get("blend") or {}
    return recommender_service_pb2.ModelSelection(
        chosen=str(report.get("chosen", "")),
        ndcg=float(report.get("chosen_ndcg", 0.0)),
        k=int(report.get("k", 10)),
        validation_users=int(report.get("validation_users", 0)),
        candidates=[
            recommender_service_pb2.CandidateFigures(
                name=str(c["name"]),
                kind=str(c["kind"]),
                parameters={str(k): str(v) for k, v in (c.get("params") or {}).items()},
                ndcg=float(c["ndcg"]),
                recall=float(c["recall"]),
                fit_seconds=float(c["fit_seconds"]),
                score_seconds=float(c["score_seconds"]),
            )
            for c in report.get("candidates") or []
        ],
        skipped=[str(s) for s in report.get("skipped") or []],
        unvalidated=bool(report.get("unvalidated", False)),
        blend=recommender_service_pb2.BlendTrial(
            members=[str(m) for m in blend.get("members") or []],
            weights=[float(w) for w in blend.get("weights") or []],
            ndcg=float(blend.get("ndcg", 0.0)),
            accepted=bool(blend.get("accepted", False)),
        )
        if blend
        else None,
        selection_seconds=float(report.get("selection_seconds", 0.0)),
        refit_seconds=float(report.get("refit_seconds", 0.0)),
    )
