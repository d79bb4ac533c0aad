"""The mode head: which PLOVER mode an event of a given type has ("ASSAULT" by air strike: AERIAL; "CONSULT"
by telephone: PHONE), where the lexicon pattern that fired names none.

Reads: a fitted model folder's encoder (sentence vectors: the mean of the encoder's states over the sentence's
word pieces) and `synthetic_stories.tsv.gz` (NGEC's stories carry a type and a mode; their first sentence is
the feature). Writes: `modes.npz` in the model folder, one multinomial logistic regression per type that has
modes (scikit-learn at fit time; numpy at inference), and dev figures for the manifest.

A story whose mode is empty is a row of "no mode" for its type: the head may say that too, and then the event
keeps no mode. A mode is given only when its probability reaches MIN_MODE_PROBABILITY.
"""

from __future__ import annotations

import csv
import gzip
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from eventwire.coder.data import story_lead
from eventwire.errors import ConfigError

FILE = "modes.npz"
# below this the event keeps no mode: a wrong mode is worse than none. Chosen on the dev stories, where 0.4,
# 0.5, 0.6, 0.7 give a mode to 82%, 71%, 62%, 56% of events, right for 61%, 66%, 67%, 70% of those
MIN_MODE_PROBABILITY = 0.6
NO_MODE = ""
_MIN_ROWS = 20  # a type with fewer train stories gets no head
MIN_TYPE_ACCURACY = 0.5  # a type's head is kept only when it names its dev stories' mode this often
_C = 3.0  # inverse regularisation, chosen on the dev stories (0.3, 1, 3, 10 tried: 0.550, 0.564, 0.574, 0.567)
# NGEC's stories spell two PLOVER modes their own way; the codebook's spelling is what rows carry
_SPELLING = {"sieze": "seize", "primative": "primitive"}


class ModeHead:
    """Per type: weights [modes, dim], bias [modes] and the mode names (NO_MODE among them)."""

    def __init__(self, path: Path) -> None:
        try:
            with np.load(path) as f:
                types = [str(t) for t in f["types"]]
                self._heads = {t: (np.asarray(f[f"{t}_w"], dtype=np.float32), np.asarray(f[f"{t}_b"], dtype=np.float32),
                                   [str(m) for m in f[f"{t}_modes"]]) for t in types}
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError(f"mode head {path}: cannot be loaded ({exc})") from exc

    @property
    def types(self) -> frozenset[str]:
        return frozenset(self._heads)

    def mode(self, vector: np.ndarray, type_: str) -> tuple[str | None, float]:
        """The most likely mode of a `type_` event in the sentence `vector` stands for, and its probability;
        None when the type has no head, the head says no mode, or it is not sure enough."""
        head = self._heads.get(type_)
        if head is None:
            return None, 0.0
        w, b, modes = head
        z = w @ vector + b
        p = np.exp(z - z.max())
        p /= p.sum()
        best = int(p.argmax())
        if modes[best] == NO_MODE or p[best] < MIN_MODE_PROBABILITY:
            return None, float(p[best])
        return modes[best], float(p[best])


def sentence_vectors(model: Any, texts: list[str]) -> np.ndarray:
    """[texts, dim]: the mean of the encoder's states over each text's word pieces ([CLS] and [SEP] too)."""
    return np.stack([hid.mean(axis=0) for hid, _enc in model.hidden(texts)])


def read_mode_rows(path: Path) -> list[tuple[str, str, str, str]]:
    """(split, type, mode, first sentence) per story."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        return [(r["split"], r["type"], _mode_name(r["mode"] or NO_MODE),
                 story_lead(r["text"]))
                for r in csv.DictReader(f, delimiter="\t")]


def _mode_name(raw: str) -> str:
    name = raw.strip().lower()
    return _SPELLING.get(name, name)


def fit(model: Any, stories: Path, out: Path) -> dict[str, Any]:
    """Fit one head per type on the train stories, write `out/modes.npz`, return the dev figures."""
    from sklearn.linear_model import LogisticRegression

    rows = read_mode_rows(stories)
    vectors = sentence_vectors(model, [r[3] for r in rows])
    arrays: dict[str, Any] = {}
    totals = Counter[str]()
    per_type: dict[str, float] = {}
    for type_ in sorted({r[1] for r in rows}):
        train = [i for i, r in enumerate(rows) if r[1] == type_ and r[0] == "train"]
        dev = [i for i, r in enumerate(rows) if r[1] == type_ and r[0] == "dev"]
        if len(train) < _MIN_ROWS or len({rows[i][2] for i in train}) < 2 or not dev:
            continue
        clf = LogisticRegression(max_iter=3000, C=_C).fit(vectors[train], [rows[i][2] for i in train])
        totals["fitted"] += len(train)
        figs = _dev_counts(clf, vectors[dev], [rows[i][2] for i in dev],
                           Counter(rows[i][2] for i in train).most_common(1)[0][0])
        per_type[type_] = round(figs["right"] / figs["total"], 3)
        if per_type[type_] < MIN_TYPE_ACCURACY:
            continue  # a head right less than half the time is worse than none
        totals.update(figs)
        arrays.update(_head_arrays(type_, clf))
    arrays["types"] = np.array(sorted(k[: -len("_modes")] for k in arrays if k.endswith("_modes")))
    np.savez(out / FILE, **arrays)
    total, given = totals["total"], totals["given"]
    return {"mode_accuracy_given_type": round(totals["right"] / total, 3) if total else None,
            "mode_majority_baseline": round(totals["usual"] / total, 3) if total else None,
            "mode_dev_stories": total, "mode_given_share": round(given / total, 3) if total else None,
            "mode_precision_when_given": round(totals["given_right"] / given, 3) if given else None,
            "mode_accuracy_per_type": per_type, "mode_types_kept": sorted(str(t) for t in arrays["types"]),
            "mode_train_stories": totals["fitted"]}


def _dev_counts(clf: Any, vectors: np.ndarray, gold: list[str], usual: str) -> Counter[str]:
    """Dev counts of one type's head: right, total, given (sure enough to name a mode), given_right, usual
    (right by always saying the type's most frequent train mode)."""
    proba = clf.predict_proba(vectors)
    pred = [str(clf.classes_[k]) for k in proba.argmax(axis=1)]
    sure = [(g, p) for g, p, q in zip(gold, pred, proba.max(axis=1), strict=True)
            if q >= MIN_MODE_PROBABILITY and p != NO_MODE]
    return Counter({"right": sum(g == p for g, p in zip(gold, pred, strict=True)), "total": len(gold),
                    "given": len(sure), "given_right": sum(g == p for g, p in sure),
                    "usual": sum(g == usual for g in gold)})


def _head_arrays(type_: str, clf: Any) -> dict[str, np.ndarray]:
    w, b = clf.coef_.astype(np.float32), clf.intercept_.astype(np.float32)
    if len(clf.classes_) == 2:  # scikit-learn keeps one row for two classes: make it a softmax pair
        w, b = np.stack([-w[0] / 2, w[0] / 2]), np.array([-b[0] / 2, b[0] / 2], dtype=np.float32)
    return {f"{type_}_w": w, f"{type_}_b": b, f"{type_}_modes": np.array([str(c) for c in clf.classes_])}
