"""Read-only JSON endpoints. Only GET here, and nothing a GET reaches can write."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Iterator
from typing import Annotated, Any

import duckdb
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response

from eventwire import exports, reads
from eventwire.store import queries
from eventwire.web.dbaccess import Database

router = APIRouter(prefix="/api", tags=["read"])

CODE = r"^[A-Za-z0-9_]{1,16}$"
NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"  # NUL and control characters have no business in a filter
DOC_ID = r"^[0-9a-f]{16}$"
MAX_OFFSET = 1_000_000_000  # far beyond any store, well inside DuckDB's BIGINT

Code = Annotated[str | None, Query(pattern=CODE, description="Actor code, e.g. CHN or NATO.")]
Limit = Annotated[int, Query(ge=1, le=500, description="Rows per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]


def connection(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    database: Database = request.app.state.db
    with database.reader() as con:
        yield con


Con = Annotated[duckdb.DuckDBPyConnection, Depends(connection)]


def event_filter(
    actor: Code = None, source: Code = None, target: Code = None,
    dyad: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_]{1,16}-[A-Za-z0-9_]{1,16}$",
                                      description="SOURCE-TARGET, e.g. CHN-NATO.")] = None,
    type: Annotated[str | None, Query(pattern=r"^[A-Za-z_]{1,32}$", description="PLOVER type.")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4, description="1 verbal coop .. 4 material conflict.")] = None,
    since: Annotated[dt.date | None, Query(description="First event day, YYYY-MM-DD.")] = None,
    until: Annotated[dt.date | None, Query(description="Last event day, YYYY-MM-DD.")] = None,
    outlet: Annotated[str | None, Query(max_length=200, pattern=NO_CONTROL)] = None,
    q: Annotated[str | None, Query(max_length=200, pattern=NO_CONTROL,
                                   description="Words in the evidence sentence (case-insensitive).")] = None,
    story: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_.:-]{1,64}$",
                                       description="Story id; 422 while the database has no story threads.")] = None,
    doc: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_.-]{1,200}$",
                                     description="Document id or file name, or the start of one.")] = None,
) -> queries.EventFilter:
    if dyad:
        dsource, dtarget = dyad.split("-", 1)
        if (source and source.upper() != dsource.upper()) or (target and target.upper() != dtarget.upper()):
            raise HTTPException(422, "dyad contradicts source/target; give one or the other")
        source, target = dsource, dtarget
    if since and until and since > until:
        raise HTTPException(422, f"since ({since}) is after until ({until})")
    return queries.EventFilter(actor=actor, source=source, target=target, type=type, quad_class=quad_class,
                               since=since, until=until, outlet=outlet, text=q, story=story, doc=doc)


Filter = Annotated[queries.EventFilter, Depends(event_filter)]


@router.get("/health")
def health(request: Request, con: Con) -> dict[str, Any]:
    """Liveness, whether uploads are accepted, and table sizes."""
    return {"status": "ok", "writable": request.app.state.write_token is not None,
            "counts": queries.counts(con), "stories": queries.story_relation(con) is not None}


@router.get("/events")
def list_events(con: Con, f: Filter, limit: Limit = 50, offset: Offset = 0,
                order: Annotated[str, Query(pattern="^(date|mentions|goldstein)$")] = "date") -> dict[str, Any]:
    """Merged events (one real-world event, told by one or more mentions) matching every filter given: an
    event matches when one of its mentions does and its own date is in range. A page at a time, with the
    total."""
    page = reads.events(con, dataclasses.replace(f, limit=limit, offset=offset), order)
    return {"total": page.total, "limit": limit, "offset": offset, "items": page.items}


@router.get("/events/{event_id}")
@router.get("/explain/{event_id}")
def explain(con: Con, event_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")]) -> reads.Explanation:
    """One merged event (by its id or a unique start of it) and every mention of it, each with why it was merged
    (`merge_reason`) and the date it was given: what `eventwire explain` prints. 404 for no event, 422 with
    the candidates for a prefix of several."""
    return reads.explain(con, event_id)


@router.get("/mentions")
def list_mentions(con: Con, f: Filter, limit: Limit = 50, offset: Offset = 0,
                  order: Annotated[str, Query(pattern="^(date|file|goldstein)$")] = "date") -> dict[str, Any]:
    """Event mentions (one per coded sentence, each with its merged `event_id`) matching every filter given, a
    page at a time, with the total."""
    page = reads.mentions(con, dataclasses.replace(f, limit=limit, offset=offset), order)
    return {"total": page.total, "limit": limit, "offset": offset, "items": page.items}


@router.get("/mentions/{doc_id}/{idx}")
def one_mention(con: Con, doc_id: Annotated[str, Path(pattern=DOC_ID)],
                idx: Annotated[int, Path(ge=0, le=1_000_000)]) -> dict[str, Any]:
    """One mention with its evidence span, and every mention of its merged event (itself alone before merging)."""
    found = reads.mention(con, doc_id, idx)
    told = reads.mentions(con, queries.EventFilter(event=found.event_id), "file").items if found.event_id else []
    return {"mention": found, "event_mentions": told or [found], "merged": found.event_id is not None}


@router.get("/articles")
def list_articles(con: Con, limit: Limit = 50, offset: Offset = 0,
                  outlet: Annotated[str | None, Query(max_length=200, pattern=NO_CONTROL)] = None
                  ) -> reads.Page[reads.Article]:
    """Articles without their text, newest first."""
    return reads.articles(con, outlet, limit, offset)


@router.get("/articles/{doc_id}")
def one_article(con: Con, doc_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9_.-]{1,200}$")]) -> reads.Document:
    """An article (by its id or file name, or a unique start of one) with its clean text, mentions and quotes;
    every offset indexes the text in code points."""
    return reads.document(con, doc_id)


@router.get("/quotes")
def list_quotes(con: Con, limit: Limit = 50, offset: Offset = 0,
                doc: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_.-]{1,200}$")] = None,
                speaker: Code = None) -> reads.Page[reads.Quote]:
    """Quotes with their speakers; `speaker` an actor code (CHN, or CHNGOV with its sector)."""
    return reads.quotes(con, doc, speaker, limit, offset)


@router.get("/actors")
def list_actors(con: Con, f: Filter, limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> dict[str, Any]:
    """Actor codes by the number of matching merged events they take part in, as `eventwire actors` lists them."""
    return {"items": reads.actors(con, f, limit)}


@router.get("/network")
def actor_network(con: Con, f: Filter, limit: Annotated[int, Query(ge=1, le=500)] = 60) -> reads.Network:
    """Directed dyads (edges) with merged-event counts and mean Goldstein score, the busiest first."""
    return reads.network(con, f, limit)


@router.get("/timeline")
def dyad_timeline(con: Con, f: Filter, period: Annotated[str, Query(pattern="^(month|week|day)$")] = "month",
                  both: bool = False) -> reads.Timeline:
    """Merged events per period by quad class with the mean Goldstein score (usually for a dyad; `both` counts
    the reverse direction too); every period from the first to the last, empty ones with zero events and no
    mean."""
    return reads.timeline(con, f, period, both)


@router.get("/export")
def export(con: Con, format: Annotated[str, Query(pattern="^(jsonl|csv|gdelt|gdelt-mentions|polecat)$")] = "jsonl"
           ) -> Response:
    """The whole store as `eventwire export --format FORMAT` writes it (parquet only from the CLI or Python)."""
    buf = io.StringIO()
    exports.export(con, format, buf)
    kind = "application/x-ndjson" if format == "jsonl" else "text/csv" if format == "csv" else "text/plain"
    return Response(buf.getvalue(), media_type=f"{kind}; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="eventwire-{format}.txt"'})


@router.get("/failures")
def list_failures(con: Con) -> dict[str, Any]:
    """Inputs that were not stored, each with its reject code and reason (as `eventwire failures`)."""
    return {"items": reads.failures(con)}


@router.get("/stories")
def list_stories(con: Con, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Story threads; `available` is false (and the list empty) until the database has them."""
    try:
        page = reads.stories(con, limit, offset)
    except queries.NoStories:
        return {"available": False, "total": 0, "limit": limit, "offset": offset, "items": []}
    return {"available": True, **dataclasses.asdict(page)}
