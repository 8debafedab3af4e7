"""Fine-tuning the encoder's top layers together with the head, on CPU, in minutes.

A frozen MiniLM hands the head generic sentence meaning, so "RIP my phone screen" and "RIP
grandad" sit close together. Here low-rank adapters (`lifeevents.adapter`) on the top
``layers`` of the encoder learn from the labels, jointly with the head (which starts from the
frozen-encoder head). The layers below stay frozen, so their output is computed once per
text and reused every epoch: an epoch costs about one encoder pass. The epoch kept is the
one with the best macro-F1 on the dev split (early stopping); the test splits are never read.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lifeevents.adapter import TARGETS, Adapter
from lifeevents.encoder import Encoder, mean_pool
from lifeevents.head import Head


@dataclass(frozen=True)
class FineTuneConfig:
    """Hyper-parameters of the adapter run (chosen on the dev split carved from training)."""

    layers: int = 2
    rank: int = 8
    alpha: float = 16.0
    epochs: int = 5
    patience: int = 5
    batch_size: int = 32
    lr: float = 1e-3
    head_lr: float = 5e-4
    weight_decay: float = 1e-3
    max_tokens: int = 128
    label_smoothing: float = 0.0  # targets pulled this far towards 0.5: less sure of the team's own phrasings
    seed: int = 13
    # where the adapters train ("cuda" on a machine with a GPU; the result is the same kind)
    device: str = "cpu"


@dataclass
class FineTuned:
    """The adapter and head of the kept epoch, its dev logits, and the per-epoch history."""

    adapter: Adapter
    head: Head
    dev_logits: np.ndarray
    history: list[dict[str, float]] = field(default_factory=list)


def lower_states(
    encoder: Encoder, texts: Sequence[str], split: int, max_tokens: int, device: str = "cpu"
) -> list[Any]:
    """Hidden states entering layer ``split`` for each text (fp16 on the CPU, only its own tokens)."""
    import torch

    model = encoder.model.to(device)
    out: list[Any] = [None] * len(texts)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    with torch.inference_mode():
        for start in range(0, len(order), 64):
            idx = order[start : start + 64]
            batch = encoder.tokenizer([texts[i] for i in idx], padding=True, truncation=True,
                                      max_length=max_tokens, return_tensors="pt").to(device)  # fmt: skip
            h = model.embeddings(input_ids=batch["input_ids"], token_type_ids=batch.get("token_type_ids"))
            ext = _extended(batch["attention_mask"])
            for layer in model.encoder.layer[:split]:
                h = _run(layer, h, ext)
            lengths = batch["attention_mask"].sum(1).tolist()
            for row, i in enumerate(idx):
                out[i] = h[row, : int(lengths[row])].to(torch.float16).cpu().clone()
    encoder.model.to("cpu")
    return out


def _extended(mask: Any) -> Any:
    import torch

    return (1.0 - mask[:, None, None, :].to(torch.float32)) * torch.finfo(torch.float32).min


def _run(layer: Any, h: Any, ext: Any) -> Any:
    out = layer(h, attention_mask=ext)
    return out[0] if isinstance(out, tuple) else out


def _modules() -> Any:
    """The torch modules, built on first use so importing this file needs no torch."""
    import torch

    class LoRALinear(torch.nn.Module):
        """A frozen linear map plus a trainable rank-r delta ``scale * B @ A``."""

        def __init__(self, base: torch.nn.Linear, rank: int, scale: float, gen: torch.Generator) -> None:
            super().__init__()
            self.base = base
            for p in self.base.parameters():
                p.requires_grad_(False)
            self.a = torch.nn.Parameter(torch.randn(rank, base.in_features, generator=gen) / rank**0.5 * 0.1)
            self.b = torch.nn.Parameter(torch.zeros(base.out_features, rank))
            self.scale = scale

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.base(x) + (x @ self.a.T @ self.b.T) * self.scale

    class Tuned(torch.nn.Module):
        """Top encoder layers with adapters, mean pooling, rule features, the MLP head."""

        def __init__(self, layers: list[torch.nn.Module], head: Head, dropout: float) -> None:
            super().__init__()
            self.layers = torch.nn.ModuleList(layers)
            self.drop = torch.nn.Dropout(dropout)
            self.fc1 = torch.nn.Linear(head.w1.shape[0], head.w1.shape[1])
            self.fc2 = torch.nn.Linear(head.w2.shape[0], head.w2.shape[1])
            with torch.no_grad():
                self.fc1.weight.copy_(torch.from_numpy(head.w1.T.copy()))
                self.fc1.bias.copy_(torch.from_numpy(head.b1.copy()))
                self.fc2.weight.copy_(torch.from_numpy(head.w2.T.copy()))
                self.fc2.bias.copy_(torch.from_numpy(head.b2.copy()))

        def forward(self, h: torch.Tensor, mask: torch.Tensor, rules: torch.Tensor) -> torch.Tensor:
            ext = _extended(mask)
            for layer in self.layers:
                h = _run(layer, h, ext)
            x = torch.cat([mean_pool(h, mask), rules], dim=1)
            return self.fc2(self.drop(torch.relu(self.fc1(self.drop(x)))))

    return torch, LoRALinear, Tuned


def _pad(states: list[Any], idx: Sequence[int]) -> tuple[Any, Any]:
    import torch

    width = max(int(states[i].shape[0]) for i in idx)
    dim = int(states[idx[0]].shape[1])
    h = torch.zeros(len(idx), width, dim)
    mask = torch.zeros(len(idx), width, dtype=torch.long)
    for row, i in enumerate(idx):
        n = int(states[i].shape[0])
        h[row, :n] = states[i].to(torch.float32)
        mask[row, :n] = 1
    return h, mask


def _batches(lengths: Sequence[int], size: int, gen: Any) -> list[list[int]]:
    """Shuffled batches of similar length (little padding), in a seeded random order."""
    import torch

    perm = torch.randperm(len(lengths), generator=gen).tolist()
    out: list[list[int]] = []
    for start in range(0, len(perm), size * 20):
        pool = sorted(perm[start : start + size * 20], key=lambda i: lengths[i])
        out.extend(pool[k : k + size] for k in range(0, len(pool), size))
    order = torch.randperm(len(out), generator=gen).tolist()
    return [out[k] for k in order]


def fine_tune(
    encoder: Encoder,
    train: tuple[Sequence[str], np.ndarray, np.ndarray],
    dev: tuple[Sequence[str], np.ndarray, np.ndarray],
    head: Head,
    config: FineTuneConfig,
    score: Any,
    dropout: float = 0.2,
) -> FineTuned:
    """Adapters + head trained on ``train`` (texts, rule features, 0/1 targets), kept by ``score`` on ``dev``.

    ``score(dev_logits) -> float`` rates an epoch (higher is better); the head starts from ``head``.
    """
    torch, LoRALinear, Tuned = _modules()
    texts, rules, y = train
    dev_texts, dev_rules, _ = dev
    n_layers = len(encoder.model.encoder.layer)
    split = n_layers - config.layers
    torch.manual_seed(config.seed)
    gen = torch.Generator().manual_seed(config.seed)
    where = config.device
    states = lower_states(encoder, texts, split, config.max_tokens, where)
    dev_states = lower_states(encoder, dev_texts, split, config.max_tokens, where)
    top = [copy.deepcopy(layer) for layer in encoder.model.encoder.layer[split:]]
    scale = config.alpha / config.rank
    wrapped: dict[str, Any] = {}
    for offset, layer in enumerate(top):
        for p in layer.parameters():
            p.requires_grad_(False)
        for target in TARGETS:
            parent_path, _, leaf = target.rpartition(".")
            parent = layer.get_submodule(parent_path)
            lora = LoRALinear(getattr(parent, leaf), config.rank, scale, gen)
            setattr(parent, leaf, lora)
            wrapped[f"encoder.layer.{split + offset}.{target}"] = lora
    model = Tuned(top, head, dropout).to(where)
    adapters = [p for m in wrapped.values() for p in (m.a, m.b)]
    head_params = [*model.fc1.parameters(), *model.fc2.parameters()]
    opt = torch.optim.AdamW(
        [{"params": adapters, "lr": config.lr}, {"params": head_params, "lr": config.head_lr}],
        weight_decay=config.weight_decay,
    )
    yt = torch.from_numpy(y.astype(np.float32))
    pos = yt.sum(0).clamp(min=1)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=((len(yt) - pos) / pos).clamp(max=8.0).sqrt().to(where))
    smooth = config.label_smoothing
    rules_t = torch.from_numpy(rules.astype(np.float32))
    dev_rules_t = torch.from_numpy(dev_rules.astype(np.float32))
    lengths = [int(s.shape[0]) for s in states]

    def dev_logits() -> np.ndarray:
        model.eval()
        out = np.zeros((len(dev_texts), y.shape[1]), dtype=np.float32)
        order = sorted(range(len(dev_texts)), key=lambda i: int(dev_states[i].shape[0]))
        with torch.inference_mode():
            for start in range(0, len(order), 128):
                idx = order[start : start + 128]
                h, mask = _pad(dev_states, idx)
                out[idx] = model(h.to(where), mask.to(where), dev_rules_t[idx].to(where)).cpu().numpy()
        return out

    best_logits = dev_logits()
    best = (score(best_logits), copy.deepcopy(model.state_dict()), 0)
    history = [{"epoch": 0.0, "dev_score": round(best[0], 4)}]
    threads = torch.get_num_threads()
    torch.set_num_threads(max(1, min(threads, 4)))
    for epoch in range(1, config.epochs + 1):
        model.train()
        total = 0.0
        for idx in _batches(lengths, config.batch_size, gen):
            h, mask = _pad(states, idx)
            opt.zero_grad()
            target = yt[idx] * (1.0 - smooth) + 0.5 * smooth
            loss = loss_fn(model(h.to(where), mask.to(where), rules_t[idx].to(where)), target.to(where))
            loss.backward()
            opt.step()
            total += float(loss.detach()) * len(idx)
        if not np.isfinite(total):
            raise ValueError("fine-tuning diverged (loss is NaN); refusing to publish")
        logits = dev_logits()
        rated = score(logits)
        history.append({"epoch": float(epoch), "train_loss": round(total / len(texts), 5),
                        "dev_score": round(rated, 4)})  # fmt: skip
        if rated > best[0]:
            best, best_logits = (rated, copy.deepcopy(model.state_dict()), epoch), logits
        elif epoch - best[2] >= config.patience:
            break
    torch.set_num_threads(threads)
    model.load_state_dict(best[1])
    model.to("cpu")
    factors = {
        name: (m.a.detach().numpy().astype(np.float16), m.b.detach().numpy().astype(np.float16))
        for name, m in wrapped.items()
    }
    tuned_head = Head(
        w1=model.fc1.weight.detach().numpy().T.copy(),
        b1=model.fc1.bias.detach().numpy().copy(),
        w2=model.fc2.weight.detach().numpy().T.copy(),
        b2=model.fc2.bias.detach().numpy().copy(),
    )
    adapter = Adapter(scale=scale, factors={k: (a.astype(np.float32), b.astype(np.float32))
                                            for k, (a, b) in factors.items()})  # fmt: skip
    return FineTuned(adapter=adapter, head=tuned_head, dev_logits=best_logits, history=history)
