"""Analysis commands: kg analyze."""

from __future__ import annotations

import json

import click

from . import _graph, fail_cleanly, main


@main.command()
@click.option("--top", "top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many entities and communities to show.")
@click.option("--by", type=click.Choice(["degree", "betweenness", "pagerank"]), default="degree",
              show_default=True, help="What to rank the entities by.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
@fail_cleanly
def analyze(ctx, top, by, fmt):
    """Show the most connected entities and the communities of the graph.

    Degree counts the relations an entity takes part in; betweenness, how often it
    lies on the shortest path between two others; PageRank follows the relations'
    direction. Communities are found by Louvain (fixed seed); each is shown with its
    most connected members, its types and the relations that bind it.

    \b
    Example:
      kg analyze --top 5
      kg analyze --by betweenness --format json
    """
    from ..analysis.measures import centrality, communities
    from ..format import table
    from ..network import to_networkx

    G = to_networkx(_graph(ctx), evidence=False, details=False)  # rankings and communities need neither
    ranked = centrality(G, top=top, by=by)
    groups = communities(G)
    shown = [c for c in groups if c.size > 1][:top]
    alone = sum(1 for c in groups if c.size == 1)
    if fmt == "json":
        out = {"entities": G.number_of_nodes(), "relations": G.number_of_edges(), "top": ranked,
               "communities": [c.to_dict() for c in shown], "communities_total": len(groups),
               "unconnected_entities": alone}
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    click.echo(f"Top {len(ranked)} entities by {by} ({G.number_of_nodes()} entities, {G.number_of_edges()} relations)")
    cols = ["rank", "label", "type", "degree", "betweenness", "pagerank"]
    if ranked and ranked[0]["betweenness"] is None:
        cols.remove("betweenness")
        click.echo("(betweenness left out at this size: rank --by betweenness to estimate it)")
    click.echo(table(cols, [[r[c] for c in cols] for r in ranked]))
    click.echo()
    click.echo(f"Communities: {len(groups) - alone} of two or more entities"
               f"{f', the {len(shown)} largest shown' if len(shown) < len(groups) - alone else ''}; "
               f"{alone} entities stand alone")
    rows = [[c.index, c.size, "、".join(c.central), ", ".join(f"{t}×{n}" for t, n in c.types[:3]), c.binds()]
            for c in shown]
    click.echo(table(["#", "size", "central members", "types", "bound by"], rows))
