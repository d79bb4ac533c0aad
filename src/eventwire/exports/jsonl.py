"""Exports. The jsonl layout is the project's measured contract (docs/export.md): one object per line with
`kind` (article | event | quote) and `file` (the input file's name)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import duckdb

from eventwire.store import queries


def records(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    """Articles, then their events and quotes, in file order."""
    evs: dict[str, list[dict[str, Any]]] = {}
    for e in queries.events(con):
        evs.setdefault(e["doc_id"], []).append(e)
    merged = _merged(con)
    stories = _stories(con)
    qs: dict[str, list[dict[str, Any]]] = {}
    for q in queries.quotes(con):
        qs.setdefault(q["doc_id"], []).append(q)
    for a in queries.articles(con):
        yield {"kind": "article", "file": a["file_name"], "doc_id": a["doc_id"], "title": a["title"],
               "outlet": a["outlet"], "author": a["author"], "published": _iso(a["published"]),
               "published_basis": a["published_basis"], "author_basis": a["author_basis"],
               "dateline": a["dateline"], "language": a["language"], "text": a["text"],
               "story": stories.get(a["doc_id"])}
        for e in evs.get(a["doc_id"], []):
            rec = _event(e)
            # fields added by merging: the merged event's id, and whether `date` was taken from it
            event_id, inferred_date = merged.get((e["doc_id"], e["idx"]), (None, None))
            rec["event_id"] = event_id
            rec["date_inferred"] = inferred_date is not None
            if inferred_date is not None:
                rec["date"] = _iso(inferred_date)
            yield rec
        for q in qs.get(a["doc_id"], []):
            yield {"kind": "quote", "file": q["file_name"], "doc_id": q["doc_id"], "text": q["text"],
                   "start": q["start_char"], "end": q["end_char"], "speaker": q["speaker"],
                   "speaker_actor": q["speaker_code"], "speaker_sector": q["speaker_sector"],
                   "speaker_person": q["speaker_person"], "quote_kind": q["kind"]}


def _event(e: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "event", "file": e["file_name"], "doc_id": e["doc_id"], "event_index": e["idx"],
            "source": e["source"], "source_sector": e["source_sector"], "source_person": e["source_person"],
            "source_text": e["source_text"], "target": e["target"], "target_sector": e["target_sector"],
            "target_person": e["target_person"], "target_text": e["target_text"], "type": e["type"],
            "mode": e["mode"], "cameo": e["cameo"], "goldstein": e["goldstein"], "quad_class": e["quad_class"],
            "trigger": e["trigger"], "date": _iso(e["date"]), "date_text": e["date_text"],
            "date_basis": e["date_basis"], "evidence": e["evidence"], "evidence_start": e["evidence_start"],
            "evidence_end": e["evidence_end"], "confidence": e["confidence"], "modality": e["modality"],
            "coder": e["coder"], **{k: e[k] for k in _PLACE_FIELDS}}


_PLACE_FIELDS = ("place_name", "place_full_name", "place_country", "place_adm1", "place_lat", "place_lon",
                 "place_feature_id", "place_level", "place_text", "place_method")


def _merged(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, int], tuple[str, Any]]:
    """(doc_id, idx) -> (event_id, inferred date or None)."""
    try:
        rows = con.execute("SELECT doc_id, idx, event_id, CASE WHEN date_inferred THEN date END FROM event_links")
    except duckdb.CatalogException:  # a database written before merging existed, opened read-only
        return {}
    return {(r[0], r[1]): (r[2], r[3]) for r in rows.fetchall()}


def _stories(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    try:
        return {r[0]: r[1] for r in con.execute("SELECT doc_id, story_id FROM story_docs").fetchall()}
    except duckdb.CatalogException:
        return {}


def _iso(v: Any) -> str | None:
    return v.isoformat() if isinstance(v, dt.date) else v


def write_jsonl(con: duckdb.DuckDBPyConnection, out: TextIO) -> int:
    n = 0
    for rec in records(con):
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(con: duckdb.DuckDBPyConnection, out: TextIO) -> int:
    rows = queries.events(con)
    writer = csv.DictWriter(out, fieldnames=list(queries.EVENT_COLUMNS))
    writer.writeheader()
    for r in rows:
        writer.writerow({k: _iso(v) for k, v in r.items()})
    return len(rows)


def write_parquet(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    cols = ", ".join("a.file_name" if c == "file_name" else f"e.{c}" for c in queries.EVENT_COLUMNS)
    rel = con.sql(f"SELECT {cols} FROM event_mentions e JOIN articles a USING (doc_id) ORDER BY a.file_name, e.idx")
    rel.write_parquet(str(path))
    row = con.execute("SELECT count(*) FROM event_mentions").fetchone()
    return int(row[0]) if row else 0
