"""Write the WCXB dev pages as plain-text captures (the page's full visible text, furniture and all).

    .venv/bin/python benchmarks/make_captures.py /tmp/wcxb-captures [--limit N]

The text is what resiliparse's extract_plain_text gives with main_content=False, as ../shared/eval/wcxb-dev's
README describes; benchmarks/throughput.py runs on the folder.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_extraction import EVAL, capture


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--limit", type=int)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    pages = sorted((EVAL / "wcxb-dev" / "html").glob("*.html.gz"))[: args.limit]
    for page in pages:
        html = gzip.decompress(page.read_bytes()).decode("utf-8", "replace")
        (args.out / (page.name.split(".")[0] + ".txt")).write_text(capture(html), encoding="utf-8")
    print(f"{len(pages)} captures in {args.out}")


if __name__ == "__main__":
    main()
