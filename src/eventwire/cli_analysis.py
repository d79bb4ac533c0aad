"""CLI commands for merged events, story threads and dyad analysis (registered on eventwire.cli.app).

eventwire.cli defines `app` before importing this module, so the import below is not circular in effect.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from eventwire.cli_common import DbOpt, console, fail
from eventwire.cli_read import require_codes
from eventwire.errors import EventwireError
from eventwire.store import db as store

if TYPE_CHECKING:  # pandas and the analysis queries load only when a command runs, not for --help
    import pandas as pd

_SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    """One character per value, scaled to the largest (an empty series gives an empty line)."""
    top = max(values, default=0)
    if top <= 0:
        return "".join(_SPARKS[0] for _ in values)
    return "".join(_SPARKS[min(len(_SPARKS) - 1, int(v / top * (len(_SPARKS) - 1) + 0.5))] for v in values)


def _print_frame(df: pd.DataFrame, title: str | None = None) -> None:
    table = Table(title=title)
    for col in df.columns:
        table.add_column(str(col), overflow="fold")
    for row in df.itertuples(index=False):
        table.add_row(*("" if _isnull(v) else _fmt(v) for v in row))
    console.print(table)


def _isnull(v: Any) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):  # lists and arrays
        return False


def _fmt(v: Any) -> str:
    import pandas as pd

    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    if isinstance(v, list | tuple) or hasattr(v, "tolist"):
        return ", ".join(str(x) for x in (v.tolist() if hasattr(v, "tolist") else v))
    return str(v)


def timeline(a: Annotated[str, typer.Argument(help="Source actor code, e.g. NATO.")],
             b: Annotated[str, typer.Argument(help="Target actor code, e.g. CHN.")],
             db: DbOpt,
             both: Annotated[bool, typer.Option("--both", help="Count B->A as well.")] = False,
             period: Annotated[str, typer.Option(help="month | week | day")] = "month",
             png: Annotated[Path | None, typer.Option("--png", help="Write the chart as PNG.")] = None,
             svg: Annotated[Path | None, typer.Option("--svg", help="Write the chart as SVG.")] = None) -> None:
    """Merged events of a dyad per period: quad classes, mean Goldstein, a sparkline and a chart."""
    from eventwire.store import analysis

    if period not in analysis.PERIODS:
        fail(f"--period {period!r}: choose month, week or day")

    try:
        with store.connect(db, read_only=True) as con:
            require_codes(con, {"A": a, "B": b})
            df = analysis.timeline(con, a, b, both, period)
    except EventwireError as exc:
        fail(str(exc))
    arrow = "<->" if both else "->"
    _print_frame(df, f"{a.upper()} {arrow} {b.upper()} per {period}")
    console.print(f"events  {sparkline([float(x) for x in df['events']])}")
    console.print(f"{len(df)} periods, {int(df['events'].sum()) if len(df) else 0} events")
    for path in (png, svg):
        if path is not None:
            from eventwire.merge.charts import timeline_chart

            timeline_chart(df, f"{a.upper()} {arrow} {b.upper()}", path)
            console.print(f"chart written to {path}")


def actors(db: DbOpt,
           limit: Annotated[int, typer.Option(min=1, help="Actors to show.")] = 20) -> None:
    """The most active actors (merged events as source), how often they were targeted, and toward whom."""
    from eventwire.store import analysis

    try:
        with store.connect(db, read_only=True) as con:
            df = analysis.top_actors(con, limit)
    except EventwireError as exc:
        fail(str(exc))
    _print_frame(df)


def network(db: DbOpt,
            graphml: Annotated[Path | None, typer.Option("--graphml", help="Write GraphML.")] = None,
            gexf: Annotated[Path | None, typer.Option("--gexf", help="Write GEXF.")] = None,
            png: Annotated[Path | None, typer.Option("--png", help="Draw the graph as PNG.")] = None,
            top: Annotated[int, typer.Option(min=1, help="Dyads to list.")] = 20) -> None:
    """The actor network: an edge per directed dyad, weighted by merged events and mean Goldstein."""
    from eventwire.merge import charts
    from eventwire.store import analysis

    try:
        with store.connect(db, read_only=True) as con:
            graph = charts.actor_graph(analysis.dyads(con))
    except EventwireError as exc:
        fail(str(exc))
    charts.write_graph(graph, graphml=graphml, gexf=gexf, png=png)
    edges = sorted(graph.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))
    table = Table("source", "target", "events", "mean Goldstein")
    for a, b, data in edges[:top]:
        table.add_row(str(a), str(b), str(data["weight"]), f"{data['goldstein']:+.1f}")
    console.print(table)
    shown = f" (the {top} busiest shown)" if len(edges) > top else ""
    console.print(f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} dyads{shown}")
    for path in (graphml, gexf, png):
        if path is not None:
            console.print(f"written to {path}")


def explain(event_id: Annotated[str, typer.Argument(help="Merged event id (or a unique prefix).")],
            db: DbOpt) -> None:
    """Show a merged event, its mentions, and why each mention was merged into it."""
    from eventwire.store import analysis

    try:
        with store.connect(db, read_only=True) as con:
            matches = analysis.event_ids(con, event_id)
            if not matches:
                fail(f"{event_id}: no merged event has this id")
            if len(matches) > 1 and event_id not in matches:
                listed = ", ".join(matches[:10]) + (f" and {len(matches) - 10} more" if len(matches) > 10 else "")
                fail(f"{event_id}: {len(matches)} merged events start with this; give more of the id: {listed}")
            found = analysis.event(con, event_id if event_id in matches else matches[0])
            assert found is not None  # the id was just listed
            ev: dict[str, Any] = found
            rows = analysis.event_mentions(con, ev["event_id"])
    except EventwireError as exc:
        fail(str(exc))
    date = _fmt(ev["date"]) if not _isnull(ev["date"]) else "no date"
    console.print(f"[bold]{ev['event_id']}[/bold] {ev['source']} {ev['type']} {ev['target'] or '-'} on {date}"
                  f" (CAMEO {ev['cameo']}, Goldstein {ev['goldstein']:+.1f}, quad class {ev['quad_class']})"
                  f"{'  [dates conflict]' if ev['date_conflict'] else ''}", highlight=False)
    console.print(f"{ev['num_mentions']} mentions, {ev['num_articles']} articles, {ev['num_sources']} sources",
                  highlight=False)
    for r in rows.itertuples(index=False):
        own = _fmt(r.date) if not _isnull(r.date) else "none"
        shown = _fmt(r.event_date) if not _isnull(r.event_date) else "none"
        inferred = f" -> {shown} (inferred)" if r.date_inferred else ""
        console.print(f"- {r.file_name} #{r.idx} [{r.outlet or 'no outlet'}] date {own} ({r.date_basis}){inferred}"
                      f"\n  why: {r.merge_reason}\n  evidence: {r.evidence}", highlight=False)


def stories(db: DbOpt) -> None:
    """Story threads: articles grouped by text, actors and time, with label, span, outlets and files."""
    from eventwire.store import analysis

    try:
        with store.connect(db, read_only=True) as con:
            df = analysis.stories(con)
    except EventwireError as exc:
        fail(str(exc))
    _print_frame(df)
    console.print(f"{len(df)} story threads")
