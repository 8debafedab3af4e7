"""The contract every candidate recommender passes (a mixin, in the manner of implicit's tests).

A test class mixes in ``ModelContract`` and implements ``make()``; personal models find the
checkerboard's known answer, non-personal ones (popularity) the best seller.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

from recommender.models import Model, TrainingData, from_arrays, load

SIZE = 50


def checkerboard(size: int = SIZE) -> csr_matrix:
    """Even users liked every even item, odd users every odd item, nobody their own index: so user
    n's one missing item of their parity, liked by every user like them, is item n."""
    m = np.zeros((size, size), dtype=np.float32)
    for u in range(size):
        m[u, u % 2 :: 2] = 1.0
        m[u, u] = 0.0
    return csr_matrix(m)


def best_seller_board(size: int = SIZE) -> csr_matrix:
    """Every user liked item 0 and their own index; item 0 is the known best seller."""
    m = np.zeros((size, size), dtype=np.float32)
    m[:, 0] = 1.0
    m[np.arange(size), np.arange(size)] = 1.0
    m[0, 1] = 1.0
    return csr_matrix(m)


def training_data(matrix: csr_matrix) -> TrainingData:
    """Weights with every pair seen at time 1000 + user."""
    seen = matrix.copy()
    seen.data = (1000.0 + np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))).astype(np.float64)
    return TrainingData(matrix, seen, 1000.0 + matrix.shape[0])


class ModelContract:
    """Mixed into one test class per model kind."""

    personal = True

    def make(self) -> Model:
        """A small, seeded, unfitted model."""
        raise NotImplementedError

    def fitted(self, matrix: csr_matrix | None = None) -> tuple[Model, csr_matrix]:
        m = checkerboard() if matrix is None else matrix
        return self.make().fit(training_data(m)), m

    def test_fitting_leaves_the_training_data_as_it_was(self) -> None:
        # Selection fits every candidate on one matrix in turn: one that wrote to it (RP3beta once
        # made it binary) changed what every later candidate was validated on.
        weighted = checkerboard()
        weighted.data = (1.0 + np.arange(weighted.nnz) % 3).astype(np.float32)
        data = training_data(weighted)
        before = (data.user_items.copy(), data.last_seen.copy() if data.last_seen is not None else None)
        self.make().fit(data)
        assert (data.user_items != before[0]).nnz == 0
        assert before[1] is None or (data.last_seen != before[1]).nnz == 0

    def test_scores_every_item_with_finite_values(self) -> None:
        model, m = self.fitted()
        scores = model.scores(np.arange(SIZE), m)
        assert scores.shape == (SIZE, SIZE) and scores.dtype == np.float32
        assert np.isfinite(scores).all()

    def test_known_answer(self) -> None:
        if self.personal:
            model, m = self.fitted()
            for u in range(SIZE):
                ids, _ = model.recommend(u, m[u], n=1)
                assert ids.tolist() == [u], f"user {u}"
        else:
            model, m = self.fitted(best_seller_board())
            ids, _ = model.recommend(5, csr_matrix((1, SIZE), dtype=np.float32), n=1)
            assert ids.tolist() == [0]

    def test_recommend_excludes_the_users_items_and_given_ones(self) -> None:
        model, m = self.fitted()
        ids, scores = model.recommend(0, m[0], n=SIZE)
        assert not set(ids.tolist()) & set(m[0].indices.tolist())
        assert len(ids) == SIZE - m[0].nnz and (np.diff(scores) <= 0).all()
        ids, _ = model.recommend(0, m[0], n=5, exclude=np.array([0, 2]))
        assert 0 not in ids and 2 not in ids and 4 in set(model.recommend(0, m[0], n=SIZE, exclude=[])[0])

    def test_save_and_load_round_trip_without_pickles(self, tmp_path: Path) -> None:
        model, m = self.fitted()
        model.save(tmp_path / "model.npz")
        with np.load(tmp_path / "model.npz", allow_pickle=False) as data:
            assert all(data[k].dtype != object for k in data.files)
        again = load(tmp_path / "model.npz")
        assert type(again) is type(model) and again.params() == model.params()
        users = np.arange(SIZE)
        np.testing.assert_array_equal(again.scores(users, m), model.scores(users, m))
        np.testing.assert_array_equal(from_arrays(model.to_arrays()).scores(users, m), model.scores(users, m))

    def test_same_seed_same_scores(self) -> None:
        a, m = self.fitted()
        b, _ = self.fitted()
        np.testing.assert_allclose(a.scores(np.arange(SIZE), m), b.scores(np.arange(SIZE), m), rtol=1e-5)

    def test_empty_user_gets_finite_scores_and_a_full_list(self) -> None:
        model, _ = self.fitted()
        empty = csr_matrix((1, SIZE), dtype=np.float32)
        assert np.isfinite(model.scores(np.array([-1]), empty)).all()
        ids, _ = model.recommend(-1, empty, n=10)
        assert len(ids) == 10

    def test_unknown_user_is_scored_from_their_row(self) -> None:
        model, m = self.fitted()
        for u in (0, 7):
            ids, _ = model.recommend(-1, m[u], n=1)
            assert ids.tolist() == ([u] if self.personal else model.recommend(u, m[u], n=1)[0].tolist())

    def test_rows_wider_than_the_model_are_cut_to_its_items(self) -> None:
        model, m = self.fitted()
        wide = csr_matrix((m.data, m.indices, m.indptr), shape=(SIZE, SIZE + 3))
        assert model.scores(np.arange(SIZE), wide).shape == (SIZE, SIZE)

    def test_reason_is_known_and_an_also_bought_item_is_one_the_user_has(self) -> None:
        model, m = self.fitted()
        assert model.reason in ("taste", "also_bought", "popular")
        for u in (0, 7):
            because = model.because(m[u], u)
            if model.reason == "also_bought":
                assert because in set(m[u].indices.tolist())
            else:
                assert because is None

    def test_a_refreshed_user_holds_what_scoring_their_row_gives(self) -> None:
        # What the incremental refresh relies on: state refitted from a row in the worker, applied
        # in a server at a new index, scores as the model scores that row for a user it never saw.
        model, m = self.fitted()
        rows = m[[3, 8]]
        state = model.user_state(rows)
        refreshed = model.with_user_state(np.array([SIZE, SIZE + 1]), state)
        assert bool(state) == any(name.endswith("user_factors") for name in model.arrays())
        assert all(len(values) == 2 for values in state.values())
        np.testing.assert_allclose(refreshed.scores(np.array([SIZE, SIZE + 1]), rows),
                                   model.scores(np.array([-1, -1]), rows), rtol=1e-4, atol=1e-5)  # fmt: skip
        np.testing.assert_array_equal(refreshed.scores(np.arange(SIZE), m), model.scores(np.arange(SIZE), m))

    def test_known_users_need_their_rows_only_when_the_model_says_so(self) -> None:
        model, m = self.fitted()
        if model.uses_rows:
            return
        empty = csr_matrix((SIZE, SIZE), dtype=np.float32)
        np.testing.assert_array_equal(model.scores(np.arange(SIZE), empty), model.scores(np.arange(SIZE), m))
