"""The baseline every ingest and classifier figure stands beside: plain transformers, fp32, batches of 64.

What a practitioner writes first (and what the speed issue measured from outside): MiniLM from
the installed package, texts sorted by length and cut into batches of 64, each padded to its
longest text, mean-pooled. It is kept apart from `lifeevents.encoder` so that a change to how
lifecue batches or runs its encoder cannot move the baseline it is judged against.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

BATCH = 64


class RawEncoder:
    """all-MiniLM-L6-v2 in torch fp32, length-sorted batches of ``BATCH``."""

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import torch
        from transformers import AutoModel, AutoTokenizer

        from lifeevents.encoder import MAX_TOKENS, default_model_dir, default_threads

        path = str(default_model_dir())
        torch.set_num_threads(default_threads())
        self._torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        self.model = AutoModel.from_pretrained(path, local_files_only=True).eval()
        self.max_tokens = MAX_TOKENS

    def encode(self, texts: Sequence[str], batch_size: int = BATCH) -> np.ndarray:
        """L2-normalised mean-pooled embeddings of ``texts``, in input order."""
        torch = self._torch
        out = np.zeros((len(texts), int(self.model.config.hidden_size)), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                idx = order[start : start + batch_size]
                batch = self.tokenizer([texts[i] for i in idx], padding=True, truncation=True,
                                       max_length=self.max_tokens, return_tensors="pt")  # fmt: skip
                hidden = self.model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                out[idx] = torch.nn.functional.normalize(pooled, p=2, dim=1).numpy()
        return out
