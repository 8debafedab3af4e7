"""Other builds of the shipped sentence encoder, for measuring only (the pipeline keeps fp32).

- ``int8``: PyTorch dynamic quantisation of every ``nn.Linear`` (weights int8, activations
  quantised per batch at run time), the same tokenizer and pooling;
- ``onnx``: the same model exported to ONNX and run by ONNX Runtime on the CPU (needs
  ``onnx`` and ``onnxruntime``, the ``bench`` extra); mean pooling in numpy.

Each exposes ``encode(texts, batch_size)`` and ``adapted`` like `lifeevents.encoder.Encoder`, so the
classifier can be evaluated on the held-out split with it unchanged. A fine-tuned model's adapter is
merged into the weights before quantising or exporting, so every build is of the encoder it ships with.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from lifeevents.encoder import Encoder

if TYPE_CHECKING:
    from lifeevents.adapter import Adapter


def int8_encoder(threads: int | None = None, adapter: Adapter | None = None) -> Encoder:
    """The shipped encoder with its linear layers dynamically quantised to int8."""
    import torch

    encoder = Encoder(threads=threads, adapter=adapter)
    encoder.model = torch.ao.quantization.quantize_dynamic(
        encoder.model, {torch.nn.Linear}, dtype=torch.qint8
    )
    return encoder


class OnnxEncoder:
    """The shipped encoder exported to ONNX and run by ONNX Runtime (CPU)."""

    def __init__(
        self, threads: int | None = None, folder: Path | None = None, adapter: Adapter | None = None
    ) -> None:
        import onnxruntime as ort
        import torch

        base = Encoder(threads=threads, adapter=adapter)
        self.adapted = base.adapted
        self.tokenizer = base.tokenizer
        self.max_tokens = base.max_tokens
        self.dim = base.dim
        self._tmp = tempfile.TemporaryDirectory() if folder is None else None
        path = Path(folder or self._tmp.name) / "encoder.onnx"  # type: ignore[union-attr]
        sample = self.tokenizer(["a short sample text", "another"], padding=True, return_tensors="pt")
        names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in sample]
        axes = {n: {0: "batch", 1: "tokens"} for n in names}
        with torch.inference_mode():
            torch.onnx.export(base.model, tuple(sample[n] for n in names), str(path), input_names=names,
                              output_names=["hidden"], dynamic_axes={**axes, "hidden": {0: "batch", 1: "tokens"}},
                              opset_version=17, dynamo=False)  # fmt: skip
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or 0
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.names = names

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Embeddings in input order, length-sorted batches, mean-pooled and L2-normalised."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            batch: Any = self.tokenizer([texts[i] for i in idx], padding=True, truncation=True,
                                        max_length=self.max_tokens, return_tensors="np")  # fmt: skip
            hidden = self.session.run(None, {n: batch[n].astype(np.int64) for n in self.names})[0]
            mask = batch["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(1) / np.clip(mask.sum(1), 1e-9, None)
            out[idx] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return out


def build(name: str, threads: int | None = None, adapter: Adapter | None = None) -> Any:
    """``fp32`` (shipped), ``int8`` or ``onnx``, with ``adapter`` (a fine-tuned model's) merged in."""
    if name == "fp32":
        return Encoder(threads=threads, adapter=adapter)
    if name == "int8":
        return int8_encoder(threads, adapter)
    if name == "onnx":
        return OnnxEncoder(threads, adapter=adapter)
    raise ValueError(f"unknown encoder build {name!r}")
