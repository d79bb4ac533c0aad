"""Story threads' TF-IDF, computed in the store over each article's stored term counts.

Reads: doc_terms, story_docs, article_dates. Writes: doc_terms.

A new article is compared with an existing thread by its average cosine similarity to the thread's articles,
which is its dot product with the mean of their TF-IDF vectors. DuckDB sums those means over the stored counts,
so placing a block of new articles never loads the threads' texts or term counts into Python: memory stays
the block's, however many articles the window holds. The weights are textsim.tfidf_matrix's (sublinear tf,
smooth idf over the block and its context, terms of a single article dropped, rows L2-normalised).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from eventwire.store.batch import insert_arrow, registered

Bag = Counter[str]

_NEW = "_ew_new_terms"  # the block's term counts, registered from Arrow
_KEPT = "_ew_kept"  # (doc_id, story_id) of the articles a label is computed over
# A thread stands for its articles dated within the window, its latest PER_THREAD of them when it has more:
# a block's work is bounded by the threads it meets, not by how many articles retold them (a backfill of one
# busy week compared each block with every article before it), and a long thread is judged by what it says now.
PER_THREAD = 200
# the threaded articles dated within the window, once per block (article_dates reads every article's events)
_WINDOW = """
    CREATE OR REPLACE TEMP TABLE _ew_window AS
    SELECT s.doc_id, s.story_id, d.date,
           row_number() OVER (PARTITION BY s.story_id ORDER BY d.date DESC, s.doc_id DESC) AS recent
    FROM story_docs s JOIN article_dates d USING (doc_id) WHERE d.date BETWEEN $lo AND $hi"""
_CONTEXT = "SELECT doc_id, story_id FROM _ew_window WHERE recent <= $per_thread"
_IDF = "ln(($n + 1) / (count(*) + 1)) + 1"
_WEIGHT = "(1 + ln({t}.n)) * f.idf"
_UNIT = "w / sqrt(sum(w * w) OVER (PARTITION BY doc_id))"  # rows L2-normalised
_NEW_ROWS = f"""  -- the block's TF-IDF rows, normalised (idf from _ew_idf)
    SELECT doc_id, term, {_UNIT} AS w FROM (
        SELECT x.doc_id, x.term, {_WEIGHT.format(t="x")} AS w FROM {_NEW} x JOIN _ew_idf f USING (term))"""


@dataclass
class Placement:
    """The block against the threads it could join: those with at least one new article at `threshold` or
    more (average linkage never lifts a pair above its most similar members, so no other thread can join)."""

    threads: list[str]  # story ids, sorted
    sizes: list[int]  # each thread's articles in the window (all of them, sampled or not)
    spans: list[tuple[dt.date, dt.date]]  # each thread's first and last date in the context
    members: dict[str, str]  # doc_id -> story_id of these threads' articles in the context (their labels' set)
    cross: np.ndarray  # new article x thread: average similarity (0 where no term is shared)
    vectors: np.ndarray  # the new articles' TF-IDF rows, in the block's order


def bags_table(doc_ids: Sequence[str], bags: Sequence[Bag]) -> pa.Table:
    return pa.table({"doc_id": pa.array([d for d, b in zip(doc_ids, bags, strict=True) for _ in b], pa.string()),
                     "term": pa.array([t for b in bags for t in b], pa.string()),
                     "n": pa.array([float(c) for b in bags for c in b.values()], pa.float64())})


def store(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str], bags: Sequence[Bag]) -> None:
    """Replace the stored counts of these articles (the caller holds the transaction)."""
    with registered(con, "_ew_ids", pa.table({"doc_id": pa.array(list(doc_ids), pa.string())})):
        con.execute("DELETE FROM doc_terms WHERE doc_id IN (SELECT doc_id FROM _ew_ids)")
    insert_arrow(con, "doc_terms", bags_table(doc_ids, bags))


def unstored(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Threaded articles without stored counts: a store from before doc_terms, or a rewritten document."""
    rows = con.execute("SELECT doc_id FROM story_docs s WHERE NOT EXISTS "
                       "(SELECT 1 FROM doc_terms t WHERE t.doc_id = s.doc_id) ORDER BY doc_id").fetchall()
    return [r[0] for r in rows]


def place(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str], bags: Sequence[Bag],
          window: tuple[dt.date, dt.date], threshold: float) -> Placement:
    """The new articles (`doc_ids`, not yet threaded) against the threaded ones dated within `window`."""
    per_thread = {"per_thread": PER_THREAD}
    con.execute(_WINDOW, {"lo": window[0], "hi": window[1]})
    n = con.execute(f"SELECT count(*) FROM ({_CONTEXT})", per_thread).fetchall()[0][0] + len(doc_ids)
    with registered(con, _NEW, bags_table(doc_ids, bags)):
        con.execute(f"""CREATE OR REPLACE TEMP TABLE _ew_idf AS
            SELECT term, {_IDF} AS idf FROM (
                SELECT t.term FROM doc_terms t JOIN ({_CONTEXT}) c USING (doc_id)
                UNION ALL SELECT term FROM {_NEW})
            GROUP BY term HAVING count(*) > 1""", {**per_thread, "n": n})
        vectors = _new_vectors(con, doc_ids)
        rows = con.execute(f"""
            WITH ctx AS ({_CONTEXT}),
            cw AS (SELECT t.doc_id, c.story_id, t.term, {_WEIGHT.format(t="t")} AS w
                   FROM doc_terms t JOIN ctx c USING (doc_id) JOIN _ew_idf f USING (term)),
            centroid AS (SELECT story_id, term, sum(w) AS w FROM (SELECT story_id, term, {_UNIT} AS w FROM cw)
                         GROUP BY story_id, term),
            nw AS ({_NEW_ROWS}),
            threads AS (SELECT story_id, count(*) AS size, min(date) AS first, max(date) AS last
                        FROM _ew_window GROUP BY story_id),
            sims AS (SELECT nw.doc_id, c.story_id, sum(nw.w * c.w) AS dot
                     FROM nw JOIN centroid c USING (term) GROUP BY nw.doc_id, c.story_id),
            sampled AS (SELECT story_id, count(*) AS size FROM ctx GROUP BY story_id)
            SELECT s.story_id, s.doc_id, s.dot / k.size AS sim, t.size, t.first, t.last
            FROM sims s JOIN sampled k USING (story_id) JOIN threads t USING (story_id)
            QUALIFY max(s.dot / k.size) OVER (PARTITION BY s.story_id) >= $threshold
            ORDER BY s.story_id""", {**per_thread, "threshold": threshold}).fetchall()
        members = con.execute(f"SELECT doc_id, story_id FROM ({_CONTEXT}) WHERE list_contains($ids, story_id)",
                              {**per_thread, "ids": sorted({r[0] for r in rows})}).fetchall()
        con.execute("DROP TABLE _ew_idf")
        con.execute("DROP TABLE _ew_window")
    return _placement(rows, list(doc_ids), vectors, dict(members))


def _new_vectors(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str]) -> np.ndarray:
    """The block's normalised rows as a dense matrix (block x the block's shared terms): for new x new."""
    tab = con.sql(_NEW_ROWS).to_arrow_table()
    row_of = {d: i for i, d in enumerate(doc_ids)}
    terms = pc.dictionary_encode(tab.column("term")).combine_chunks()
    mat = np.zeros((len(doc_ids), max(len(terms.dictionary), 1)))
    rows = np.fromiter((row_of[d] for d in tab.column("doc_id").to_pylist()), dtype=np.int64, count=tab.num_rows)
    mat[rows, terms.indices.to_numpy()] = tab.column("w").to_numpy()
    return mat


def _placement(rows: list[tuple], doc_ids: list[str], vectors: np.ndarray, members: dict[str, str]) -> Placement:
    threads = sorted({r[0] for r in rows})
    col = {s: j for j, s in enumerate(threads)}
    row_of = {d: i for i, d in enumerate(doc_ids)}
    cross = np.zeros((len(doc_ids), len(threads)))
    info: dict[str, tuple[int, dt.date, dt.date]] = {}
    for story, doc, sim, size, first, last in rows:
        cross[row_of[doc], col[story]] = sim
        info[story] = (size, first, last)
    return Placement(threads, [info[s][0] for s in threads], [(info[s][1], info[s][2]) for s in threads],
                     members, cross, vectors)


def label_terms(con: duckdb.DuckDBPyConnection, kept: pa.Table, skip_names: Sequence[str],
                k: int) -> dict[str, tuple[list[str], list[str]]]:
    """Each thread's top `k` names (`ne:` terms, less `skip_names`) and top `k` terms of any kind, by TF-IDF
    weight within the thread times the share of its articles using the term: what the thread is about.
    `kept` (doc_id, story_id) is the set the weights are computed over; its articles' counts must be stored."""
    with registered(con, _KEPT, kept):
        rows = con.execute(f"""
            WITH kt AS (SELECT t.doc_id, k.story_id, t.term, t.n FROM doc_terms t JOIN {_KEPT} k USING (doc_id)),
            f AS (SELECT term, {_IDF} AS idf FROM kt GROUP BY term HAVING count(*) > 1),
            w AS (SELECT t.doc_id, t.story_id, t.term, {_WEIGHT.format(t="t")} AS w FROM kt t JOIN f USING (term)),
            wn AS (SELECT story_id, term, {_UNIT} AS w FROM w),
            size AS (SELECT story_id, count(*) AS size FROM {_KEPT} GROUP BY story_id),
            tw AS (SELECT story_id, term, sum(w) / any_value(size) * count(*) / any_value(size) AS weight,
                          term LIKE 'ne:%' AND NOT list_contains($skip, substr(term, 4)) AS name
                   FROM wn JOIN size USING (story_id) GROUP BY story_id, term)
            SELECT story_id, term, name, row_number() OVER (PARTITION BY story_id ORDER BY weight DESC, term) AS rk,
                   row_number() OVER (PARTITION BY story_id, name ORDER BY weight DESC, term) AS rk_kind
            FROM tw WHERE weight > 0
            QUALIFY rk <= $k OR (name AND rk_kind <= $k)
            ORDER BY story_id, weight DESC, term""", {"n": kept.num_rows, "skip": list(skip_names), "k": k}
                            ).fetchall()
    out: dict[str, tuple[list[str], list[str]]] = {}
    for story, term, name, rank, _ in rows:
        names, top = out.setdefault(story, ([], []))
        if name:
            names.append(term[3:])
        if rank <= k:
            top.append(term)
    return out


# A capitalised run: "North Korea", "NATO", "Jens Stoltenberg", "Ministry of Foreign Affairs".
_NAME_RUN = re.compile(r"\b[A-Z][\w'’-]*(?:[ \t]+(?:of[ \t]+(?:the[ \t]+)?)?[A-Z][\w'’-]*)*")
_LEADING = frozenset({"The", "A", "An", "In", "On", "At", "But", "And", "For", "It", "As", "By", "From", "With"})


def display_names(words: Sequence[str], texts: Sequence[str]) -> list[str]:
    """Label words (lower-case name terms) as the whole names the threads' texts write them in: "north" and
    "korea" -> "North Korea", "nato" -> "NATO"; each name once. A word no name contains stays, title-cased."""
    runs: Counter[str] = Counter()
    for text in texts:
        for m in _NAME_RUN.finditer(text):
            parts = m.group(0).split()
            while parts and parts[0] in _LEADING:
                parts = parts[1:]
            if parts:
                runs[" ".join(parts)] += 1
    out: list[str] = []
    for w in words:
        have = [(n, r) for r, n in runs.items() if w in (p.lower().strip(".'’") for p in r.split())]
        name = max(have, key=lambda x: (x[0], -len(x[1])))[1] if have else w.title()  # the usual form
        if not any(name in o for o in out):  # "Kishida" after "Fumio Kishida" says nothing new
            out.append(name)
    return out
