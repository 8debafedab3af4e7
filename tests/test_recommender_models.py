"""Every candidate recommender passes the model contract; implementation details per kind."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from implicit.nearest_neighbours import BM25Recommender, CosineRecommender
from scipy.sparse import csr_matrix

from lifecue.errors import InvalidArgument
from recommender.models import (
    KINDS,
    Als,
    Blend,
    Ease,
    ItemKnn,
    Model,
    Popularity,
    Rp3Beta,
    TrainingData,
    build,
    normalised,
)
from tests.recommender_contract import SIZE, ModelContract, checkerboard, training_data


class TestAlsPlain(ModelContract):
    def make(self) -> Model:
        return Als(factors=4, regularization=0.0, iterations=15, weighting="none", num_threads=1)


class TestAlsBm25(ModelContract):
    def make(self) -> Model:
        return Als(factors=4, regularization=0.0, iterations=15, weighting="bm25", num_threads=1)


class TestAlsLogConfidence(ModelContract):
    def make(self) -> Model:
        return Als(factors=4, regularization=0.0, iterations=15, weighting="log", num_threads=1)


class TestItemKnnCosine(ModelContract):
    def make(self) -> Model:
        return ItemKnn("cosine", neighbours=50, num_threads=1)


class TestItemKnnBm25(ModelContract):
    def make(self) -> Model:
        return ItemKnn("bm25", neighbours=50, num_threads=1)


class TestItemKnnTfidf(ModelContract):
    def make(self) -> Model:
        return ItemKnn("tfidf", neighbours=50, num_threads=1)


class TestPopularity(ModelContract):
    personal = False

    def make(self) -> Model:
        return Popularity()


class TestPopularityWithRecency(ModelContract):
    personal = False

    def make(self) -> Model:
        return Popularity(half_life_days=30.0, count="weight")


class TestEase(ModelContract):
    def make(self) -> Model:
        return Ease(regularization=10.0)


class TestRp3Beta(ModelContract):
    def make(self) -> Model:
        return Rp3Beta(alpha=1.0, beta=0.5, neighbours=50)


class TestBlend(ModelContract):
    def make(self) -> Model:
        return Blend([ItemKnn("cosine", 50, num_threads=1), Popularity(), Ease(10.0)], [0.6, 0.1, 0.3])


class TestBlendWithAls(ModelContract):
    def make(self) -> Model:
        als = Als(factors=4, regularization=0.0, iterations=15, weighting="none", num_threads=1)
        return Blend([als, ItemKnn("cosine", 50, num_threads=1)], [0.5, 0.5])


def test_item_knn_ranks_as_implicits_recommenders_do() -> None:
    rng = np.random.default_rng(3)
    m = csr_matrix((rng.random((60, 40)) < 0.15).astype(np.float32) * rng.integers(1, 4, (60, 40)))
    for ours, theirs in ((ItemKnn("cosine", 10, num_threads=1), CosineRecommender(K=10, num_threads=1)),
                         (ItemKnn("bm25", 10, num_threads=1), BM25Recommender(K=10, num_threads=1))):  # fmt: skip
        ours.fit(TrainingData(m))
        with warnings.catch_warnings():  # implicit's own fit hands itself a COO matrix
            warnings.simplefilter("ignore")
            theirs.fit(m.astype(np.float64), show_progress=False)
        for u in range(0, 60, 7):
            ids, scores = theirs.recommend(u, m[u], N=5)
            mine = ours.scores(np.array([u]), m[u])[0]
            np.testing.assert_allclose(mine[ids], scores, rtol=1e-4)


def test_popularity_half_life_prefers_recent_sellers() -> None:
    m = csr_matrix(np.array([[1, 0], [1, 0], [0, 1]], dtype=np.float32))
    day = 86400.0
    seen = csr_matrix(np.array([[1.0, 0], [1.0, 0], [0, 100 * day]]))
    flat = Popularity().fit(TrainingData(m, seen, 100 * day))
    recent = Popularity(half_life_days=10).fit(TrainingData(m, seen, 100 * day))
    assert flat.item_scores.tolist() == [1.0, 0.5]
    assert recent.item_scores[1] == 1.0 and recent.item_scores[0] < 0.01


def test_ease_covers_only_the_most_popular_items_and_ranks_the_rest_last() -> None:
    model = Ease(regularization=10.0, max_items=20).fit(training_data(checkerboard()))
    assert len(model.kept) == 20 and model.weights.shape == (20, 20)
    scores = model.scores(np.array([0]), checkerboard()[0])[0]
    outside = np.setdiff1d(np.arange(SIZE), model.kept)
    assert scores[outside].max() <= scores[model.kept].min()


def test_blend_normalises_each_user_by_their_top_score() -> None:
    out = normalised(np.array([[2.0, -4.0, 1.0], [0.0, 0.0, 0.0]], dtype=np.float32))
    np.testing.assert_allclose(out, [[0.5, -1.0, 0.25], [0.0, 0.0, 0.0]])


def test_bad_parameters_name_the_field() -> None:
    for call, field in ((lambda: Als(weighting="tfidf"), "weighting"), (lambda: ItemKnn("jaccard"), "similarity"),
                        (lambda: Popularity(count="views"), "count"), (lambda: Ease(regularization=0), "regularization"),
                        (lambda: Blend([Popularity()], [0.5, 0.5]), "weights"), (lambda: build("svd", {}), "kind"),
                        (lambda: build("als", {"rank": 3}), "params")):  # fmt: skip
        with pytest.raises(InvalidArgument) as info:
            call()
        assert info.value.field == field


def test_every_kind_is_covered_by_the_contract_and_exported() -> None:
    import recommender.models as package

    covered = {cls().make().kind for cls in ModelContract.__subclasses__()}
    assert covered == {*KINDS, Blend.kind}
    assert all(hasattr(package, name) for name in package.__all__)


def test_because_and_ease_scores_agree_with_dense_arithmetic_on_random_rows() -> None:
    # The serving paths read the CSR links of the row's items only, and EASE remaps indexes instead
    # of slicing columns; both must give what the plain dense sums give.
    rng = np.random.default_rng(9)
    dense_rows = (rng.random((80, 60)) < 0.12).astype(np.float32) * rng.integers(1, 4, (80, 60))
    dense_rows[[5, 79]] = 0  # an empty row in the middle, and one at the end
    m = csr_matrix(dense_rows)
    data = TrainingData(m)
    ease = Ease(regularization=5.0, max_items=45).fit(data)
    dense = np.zeros((60, 60), dtype=np.float32)
    dense[np.ix_(ease.kept, ease.kept)] = ease.weights
    inner = (m.toarray() > 0).astype(np.float32) @ dense
    scores = ease.scores(np.arange(80), m)
    np.testing.assert_allclose(scores[:, ease.kept], inner[:, ease.kept], rtol=1e-5, atol=1e-6)
    for model, links, use_weights in ((ItemKnn("cosine", 10, num_threads=1).fit(data), None, True),
                                      (Rp3Beta(1.0, 0.3, 10).fit(data), None, False), (ease, dense, False)):  # fmt: skip
        table = model.matrix.toarray() if links is None else links  # type: ignore[attr-defined]
        for u in (0, 3, 5, 40):
            row = m[u]
            weights = row.data if use_weights else np.ones_like(row.data)
            for item in range(0, 60, 7):
                contributions = weights * table[row.indices, item] * (row.indices != item)
                expected = (
                    int(row.indices[np.argmax(contributions)])
                    if len(contributions) and contributions.max() > 0
                    else None
                )
                assert model.because(row, item) == expected, (model.kind, u, item)
