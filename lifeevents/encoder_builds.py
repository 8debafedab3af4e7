"""Builds of the sentence encoder: the same fine-tuned weights run four ways, chosen by a setting.

On a CPU the encoder is most of what IngestPosts costs, so a faster build of the *same*
encoder is worth having where its scores hold (README "Encoder builds" has the figures):

- ``fp32``: torch, float32 (what training uses and `lifecue eval-classifier` scores by default);
- ``int8``: torch dynamic quantisation of every ``nn.Linear``, weights int8 per output channel;
- ``onnx``: exported to ONNX and run by ONNX Runtime, float32 (identical scores);
- ``onnx-int8``: that export with its weights quantised to int8 per channel by ONNX Runtime
  (the services' and ``lifecue classify``'s default: ~1.5x fp32 on short posts, -0.004 macro-F1).

A fine-tuned model's adapter is merged into the weights before quantising or exporting. Exports
take seconds, so they are kept in a cache folder named by the model version and the build and
written atomically: every process start after the first reads the file.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from lifeevents.encoder import (
    MAX_TOKENS,
    Encoder,
    TextEncoder,
    default_model_dir,
    default_threads,
    padded_batches,
    transformers_names,
)

if TYPE_CHECKING:
    from lifeevents.adapter import Adapter

log = logging.getLogger(__name__)

FP32, INT8, ONNX, ONNX_INT8 = "fp32", "int8", "onnx", "onnx-int8"
BUILDS = (FP32, INT8, ONNX, ONNX_INT8)
ONNX_BUILDS = (ONNX, ONNX_INT8)
CACHE_FOLDER = "encoder-builds"  # under the state folder, unless a folder is configured


def cache_folder(configured: Path | None, state_dir: Path) -> Path:
    """Where exports are kept: the configured folder, else one in the state folder."""
    return configured if configured is not None else state_dir / CACHE_FOLDER


def build(
    name: str,
    adapter: Adapter | None = None,
    version: str = "plain",
    cache: Path | None = None,
    threads: int | None = None,
) -> TextEncoder:
    """The encoder of build ``name`` with ``adapter`` merged in; ONNX exports kept under ``cache``."""
    if name == FP32:
        return Encoder(threads=threads, adapter=adapter)
    if name == INT8:
        return int8_encoder(threads, adapter)
    if name in ONNX_BUILDS:
        if cache is not None:
            try:
                return OnnxEncoder(
                    export(cache, name, adapter, version), threads, adapted=adapter is not None
                )
            except OSError as exc:  # a read-only image folder without this model's file, a full disk
                log.warning(
                    "cannot keep the %s build in %s (%s); exporting it for this process only",
                    name,
                    cache,
                    exc,
                )
        with tempfile.TemporaryDirectory() as tmp:
            path = export(Path(tmp), name, adapter, version)
            return OnnxEncoder(path, threads, adapted=adapter is not None)
    raise ValueError(f"unknown encoder build {name!r}; one of {', '.join(BUILDS)}")


def int8_encoder(threads: int | None = None, adapter: Adapter | None = None) -> Encoder:
    """The encoder with its linear layers dynamically quantised to int8, per output channel."""
    import torch
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    encoder = Encoder(threads=threads, adapter=adapter)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao's move to torchao is announced on every call
        encoder.model = quantize_dynamic(encoder.model, {torch.nn.Linear: per_channel_dynamic_qconfig},
                                         dtype=torch.qint8)  # fmt: skip
    return encoder


def export(folder: Path, name: str, adapter: Adapter | None, version: str) -> Path:
    """The ONNX file of build ``name`` under ``folder``: read when there, else exported (int8: quantised from
    the fp32 export, which is kept only when it was already there)."""
    path = folder / f"{version}-{name}.onnx"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    log.info(
        "exporting the encoder's %s build", name, extra={"model_version": version, "folder": str(folder)}
    )
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        if name == ONNX_INT8:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            fp32 = folder / f"{version}-{ONNX}.onnx"
            if not fp32.exists():
                fp32 = Path(tmp) / "fp32.onnx"
                _export_fp32(fp32, adapter)
            out = Path(tmp) / "int8.onnx"
            quiet = _QuantiserChatter()
            logging.getLogger().addFilter(quiet)
            try:
                quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, per_channel=True)
            finally:
                logging.getLogger().removeFilter(quiet)
        else:
            out = Path(tmp) / "fp32.onnx"
            _export_fp32(out, adapter)
        os.replace(out, path)  # atomic: a process starting beside this one reads a whole file or none
    log.info("exported the encoder's %s build", name,
             extra={"model_version": version, "path": str(path), "seconds": round(time.perf_counter() - started, 1)})  # fmt: skip
    return path


class _QuantiserChatter(logging.Filter):
    """Drops what the quantiser says on the root logger: a line per tensor, and advice to pre-process."""

    def filter(self, record: logging.LogRecord) -> bool:
        return (
            record.levelno >= logging.WARNING
            and "pre-processing before quantization" not in record.getMessage()
        )


def _export_fp32(path: Path, adapter: Adapter | None) -> None:
    import torch

    base = Encoder(threads=1, adapter=adapter)
    sample = base.tokenizer(["a short sample text", "another"], padding=True, return_tensors="pt")
    names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in sample]
    axes = {n: {0: "batch", 1: "tokens"} for n in names}
    with torch.inference_mode(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes on the attention mask, harmless here
        torch.onnx.export(base.model, tuple(sample[n] for n in names), str(path), input_names=names,
                          output_names=["hidden"], dynamic_axes={**axes, "hidden": {0: "batch", 1: "tokens"}},
                          opset_version=17, dynamo=False)  # fmt: skip


class OnnxEncoder:
    """An exported encoder run by ONNX Runtime on the CPU; tokenised and pooled as `Encoder` does."""

    def __init__(self, path: Path, threads: int | None = None, adapted: bool = False) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import onnxruntime as ort

        AutoConfig, AutoTokenizer = transformers_names("AutoConfig", "AutoTokenizer")  # noqa: N806
        model_dir = str(default_model_dir())
        self.tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
        self.dim = int(AutoConfig.from_pretrained(model_dir, local_files_only=True).hidden_size)
        self.max_tokens = MAX_TOKENS
        self.adapted = adapted
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or default_threads()
        options.inter_op_num_threads = 1
        # idle workers sleep instead of spinning: the cues, the database and gRPC share the cores
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.names = [i.name for i in self.session.get_inputs()]
        self._tokenising = threading.Lock()  # a fast tokenizer may not be called from two threads at once

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Embeddings in input order, in `token_batches`, mean-pooled and L2-normalised."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        with self._tokenising:
            batches = padded_batches(self.tokenizer, texts, self.max_tokens, batch_size)
        for idx, batch in batches:
            hidden = self.session.run(None, {n: batch[n] for n in self.names})[0]
            mask = batch["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(1) / np.clip(mask.sum(1), 1e-9, None)
            out[idx] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return out
