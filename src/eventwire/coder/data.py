"""Labelled rows for the event model, read from the formats of `shared/train/` (see its README).

Reads: `plv_pairs.tsv` (a sentence with `<s>source</s>` and `<t>target</t>` marked, its PLOVER type and
modality), `cameo_spans.conll` (source/target spans, BIO), `synthetic_stories.tsv.gz` (a story and the type of
its main event). Writes: `Example` records; each keeps its `split` so fitting only ever sees `train` rows.
A user's own rows in the `plv_pairs.tsv` format go through the same reader.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import ConfigError

_MARK = re.compile(r"(</?[st]>)")
_FIRST_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
PLV_COLUMNS = ("split", "type", "modality", "marked")


@dataclass(frozen=True)
class Example:
    text: str
    source: tuple[int, int] | None  # character span in `text`
    target: tuple[int, int] | None
    label: str  # a PLOVER type of the model's label set, or NONE
    modality: str | None  # past | todo, where the row says
    split: str
    origin: str  # which file (and kind of row) it came from


def unmark(marked: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """`<s>A</s> hit <t>B</t>` -> ("A hit B", {"s": (0, 1), "t": (6, 7)})."""
    text = ""
    spans: dict[str, tuple[int, int]] = {}
    open_at: dict[str, int] = {}
    for part in _MARK.split(marked):
        if part in ("<s>", "<t>"):
            open_at[part[1]] = len(text)
        elif part in ("</s>", "</t>"):
            key = part[2]
            if key in open_at:
                spans[key] = (open_at.pop(key), len(text))
        else:
            text += part
    return text, spans


def read_plv(path: Path, labels: frozenset[str]) -> list[Example]:
    """Rows of the plv_pairs format. A type outside `labels` is an error naming the row, not a silent skip."""
    out = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = set(PLV_COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise ConfigError(f"{path}: missing columns {sorted(missing)} (the plv_pairs.tsv format: "
                              f"{', '.join(PLV_COLUMNS)}, TAB-separated)")
        for n, row in enumerate(reader, start=2):
            if row["type"] not in labels:
                raise ConfigError(f"{path}:{n}: type {row['type']!r} is not one of {sorted(labels)}")
            text, spans = unmark(row["marked"])
            if not spans:  # an unnamed side ("An actor") is left unmarked, but one side must be there
                raise ConfigError(f"{path}:{n}: neither <s>source</s> nor <t>target</t> marked")
            modality = row["modality"] if row["modality"] in ("past", "todo") else None
            out.append(Example(text, spans.get("s"), spans.get("t"), row["type"], modality, row["split"],
                               path.name))
    return out


def read_conll(path: Path) -> list[tuple[str, list[str], list[str]]]:
    """(split, tokens, tags) per sentence of a BIO file with `# split = ...` lines."""
    out: list[tuple[str, list[str], list[str]]] = []
    split, toks, tags = "train", list[str](), list[str]()
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("# split ="):
            split = line.split("=", 1)[1].strip()
        elif not line.strip():
            if toks:
                out.append((split, toks, tags))
            toks, tags = [], []
        else:
            word, _, tag = line.partition("\t")
            toks.append(word)
            tags.append(tag.strip() or "O")
    return out


def conll_spans(tokens: list[str], tags: list[str]) -> tuple[str, dict[str, list[tuple[int, int]]]]:
    """The sentence as space-joined tokens and the character spans of each tag's runs ("S", "T", "R")."""
    text, cur = "", None
    spans: dict[str, list[tuple[int, int]]] = {}
    for word, tag in zip(tokens, tags, strict=True):
        start = len(text) + (1 if text else 0)
        text = f"{text} {word}" if text else word
        kind = tag[2:] if tag[:2] in ("B-", "I-") else None
        if kind and (tag.startswith("B-") or cur is None or cur[0] != kind):
            cur = (kind, start)
            spans.setdefault(kind, []).append((start, len(text)))
        elif kind and cur is not None:
            spans[kind][-1] = (spans[kind][-1][0], len(text))
        else:
            cur = None
    return text, spans


def read_stories(path: Path, yield_types: frozenset[str]) -> Iterator[Example]:
    """A story's first sentence and its main event's type, with no spans marked. CONCEDE and RETREAT become
    YIELD, as in plv_pairs."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):  # this file quotes its fields
            first = story_lead(row["text"])
            label = "YIELD" if row["type"] in yield_types else row["type"]
            yield Example(first, None, None, label, None, row["split"], path.name)


def story_lead(text: str) -> str:
    """A synthetic story's first sentence (the file quotes some stories twice over)."""
    return _FIRST_SENTENCE.split(text.strip().strip('"').strip(), maxsplit=1)[0]
