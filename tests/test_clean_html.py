"""The HTML cleaner on real pages from WCXB-dev and AEB (../shared/eval), and on pages with no article."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import InputRejected
from eventwire.stages.clean_html import clean_html

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
WCXB_PAGES = ("0001", "0002", "0005", "0010", "0020")


def _f1(pred: str, gold: str) -> float:
    p, g = Counter(re.findall(r"\w+", pred.lower())), Counter(re.findall(r"\w+", gold.lower()))
    hit = sum((p & g).values())
    return 2 * hit / (sum(p.values()) + sum(g.values())) if p or g else 1.0


def _wcxb(page_id: str) -> tuple[str, dict[str, Any]]:
    html_path = EVAL / "wcxb-dev" / "html" / f"{page_id}.html.gz"
    if not html_path.is_file():
        pytest.skip(f"{html_path} not found: the shared eval data sits beside the repository")
    truth = json.loads((EVAL / "wcxb-dev" / "ground-truth" / f"{page_id}.json").read_text(encoding="utf-8"))
    return gzip.decompress(html_path.read_bytes()).decode("utf-8"), truth["ground_truth"]


@pytest.mark.parametrize("page_id", WCXB_PAGES)
def test_wcxb_article_text(page_id: str) -> None:
    html, gold = _wcxb(page_id)
    out = clean_html(html)
    assert _f1(out.text, gold["main_content"]) >= 0.85
    assert "\n\n" in out.text and "\n\n\n" not in out.text
    assert all(p == p.strip() and p for p in out.text.split("\n\n"))


def test_wcxb_metadata() -> None:
    html, gold = _wcxb("0001")
    out = clean_html(html)
    assert out.title == gold["title"]
    assert out.author == gold["author"]
    assert out.published is not None and out.published.isoformat() == gold["publish_date"]
    assert out.language == "en"


def test_aeb_pages() -> None:
    truth_path = EVAL / "aeb" / "ground-truth.json"
    if not truth_path.is_file():
        pytest.skip(f"{truth_path} not found: the shared eval data sits beside the repository")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    scores = []
    for page_id in sorted(truth)[:8]:
        html = gzip.decompress((EVAL / "aeb" / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8")
        scores.append(_f1(clean_html(html, truth[page_id]["url"]).text, truth[page_id]["articleBody"]))
    assert sum(scores) / len(scores) >= 0.9, scores


@pytest.mark.parametrize(
    "page",
    [
        "",
        "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav>"
        "</body></html>",
        "https://example.com/news/article",  # a URL is not a page, and nothing may be fetched for it
    ],
)
def test_no_article_is_rejected(page: str) -> None:
    with pytest.raises(InputRejected) as info:
        clean_html(page, url="https://example.com/x")
    assert info.value.code == "no_article" and info.value.path == "https://example.com/x"
    with pytest.raises(InputRejected) as info:
        clean_html(page)
    assert info.value.path == "<html>"


def test_no_byline_no_author() -> None:
    paragraph = (
        "<p>The council voted on Tuesday to extend the programme for another year, after a debate that ran late "
        "into the evening and drew a large crowd of residents to the town hall.</p>"
    )
    html = f"<html><head><title>Council extends programme</title></head><body><article>{paragraph * 4}</article>" \
           "</body></html>"
    out = clean_html(html)
    assert out.author is None and out.published is None
    assert out.title == "Council extends programme"
