"""Event coding on the PETRARCH-2 validation sentences (../shared/eval/petr2): a small visible yardstick.

    .venv/bin/python benchmarks/eval_petr2.py [--verbose] [--json]

Each sentence is coded alone (publication date = the record's date). Gold CAMEO codes are mapped to PLOVER
with data/cameo_plover.tsv (codes PLOVER drops, 01 and 02, are left out of the gold); actors are compared at
the top level (first three letters: `USAGOV` counts as `USA`; our organisation codes count as PETRARCH's
`IGO`). Reports precision / recall / F1 over unique
(source, type, target) triples per sentence, and how many "no event" sentences stay empty. The codings are
partly PETRARCH-2's own output (silver), so read the figures as a guide.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
FILE = ROOT.parent / "shared" / "eval" / "petr2" / "PETR2_GSR_validation.xml"
_RECORD = re.compile(r"<Sentence ([^>]*)/?>(.*?)<Text>(.*?)</Text>", re.S)


def records(path: Path) -> list[dict]:
    from eventwire.lexicon import plover_of

    out = []
    for attrs, codings, text in _RECORD.findall(path.read_text(encoding="utf-8")):
        a = dict(re.findall(r'(\w+)="([^"]*)"', attrs))
        if a.get("evaluate") == "false" or a.get("category") == "TEST":
            continue
        gold = set()
        for c in re.findall(r"<EventCoding ([^>]*)/>", codings):
            ca = dict(re.findall(r'(\w+)="([^"]*)"', c))
            if "eventcode" in ca and plover_of(ca["eventcode"]):
                side = [("" if x.startswith("---") else x[:3]) for x in (ca["sourcecode"], ca["targetcode"])]
                gold.add((side[0], plover_of(ca["eventcode"]), side[1]))  # "---": no actor named
        raw_date = a.get("date", "")
        fmt = "%Y%m%d" if len(raw_date) == 8 else "%y%m%d"
        date = dt.datetime.strptime(raw_date, fmt).date() if raw_date.isdigit() else None
        out.append({"id": a.get("id"), "text": " ".join(text.split()), "date": date, "gold": gold})
    return out


def score(verbose: bool = False, settings: object = None) -> dict[str, object]:
    """Precision, recall and F1 over unique (source, type, target) triples per sentence."""
    from eventwire.pipeline import Resources, process_text
    from eventwire.settings import Settings

    res = Resources(settings if isinstance(settings, Settings) else Settings())

    def code(c: str) -> str:  # PETRARCH codes every international organisation as IGO...
        return "IGO" if res.actors.is_org(c) and c != "IMG" else c[:3]

    tp = fp = fn = empty_ok = empty_n = 0
    recs = records(FILE)
    for r in recs:
        art = process_text(r["text"], res, published=r["date"])
        pred = {(code(e.source.actor.code), e.type, code(e.target.actor.code) if e.target else "")
                for e in art.events}
        tp += len(pred & r["gold"])
        fp += len(pred - r["gold"])
        fn += len(r["gold"] - pred)
        if not r["gold"]:
            empty_n += 1
            empty_ok += not pred
        if verbose and pred != r["gold"]:
            print(f"{r['id']}: gold {sorted(r['gold'])} pred {sorted(pred)}\n   {r['text'][:200]}")
    p = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {"sentences": len(recs), "tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3),
            "recall": round(rec, 3), "f1": round(2 * p * rec / (p + rec), 3) if p + rec else 0.0,
            "no_event_sentences_kept_empty": f"{empty_ok}/{empty_n}"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    out = score(args.verbose)
    print(json.dumps(out) if args.json else "\n".join(f"{k:30} {v}" for k, v in out.items()))

if __name__ == "__main__":
    main()
