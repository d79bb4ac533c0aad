"""Direct quotes and their speakers on real political news: PolNeAR dev (../shared/eval/polnear-dev).

Each article is ingested as a user would ingest it (every stage, the plain-text cleaner included); the quotes it
yields are located back in the original file and compared with the attribution gold.

- A gold direct quote is an attribution whose Content opens with a quotation mark and is longer than 12
  characters (the corpus README); an article annotated twice contributes the union of both passes.
- Matching is one to one: a gold quote is found by the first predicted quote that overlaps it, and a second
  prediction inside the same gold quote is wrong (one attribution reported twice).
- Predictions that overlap only another attribution's Content (a partial quote inside paraphrase, a short quoted
  phrase) are neither right nor wrong in `precision`, since the gold does not count them as direct quotes; they
  are attributions all the same. `strict precision` counts them wrong; `direct precision` is the strict figure
  of the quotes eventwire itself marks `direct` (kind), the ones that open the reported words.
- Recall: gold direct quotes found by a prediction of either kind.
- Speaker accuracy, over the gold quotes found: the prediction's speaker names the gold Source. Names are
  compared by their last word before any comma, parenthesis or "of" ("Flynn, a top Trump surrogate," and
  "Michael Flynn" agree; so do "Rep. Jim Jordan (R-Ohio)" and "Jim Jordan").
  A gold Source that is a pronoun ("he", "she", "who") is resolved to the nearest earlier gold Source that is
  not one; a role ("the spokesman") is compared as written and, failing that, as that earlier Source.

    .venv/bin/python benchmarks/eval_quotes.py [--limit N] [--json] [--show-errors]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "eval" / "polnear-dev"
if str(ROOT / "src") not in sys.path:  # run from a checkout without installing the package
    sys.path.insert(0, str(ROOT / "src"))

QUOTE_MARKS = "\"“”‘’'«»„"
PRONOUNS = frozenset({"he", "she", "it", "they", "who", "which", "that", "i", "we", "you", "his", "her", "their"})
TITLES = frozenset({"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "rev", "the", "a", "an", "jr", "sr"})


@dataclass
class GoldQuote:
    pieces: list[tuple[int, int]]
    source: str | None
    source_start: int
    names: list[str] = field(default_factory=list)  # accepted speaker keys


def speaker_key(name: str | None) -> str | None:
    """The last word of a name before any comma, lower-cased, without a possessive: "Mr. Obama" -> "obama"."""
    if not name:
        return None
    # "Rep. Jim Jordan (R-Ohio), an oversight panel member," / "Mr. Morgan of the Sierra Club": the name part
    name = re.split(r",| of | from | at ", re.sub(r"\([^)]*\)", " ", name))[0]
    words = [w for w in re.findall(r"[\w'’-]+", name.lower()) if w not in TITLES]
    return re.sub(r"['’]s$", "", words[-1]) if words else None


def _ann(path: Path) -> tuple[dict[str, tuple[str, list[tuple[int, int]], str]], list[dict[str, str]]]:
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if parts[0].startswith("T") and len(parts) >= 2:
            label, offsets = parts[1].split(" ", 1)
            pieces = [(int(a), int(b)) for a, b in (p.split() for p in offsets.split(";"))]
            spans[parts[0]] = (label, pieces, parts[2] if len(parts) > 2 else "")
        elif parts[0].startswith("E") and len(parts) >= 2:
            events.append(dict(x.split(":", 1) for x in parts[1].split()))
    return spans, events


def gold_of(name: str) -> tuple[list[GoldQuote], list[tuple[int, int]]]:
    """The article's gold direct quotes, and every attribution Content span (for the lenient precision)."""
    quotes: list[GoldQuote] = []
    contents: list[tuple[int, int]] = []
    sources: list[tuple[int, str]] = []
    for path in sorted((CORPUS / "attributions").glob(f"{name}_*.ann")):
        spans, events = _ann(path)
        for ev in events:
            content, source = spans.get(ev.get("Content", "")), spans.get(ev.get("Source", ""))
            if content is None:
                continue
            contents.extend(content[1])
            if source is not None:
                sources.append((source[1][0][0], source[2]))
            if content[2][:1] in QUOTE_MARKS and len(content[2]) > 12 and not _overlaps(content[1], quotes):
                quotes.append(GoldQuote(content[1], source[2] if source else None,
                                        source[1][0][0] if source else content[1][0][0]))
    named = sorted((s, t) for s, t in sources if speaker_key(t) not in PRONOUNS)
    for q in quotes:
        earlier = [t for s, t in named if s < q.source_start]
        keys = [speaker_key(q.source)] + ([speaker_key(earlier[-1])] if earlier else [])
        q.names = [k for k in keys if k and k not in PRONOUNS]
    return quotes, contents


def _overlaps(pieces: list[tuple[int, int]], quotes: list[GoldQuote]) -> bool:
    return any(a < d and c < b for q in quotes for c, d in q.pieces for a, b in pieces)


@dataclass
class Predicted:
    spans: list[tuple[int, int]]  # each quoted piece, located in the original file
    text: str
    speaker: str | None
    kind: str

    def overlaps(self, pieces: list[tuple[int, int]]) -> bool:
        return any(a < d and c < b for a, b in self.spans for c, d in pieces)


def predicted_of(path: Path, res: Any) -> list[Predicted]:
    """The article's quotes from the whole pipeline, each piece located back in the original file."""
    from eventwire.pipeline import process
    from eventwire.records import Article, RawDocument

    data = path.read_bytes()
    raw = RawDocument(path=str(path), file_name=path.name, data=data, sha256=hashlib.sha256(data).hexdigest())
    art = process(Article(raw=raw), res)
    original = data.decode("utf-8")
    out, cursor = [], 0
    for q in art.quotes:
        spans = []
        for piece in q.text.split(" … "):
            at = original.find(piece, cursor)
            at = at if at >= 0 else original.find(piece)
            if at >= 0:  # else the cleaner rewrote the words (joined lines): that piece is not scored
                spans.append((at, at + len(piece)))
                cursor = at
        if spans:
            out.append(Predicted(spans, q.text, q.speaker, q.kind))
    return out


def score_article(name: str, res: Any) -> dict[str, Any]:
    """One-to-one: a gold quote is found by the first prediction that overlaps it; another prediction inside
    the same gold quote is a false one (one attribution reported twice)."""
    gold, contents = gold_of(name)
    preds = predicted_of(CORPUS / "text" / f"{name}.txt", res)
    found: dict[int, Predicted] = {}
    outcome = []  # per prediction: right | ignored | wrong
    for p in preds:
        hit = next((i for i, g in enumerate(gold) if i not in found and p.overlaps(g.pieces)), None)
        if hit is not None:
            found[hit] = p
            outcome.append("right")
        elif any(p.overlaps(g.pieces) for g in gold):
            outcome.append("wrong")
        else:
            outcome.append("ignored" if p.overlaps(contents) else "wrong")
    speaker_ok = {i: speaker_key(p.speaker) in gold[i].names for i, p in found.items()}
    row: dict[str, Any] = {"name": name, "gold": len(gold), "found": len(found),
                           "speaker_ok": sum(speaker_ok.values()), "speaker_n": len(speaker_ok)}
    for kind in ("direct", "partial"):
        for o in ("right", "ignored", "wrong"):
            row[f"{kind}_{o}"] = sum(1 for p, x in zip(preds, outcome, strict=True) if p.kind == kind and x == o)
    row["errors"] = {"false": [p.text[:80] for p, x in zip(preds, outcome, strict=True) if x == "wrong"],
                     "missed": [g.pieces for i, g in enumerate(gold) if i not in found],
                     "speaker": [(p.text[:50], p.speaker, gold[i].source) for i, p in found.items()
                                 if not speaker_ok[i]]}
    return row


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    t = {k: sum(r[k] for r in rows) for k in rows[0] if k not in ("name", "errors")} if rows else {}
    right = t.get("direct_right", 0) + t.get("partial_right", 0)
    wrong = t.get("direct_wrong", 0) + t.get("partial_wrong", 0)
    ignored = t.get("direct_ignored", 0) + t.get("partial_ignored", 0)
    return {"articles": len(rows), **t,
            "precision": _ratio(right, right + wrong),
            "strict_precision": _ratio(right, right + wrong + ignored),
            "direct_precision": _ratio(t.get("direct_right", 0), t.get("direct_right", 0) + t.get("direct_wrong", 0)
                                       + t.get("direct_ignored", 0)),
            "recall": _ratio(t.get("found", 0), t.get("gold", 0)),
            "speaker_accuracy": _ratio(t.get("speaker_ok", 0), t.get("speaker_n", 0))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="first N articles")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--show-errors", action="store_true", help="print each article's misses and false quotes")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"{CORPUS} not found: the shared eval data sits beside the repository", file=sys.stderr)
        return 2
    from eventwire.pipeline import Resources
    from eventwire.settings import Settings

    res = Resources(Settings())
    names = sorted(p.stem for p in (CORPUS / "text").glob("*.txt"))[: args.limit]
    rows = [score_article(n, res) for n in names]
    summary = summarise(rows)
    if args.show_errors:
        for r in rows:
            if any(r["errors"].values()):
                print(json.dumps({"name": r["name"], **r["errors"]}, ensure_ascii=False))
    if args.json:
        print(json.dumps(summary))
    else:
        print(f"PolNeAR dev: {summary['articles']} articles, {summary['gold']} gold direct quotes")
        for key in ("precision", "strict_precision", "direct_precision", "recall", "speaker_accuracy"):
            print(f"  {key:18} {summary[key]:.3f}")
        for kind in ("direct", "partial"):
            print(f"  {kind} quotes: {summary[kind + '_right']} right, {summary[kind + '_wrong']} wrong, "
                  f"{summary[kind + '_ignored']} inside paraphrase or short quoted phrases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
