"""Synthetic articles and event mentions written straight into a store: for merge tests and benchmarks
(no parsing, so thousands of mentions take a second)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import duckdb
import pyarrow as pa

ACTORS = ("USA", "CHN", "RUS", "UKR", "JPN", "NATO", "EU", "IND", "FRA", "DEU", "GBR", "IRN", "ISR", "TUR")
TYPES = (("CONSULT", "040", 1.0, 1), ("ACCUSE", "111", -2.0, 3), ("AGREE", "030", 4.0, 1),
         ("THREATEN", "130", -4.4, 3), ("AID", "070", 7.0, 2), ("ASSAULT", "180", -9.0, 4))
_WORDS = ("talks", "summit", "border", "troops", "sanctions", "trade", "minister", "visit", "deal", "missile",
          "aid", "statement")

# named columns: later columns of the table (metadata provenance) keep their defaults
_ARTICLE = ("INSERT INTO articles (doc_id, file_name, title, outlet, author, published, dateline, language, text, "
            "removed_lines) ")


def mention_row(doc_id: str, idx: int, source: str, target: str | None, type_: str, date: dt.date | None,
                evidence: str) -> dict[str, Any]:
    kind = next((t for t in TYPES if t[0] == type_), TYPES[0])
    return {"doc_id": doc_id, "idx": idx, "sentence": idx, "source": source, "source_sector": None,
            "source_person": None, "source_text": source, "source_start": 0, "source_end": len(source),
            "target": target, "target_sector": None, "target_person": None, "target_text": target,
            "target_start": None, "target_end": None, "type": type_, "mode": None, "cameo": kind[1],
            "goldstein": kind[2], "quad_class": kind[3], "trigger": None, "date": date, "date_text": None,
            "date_basis": "text" if date else "none", "evidence": evidence, "evidence_start": 0,
            "evidence_end": len(evidence)}


def add_article(con: duckdb.DuckDBPyConnection, doc_id: str, published: dt.date | None, outlet: str | None,
                mentions: list[dict[str, Any]], text: str = "") -> None:
    con.execute("INSERT INTO documents VALUES (?, ?, ?, ?, 0, 'text', 'utf-8', ''::BLOB, "
                "TIMESTAMP '2026-01-01 00:00:00')", [doc_id * 4, doc_id, doc_id + ".txt", doc_id + ".txt"])
    con.execute(_ARTICLE + "VALUES (?, ?, NULL, ?, NULL, ?, NULL, 'en', ?, 0)",
                [doc_id, doc_id + ".txt", outlet, published, text or " ".join(m["evidence"] for m in mentions)])
    insert_mentions(con, mentions)


def insert_mentions(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    table = pa.Table.from_pylist(rows)
    con.register("_eventwire_syn", table)
    try:
        # by name: columns added later (the place columns) stay null
        con.execute("INSERT INTO event_mentions BY NAME SELECT * FROM _eventwire_syn")
    finally:
        con.unregister("_eventwire_syn")


def generate(con: duckdb.DuckDBPyConnection, n_mentions: int, seed: int = 0,
             prefix: str = "syn") -> dict[tuple[str, int], int]:
    """Real-world events reported 1-4 times each by different outlets on the same or the next day.
    Returns the true event of each mention, (doc_id, idx) -> number, to score a merge."""
    rng = random.Random(seed)
    start = dt.date(2024, 1, 1)
    docs: dict[str, tuple[dt.date, str]] = {}
    next_idx: dict[str, int] = {}
    rows: list[dict[str, Any]] = []
    truth: dict[tuple[str, int], int] = {}
    event_no = 0
    while len(rows) < n_mentions:
        event_no += 1
        src, tgt = rng.sample(ACTORS, 2)
        kind = rng.choice(TYPES)[0]
        day = start + dt.timedelta(days=rng.randrange(365))
        words = " ".join(rng.sample(_WORDS, 5))
        for _ in range(rng.randint(1, 4)):
            outlet = f"outlet{rng.randrange(50)}"
            when = day + dt.timedelta(days=rng.choice((0, 0, 0, 1)))
            doc_id = f"{prefix}-{when.isoformat()}-{outlet}"  # one article per outlet and day
            docs.setdefault(doc_id, (when, outlet))
            idx = next_idx.get(doc_id, 0)
            next_idx[doc_id] = idx + 1
            rows.append(mention_row(doc_id, idx, src, tgt, kind, when, f"{src} {kind.lower()} {tgt} {words}"))
            truth[(doc_id, idx)] = event_no
    rows = rows[:n_mentions]
    used = {r["doc_id"] for r in rows}
    con.executemany(_ARTICLE + "VALUES (?, ?, NULL, ?, NULL, ?, NULL, 'en', '', 0)",
                    [[d, d + ".txt", docs[d][1], docs[d][0]] for d in sorted(used)])
    insert_mentions(con, rows)
    kept = {(r["doc_id"], r["idx"]) for r in rows}
    return {k: v for k, v in truth.items() if k in kept}
