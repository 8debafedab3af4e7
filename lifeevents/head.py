"""The trained classification head: features to one probability per event label.

Multi-label (one sigmoid per label) so one post can carry several events; a post whose
every probability stays under the threshold is ``none``. Trained in torch with a fixed
seed, served in numpy, saved as ``.npz`` with ``allow_pickle=False``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass
class Head:
    """A one-hidden-layer MLP (or, with ``hidden=0``, a logistic regression) over features."""

    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray

    @property
    def n_features(self) -> int:
        """Width of the input."""
        return int(self.w1.shape[0])

    @property
    def n_outputs(self) -> int:
        """Number of labels."""
        return int(self.w2.shape[1] if self.w2.size else self.w1.shape[1])

    def logits(self, x: np.ndarray) -> np.ndarray:
        """Raw scores before the sigmoid, shape (n, labels)."""
        h = x.astype(np.float32) @ self.w1 + self.b1
        if self.w2.size:
            h = np.maximum(h, 0.0) @ self.w2 + self.b2
        return h

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """Probabilities, shape (n, labels)."""
        return 1.0 / (1.0 + np.exp(-np.clip(self.logits(x), -30, 30)))

    def save(self, path: Path) -> None:
        """Write the weights as .npz (no pickles)."""
        np.savez(path, w1=self.w1, b1=self.b1, w2=self.w2, b2=self.b2)

    @classmethod
    def load(cls, path: Path) -> Head:
        """Read weights written by `save`."""
        with np.load(path, allow_pickle=False) as z:
            return cls(w1=z["w1"], b1=z["b1"], w2=z["w2"], b2=z["b2"])

    @classmethod
    def fit(
        cls,
        x: np.ndarray,
        y: np.ndarray,
        seed: int,
        hidden: int = 256,
        epochs: int = 300,
        lr: float = 3e-3,
        weight_decay: float = 1e-4,
        dropout: float = 0.2,
    ) -> Head:
        """Train on features ``x`` (n, d) and 0/1 targets ``y`` (n, labels); refuses NaNs."""
        import torch

        if not np.isfinite(x).all():
            raise ValueError("features contain NaN or inf; refusing to train")
        threads = torch.get_num_threads()
        torch.set_num_threads(1)  # a small MLP trains faster on one thread than on contended ones
        torch.manual_seed(seed)
        gen = torch.Generator().manual_seed(seed)
        xt = torch.from_numpy(x.astype(np.float32))
        yt = torch.from_numpy(y.astype(np.float32))
        n_out = y.shape[1]
        layers: list[torch.nn.Module]
        if hidden:
            layers = [torch.nn.Dropout(dropout), torch.nn.Linear(x.shape[1], hidden), torch.nn.ReLU(),
                      torch.nn.Dropout(dropout), torch.nn.Linear(hidden, n_out)]  # fmt: skip
        else:
            layers = [torch.nn.Linear(x.shape[1], n_out)]
        model = torch.nn.Sequential(*layers)
        pos = yt.sum(0).clamp(min=1)
        pos_weight = ((len(yt) - pos) / pos).clamp(max=8.0).sqrt()
        loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
        opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
        batch = 256
        model.train()
        for _ in range(epochs):
            perm = torch.randperm(len(xt), generator=gen)
            for start in range(0, len(xt), batch):
                idx = perm[start : start + batch]
                opt.zero_grad()
                loss = loss_fn(model(xt[idx]), yt[idx])
                loss.backward()
                opt.step()
        torch.set_num_threads(threads)
        if not torch.isfinite(loss):
            raise ValueError("training diverged (loss is NaN); refusing to publish")
        linears = [m for m in model if isinstance(m, torch.nn.Linear)]
        w = [(m.weight.detach().numpy().T.copy(), m.bias.detach().numpy().copy()) for m in linears]
        if hidden:
            return cls(w1=w[0][0], b1=w[0][1], w2=w[1][0], b2=w[1][1])
        empty = np.zeros((0, 0), dtype=np.float32)
        return cls(w1=w[0][0], b1=w[0][1], w2=empty, b2=np.zeros(0, dtype=np.float32))
