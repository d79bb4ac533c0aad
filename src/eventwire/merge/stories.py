"""Story threads: articles grouped by what they tell (TF-IDF of words, names and actors) and when.

Average-link agglomerative clustering with one similarity threshold; articles whose dates are both known
and further apart than `window_days` never link. Deterministic: documents are taken in doc_id order and ties
go to the lowest index.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from eventwire.merge import threadterms
from eventwire.merge.textsim import terms, tfidf_matrix
from eventwire.store.batch import insert_arrow, registered, transaction

THRESHOLD = 0.22  # chosen on ECB+ topics 1-35 (B3 F1 plateau 0.22-0.26)
WINDOW_DAYS = 30


@dataclass
class StoryDoc:
    doc_id: str
    text: str
    date: dt.date | None = None
    actors: tuple[str, ...] = ()
    story: str | None = None  # the thread it is already in


def bag(doc: StoryDoc) -> Counter[str]:
    """What a document is compared by: its words and names (textsim.terms) and its actors."""
    out = terms(doc.text)
    out.update(Counter("actor:" + a for a in doc.actors))
    return out


def similarity(docs: Sequence[StoryDoc], bags: Sequence[Counter[str]] | None = None) -> tuple[np.ndarray, list[str]]:
    """Cosine similarity of every pair; `bags[i]` is bag(docs[i]) when the caller has it (terms() costs)."""
    mat, vocab = tfidf_matrix(bags if bags is not None else [bag(d) for d in docs])
    return mat @ mat.T, vocab


def cluster(docs: Sequence[StoryDoc], threshold: float = THRESHOLD, window_days: int = WINDOW_DAYS,
            fixed: Sequence[str | None] | None = None, bags: Sequence[Counter[str]] | None = None) -> list[int]:
    """Cluster label per document. `fixed[i]` names the thread document i is already in: existing threads
    stay whole and are never merged with each other (their ids stay); only the other documents move."""
    if not docs:
        return []
    if fixed is None or all(f is None for f in fixed):
        sim, _ = similarity(docs, bags)
        agg = _Agglo(sim.astype(np.float64), [(d.date, d.date) for d in docs], window_days)
        agg.run(threshold)
        return [agg.root(k) for k in range(len(docs))]
    return _cluster_fixed(docs, threshold, window_days, fixed, bags)


def _cluster_fixed(docs: Sequence[StoryDoc], threshold: float, window_days: int,
                   fixed: Sequence[str | None], bags: Sequence[Counter[str]] | None) -> list[int]:
    """In memory, what update() does in the store: each existing thread one node, at the average similarity
    of its members to each new document."""
    threads: dict[str, list[int]] = {}
    for k, name in enumerate(fixed):
        if name is not None:
            threads.setdefault(name, []).append(k)
    groups = [threads[name] for name in sorted(threads)]
    new = [k for k, name in enumerate(fixed) if name is None]
    mat, _ = tfidf_matrix(bags if bags is not None else [bag(d) for d in docs])
    cross = mat[new] @ mat.T
    spans: list[Span] = [(min(_dates(docs, m), default=None), max(_dates(docs, m), default=None)) for m in groups]
    agg = place(np.stack([cross[:, m].mean(axis=1) for m in groups], axis=1), cross[:, new],
                [len(m) for m in groups], spans, [docs[k].date for k in new], threshold, window_days)
    labels = [0] * len(docs)
    for g, members in enumerate(groups):
        for k in members:
            labels[k] = agg.root(g)
    for a, k in enumerate(new):
        labels[k] = agg.root(len(groups) + a)
    return labels


def place(cross: np.ndarray, among: np.ndarray, sizes: Sequence[int], spans: Sequence[Span],
          dates: Sequence[dt.date | None], threshold: float, window_days: int) -> _Agglo:
    """New documents clustered among themselves (`among`: new x new) and with existing threads (`cross`:
    new x thread, average linkage) that stay apart: nodes 0..t-1 are the threads, t.. the new documents, and
    a cluster holding a thread has the thread's node as root. The cost is new x threads, not context squared."""
    t, m = cross.shape[1], cross.shape[0]
    s = np.full((t + m, t + m), -np.inf)
    s[t:, :t] = cross
    s[:t, t:] = cross.T
    s[t:, t:] = among
    agg = _Agglo(s, [*spans, *((d, d) for d in dates)], window_days, sizes=[*sizes, *([1] * m)])
    agg.old = set(range(t))
    agg.run(threshold)
    return agg


def _dates(docs: Sequence[StoryDoc], members: Sequence[int]) -> list[dt.date]:
    return [d for d in (docs[k].date for k in members) if d is not None]


class _Agglo:
    """Average-link agglomeration (Lance-Williams updates) under a time-span limit."""

    def __init__(self, s: np.ndarray, span: list[Span], window_days: int, sizes: list[int] | None = None) -> None:
        np.fill_diagonal(s, -np.inf)
        self.s, self.span, self.window = s, span, window_days
        self.size = np.array(sizes if sizes is not None else [1] * len(span), dtype=np.float64)
        self.parent = list(range(len(span)))
        self.old: set[int] = set()

    def root(self, k: int) -> int:
        while self.parent[k] != k:
            k = self.parent[k]
        return k

    def merge(self, i: int, j: int) -> None:
        i, j = self.root(i), self.root(j)
        if i == j:
            return
        i, j = min(i, j), max(i, j)
        s, size = self.s, self.size
        merged = (s[i] * size[i] + s[j] * size[j]) / (size[i] + size[j])
        s[i, :] = merged
        s[:, i] = merged
        s[i, i] = -np.inf
        s[j, :] = -np.inf
        s[:, j] = -np.inf
        size[i] += size[j]
        self.span[i] = _join(self.span[i], self.span[j])
        self.parent[j] = i
        if j in self.old:
            self.old.add(i)

    def run(self, threshold: float) -> None:
        n = len(self.parent)
        while True:
            i, j = divmod(int(np.argmax(self.s)), n)
            if self.s[i, j] < threshold:
                return
            joined = _join(self.span[i], self.span[j])
            too_long = joined[0] is not None and joined[1] is not None and (joined[1] - joined[0]).days > self.window
            if too_long or (i in self.old and j in self.old):
                # a thread never spans more than the window (spans only grow) and existing threads keep their
                # identity: forbid the pair for good
                self.s[i, j] = self.s[j, i] = -np.inf
                continue
            self.merge(i, j)


_CALENDAR = frozenset(dt.date(2001, m, 1).strftime("%B").lower() for m in range(1, 13)) | frozenset(
    dt.date(2001, 1, d).strftime("%A").lower() for d in range(1, 8))
Span = tuple[dt.date | None, dt.date | None]


def _join(a: Span, b: Span) -> Span:
    lows = [d for d in (a[0], b[0]) if d is not None]
    highs = [d for d in (a[1], b[1]) if d is not None]
    return (min(lows) if lows else None, max(highs) if highs else None)


def _name(docs: Sequence[StoryDoc], members: Sequence[int], used: set[str]) -> str:
    """A thread keeps the id of the existing thread most of its articles were in (ties: the smaller id)."""
    old: Counter[str] = Counter(str(docs[i].story) for i in members if docs[i].story and docs[i].story not in used)
    ranked = sorted(old.items(), key=lambda kv: (-kv[1], kv[0]))
    sid = ranked[0][0] if ranked else story_id([docs[i].doc_id for i in members])
    used.add(sid)
    return sid


def story_id(doc_ids: Sequence[str]) -> str:
    """Stable id: named after the thread's lowest doc_id, so re-runs and unrelated additions keep it."""
    return "st-" + hashlib.sha1(min(doc_ids).encode()).hexdigest()[:12]


FULL_LIMIT = 1000  # up to this many articles the threads are recomputed whole (about 1 s); beyond, new ones are placed
LABEL_TERMS = 4


def load_docs(con: duckdb.DuckDBPyConnection, where: str = "", params: list[Any] | None = None,
              limit: int | None = None) -> list[StoryDoc]:
    """The articles `where` picks (over doc_id, date, story_id), with text and actors. Picked first: reading
    the text and actors of every article to keep a block of them cost 140 MB of DuckDB memory at 10,000."""
    rows = con.execute(f"""
        WITH pick AS (
            SELECT * FROM (SELECT doc_id, d.date, s.story_id FROM article_dates d LEFT JOIN story_docs s USING (doc_id))
            {where} ORDER BY doc_id {"LIMIT " + str(int(limit)) if limit else ""})
        SELECT p.doc_id, coalesce(a.title, '') || '\n' || a.text, p.date,
               (SELECT list(m.code ORDER BY m.idx) FROM actor_mentions m
                WHERE m.doc_id = p.doc_id AND m.code IS NOT NULL), p.story_id
        FROM pick p JOIN articles a USING (doc_id) ORDER BY p.doc_id""", params or []).fetchall()
    return [StoryDoc(r[0], r[1], r[2], tuple(r[3] or ()), r[4]) for r in rows]


def update(con: duckdb.DuckDBPyConnection) -> int:
    """Thread the articles not yet in a story; returns the number of threads written. A small store is
    threaded whole; beyond FULL_LIMIT articles, new ones are placed a block at a time against the threads
    dated within the window of the block (threadterms: in the store), so memory holds one block, whatever
    the backfill."""
    _store_missing_terms(con)
    written = 0
    while True:
        total, threaded = con.execute("SELECT count(*), count(s.story_id) FROM articles a "
                                      "LEFT JOIN story_docs s USING (doc_id)").fetchall()[0]
        if total == threaded:
            return written
        if total <= FULL_LIMIT:
            return written + _thread_all(con)
        written += _thread_block(con)


def _store_missing_terms(con: duckdb.DuckDBPyConnection) -> None:
    missing = threadterms.unstored(con)
    for at in range(0, len(missing), FULL_LIMIT):
        docs = load_docs(con, "WHERE list_contains(?, doc_id)", [missing[at:at + FULL_LIMIT]])
        bags = [bag(d) for d in docs]
        with transaction(con):
            threadterms.store(con, [d.doc_id for d in docs], bags)


def _thread_all(con: duckdb.DuckDBPyConnection) -> int:
    docs = load_docs(con)
    bags = [bag(d) for d in docs]
    groups: dict[int, list[int]] = {}
    for i, g in enumerate(cluster(docs, bags=bags)):
        groups.setdefault(g, []).append(i)
    used: set[str] = set()
    assigned = {docs[i].doc_id: _name(docs, m, used) for m in sorted(groups.values()) for i in m}
    _write(con, docs, bags, assigned, assigned)
    return len(groups)


def _thread_block(con: duckdb.DuckDBPyConnection) -> int:
    """Up to FULL_LIMIT new articles, clustered among themselves and with the threads they may join."""
    new = load_docs(con, "WHERE story_id IS NULL", limit=FULL_LIMIT)
    bags = [bag(d) for d in new]
    dates = [d.date for d in new if d.date is not None]
    if not dates:  # nothing to place them by in time: only among themselves
        roots, threads = cluster(new, bags=bags), []
        kept: dict[str, str] = {}
    else:
        window = (min(dates) - dt.timedelta(days=WINDOW_DAYS), max(dates) + dt.timedelta(days=WINDOW_DAYS))
        p = threadterms.place(con, [d.doc_id for d in new], bags, window, THRESHOLD)
        agg = place(p.cross, p.vectors @ p.vectors.T, p.sizes, p.spans, [d.date for d in new], THRESHOLD,
                    WINDOW_DAYS)
        roots, threads = [agg.root(len(p.threads) + a) for a in range(len(new))], p.threads
        touched = {threads[r] for r in roots if r < len(threads)}
        kept = {doc: sid for doc, sid in p.members.items() if sid in touched}
    groups: dict[int, list[int]] = {}
    for a, r in enumerate(roots):
        groups.setdefault(r, []).append(a)
    used = set(threads)
    assigned = {new[a].doc_id: threads[r] if r < len(threads) else _name(new, m, used)
                for r, m in sorted(groups.items(), key=lambda kv: kv[1]) for a in m}
    _write(con, new, bags, assigned, {**kept, **assigned})
    return len(groups)


def _write(con: duckdb.DuckDBPyConnection, docs: Sequence[StoryDoc], bags: Sequence[Counter[str]],
           assigned: dict[str, str], kept: dict[str, str]) -> None:
    """The documents' terms and threads, and the labels of the threads they are in (computed over `kept`:
    their articles within the window), in one transaction."""
    with transaction(con):
        threadterms.store(con, [d.doc_id for d in docs], bags)
        insert_arrow(con, "story_docs", _pairs(assigned), "INSERT OR REPLACE")
        labels = threadterms.label_terms(con, _pairs(kept), sorted(_CALENDAR), LABEL_TERMS)
        threads = sorted(set(assigned.values()))
        chosen = [labels.get(sid, ([], [])) for sid in threads]  # a thread with no shared term has no label
        texts = _thread_texts(con, kept)
        insert_arrow(con, "story_threads", pa.table({"story_id": pa.array(threads, pa.string()), "label": pa.array(
            [", ".join(threadterms.display_names(names or top, texts.get(sid, [])))
             for sid, (names, top) in zip(threads, chosen, strict=True)], pa.string())}),
            "INSERT OR REPLACE")
        con.execute("DELETE FROM story_threads t WHERE NOT EXISTS "
                    "(SELECT 1 FROM story_docs d WHERE d.story_id = t.story_id)")


def _thread_texts(con: duckdb.DuckDBPyConnection, kept: dict[str, str]) -> dict[str, list[str]]:
    """The article texts of each thread, for labels written as whole names."""
    out: dict[str, list[str]] = {}
    with registered(con, "_label_docs", _pairs(kept)):
        for story, text in con.execute("SELECT k.story_id, a.text FROM _label_docs k JOIN articles a USING (doc_id)"
                                       ).fetchall():
            out.setdefault(str(story), []).append(str(text))
    return out


def _pairs(assigned: dict[str, str]) -> pa.Table:
    return pa.table({"doc_id": pa.array(list(assigned), pa.string()),
                     "story_id": pa.array(list(assigned.values()), pa.string())})
