"""Reads of what was stored per input: articles (with or without their text), quotes, story threads and the
inputs that were rejected. Reads: the store (read-only). Writes: nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from eventwire.errors import BadRequest, one_of
from eventwire.reads.events import Mention, Page, check_page, mentions, records
from eventwire.store import queries
from eventwire.store.queries import EventFilter


@dataclass(frozen=True)
class Article:
    """A stored article without its text; `*_basis` says where its date and author were read."""

    doc_id: str
    file_name: str
    title: str | None
    outlet: str | None
    author: str | None
    published: dt.date | None
    published_basis: str | None
    author_basis: str | None
    dateline: str | None
    language: str | None
    story_id: str | None
    mentions: int  # event mentions coded in it
    quotes: int


@dataclass(frozen=True)
class Quote:
    """Reported words with their speaker; `start`..`end` index the article's text in code points."""

    doc_id: str
    idx: int
    file_name: str
    sentence: int
    start: int
    end: int
    text: str
    kind: str | None  # direct | partial
    speaker: str | None
    speaker_code: str | None
    speaker_sector: str | None
    speaker_person: str | None


@dataclass(frozen=True)
class Document:
    """An article with its clean text, and every mention and quote in it (their offsets index `text`)."""

    article: Article
    text: str
    mentions: list[Mention]
    quotes: list[Quote]


@dataclass(frozen=True)
class Story:
    """A story thread: articles grouped by text, actors and time."""

    story_id: str
    label: str
    first_date: dt.date | None
    last_date: dt.date | None
    num_articles: int
    num_mentions: int
    outlets: list[str]
    files: list[str]


@dataclass(frozen=True)
class Failure:
    """An input that was not stored, with its reject code (eventwire.errors.REJECT_CODES) and reason."""

    path: str
    code: str
    reason: str
    failed_at: dt.datetime


_ARTICLE = """SELECT a.doc_id, a.file_name, a.title, a.outlet, a.author, a.published, a.published_basis,
    a.author_basis, a.dateline, a.language, {story} AS story_id,
    (SELECT count(*) FROM event_mentions e WHERE e.doc_id = a.doc_id) AS mentions,
    (SELECT count(*) FROM quotes q WHERE q.doc_id = a.doc_id) AS quotes
    FROM articles a {join}"""


def _article_sql(con: duckdb.DuckDBPyConnection) -> str:
    # a store written before story threads existed, opened read-only, has no story_docs table to join
    if queries.has_relation(con, "story_docs"):
        return _ARTICLE.format(story="s.story_id", join="LEFT JOIN story_docs s USING (doc_id)")
    return _ARTICLE.format(story="NULL::VARCHAR", join="")


def articles(con: duckdb.DuckDBPyConnection, outlet: str | None = None, limit: int | None = None,
             offset: int = 0, order: str = "published") -> Page[Article]:
    """Articles without their text: the newest first (`order="published"`) or by file name (`"file"`)."""
    orders = {"published": "a.published DESC NULLS LAST, a.file_name", "file": "a.file_name"}
    if order not in orders:
        raise BadRequest("order", f"{order!r}: choose one of {', '.join(orders)}")
    check_page(limit, offset)
    where, params = (" WHERE lower(a.outlet) = lower(?)", [outlet]) if outlet else ("", [])
    sql = _article_sql(con) + where
    total = con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()
    items = records(Article, con.execute(f"{sql} ORDER BY {orders[order]} LIMIT ? OFFSET ?",
                                         [*params, limit if limit is not None else 2**62, offset]))
    return Page(int(total[0]) if total else 0, limit, offset, items)


def document(con: duckdb.DuckDBPyConnection, doc: str) -> Document:
    """The article a document id or file name (or the start of one) names, with its text, mentions and quotes;
    errors.NotFound when none does, errors.Ambiguous (listing them) when several do."""
    rows = con.execute("SELECT doc_id, file_name FROM articles WHERE starts_with(doc_id, ?) "
                       "OR starts_with(file_name, ?) ORDER BY file_name", [doc, doc]).fetchall()
    exact = [str(i) for i, name in rows if doc in (i, name)]
    by_name = {str(name): str(i) for i, name in rows}  # an ambiguous prefix is answered with file names
    doc_id = exact[0] if exact else by_name[one_of("article", doc, list(by_name))]
    article = records(Article, con.execute(_article_sql(con) + " WHERE a.doc_id = ?", [doc_id]))[0]
    text = con.execute("SELECT text FROM articles WHERE doc_id = ?", [doc_id]).fetchone()
    return Document(article, str(text[0]) if text else "",
                    mentions(con, EventFilter(doc=doc_id), "file").items, quotes(con, doc=doc_id).items)


def texts(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every article's clean text by doc_id, for exports that carry the text."""
    return {str(r[0]): str(r[1]) for r in con.execute("SELECT doc_id, text FROM articles").fetchall()}


def quotes(con: duckdb.DuckDBPyConnection, doc: str | None = None, speaker: str | None = None,
           limit: int | None = None, offset: int = 0) -> Page[Quote]:
    """Quotes in file order; `doc` a document id or file name (or its start), `speaker` an actor code."""
    check_page(limit, offset)
    conds, params = [], []
    if doc:
        conds.append("(starts_with(q.doc_id, ?) OR starts_with(a.file_name, ?))")
        params += [doc, doc]
    if speaker:
        conds.append("(q.speaker_code = ? OR q.speaker_code || coalesce(q.speaker_sector, '') = ?)")
        params += [speaker.upper()] * 2
    where = (" WHERE " + " AND ".join(conds)) if conds else ""
    sql = ("SELECT q.doc_id, q.idx, a.file_name, q.sentence, q.start_char AS start, q.end_char AS \"end\", q.text, "
           "q.kind, q.speaker, q.speaker_code, q.speaker_sector, q.speaker_person FROM quotes q "
           f"JOIN articles a USING (doc_id){where}")
    total = con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()
    items = records(Quote, con.execute(f"{sql} ORDER BY a.file_name, q.idx LIMIT ? OFFSET ?",
                                       [*params, limit if limit is not None else 2**62, offset]))
    return Page(int(total[0]) if total else 0, limit, offset, items)


def stories(con: duckdb.DuckDBPyConnection, limit: int | None = None, offset: int = 0) -> Page[Story]:
    """Story threads, the earliest first; queries.NoStories while the database has none."""
    check_page(limit, offset)
    if not queries.has_relation(con, "stories"):
        raise queries.NoStories("this database has no story threads yet; `eventwire ingest` builds them")
    sql = ("SELECT story_id, label, first_date, last_date, num_articles, num_mentions, "
           "coalesce(outlets, []) AS outlets, files FROM stories")
    total = con.execute(f"SELECT count(*) FROM ({sql})").fetchone()
    items = records(Story, con.execute(f"{sql} ORDER BY first_date NULLS LAST, story_id LIMIT ? OFFSET ?",
                                       [limit if limit is not None else 2**62, offset]))
    return Page(int(total[0]) if total else 0, limit, offset, items)


def failures(con: duckdb.DuckDBPyConnection) -> list[Failure]:
    return records(Failure, con.execute("SELECT path, code, reason, failed_at FROM failures ORDER BY path"))

