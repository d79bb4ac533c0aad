"""Event lexicon and ontology tables, read from the data files in `eventwire/data/`.

verbs.tsv (predicate patterns -> PLOVER type/mode/CAMEO), cues.tsv (reported-speech cue words) and
cameo_goldstein.tsv (GDELT's Goldstein table). Formats are documented in each file's header.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from eventwire.errors import ConfigError

PLOVER_TYPES = frozenset(
    ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
     "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
)
TARGET_RULES = frozenset({"obj", "comp", "with", "none", "from"})


@dataclass(frozen=True)
class VerbPattern:
    lemma: str
    objects: frozenset[str]  # empty = no condition
    actor_object: bool  # the direct object must be an actor
    prep: str | None
    type: str
    mode: str | None
    cameo: str
    target: str


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, list[VerbPattern]]
    criticism: frozenset[str]
    threat: frozenset[str]
    speech: frozenset[str]
    intent: frozenset[str]
    goldstein: dict[str, float]
    quoting: frozenset[str] = frozenset()  # verbs that introduce a quotation: speech verbs and `quote` cues

    def goldstein_of(self, cameo: str) -> float:
        """The code's own score, else its nearest parent's (GDELT's table lacks a few leaf codes)."""
        for n in range(len(cameo), 1, -1):
            if cameo[:n] in self.goldstein:
                return self.goldstein[cameo[:n]]
        raise ConfigError(f"CAMEO code {cameo!r} has no Goldstein score in cameo_goldstein.tsv")


def quad_class(cameo: str) -> int:
    """GDELT 2.0's QuadClass by CAMEO root: 01-05 verbal coop, 06-09 material coop, 10-14 verbal conflict,
    15-20 material conflict (observed on real GDELT rows; see shared/reference/ontologies.md)."""
    root = int(cameo[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        lines = [ln for ln in f if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _pattern(row: dict[str, str], where: str) -> VerbPattern:
    try:
        obj, typ, target = row["object"], row["type"], row["target"]
        if typ not in PLOVER_TYPES or target not in TARGET_RULES:
            raise ValueError(f"unknown type {typ!r} or target rule {target!r}")
        return VerbPattern(
            lemma=row["lemma"].lower(),
            objects=frozenset() if obj in ("-", "@actor") else frozenset(obj.split("|")),
            actor_object=obj == "@actor",
            prep=None if row["prep"] == "-" else row["prep"],
            type=typ,
            mode=None if row["mode"] == "-" else row["mode"],
            cameo=row["cameo"],
            target=target,
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise ConfigError(f"{where}: bad verb pattern {row}: {exc}") from exc


def load_lexicon(verbs: Path | None = None, cues: Path | None = None) -> Lexicon:
    data = resources.files("eventwire") / "data"
    verbs_path = verbs or Path(str(data / "verbs.tsv"))
    cues_path = cues or Path(str(data / "cues.tsv"))
    table: dict[str, list[VerbPattern]] = defaultdict(list)
    for i, row in enumerate(_rows(verbs_path), start=2):
        p = _pattern(row, f"{verbs_path}:{i}")
        table[p.lemma].append(p)
    kinds: dict[str, set[str]] = defaultdict(set)
    for row in _rows(cues_path):
        kinds[row["kind"]].add(row["lemma"].lower())
    gold = {r["CAMEOEVENTCODE"]: float(r["GOLDSTEINSCALE"]) for r in _rows(Path(str(data / "cameo_goldstein.tsv")))}
    lex = Lexicon(dict(table), frozenset(kinds["criticism"]), frozenset(kinds["threat"]),
                  frozenset(kinds["speech"]), frozenset(kinds["intent"]), gold,
                  frozenset(kinds["speech"] | kinds["quote"]))
    for pats in lex.verbs.values():
        for p in pats:
            lex.goldstein_of(p.cameo)  # fail at load, not mid-ingest, on a code the table lacks
    return lex


@lru_cache(maxsize=1)
def cameo_to_plover() -> dict[str, str | None]:
    data = resources.files("eventwire") / "data"
    return {r["cameo"]: (None if r["plover"] == "-" else r["plover"])
            for r in _rows(Path(str(data / "cameo_plover.tsv")))}


def plover_of(cameo: str) -> str | None:
    """The PLOVER type a CAMEO code maps to (longest prefix), or None where PLOVER drops it."""
    table = cameo_to_plover()
    for n in range(len(cameo), 1, -1):
        if cameo[:n] in table:
            return table[cameo[:n]]
    return None


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return load_lexicon()
