"""Load the fitted event model and score candidates in batches (onnxruntime on CPU; no torch).

Reads: a model folder (`manifest.json`, `model.onnx`: the fine-tuned MiniLM encoder with int8 weights,
`head.npz`: the type and modality heads and the calibration temperature, `tokenizer.json`, `modes.npz`: the
mode head, where fitted). Writes: per candidate, calibrated probabilities over the model's labels and over the
modalities, and the sentence's vector (for the mode head).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from eventwire.coder.features import LABEL_NONE, encode, load_tokenizer, pad, pooled, span_mask
from eventwire.coder.manifest import REBUILD, read_manifest
from eventwire.coder.modes import FILE as MODES
from eventwire.coder.modes import ModeHead
from eventwire.errors import ConfigError

DEFAULT_MODEL = "plover-minilm"
BATCH = 16  # sentences per encoder call
Span = tuple[int, int]
Cand = tuple[Span | None, Span | None]  # (source, target) character spans


def bundled_model() -> Path:
    return Path(str(resources.files("eventwire") / "data" / "models" / DEFAULT_MODEL))


@dataclass(frozen=True)
class Scores:
    labels: np.ndarray  # probabilities over EventModel.labels
    modality: np.ndarray  # probabilities over EventModel.modalities
    sentence: np.ndarray | None = None  # the sentence's vector (mean of its states), for the mode head


def _softmax(x: np.ndarray) -> np.ndarray:
    z = np.exp(x - x.max(axis=-1, keepdims=True))
    return np.asarray(z / z.sum(axis=-1, keepdims=True))


class EventModel:
    def __init__(self, folder: Path) -> None:
        import onnxruntime as ort

        info = read_manifest(folder)
        self.folder = folder
        self.labels: tuple[str, ...] = tuple(info["labels"])
        self.modalities: tuple[str, ...] = tuple(info["modalities"])
        self.info = info
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1  # one worker per core: threads inside a worker would fight the others
        opts.inter_op_num_threads = 1
        try:
            self._session = ort.InferenceSession(str(folder / "model.onnx"), opts, providers=["CPUExecutionProvider"])
            self._tok = load_tokenizer(str(folder / "tokenizer.json"))
            with np.load(folder / "head.npz") as head:
                self._w = {k: np.asarray(head[k], dtype=np.float32) for k in head.files}
        except Exception as exc:  # onnxruntime and tokenizers raise their own types for unreadable files
            raise ConfigError(f"event model {folder}: cannot be loaded ({exc}); {REBUILD}") from exc
        if self._w["types_w"].shape[0] + 1 != len(self.labels) or self.labels[-1] != LABEL_NONE:
            raise ConfigError(f"event model {folder}: head.npz does not match the manifest's labels; {REBUILD}")
        self._modes = ModeHead(folder / MODES) if MODES in info["files"] else None

    def mode(self, sc: Scores, type_: str) -> str | None:
        """The PLOVER mode of a `type_` event in the scored sentence (None: no mode head, or not sure)."""
        if self._modes is None or sc.sentence is None:
            return None
        return self._modes.mode(sc.sentence, type_)[0]

    def hidden(self, texts: list[str]) -> list[tuple[np.ndarray, object]]:
        """The encoder's states per text, with its tokenisation (for span masks)."""
        encs = encode(self._tok, texts)
        order = sorted(range(len(texts)), key=lambda i: len(encs[i].ids))  # similar lengths share a batch
        out: list[tuple[np.ndarray, object]] = [(np.empty(0), None)] * len(texts)
        for b in range(0, len(order), BATCH):
            idx = order[b : b + BATCH]
            ids, att = pad([encs[i] for i in idx])
            (states,) = self._session.run(["hidden"], {"input_ids": ids, "attention_mask": att})
            for row, i in enumerate(idx):
                out[i] = (states[row, : len(encs[i].ids)], encs[i])
        return out

    def logits(self, texts: list[str], candidates: list[list[Cand]]) -> list[Logits]:
        """Per text, its candidates' uncalibrated logits: types [n, types], event [n], modality [n, modalities]."""
        out = []
        w = self._w
        for (hid, enc), cands in zip(self.hidden(texts), candidates, strict=True):
            if not cands:
                out.append(Logits(np.zeros((0, len(w["types_b"]))), np.zeros(0), np.zeros((0, len(self.modalities))),
                                  hid.mean(axis=0)))
                continue
            masks = [(span_mask(enc, s), span_mask(enc, g)) for s, g in cands]  # type: ignore[arg-type]
            x = np.stack([pooled(hid, ms, mt) for ms, mt in masks])
            event = np.asarray(x @ w["event_w"][0] + w["event_b"][0])
            # a side past the encoder's cut (MAX_TOKENS) was not seen: the model cannot judge the pair
            cut = [(s is not None and not ms.any()) or (g is not None and not mt.any())
                   for (s, g), (ms, mt) in zip(cands, masks, strict=True)]
            event[np.array(cut, dtype=bool)] = -1e4
            out.append(Logits(np.asarray(x @ w["types_w"].T + w["types_b"]), event,
                              np.asarray(x @ w["modality_w"].T + w["modality_b"]), hid.mean(axis=0)))
        return out

    def score(self, texts: list[str], candidates: list[list[Cand]]) -> list[list[Scores]]:
        """For each text, one Scores per (source span, target span) candidate; spans are offsets into the text.
        Probabilities are calibrated by the two temperatures fitted at training."""
        t = (float(self._w["temperature"]), float(self._w["event_temperature"]))
        out = []
        for lg in self.logits(texts, candidates):
            p, q = combine(lg, t), _softmax(lg.modality)
            out.append([Scores(p[i], q[i], lg.sentence) for i in range(len(p))])
        return out


@dataclass(frozen=True)
class Logits:
    types: np.ndarray
    event: np.ndarray
    modality: np.ndarray
    sentence: np.ndarray | None = None


def combine(lg: Logits, temperature: tuple[float, float]) -> np.ndarray:
    """[n, labels]: P(type) = P(event) * P(type | event) for each type, then P(NONE) = 1 - P(event)."""
    p_event = 1.0 / (1.0 + np.exp(-np.clip(lg.event / temperature[1], -60.0, 60.0)))
    types = _softmax(lg.types / temperature[0]) * p_event[:, None]
    return np.concatenate([types, (1.0 - p_event)[:, None]], axis=1)
