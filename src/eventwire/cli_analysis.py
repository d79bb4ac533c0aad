"""CLI commands for merged events, story threads and dyad analysis: thin adapters over eventwire.reads (the same
reads as GET /api/timeline, /api/actors, /api/network, /api/explain and /api/stories), registered by
eventwire.cli."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import duckdb
import typer
from rich.table import Table

from eventwire import reads
from eventwire.cli_common import DbOpt, JsonOpt, ask, console, fail, print_json
from eventwire.cli_read import require_codes
from eventwire.store.queries import EventFilter

_SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    """One character per value, scaled to the largest (an empty series gives an empty line)."""
    top = max(values, default=0)
    if top <= 0:
        return "".join(_SPARKS[0] for _ in values)
    return "".join(_SPARKS[min(len(_SPARKS) - 1, int(v / top * (len(_SPARKS) - 1) + 0.5))] for v in values)


def _print_rows(columns: tuple[str, ...], rows: Iterable[Iterable[Any]], title: str | None = None) -> None:
    table = Table(*columns, title=title)
    for row in rows:
        table.add_row(*(_fmt(v) for v in row))
    console.print(table)


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list | tuple):
        return ", ".join(str(x) for x in v)
    if isinstance(v, float):
        return f"{v:+.2f}"
    return str(v)


def timeline(a: Annotated[str, typer.Argument(help="Source actor code, e.g. NATO.")],
             b: Annotated[str, typer.Argument(help="Target actor code, e.g. CHN.")],
             db: DbOpt,
             both: Annotated[bool, typer.Option("--both", help="Count B->A as well.")] = False,
             period: Annotated[str, typer.Option(help="month | week | day")] = "month",
             png: Annotated[Path | None, typer.Option("--png", help="Write the chart as PNG.")] = None,
             svg: Annotated[Path | None, typer.Option("--svg", help="Write the chart as SVG.")] = None,
             as_json: JsonOpt = False) -> None:
    """Merged events of a dyad per period: quad classes, mean Goldstein, a sparkline and a chart."""
    if period not in reads.PERIODS:
        fail(f"--period {period!r}: choose one of {', '.join(reads.PERIODS)}")

    def read(con: duckdb.DuckDBPyConnection) -> reads.Timeline:
        require_codes(con, {"A": a, "B": b})
        return reads.timeline(con, EventFilter(source=a, target=b), period, both)

    t = ask(db, read)
    if as_json:
        return print_json(t)
    title = f"{a.upper()} {'<->' if both else '->'} {b.upper()}"
    _print_rows(("period", "events", "verbal coop", "material coop", "verbal conflict", "material conflict",
                 "mean Goldstein", "mentions"),
                ((p.period, p.events, p.q1, p.q2, p.q3, p.q4, p.mean_goldstein, p.mentions) for p in t.periods),
                f"{title} per {period}")
    console.print(f"events  {sparkline([float(p.events) for p in t.periods])}")
    undated = f"; {t.undated} undated, not on the axis" if t.undated else ""
    console.print(f"{len(t.periods)} periods, {sum(p.events for p in t.periods)} events{undated}")
    for path in (png, svg):
        if path is not None:
            from eventwire.merge.charts import timeline_chart

            timeline_chart(t, title, path)
            console.print(f"chart written to {path}")


def actors(db: DbOpt,
           limit: Annotated[int, typer.Option(min=1, help="Actors to show.")] = 20, as_json: JsonOpt = False) -> None:
    """The most active actors: merged events as source and as target, and the target each acts on most."""
    found = ask(db, lambda con: reads.actors(con, limit=limit))
    if as_json:
        return print_json(found)
    _print_rows(("actor", "events", "as source", "as target", "targets", "toward most"),
                ((x.code, x.events, x.as_source, x.as_target, x.targets,
                  f"{x.top_target} ({x.top_target_events})" if x.top_target else None) for x in found))


def network(db: DbOpt,
            graphml: Annotated[Path | None, typer.Option("--graphml", help="Write GraphML.")] = None,
            gexf: Annotated[Path | None, typer.Option("--gexf", help="Write GEXF.")] = None,
            png: Annotated[Path | None, typer.Option("--png", help="Draw the graph as PNG.")] = None,
            top: Annotated[int, typer.Option(min=1, help="Dyads to list.")] = 20, as_json: JsonOpt = False) -> None:
    """The actor network: an edge per directed dyad, weighted by merged events and mean Goldstein."""
    from eventwire.merge import charts

    net = ask(db, lambda con: reads.network(con))
    if as_json:
        return print_json(net)
    graph = charts.actor_graph(net.edges)
    charts.write_graph(graph, graphml=graphml, gexf=gexf, png=png)
    _print_rows(("source", "target", "events", "mentions", "mean Goldstein"),
                ((d.source, d.target, d.events, d.mentions, d.mean_goldstein) for d in net.edges[:top]))
    shown = f" (the {top} busiest shown)" if net.total > top else ""
    console.print(f"{len(net.nodes)} actors, {net.total} dyads{shown}")
    for path in (graphml, gexf, png):
        if path is not None:
            console.print(f"written to {path}")


def explain(event_id: Annotated[str, typer.Argument(help="Merged event id (or a unique prefix).")],
            db: DbOpt, as_json: JsonOpt = False) -> None:
    """Show a merged event, its mentions, and why each mention was merged into it."""
    x = ask(db, lambda con: reads.explain(con, event_id))
    if as_json:
        return print_json(x)
    ev = x.event
    console.print(f"[bold]{ev.event_id}[/bold] {ev.source} {ev.type} {ev.target or '-'} on {ev.date or 'no date'}"
                  f" (CAMEO {ev.cameo}, Goldstein {ev.goldstein:+.1f}, quad class {ev.quad_class})"
                  f"{'  [dates conflict]' if ev.date_conflict else ''}", highlight=False)
    console.print(f"{ev.num_mentions} mentions, {ev.num_articles} articles, {ev.num_sources} sources",
                  highlight=False)
    for m in x.mentions:
        inferred = f" -> {m.event_date or 'none'} (inferred)" if m.date_inferred else ""
        console.print(f"- {m.file_name} #{m.idx} [{m.outlet or 'no outlet'}] date {m.date or 'none'} "
                      f"({m.date_basis}){inferred}\n  why: {m.merge_reason}\n  evidence: {m.evidence}",
                      highlight=False)


def stories(db: DbOpt, as_json: JsonOpt = False) -> None:
    """Story threads: articles grouped by text, actors and time, with label, span, outlets and files."""
    page = ask(db, reads.stories)
    if as_json:
        return print_json(page.items)
    _print_rows(("story", "label", "first", "last", "articles", "mentions", "outlets", "files"),
                ((s.story_id, s.label, s.first_date, s.last_date, s.num_articles, s.num_mentions, s.outlets,
                  s.files) for s in page.items))
    console.print(f"{page.total} story threads")
