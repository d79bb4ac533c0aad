"""Dev figures of a fitted event model: type accuracy and macro-F1 given the gold pair, event/no-event
separation, and the calibration temperatures.

Reads: an EventModel and `Example` rows (their `dev` split). Writes: a dict of figures (the manifest keeps it).
The two temperatures (type head, event head) are the only parameters set after training; they are chosen on
the dev rows (as the epochs and learning rate were) and change no type decision, only how confident each
row says it is and so which rows pass the threshold.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from eventwire.coder.data import Example
from eventwire.coder.features import LABEL_NONE
from eventwire.coder.model import EventModel, Logits, combine

TEMPERATURES = tuple(round(0.5 + 0.1 * i, 2) for i in range(26))  # 0.5 .. 3.0


def logits_of(model: EventModel, rows: list[Example]) -> Logits:
    out = model.logits([r.text for r in rows], [[(r.source, r.target)] for r in rows])
    return Logits(np.concatenate([lg.types for lg in out]), np.concatenate([lg.event for lg in out]),
                  np.concatenate([lg.modality for lg in out]))  # no one sentence: no vector


def macro_f1(gold: list[str], pred: list[str]) -> float:
    f1s = []
    for label in sorted(set(gold)):
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, pred, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(f1s)) if f1s else 0.0


def figures(model: EventModel, rows: list[Example]) -> dict[str, Any]:
    """Figures on the dev rows of plv_pairs (and its NONE rows, where given)."""
    dev = [r for r in rows if r.split == "dev" and r.origin.startswith("plv_pairs")]
    typed = [r for r in dev if r.label != LABEL_NONE and r.origin == "plv_pairs.tsv"]
    every = typed + [r for r in dev if r.label == LABEL_NONE]
    labels = list(model.labels)
    lg = logits_of(model, every)
    n = len(typed)
    pred = [labels[i] for i in lg.types[:n].argmax(1)]  # "given the pair": the pair is known to be an event
    gold = [r.label for r in typed]
    y = np.array([labels.index(r.label) for r in every])
    nll = {(a, b): float(-np.log(combine(lg, (a, b))[np.arange(len(y)), y] + 1e-12).mean())
           for a in TEMPERATURES for b in TEMPERATURES}
    best = min(nll, key=lambda k: nll[k])
    said_event = lg.event > 0
    return {
        "rows": {"typed": n, "none": len(every) - n},
        "type_accuracy_given_pair": round(float(np.mean([g == p for g, p in zip(gold, pred, strict=True)])), 3),
        "type_macro_f1_given_pair": round(macro_f1(gold, pred), 3),
        "events_kept": round(float(said_event[:n].mean()), 3),
        "none_rows_rejected": round(float(1 - said_event[n:].mean()), 3) if len(every) > n else None,
        "temperature": best, "dev_nll": round(nll[best], 3),
    }
