"""What a published model holds, as named arrays: the chosen model, its users and their rows.

A retrain's artifact (see `recommender.registry`) carries ``user_ids`` and ``item_ids``
(the model's orders), the fitted model's own arrays under ``model.`` (`Model.to_arrays`:
its kind and parameters too, so any kind or blend travels the same way), the users'
weighted rows under ``rows_`` when the model scores from rows, the purchase and dismissal
sets, and the catalog's popularity counts. Artifacts published before selection existed
(plain ALS factors at the top level) still load, as the ALS they are.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

from recommender.models import Als, Model, from_arrays

MODEL = "model."
STATE = "state."


def model_arrays(model: Model) -> dict[str, np.ndarray]:
    """The model's arrays (kind and parameters included) under the ``model.`` prefix."""
    return {MODEL + name: array for name, array in model.to_arrays().items()}


def model_of(arrays: Mapping[str, np.ndarray], parameters: Mapping[str, str], num_threads: int = 1) -> Model:
    """The fitted model of an artifact; ``parameters`` (the registry's) read only for older ALS ones.

    ``num_threads`` bounds what the model computes beyond scoring (a refresh's ALS refits)."""
    inner = {k[len(MODEL) :]: v for k, v in arrays.items() if k.startswith(MODEL)}
    if inner:
        return from_arrays(inner, num_threads=num_threads)
    model = Als(factors=int(arrays["item_factors"].shape[1]),
                regularization=float(parameters.get("regularization", 0.01)),
                alpha=float(parameters.get("alpha", 1.0)),
                weighting="bm25" if "bm25_idf" in arrays else "none", num_threads=num_threads)  # fmt: skip
    model.restore(arrays)
    return model


def rows_arrays(rows: csr_matrix, prefix: str = "rows", weights: bool = True) -> dict[str, np.ndarray]:
    """A CSR matrix as named arrays (``weights`` False: its pattern only, as for exclusion sets)."""
    rows = csr_matrix(rows, dtype=np.float32)
    out = {f"{prefix}_indptr": rows.indptr, f"{prefix}_indices": rows.indices}
    if weights:
        out[f"{prefix}_data"] = rows.data
    return out


def rows_of(
    arrays: Mapping[str, np.ndarray], shape: tuple[int, int], prefix: str = "rows"
) -> csr_matrix | None:
    """The CSR matrix `rows_arrays` stored (ones where it kept no weights), or None when it is absent."""
    if f"{prefix}_indptr" not in arrays:
        return None
    indices = arrays[f"{prefix}_indices"]
    data = arrays.get(f"{prefix}_data")
    values = np.ones(len(indices), dtype=np.float32) if data is None else data
    return csr_matrix((values, indices, arrays[f"{prefix}_indptr"]), shape=shape)


def state_of(arrays: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The per-user model state a refresh carries (older refreshes: bare ALS ``user_factors``)."""
    state = {k[len(STATE) :]: v for k, v in arrays.items() if k.startswith(STATE)}
    if not state and "user_factors" in arrays:
        state = {"user_factors": arrays["user_factors"]}
    return state


def flat_parameters(model: Model) -> dict[str, str]:
    """The model's parameters as strings (nested ones, a blend's members, as JSON)."""
    out: dict[str, str] = {}
    for key, value in model.params().items():
        out[key] = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    return out


def plain(value: Any) -> Any:
    """``value`` with numpy scalars and tuples turned into what BSON and JSON store."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value
