"""Seeded synthetic feedback matrices of any size, built straight into CSR form.

Only numpy and scipy are imported, so the GPU script can run this on a machine that
has neither the database driver nor the rest of lifecue. Items follow a power law
(a few items get most of the feedback) and each user leans towards one of 50 taste
clusters, so ALS has structure to find and held-out ranking metrics mean something.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix

CLUSTERS = 50


def feedback_matrix(users: int, items: int, nnz: int, seed: int = 3) -> csr_matrix:
    """About ``nnz`` weighted (user, item) pairs; duplicates are summed, so slightly fewer remain."""
    rng = np.random.default_rng(seed)
    mean = max(nnz / users, 1.0)
    counts = 1 + rng.poisson(mean - 1.0, size=users).astype(np.int64)
    indptr = np.zeros(users + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    total = int(indptr[-1])
    # u ** 3 piles draws near 0: item 0 is the most popular, the tail is long (a Zipf-like curve)
    base = (rng.random(total, dtype=np.float32) ** 3 * items).astype(np.int64)
    shift = np.repeat(rng.integers(0, CLUSTERS, size=users) * (items // CLUSTERS), counts)
    indices = ((base + shift) % items).astype(np.int32)
    data = rng.integers(1, 9, size=total).astype(np.float32)
    m = csr_matrix((data, indices, indptr), shape=(users, items))
    m.sum_duplicates()
    return m


def holdout(m: csr_matrix, fraction: float = 0.2, seed: int = 5) -> tuple[csr_matrix, csr_matrix]:
    """Split the stored pairs at random into train and test matrices of the same shape."""
    rng = np.random.default_rng(seed)
    coo = m.tocoo()
    test = rng.random(coo.nnz) < fraction
    shape = m.shape

    def part(mask: np.ndarray) -> csr_matrix:
        out = csr_matrix((coo.data[mask], (coo.row[mask], coo.col[mask])), shape=shape)
        out.sum_duplicates()
        return out

    return part(~test), part(test)
