"""Event merging: event mentions (one per coded sentence) -> events (one per real-world happening).

Blocking: a mention is only compared with events of the same key (source, target, PLOVER type) that have
a mention on its day or the day either side, or a mention in its story thread. Each new mention costs a few
dictionary look-ups, so merging grows near-linearly and a new day of news only touches its own mentions.

Rules, strongest first (the reason is stored in event_links.reason and shown by `eventwire explain`):
  same-day        same key, same date
  adjacent-day    same key, dates one day apart, and same story thread or similar evidence
  undated-story   same key, one side without a date, same story thread; the undated mention takes the
                  event's date, marked inferred
Mentions are taken dated first, then by doc_id and index, so re-runs give the same events.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from eventwire.merge.textsim import jaccard, word_set
from eventwire.store.batch import insert_arrow, registered, transaction

Key = tuple[str, str, str]  # source, target ('' when none), type
SIMILAR_EVIDENCE = 0.25  # word-set Jaccard of the two sentences; paraphrases of one report score 0.3-0.7


@dataclass
class Mention:
    doc_id: str
    idx: int
    key: Key
    date: dt.date | None
    story: str
    words: frozenset[str]


@dataclass
class Cluster:
    event_id: str
    key: Key
    dates: Counter[dt.date] = field(default_factory=Counter)
    stories: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)


class Index:
    """Candidate events by (key, date) and (key, story): the blocking structure."""

    def __init__(self) -> None:
        self.by_date: dict[tuple[Key, dt.date], list[Cluster]] = {}
        self.by_story: dict[tuple[Key, str], list[Cluster]] = {}
        self.ids: set[str] = set()

    def add(self, c: Cluster, m: Mention, times: int = 1) -> None:
        """`m` joins `c` (`times` mentions alike in date, story and evidence: loaded from the store at once)."""
        if m.date is not None and m.date not in c.dates:
            self.by_date.setdefault((c.key, m.date), []).append(c)
        if m.story not in c.stories:
            self.by_story.setdefault((c.key, m.story), []).append(c)
        if m.date is not None:
            c.dates[m.date] += times
        c.stories.add(m.story)
        c.words |= m.words

    def candidates(self, m: Mention) -> list[Cluster]:
        seen: dict[str, Cluster] = {}
        keys: list[list[Cluster]] = [self.by_story.get((m.key, m.story), [])]
        if m.date is not None:
            keys += [self.by_date.get((m.key, m.date + dt.timedelta(days=d)), []) for d in (-1, 0, 1)]
        for group in keys:
            for c in group:
                seen.setdefault(c.event_id, c)
        return [seen[k] for k in sorted(seen)]


def judge(m: Mention, c: Cluster) -> tuple[float, str] | None:
    """Why `m` belongs to `c` (score, reason), or None. Higher scores win."""
    sim = jaccard(m.words, c.words)
    same_story = m.story in c.stories
    if m.date is not None and c.dates:
        gap = min(abs((m.date - d).days) for d in c.dates)
        if gap == 0:
            return 3 + sim, f"same-day: same actors and type on {m.date}; evidence similarity {sim:.2f}"
        if gap == 1 and (same_story or sim >= SIMILAR_EVIDENCE):
            why = "same story thread" if same_story else "similar evidence"
            return 2 + sim, f"adjacent-day: dates one day apart, {why}; evidence similarity {sim:.2f}"
        return None
    if same_story:
        return 1 + sim, f"undated-story: same actors and type in the same story thread; evidence similarity {sim:.2f}"
    return None


def new_event_id(m: Mention, taken: set[str]) -> str:
    """Named after the founding mention; a suffix keeps it unique if that mention was re-stored later."""
    n = 0
    while True:
        seed = f"{m.doc_id}:{m.idx}" + (f"#{n}" if n else "")
        eid = "ev-" + hashlib.sha1(seed.encode()).hexdigest()[:16]
        if eid not in taken:
            return eid
        n += 1


def assign(mentions: Iterable[Mention], index: Index) -> tuple[list[tuple[str, str, str, str]],
                                                                 list[tuple[str, int, str, str]]]:
    """Merge mentions into the index; returns the new events and the new links (doc_id, idx, event, reason)."""
    new_events: list[tuple[str, str, str, str]] = []
    links: list[tuple[str, int, str, str]] = []
    for m in mentions:
        best: tuple[float, str, Cluster] | None = None
        for c in index.candidates(m):
            verdict = judge(m, c)
            if verdict and (best is None or verdict[0] > best[0]):
                best = (verdict[0], verdict[1], c)
        if best is None:
            eid = new_event_id(m, index.ids)
            index.ids.add(eid)
            cluster = Cluster(eid, m.key)
            new_events.append((eid, m.key[0], m.key[1], m.key[2]))
            reason = "founded: first mention of this event"
        else:
            _, reason, cluster = best
        index.add(cluster, m)
        links.append((m.doc_id, m.idx, cluster.event_id, reason))
    return new_events, links


_MENTION_SQL = """
    SELECT m.doc_id, m.idx, m.source, coalesce(m.target, '') AS target, m.type, m.date, m.evidence,
           -- a mention whose own clause dates it coarsely ("in January") is no undated report to date
           -- from its story: it gets a thread of its own for merging
           CASE WHEN m.date_basis = 'unresolved' THEN 'own:' || m.doc_id || ':' || m.idx
                ELSE coalesce(s.story_id, 'doc:' || m.doc_id) END AS story, l.event_id
    FROM event_mentions m
    LEFT JOIN event_links l USING (doc_id, idx)
    LEFT JOIN story_docs s USING (doc_id)
"""


def _mention(r: tuple[object, ...]) -> Mention:
    return Mention(str(r[0]), int(str(r[1])), (str(r[2]), str(r[3]), str(r[4])),
                   r[5] if isinstance(r[5], dt.date) else None, str(r[7]), word_set(str(r[6])))


CHUNK = 10_000  # unlinked mentions merged per step: memory holds a chunk and the events it may join (10k seeds:
# 20,000 peaked 510 MB in 2.8 s, 10,000 431 MB in 3.2 s, 5,000 445 MB in 3.8 s)


def load_index(con: duckdb.DuckDBPyConnection, limit: int | None = None) -> tuple[Index, list[Mention]]:
    """The first `limit` unlinked mentions in merge order, and the existing events of the blocks they fall in.
    Merging chunk after chunk gives the events one pass would: a chunk's index is read back from the store,
    with the events and links the chunks before it wrote."""
    rows = con.execute(_MENTION_SQL + " WHERE l.event_id IS NULL ORDER BY m.date IS NULL, m.doc_id, m.idx LIMIT ?",
                       [limit or CHUNK]).fetchall()
    new = [_mention(r) for r in rows]
    return index_from(con, new), new


# Events with a mention in one of the new mentions' blocks: same key and a date within a day, or same key
# and the same story thread. All mentions of those events are read, so a block sees whole events; mentions
# alike in all the merge looks at are read as one row with their number (a story retold by many outlets).
_CANDIDATES_SQL = """
    WITH cand AS (
        SELECT DISTINCT l.event_id FROM event_links l JOIN event_mentions m USING (doc_id, idx)
        LEFT JOIN story_docs s USING (doc_id)
        JOIN _eventwire_keys k ON k.s = m.source AND k.t = coalesce(m.target, '') AND k.y = m.type
        WHERE m.date BETWEEN k.d - INTERVAL 1 DAY AND k.d + INTERVAL 1 DAY
           OR coalesce(s.story_id, 'doc:' || m.doc_id) = k.story)
    SELECT min(doc_id), min(idx), source, target, type, date, evidence, story, event_id, count(*) FROM (
""" + _MENTION_SQL + """ WHERE l.event_id IN (SELECT event_id FROM cand))
    GROUP BY event_id, source, target, type, date, evidence, story ORDER BY event_id, min(doc_id), min(idx)"""


def index_from(con: duckdb.DuckDBPyConnection, new: list[Mention]) -> Index:
    index = Index()
    index.ids = {r[0] for r in con.execute("SELECT event_id FROM merged_events").fetchall()}
    if not new:
        return index
    blocks = sorted({(m.key, m.date, m.story) for m in new}, key=repr)
    batch = pa.table({"s": [b[0][0] for b in blocks], "t": [b[0][1] for b in blocks],
                      "y": [b[0][2] for b in blocks], "d": pa.array([b[1] for b in blocks], pa.date32()),
                      "story": [b[2] for b in blocks]})
    with registered(con, "_eventwire_keys", batch):
        rows = con.execute(_CANDIDATES_SQL).fetchall()
    clusters: dict[str, Cluster] = {}
    for r in rows:
        m = _mention(r)
        c = clusters.setdefault(str(r[8]), Cluster(str(r[8]), m.key))
        index.add(c, m, int(str(r[9])))
    return index


def update(con: duckdb.DuckDBPyConnection) -> int:
    """Merge every mention not yet linked to an event; returns how many mentions were linked."""
    with transaction(con):
        # mentions of re-stored documents were deleted with their links; events left empty go too
        con.execute("DELETE FROM event_links l WHERE NOT EXISTS (SELECT 1 FROM event_mentions m "
                    "WHERE m.doc_id = l.doc_id AND m.idx = l.idx)")
        _drop_stale_story_links(con)
        con.execute("DELETE FROM merged_events e WHERE NOT EXISTS "
                    "(SELECT 1 FROM event_links l WHERE l.event_id = e.event_id)")
        linked = 0
        while True:
            index, mentions = load_index(con)
            if not mentions:
                break
            new_events, links = assign(mentions, index)
            _write(con, new_events, links)
            linked += len(links)
        _date_links(con)
    return linked


# An undated mention merged because its article shared a thread with the event's other articles; when
# re-threading moved the articles apart, that reason no longer holds and the mention is merged again.
_STALE_SQL = """
    DELETE FROM event_links l WHERE l.reason LIKE 'undated-story%' AND NOT EXISTS (
        SELECT 1 FROM event_links o
        JOIN story_docs so ON so.doc_id = o.doc_id
        JOIN story_docs sl ON sl.doc_id = l.doc_id
        WHERE o.event_id = l.event_id AND o.doc_id <> l.doc_id AND so.story_id = sl.story_id)
      AND EXISTS (SELECT 1 FROM event_links o WHERE o.event_id = l.event_id AND o.doc_id <> l.doc_id)
"""


def _drop_stale_story_links(con: duckdb.DuckDBPyConnection) -> None:
    for _ in range(5):  # dropping one link can strand another; a few rounds settle it
        if not con.execute(_STALE_SQL).fetchall()[0][0]:
            return


def _write(con: duckdb.DuckDBPyConnection, new_events: list[tuple[str, str, str, str]],
           links: list[tuple[str, int, str, str]]) -> None:
    if new_events:
        ev = pa.table({"event_id": [e[0] for e in new_events], "source": [e[1] for e in new_events],
                       "target": [e[2] or None for e in new_events], "type": [e[3] for e in new_events]})
        insert_arrow(con, "merged_events", ev)
    if links:
        lk = pa.table({"doc_id": [x[0] for x in links], "idx": pa.array([x[1] for x in links], pa.int32()),
                       "event_id": [x[2] for x in links], "reason": [x[3] for x in links]})
        with registered(con, "_eventwire_lk", lk):
            con.execute("INSERT INTO event_links SELECT doc_id, idx, event_id, NULL, false, reason FROM _eventwire_lk")


def _date_links(con: duckdb.DuckDBPyConnection) -> None:
    # an undated mention takes its event's date (the most reported one), marked inferred; redone for every
    # undated link so that an event that gains its first date passes it on to the mentions merged earlier
    con.execute("""
        UPDATE event_links l SET date = d.date, date_inferred = d.date IS NOT NULL
        FROM (SELECT e.event_id, d.date FROM merged_events e LEFT JOIN event_dates d USING (event_id)) d,
             event_mentions m
        WHERE d.event_id = l.event_id AND m.doc_id = l.doc_id AND m.idx = l.idx AND m.date IS NULL""")
    con.execute("""UPDATE event_links l SET date = m.date, date_inferred = false FROM event_mentions m
                   WHERE m.doc_id = l.doc_id AND m.idx = l.idx AND m.date IS NOT NULL AND l.date IS NULL""")
