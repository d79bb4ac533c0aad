"""The model's label set and what each label becomes on an event row.

Reads: data/plover_defaults.tsv (type -> CAMEO code, and which types need no recipient). Writes: nothing.
The training rows (Zero-Shot-PLOVER) merge CONCEDE and RETREAT into YIELD, so the model has 15 types plus NONE;
a YIELD is split back by the lexicon pattern of its trigger when there is one (see `coder.decide`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from eventwire.coder.features import LABEL_NONE
from eventwire.errors import ConfigError

YIELD = "YIELD"
YIELD_TYPES = frozenset({"CONCEDE", "RETREAT"})
EVENT_TYPES: tuple[str, ...] = (
    "ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONSULT", "COOPERATE", "MOBILIZE", "PROTEST", "REJECT",
    "REQUEST", "SANCTION", "SUPPORT", "THREATEN", YIELD,
)
MODEL_LABELS: tuple[str, ...] = (*EVENT_TYPES, LABEL_NONE)  # P(type) = P(event) * P(type | event); P(NONE)


@dataclass(frozen=True)
class TypeDefault:
    type: str
    cameo: str
    targetless: bool


@lru_cache(maxsize=1)
def type_defaults() -> dict[str, TypeDefault]:
    path = resources.files("eventwire") / "data" / "plover_defaults.tsv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    out = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        if row.get("targetless") not in ("yes", "no"):
            raise ConfigError(f"{path}: bad row {row} (targetless must be yes or no)")
        out[row["type"]] = TypeDefault(row["type"], row["cameo"], row["targetless"] == "yes")
    return out


@lru_cache(maxsize=1)
def targetless_types() -> frozenset[str]:
    """The types complete without a recipient (plover_defaults.tsv's `targetless`: PROTEST, MOBILIZE)."""
    return frozenset(t for t, d in type_defaults().items() if d.targetless)
