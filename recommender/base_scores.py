"""The model's part of one consumer's ranking: base scores over the catalog, and why.

Whatever selection chose, a known consumer is scored through the model contract
(`Model.scores` with their index and their item row) and the scores are put in catalog
order. Each product's base reason follows the kind of model that scored it: "people with
your taste chose it" (ALS), "people who bought X also bought this" (item-kNN, EASE,
RP3beta, naming the consumer's product X that `Model.because` points to), or "popular
this week" (popularity; the period follows its half-life). A blend gives, for each
product, the reason of the member that contributed most to its score (the next member when
that one has nothing to say). A product the model has no evidence for gets no base reason
rather than an untrue one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy.sparse import csr_matrix

from recommender.models import Blend, Model, Popularity
from recommender.ranking import TIE_SPAN
from recommender.reasons import Reason

if TYPE_CHECKING:
    from recommender.snapshot import Snapshot

TASTE = "people with your taste chose it"
ALSO_BOUGHT = "people who bought {name} also bought this"
NEW_PRODUCT = "new in the shop"


@dataclass(frozen=True)
class BaseScores:
    """One consumer's base scores in catalog order, and what explains them."""

    scores: np.ndarray
    snap: Snapshot
    row: csr_matrix
    parts: Sequence[tuple[Model, np.ndarray]]  # (model or blend member, its share) in model item order

    def reason(self, catalog_index: int) -> Reason | None:
        """The base reason of one product, with its base score as the weight; None when the model
        has nothing to say for it (no neighbour of the consumer's products reaches it, nobody bought
        it): it is there by the tie-break or the event boost, which gives its own reason."""
        weight = float(self.scores[catalog_index])
        item = self.snap.model_index(catalog_index)
        if item < 0:
            return Reason("new_product", NEW_PRODUCT, weight=weight)
        # The member that contributed most explains it; the next one when it has nothing to say.
        for share, model in sorted(((float(part[item]), m) for m, part in self.parts), key=lambda p: -p[0]):
            found = self._explain(model, share, item, weight)
            if found is not None:
                return found
        return None

    def _explain(self, model: Model, share: float, item: int, weight: float) -> Reason | None:
        if model.reason == "popular":
            return Reason("popular", popular_text(model), weight=weight) if share > 0 else None
        if model.reason != "also_bought":
            return Reason("als", TASTE, weight=weight)
        source = model.because(self.row, item)
        if source is None:
            return None
        product_id, title = self._product(source)
        return Reason("also_bought", ALSO_BOUGHT.format(name=title), weight=weight, product_id=product_id)

    def _product(self, item: int) -> tuple[str, str]:
        """Id and title of a model item (its id alone when it left the catalog)."""
        snap = self.snap
        product_id = str(snap.model_item_ids[item])
        at = snap.catalog.index.get(product_id)
        title = str(snap.catalog.titles[at]) if at is not None and len(snap.catalog.titles) else product_id
        return product_id, title


def score_consumer(snap: Snapshot, consumer_id: str) -> BaseScores | None:
    """Base scores of a consumer the model knows (trained on or refreshed since), else None."""
    model = snap.model
    at = snap.user_index.get(consumer_id)
    if model is None or at is None:
        return None
    row = snap.row(consumer_id)
    users = np.array([at], dtype=np.int64)
    parts = (
        [(m, p[0]) for m, p in model.parts(users, row)]
        if isinstance(model, Blend)
        else [(model, model.scores(users, row)[0])]
    )
    total = parts[0][1] if len(parts) == 1 else np.sum([p for _, p in parts], axis=0, dtype=np.float32)
    scores = snap.to_catalog(np.asarray(total, dtype=np.float32))
    if model.uses_rows:
        # Exact ties (items no neighbour of the consumer's reaches all score 0) go to the more
        # popular product, as in selection's validation; far below any real difference in score.
        span = max(float(np.abs(scores).max()) if len(scores) else 0.0, 1e-9) * TIE_SPAN
        scores = scores + snap.catalog.popularity * np.float32(span)
    return BaseScores(scores, snap, row, parts)


def popular_text(model: Model) -> str:
    """ "popular this week" / "this month" / "a best seller", by the popularity model's half-life."""
    half_life = model.half_life_days if isinstance(model, Popularity) else 0.0
    if 0 < half_life <= 7:
        return "popular this week"
    if 0 < half_life <= 31:
        return "popular this month"
    return "a best seller"
