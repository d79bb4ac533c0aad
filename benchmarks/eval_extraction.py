"""Measure the extraction stage on WCXB-dev and AEB (../shared/eval, beside the repository).

For each page: clean_html on the HTML; clean_text on the page's full visible text (resiliparse
``extract_plain_text(main_content=False, list_bullets=False)``: menus, footers and teasers included, as in a
plain-text capture); and that capture uncleaned (the baseline). Text is scored as macro token F1: per page,
bag-of-words precision/recall/F1 over lower-cased ``\\w+`` tokens against the gold main text, averaged.
On WCXB, metadata too: title exact / normalised match, author and date accuracy (over pages whose gold has the
field), and how often a title, an author or a date is reported on pages whose gold has none ("invented").

    .venv/bin/python benchmarks/eval_extraction.py [--limit N] [--jobs J] [--json] [--dataset wcxb|aeb]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
if str(ROOT / "src") not in sys.path:  # run from a checkout without installing the package
    sys.path.insert(0, str(ROOT / "src"))

from resiliparse.extract.html2text import extract_plain_text  # noqa: E402
from resiliparse.parse.html import HTMLTree  # noqa: E402

from eventwire.errors import InputRejected  # noqa: E402
from eventwire.records import Extracted  # noqa: E402
from eventwire.stages.clean_html import clean_html  # noqa: E402
from eventwire.stages.clean_text import clean_text  # noqa: E402

SYSTEMS = ("html", "text", "baseline")
Page = tuple[str, str, str, dict[str, Any]]  # dataset, page id, html path, gold


def tokens(text: str | None) -> Counter[str]:
    return Counter(re.findall(r"\w+", (text or "").lower()))


def prf(pred: str | None, gold: str) -> tuple[float, float, float]:
    p, g = tokens(pred), tokens(gold)
    if not p and not g:
        return 1.0, 1.0, 1.0
    hit = sum((p & g).values())
    precision = hit / sum(p.values()) if p else 0.0
    recall = hit / sum(g.values()) if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def norm(text: str | None) -> str:
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text or "").lower()))


def capture(html: str) -> str:
    """The page's full visible text, as a plain-text capture would hold it."""
    return str(extract_plain_text(HTMLTree.parse(html), main_content=False, list_bullets=False))


def wcxb_pages(limit: int | None = None) -> list[Page]:
    folder = EVAL / "wcxb-dev"
    pages = []
    for path in sorted((folder / "html").glob("*.html.gz"))[:limit]:
        page_id = path.name.split(".")[0]
        truth = json.loads((folder / "ground-truth" / f"{page_id}.json").read_text(encoding="utf-8"))
        gt = truth["ground_truth"]
        gold = {"text": gt["main_content"], "title": gt.get("title"), "author": gt.get("author"),
                "date": gt.get("publish_date"), "url": truth.get("url")}
        pages.append(("wcxb", page_id, str(path), gold))
    return pages


def aeb_pages(limit: int | None = None) -> list[Page]:
    folder = EVAL / "aeb"
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth)[:limit]:
        gold = {"text": truth[page_id]["articleBody"], "url": truth[page_id].get("url")}
        pages.append(("aeb", page_id, str(folder / "html" / f"{page_id}.html.gz"), gold))
    return pages


def _meta_row(prefix: str, ex: Extracted | None, gold: dict[str, Any]) -> dict[str, Any]:
    """Per-page metadata outcomes; None where the measure does not apply to the page."""
    title, author, date = (ex.title, ex.author, ex.published) if ex else (None, None, None)
    has_title = bool(norm(gold["title"]))
    row: dict[str, Any] = {
        f"{prefix}_title_exact": (title or "").strip() == (gold["title"] or "").strip() if has_title else None,
        f"{prefix}_title_norm": norm(title) == norm(gold["title"]) if has_title else None,
        f"{prefix}_title_invented": None if has_title else bool(norm(title)),
    }
    gold_author, pred_author = norm(gold["author"]), norm(author)
    row[f"{prefix}_author_ok"] = (bool(pred_author) and (pred_author in gold_author or gold_author in pred_author)
                                  if gold_author else None)
    row[f"{prefix}_author_invented"] = None if gold_author else bool(pred_author)
    gold_date = (gold["date"] or "")[:10]
    row[f"{prefix}_date_ok"] = (date is not None and date.isoformat() == gold_date) if gold_date else None
    row[f"{prefix}_date_invented"] = None if gold_date else date is not None
    return row


def score_page(page: Page) -> dict[str, Any]:
    dataset, page_id, path, gold = page
    html = gzip.decompress(Path(path).read_bytes()).decode("utf-8", errors="replace")
    try:
        from_html: Extracted | None = clean_html(html, gold.get("url"))
    except InputRejected:
        from_html = None
    plain = capture(html)
    from_text = clean_text(plain)
    row: dict[str, Any] = {"dataset": dataset, "id": page_id}
    for system, text in (("html", from_html.text if from_html else ""), ("text", from_text.text),
                         ("baseline", plain)):
        row[system] = prf(text, gold["text"])
    if dataset == "wcxb":
        row |= _meta_row("html", from_html, gold) | _meta_row("text", from_text, gold)
    return row


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Macro averages of the text scores, and accuracies/rates of the metadata outcomes over pages they apply to."""
    out: dict[str, Any] = {"pages": len(rows)}
    for system in SYSTEMS:
        for i, name in enumerate(("precision", "recall", "f1")):
            out[f"{system}_{name}"] = round(sum(r[system][i] for r in rows) / len(rows), 4) if rows else 0.0
    for key in sorted({k for r in rows for k in r if k.endswith(("_exact", "_norm", "_ok", "_invented"))}):
        values = [r[key] for r in rows if r.get(key) is not None]
        out[key] = {"rate": round(sum(values) / len(values), 4) if values else 0.0, "n": len(values)}
    return out


def run(pages: list[Page], jobs: int) -> Iterator[dict[str, Any]]:
    if jobs <= 1:
        yield from map(score_page, pages)
        return
    with ProcessPoolExecutor(jobs) as pool:
        yield from pool.map(score_page, pages, chunksize=4)


def _report(name: str, summary: dict[str, Any]) -> None:
    print(f"\n{name}: {summary['pages']} pages (macro token P / R / F1)")
    labels = {"html": "clean_html on HTML", "text": "clean_text on capture", "baseline": "capture, uncleaned"}
    for system in SYSTEMS:
        p, r, f = (summary[f"{system}_{m}"] for m in ("precision", "recall", "f1"))
        print(f"  {labels[system]:24} {p:.4f} / {r:.4f} / {f:.4f}")
    for key, value in summary.items():
        if isinstance(value, dict):
            count = round(value["rate"] * value["n"])
            print(f"  {key:24} {value['rate']:.3f}  ({count} of {value['n']} pages)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each dataset")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes")
    parser.add_argument("--dataset", choices=("wcxb", "aeb"), action="append", help="default: both")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    args = parser.parse_args(argv)
    if not EVAL.is_dir():
        print(f"{EVAL} not found: the shared eval data sits beside the repository", file=sys.stderr)
        return 2
    loaders = {"wcxb": wcxb_pages, "aeb": aeb_pages}
    results = {}
    for name in args.dataset or ("wcxb", "aeb"):
        results[name] = summarise(list(run(loaders[name](args.limit), args.jobs)))
        if not args.json:
            _report(name, results[name])
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
