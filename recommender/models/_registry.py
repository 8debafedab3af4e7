"""Models by kind: build from parameters, rebuild from named arrays or an ``.npz``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from lifecue.errors import InvalidArgument
from recommender.models._base import KIND_KEY, PARAMS_KEY, Model
from recommender.models.als import Als
from recommender.models.blend import Blend
from recommender.models.ease import Ease
from recommender.models.item_knn import ItemKnn
from recommender.models.popularity import Popularity
from recommender.models.rp3beta import Rp3Beta

KINDS: dict[str, type[Model]] = {m.kind: m for m in (Als, ItemKnn, Popularity, Ease, Rp3Beta)}


def build(kind: str, params: Mapping[str, Any], num_threads: int = 0) -> Model:
    """An unfitted model of ``kind`` (a blend builds its members too)."""
    if kind == Blend.kind:
        members = [build(m["kind"], m["params"], num_threads) for m in params["members"]]
        return Blend(members, params["weights"], num_threads=num_threads)
    if kind not in KINDS:
        raise InvalidArgument("kind", f"unknown model kind {kind!r}; known: {sorted([*KINDS, Blend.kind])}")
    try:
        return KINDS[kind](**dict(params), num_threads=num_threads)
    except TypeError as exc:
        raise InvalidArgument("params", f"{kind}: {exc}") from None


def from_arrays(arrays: Mapping[str, np.ndarray], num_threads: int = 0) -> Model:
    """The fitted model that ``Model.to_arrays()`` wrote."""
    if KIND_KEY not in arrays or PARAMS_KEY not in arrays:
        raise InvalidArgument("arrays", f"not a model artifact: {KIND_KEY} or {PARAMS_KEY} missing")
    model = build(str(arrays[KIND_KEY]), json.loads(str(arrays[PARAMS_KEY])), num_threads)
    model.restore({k: v for k, v in arrays.items() if k not in (KIND_KEY, PARAMS_KEY)})
    return model


def load(path: Path | str, num_threads: int = 0) -> Model:
    """Read a model saved with ``Model.save`` (no pickles)."""
    with np.load(path, allow_pickle=False) as data:
        return from_arrays({k: data[k] for k in data.files}, num_threads)
