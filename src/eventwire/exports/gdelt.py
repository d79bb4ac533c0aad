"""GDELT 2.0 layouts: Events (61 tab-separated columns, one row per merged event) and Mentions (16 columns,
one row per event mention). No header line, as in GDELT's own files. Column sources: docs/export.md."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from functools import cache
from typing import Any, TextIO

import duckdb
import pycountry

from eventwire.store.db import StoreError
from eventwire.store.queries import NOT_MERGED

EVENT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{c}" for n in (1, 2) for c in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{c}" for who in ("Actor1", "Actor2", "Action") for c in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)
MENTION_COLUMNS = (
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
)
ROOT_SENTENCES = 3  # GDELT's IsRootEvent: reported in the lead (here: the first three sentences)
CONFIDENCE = {"founded": 100, "same-day": 100, "adjacent-day": 80, "undated-story": 60}


def global_id(event_id: str) -> int:
    """A stable 60-bit integer from the merged event id (GDELT ids are integers)."""
    return int(event_id.removeprefix("ev-")[:15], 16)


@cache
def is_country(code: str | None) -> bool:
    return bool(code) and pycountry.countries.get(alpha_3=code) is not None


def _actor(code: str | None, sector: str | None, person: str | None, text: str | None) -> list[Any]:
    if not code:
        return [""] * 10
    name = (person or text or code).upper()
    country = code if is_country(code) else ""
    group = "" if country else code
    return [code + (sector or ""), name, country, group, "", "", "", sector or "", "", ""]


def _date_fields(d: dt.date | None) -> list[Any]:
    if d is None:
        return ["", "", "", ""]
    fraction = d.year + (d.timetuple().tm_yday - 1) / 365
    return [d.strftime("%Y%m%d"), d.strftime("%Y%m"), d.year, f"{fraction:.4f}"]


_EVENTS_SQL = """
    SELECT e.event_id, e.date, f.source, f.source_sector, f.source_person, f.source_text,
           f.target, f.target_sector, f.target_person, f.target_text, e.cameo, e.quad_class, e.goldstein,
           e.num_mentions, e.num_sources, e.num_articles, f.min_sentence, f.added, f.file_name, f0.place
    FROM events e JOIN (
        SELECT l.event_id, min(m.sentence) AS min_sentence, min(d.ingested_at) AS added,
               arg_min(a.file_name, m.doc_id || ':' || lpad(CAST(m.idx AS VARCHAR), 6, '0')) AS file_name,
               arg_min(struct_pack(s := m.source, ss := m.source_sector, sp := m.source_person, st := m.source_text,
                                   t := m.target, ts := m.target_sector, tp := m.target_person, tt := m.target_text),
                       m.doc_id || ':' || lpad(CAST(m.idx AS VARCHAR), 6, '0')) AS first,
               -- the place a report states in the event's clause beats a dateline, which beats none
               arg_min(struct_pack(level := m.place_level, full := m.place_full_name, fips := m.place_fips,
                                   adm1 := m.place_adm1, lat := m.place_lat, lon := m.place_lon,
                                   fid := m.place_feature_id, iso3 := m.place_country),
                       CASE m.place_method WHEN 'clause' THEN '0' WHEN 'dateline' THEN '1' ELSE '2' END
                       || m.doc_id || ':' || lpad(CAST(m.idx AS VARCHAR), 6, '0')) AS place
        FROM event_links l JOIN event_mentions m USING (doc_id, idx) JOIN articles a USING (doc_id)
        JOIN documents d USING (doc_id) GROUP BY l.event_id
    ) f0 USING (event_id),
    LATERAL (SELECT f0.first.s AS source, f0.first.ss AS source_sector, f0.first.sp AS source_person,
                    f0.first.st AS source_text, f0.first.t AS target, f0.first.ts AS target_sector,
                    f0.first.tp AS target_person, f0.first.tt AS target_text, f0.min_sentence AS min_sentence,
                    f0.added AS added, f0.file_name AS file_name) f
    ORDER BY e.date NULLS LAST, e.event_id
"""


def event_rows(con: duckdb.DuckDBPyConnection) -> Iterator[list[Any]]:
    for r in con.execute(_EVENTS_SQL).fetchall():
        (eid, date, s, ss, sp, st, t, ts, tp, tt, cameo, quad, gold, nm, ns, na, min_sent, added, fname, place) = r
        geo = ["0", "", "", "", "", "", "", ""]
        yield [global_id(eid), *_date_fields(date), *_actor(s, ss, sp, st), *_actor(t, ts, tp, tt),
               1 if min_sent < ROOT_SENTENCES else 0, cameo, cameo[:3], cameo[:2], quad, f"{gold:.1f}",
               nm, ns, na, "", *geo, *geo, *action_geo(place), added.strftime("%Y%m%d%H%M%S"), fname]


def action_geo(p: dict[str, Any] | None) -> list[Any]:
    """GDELT's eight geography fields. Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state;
    a country's ADM1Code and FeatureID are its FIPS code, as in GDELT's files; a city's FeatureID is its
    GeoNames id (GDELT uses GNS ids, which GeoNames does not carry)."""
    if not p or not p.get("level"):
        return ["0", "", "", "", "", "", "", ""]
    us, level, fips = p["iso3"] == "USA", p["level"], p["fips"] or ""
    kind = {"country": 1, "region": 2 if us else 5, "city": 3 if us else 4}[level]
    adm1 = fips if level == "country" else fips + (p["adm1"] or "")
    fid = fips if level == "country" else p["fid"]
    return [kind, p["full"], fips, adm1, "", f"{p['lat']:.4f}", f"{p['lon']:.4f}", fid]


_MENTIONS_SQL = """
    SELECT l.event_id, k.date AS event_date, d.ingested_at, a.outlet, a.file_name, m.sentence, m.source_start,
           m.target_start, m.evidence_start, m.evidence, m.trigger, l.reason, length(a.text)
    FROM event_links l JOIN event_mentions m USING (doc_id, idx) JOIN articles a USING (doc_id)
    JOIN documents d USING (doc_id) LEFT JOIN event_dates k USING (event_id)
    ORDER BY k.date NULLS LAST, l.event_id, m.doc_id, m.idx
"""


def mention_rows(con: duckdb.DuckDBPyConnection) -> Iterator[list[Any]]:
    for r in con.execute(_MENTIONS_SQL).fetchall():
        eid, edate, added, outlet, fname, sent, s0, t0, ev0, evidence, trigger, reason, doclen = r
        action = ev0 + max(evidence.find(trigger), 0) if trigger else ev0
        yield [global_id(eid), edate.strftime("%Y%m%d000000") if edate else "", added.strftime("%Y%m%d%H%M%S"),
               1, outlet or "", fname, sent + 1, s0 if s0 is not None else -1, t0 if t0 is not None else -1,
               action, 1, CONFIDENCE.get(reason.split(":", 1)[0], 50), doclen, "", "", ""]


def _write(rows: Iterator[list[Any]], out: TextIO) -> int:
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    n = 0
    for row in rows:
        # GDELT fields never hold tabs or newlines; names from text could
        writer.writerow([str(v).replace("\t", " ").replace("\n", " ") for v in row])
        n += 1
    return n


def require_views(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.execute("SELECT 1 FROM events LIMIT 0").fetchall()
    except duckdb.CatalogException as exc:
        raise StoreError(NOT_MERGED) from exc


def write_events(con: duckdb.DuckDBPyConnection, out: TextIO) -> int:
    require_views(con)
    return _write(event_rows(con), out)


def write_mentions(con: duckdb.DuckDBPyConnection, out: TextIO) -> int:
    require_views(con)
    return _write(mention_rows(con), out)
