"""Charts and graphs (matplotlib, networkx), imported only by the commands that draw."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display on servers and in tests
import matplotlib.pyplot as plt
import networkx as nx

from eventwire.reads import Dyad, Timeline

_QUADS = (("q1", "verbal cooperation"), ("q2", "material cooperation"), ("q3", "verbal conflict"),
          ("q4", "material conflict"))


def timeline_chart(timeline: Timeline, title: str, path: Path) -> None:
    """Stacked bars of events by quad class per period, mean Goldstein as a line on a second axis."""
    fig, ax = plt.subplots(figsize=(9, 4))
    periods = timeline.periods
    labels = [p.period for p in periods]
    bottom = [0.0] * len(periods)
    for col, name in _QUADS:
        vals = [float(getattr(p, col)) for p in periods]
        ax.bar(labels, vals, bottom=bottom, label=name)
        bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
    ax.set_ylabel("merged events")
    ax2 = ax.twinx()
    means = [float("nan") if p.mean_goldstein is None else p.mean_goldstein for p in periods]  # gaps: no mean
    ax2.plot(labels, means, color="black", marker="o", label="mean Goldstein")
    ax2.set_ylim(-10, 10)
    ax2.set_ylabel("mean Goldstein")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize="small")
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def actor_graph(dyads: list[Dyad]) -> nx.DiGraph:
    graph = nx.DiGraph()
    for d in dyads:
        graph.add_edge(d.source, d.target, weight=d.events, mentions=d.mentions, goldstein=d.mean_goldstein)
    return graph


def write_graph(graph: nx.DiGraph, graphml: Path | None = None, gexf: Path | None = None,
                png: Path | None = None) -> None:
    if graphml is not None:
        nx.write_graphml(graph, graphml)
    if gexf is not None:
        nx.write_gexf(graph, gexf)
    if png is not None:
        _draw(graph, png)


def _draw(graph: nx.DiGraph, path: Path) -> None:
    """Edge width by events, colour by mean Goldstein (red conflict, blue cooperation); fixed seed layout."""
    fig, ax = plt.subplots(figsize=(8, 8))
    # a circle keeps every actor readable in small graphs; a seeded spring layout beyond
    nodes = sorted(graph.nodes)
    pos = nx.circular_layout(nodes) if len(nodes) <= 40 else nx.spring_layout(graph, seed=7, weight=None)
    widths = [1 + 2 * d["weight"] ** 0.5 for _, _, d in graph.edges(data=True)]
    colours = [d["goldstein"] for _, _, d in graph.edges(data=True)]
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_color="#dddddd", node_size=900)
    nx.draw_networkx_labels(graph, pos, ax=ax, font_size=9)
    nx.draw_networkx_edges(graph, pos, ax=ax, width=widths, edge_color=colours, edge_cmap=plt.cm.coolwarm_r,
                           edge_vmin=-10, edge_vmax=10, arrows=True, connectionstyle="arc3,rad=0.1",
                           node_size=900)
    nx.draw_networkx_edge_labels(graph, pos, ax=ax, font_size=7, connectionstyle="arc3,rad=0.1",
                                 edge_labels={(u, v): f"{d['weight']} / {d['goldstein']:+.1f}"
                                              for u, v, d in graph.edges(data=True)})
    ax.set_title("actor network: merged events / mean Goldstein (red conflict, blue cooperation)")
    ax.set_axis_off()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
