"""POLECAT-style PLOVER layout: tab-separated with a header, one row per merged event (column sources in
docs/export.md). POLECAT's geography and Wikipedia ids are left empty: eventwire does not resolve them yet."""

from __future__ import annotations

import csv
from typing import Any, TextIO

import duckdb

from eventwire.exports.gdelt import is_country, require_views

COLUMNS = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title",
    "Actor Name Raw", "Wikipedia Actor ID",
    "Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector", "Recipient Sectors",
    "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID",
    "Placename", "City", "State", "Country", "Latitude", "Longitude", "GeoNames ID", "Raw Placename",
    "Feature Type", "Source", "Publication Date", "Story People", "Story Organizations", "Story Locations",
    "Language", "Version", "Num Mentions", "Num Sources", "Num Articles", "Date Inferred", "Story ID",
    "Event Text",
)
QUADS = {1: "VERBAL COOPERATION", 2: "MATERIAL COOPERATION", 3: "VERBAL CONFLICT", 4: "MATERIAL CONFLICT"}

_SQL = """
    SELECT e.event_id, e.date, e.type, f.mode, e.goldstein, e.quad_class,
           f.first.s, f.first.ss, f.first.sp, f.first.st, f.first.t, f.f_ts, f.first.tp, f.first.tt,
           f.outlets, f.published, f.language, e.num_mentions, e.num_sources, e.num_articles, f.inferred,
           f.story_id, e.evidence
    FROM events e JOIN (
        SELECT m.event_id, any_value(m.mode ORDER BY m.doc_id, m.idx) AS mode,
               arg_min(struct_pack(s := m.source, ss := m.source_sector, sp := m.source_person, st := m.source_text,
                                   t := m.target, tp := m.target_person, tt := m.target_text),
                       m.doc_id || ':' || lpad(CAST(m.idx AS VARCHAR), 6, '0')) AS first,
               arg_min(m.target_sector, m.doc_id || ':' || lpad(CAST(m.idx AS VARCHAR), 6, '0')) AS f_ts,
               string_agg(DISTINCT m.outlet, '; ' ORDER BY m.outlet) AS outlets, min(m.published) AS published,
               any_value(a.language ORDER BY m.doc_id) AS language, bool_or(m.date_inferred) AS inferred,
               min(m.story_id) AS story_id
        FROM mentions m JOIN articles a USING (doc_id) WHERE m.event_id IS NOT NULL GROUP BY m.event_id
    ) f USING (event_id)
    ORDER BY e.date NULLS LAST, e.event_id
"""


def _side(code: str | None, sector: str | None, person: str | None, raw: str | None) -> list[Any]:
    if not code:
        return [""] * 8
    return [person or code, code if is_country(code) else "", "", sector or "", sector or "", "", raw or "", ""]


def rows(con: duckdb.DuckDBPyConnection) -> list[list[Any]]:
    out = []
    for r in con.execute(_SQL).fetchall():
        (eid, date, typ, mode, gold, quad, s, ss, sp, st, t, ts, tp, tt, outlets, published, language,
         nm, ns, na, inferred, story, evidence) = r
        out.append([eid, date.isoformat() if date else "", typ, mode or "", f"{gold:.1f}", QUADS.get(quad, ""), "",
                    *_side(s, ss, sp, st), *_side(t, ts, tp, tt), *[""] * 9, outlets or "",
                    published.isoformat() if published else "", "", "", "", language or "", "eventwire",
                    nm, ns, na, bool(inferred), story or "", evidence])
    return out


def write(con: duckdb.DuckDBPyConnection, out: TextIO) -> int:
    require_views(con)
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    data = rows(con)
    writer.writerows(data)
    return len(data)
