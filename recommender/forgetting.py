"""Erasure reaches the models: an erased consumer's factors leave every serving process and every stored model.

`genome_store.erase_consumer` deletes the consumer's data and records a numbered,
pseudonymous erasure (``erased:`` + HMAC of the id). Nothing here keeps the id: a model
knows its consumers by id, so `Forgetting` computes each model user's pseudonym with the
same key and drops the users whose pseudonym was erased.

- **Loading** (`Forgetting.clean`): every model and refresh a process loads is cleaned
  before it is used, so no load ever brings an erased consumer's factors back, even of an
  artifact the scrub has not reached yet.
- **Serving** (`Forgetting.purge`): the process that erased drops the consumer from its
  serving snapshot before ``EraseConsumer`` answers (an in-process notice); every other
  serving process does it at its next sync (the model poll, every
  ``LIFECUE_RECOMMENDER__MODEL_POLL_SECONDS``) and, for that consumer's own next Recommend,
  before answering (the genome is gone, so the call is not personal anyway).
- **Stored** (`scrub`): the worker's ``scrub_models`` job, queued by every erasure and
  scheduled as a safety net, rewrites each stored artifact without the erased rows and
  swaps the pointer to it (`genome_store.models.replace_artifact`).
- **Learned item side**: item factors still carry what the erased consumer taught them
  until a full retrain; `uncovered_erasure` tells the worker when the newest model was
  trained before an erasure, so it can queue a retrain within the configured bound.

Which arrays are per-consumer is a naming rule every model kind follows (`recommender.artifact`):
``user_ids``; every array whose first dimension is ``len(user_ids)`` and whose last dotted
name part starts with ``user_`` (``model.user_factors``, a blend member's
``model.m0.user_factors``, a refresh's ``state.user_factors``); and CSR matrices stored as
``<name>_indptr`` / ``<name>_indices`` (/ ``<name>_data``) with one row per user (the
weighted ``rows`` of item-kNN, EASE and RP3beta, the ``purchased`` and ``suppressed`` sets).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

from genome_store import ErasureMark, erasures_since, models, pseudonym
from lifecue.errors import NotFound
from recommender.registry import from_bytes, to_bytes
from recommender.snapshot import Snapshot

log = logging.getLogger(__name__)

USER_IDS = "user_ids"


class Forgetting:
    """The erased pseudonyms of one database, followed by erasure number, and how to drop them."""

    def __init__(self, db: Any, key: str) -> None:
        self.db = db
        self.key = key
        self.seq = 0
        self._erased: set[str] = set()
        self._lock = threading.Lock()

    def refresh(self) -> bool:
        """Read erasures made since the last look; True when there were any."""
        with self._lock:
            found = erasures_since(self.db, self.seq)
            if not found:
                return False
            self._erased.update(mark.pseudonym for mark in found)
            self.seq = max(self.seq, found[-1].seq)
            return True

    def erased(self, users: Iterable[str]) -> list[str]:
        """Those of ``users`` that were erased (as far as the last `refresh` knows)."""
        if not self._erased:
            return []
        return [u for u in users if pseudonym(u, self.key) in self._erased]

    def clean(self, arrays: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """``arrays`` without the rows of erased users (unchanged when there are none)."""
        self.refresh()
        users = arrays.get(USER_IDS)
        if users is None or not len(users):
            return dict(arrays)
        gone = set(self.erased(str(u) for u in users.tolist()))
        return without_users(arrays, gone) if gone else dict(arrays)

    def purge(self, snap: Snapshot, users: Iterable[str]) -> Snapshot:
        """``snap`` without these users' model state, rows and exclusion sets (the same object when none is in it).

        In-flight calls keep reading the old snapshot; the copy zeroes the users' per-user
        model state (ALS factors) and weighted rows, and forgets their index.
        """
        present = [u for u in users if u in snap.user_index]
        if not present:
            return snap
        rows_at = np.array([snap.user_index[u] for u in present], dtype=np.int64)
        model = snap.model
        if model is not None:
            blank = csr_matrix((len(present), len(snap.model_item_ids)), dtype=np.float32)
            state = model.user_state(blank)
            if state:
                model = model.with_user_state(rows_at, {k: np.zeros_like(v) for k, v in state.items()})
        rows = snap.rows
        if rows is not None:
            rows = rows.copy()
            for at in rows_at[rows_at < rows.shape[0]].tolist():
                rows.data[rows.indptr[at] : rows.indptr[at + 1]] = 0.0
            rows.eliminate_zeros()
        gone = set(present)
        return replace(
            snap,
            model=model,
            rows=rows,
            user_index={u: n for u, n in snap.user_index.items() if u not in gone},
            fresh_rows={u: v for u, v in snap.fresh_rows.items() if u not in gone},
            purchased={u: v for u, v in snap.purchased.items() if u not in gone},
            suppressed={u: v for u, v in snap.suppressed.items() if u not in gone},
        )


def without_users(arrays: Mapping[str, np.ndarray], gone: set[str]) -> dict[str, np.ndarray]:
    """Per-user rows of ``arrays`` (see the module docstring) kept only for users not in ``gone``."""
    users = arrays[USER_IDS]
    keep = np.array([str(u) not in gone for u in users.tolist()], dtype=bool)
    out = dict(arrays)
    out[USER_IDS] = users[keep]
    for name, array in arrays.items():
        if name != USER_IDS and _per_user_name(name) and array.ndim >= 1 and len(array) == len(users):
            out[name] = array[keep]
    for name in [n.removesuffix("_indptr") for n in arrays if n.endswith("_indptr")]:
        indptr, indices = arrays[f"{name}_indptr"], arrays.get(f"{name}_indices")
        if indices is None or len(indptr) != len(users) + 1:
            continue
        data = arrays.get(f"{name}_data")
        width = int(indices.max()) + 1 if len(indices) else 0
        values = np.ones(len(indices), dtype=np.float32) if data is None else data
        kept = csr_matrix((values, indices, indptr), shape=(len(users), width))[keep]
        out[f"{name}_indptr"] = kept.indptr.astype(indptr.dtype)
        out[f"{name}_indices"] = kept.indices.astype(indices.dtype)
        if data is not None:
            out[f"{name}_data"] = kept.data.astype(data.dtype)
    return out


def _per_user_name(name: str) -> bool:
    """``user_factors``, ``model.user_factors``, ``model.m0.user_factors``, ``state.user_factors``."""
    return name.rsplit(".", 1)[-1].startswith("user_")


@dataclass(frozen=True)
class ScrubResult:
    """What one scrub did: erasures up to ``erasure_seq`` handled, artifacts rewritten or found clean."""

    erasure_seq: int
    rewritten: int
    clean: int


def scrub(db: Any, forgetting: Forgetting) -> ScrubResult:
    """Rewrite every stored model and refresh that still holds an erased consumer; mark the rest clean."""
    forgetting.refresh()
    seq = forgetting.seq
    rewritten = clean = 0
    for pointer in models.stale_pointers(db, seq):
        try:
            arrays = from_bytes(models.read_artifact(db, pointer["artifact"]))
        except NotFound:  # pruned or rewritten meanwhile
            continue
        cleaned = forgetting.clean(arrays)
        if len(cleaned.get(USER_IDS, ())) == len(arrays.get(USER_IDS, ())):
            models.mark_clean(db, str(pointer["_id"]), seq)
            clean += 1
        elif models.replace_artifact(db, pointer, to_bytes(cleaned), seq):
            rewritten += 1
            log.info(
                "erased consumers removed from a stored model",
                extra={"model": pointer["_id"], "erasure_seq": seq},
            )
    return ScrubResult(seq, rewritten, clean)


def uncovered_erasure(db: Any) -> ErasureMark | None:
    """The oldest erasure the newest model was trained before (its item side still learned from them)."""
    newest = models.newest_model(db, with_fields=True)
    if newest is None:
        return None
    found = erasures_since(db, int(newest.get("erasure_seq", 0)))
    return found[0] if found else None
