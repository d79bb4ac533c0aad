"""Exports. The jsonl layout is the project's measured contract (docs/export.md): one object per line with
`kind` (article | event | quote) and `file` (the input file's name)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import duckdb

from eventwire import reads
from eventwire.store import queries
from eventwire.store.queries import EventFilter


def records(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    """Articles, then their event mentions and quotes, in file order (the reads every door uses)."""
    evs: dict[str, list[reads.Mention]] = {}
    for m in reads.mentions(con, order="file").items:
        evs.setdefault(m.doc_id, []).append(m)
    qs: dict[str, list[reads.Quote]] = {}
    for q in reads.quotes(con).items:
        qs.setdefault(q.doc_id, []).append(q)
    texts = reads.texts(con)
    for a in reads.articles(con, order="file").items:
        yield {"kind": "article", "file": a.file_name, "doc_id": a.doc_id, "title": a.title, "outlet": a.outlet,
               "author": a.author, "published": _iso(a.published), "published_basis": a.published_basis,
               "author_basis": a.author_basis, "dateline": a.dateline, "language": a.language,
               "text": texts[a.doc_id], "story": a.story_id}
        for m in evs.get(a.doc_id, []):
            yield _event(m)
        for q in qs.get(a.doc_id, []):
            yield {"kind": "quote", "file": q.file_name, "doc_id": q.doc_id, "text": q.text, "start": q.start,
                   "end": q.end, "speaker": q.speaker, "speaker_actor": q.speaker_code,
                   "speaker_sector": q.speaker_sector, "speaker_person": q.speaker_person, "quote_kind": q.kind}


def _event(m: reads.Mention) -> dict[str, Any]:
    e = dataclasses.asdict(m)
    rec = {"kind": "event", "file": m.file_name, "doc_id": m.doc_id, "event_index": m.idx,
           **{k: e[k] for k in _EVENT_FIELDS}, **{k: e[k] for k in _PLACE_FIELDS}}
    rec["date"] = _iso(m.event_date if m.date_inferred else m.date)
    # fields added by merging: the merged event's id, and whether `date` was taken from it
    rec["event_id"] = m.event_id
    rec["date_inferred"] = m.date_inferred
    return rec


_EVENT_FIELDS = ("source", "source_sector", "source_person", "source_text", "target", "target_sector",
                 "target_person", "target_text", "type", "mode", "cameo", "goldstein", "quad_class", "trigger",
                 "date", "date_text", "date_basis", "evidence", "evidence_start", "evidence_end", "confidence",
                 "modality", "coder")
_PLACE_FIELDS = ("place_name", "place_full_name", "place_country", "place_adm1", "place_lat", "place_lon",
                 "place_feature_id", "place_level", "place_text", "place_method")


def _iso(v: Any) -> str | None:
    return v.isoformat() if isinstance(v, dt.date) else v


def write_jsonl(con: duckdb.DuckDBPyConnection, out: TextIO) -> int:
    n = 0
    for rec in records(con):
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(con: duckdb.DuckDBPyConnection, out: TextIO) -> int:
    rows = reads.mentions(con, order="file").items
    writer = csv.DictWriter(out, fieldnames=list(queries.EVENT_COLUMNS))
    writer.writeheader()
    for m in rows:
        e = dataclasses.asdict(m)
        writer.writerow({k: _iso(e[k]) for k in queries.EVENT_COLUMNS})
    return len(rows)


def write_parquet(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    sql, params = reads.mention_sql(EventFilter(), "file", con)
    con.sql(f"SELECT {', '.join(queries.EVENT_COLUMNS)} FROM ({sql})", params=params).write_parquet(str(path))
    row = con.execute("SELECT count(*) FROM event_mentions").fetchone()
    return int(row[0]) if row else 0
