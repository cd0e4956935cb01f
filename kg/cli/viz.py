"""`kg viz`: interactive HTML views of the graph that work offline."""

from __future__ import annotations

import time
from pathlib import Path

import click

from ..vocab import SECTORS
from . import fail_cleanly, main


class TypeList(click.ParamType):
    """A comma-separated list of core types: Project,Company."""

    name = "TYPES"

    def convert(self, value, param, ctx):
        from ..vocab import CORE_TYPES as _CORE

        if isinstance(value, (list, tuple)):
            return value
        by_lower = {t.lower(): t for t in _CORE}
        out = []
        for part in filter(None, (p.strip() for p in value.split(","))):
            if part.lower() not in by_lower:
                self.fail(f"'{part}' is not a core type; choose from {', '.join(_CORE)}", param, ctx)
            out.append(by_lower[part.lower()])
        if not out:
            self.fail("give at least one type, e.g. Project,Company", param, ctx)
        return out


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="graph.html",
              show_default=True, help="The HTML file to write.")
@click.option("--entity", metavar="NAME", help="One entity (Chinese name, alias or pinyin) and its neighbourhood.")
@click.option("--depth", type=click.IntRange(0, 10), default=1, show_default=True, help="How far from --entity to go.")
@click.option("--banner", metavar="NAME", help="One banner, everything located in it, and what those connect to.")
@click.option("--types", type=TypeList(), help="Only these types, e.g. Project,Company (combines with any view).")
@click.option("--query", "query_file", type=click.Path(exists=True, dir_okay=False),
              help="Draw a query's result: a CONSTRUCT, or a SELECT binding ?s ?p ?o.")
@click.option("--document", metavar="ID", help="What one article says (its id, or the start of it).")
@click.option("--sector", type=click.Choice(sorted(SECTORS)), help="The projects of one sector and what they connect to.")
@click.option("--top", type=click.IntRange(min=1), metavar="K",
              help="Only the K entities with the most relations (combines with any view).")
@click.option("--title", help="The page's heading (default: the view's name).")
@click.option("--timeline", is_flag=True, help="Draw projects as rows along time, one mark per milestone "
              "(with --banner: only that banner's projects).")
@click.option("--gallery", type=click.Path(file_okay=False), metavar="DIR",
              help="Write the standard views and an index.html into DIR instead.")
@click.pass_context
@fail_cleanly
def viz(ctx, output, entity, depth, banner, types, query_file, document, sector, top, title, gallery, timeline):
    """Draw the graph as one interactive HTML file that needs no network.

    Colour and shape show each entity's type; hover a node or an edge for its
    evidence; search by Chinese name, pinyin or alias; tick types to filter.

    \b
    Example:
      kg viz -o ordos.html
      kg viz --entity 准格尔旗 --depth 2 -o zhungeer.html
      kg viz --banner 鄂托克旗 --types Project,Company,Town -o etuoke.html
      kg viz --query question.rq -o answer.html
      kg viz --sector hydrogen --top 300 -o hydrogen.html
      kg viz --gallery gallery/
      kg viz --timeline -o timeline.html
    """
    from ..store import open_store

    views = [name for name, v in (("--entity", entity), ("--banner", banner), ("--query", query_file),
                                  ("--document", document), ("--sector", sector)) if v]
    if len(views) > 1:
        raise click.UsageError(f"choose one view: {' or '.join(views)}")
    if gallery and (views or types or top):
        raise click.UsageError("--gallery writes the standard views; it takes no other view option")
    if timeline and (entity or query_file or document or types or gallery or sector or top):
        raise click.UsageError("--timeline draws projects along time; it combines only with --banner and --title")
    t0 = time.monotonic()
    store = open_store(ctx.obj["store"])
    if timeline:
        from ..view.timeline import timeline_rows, write_timeline

        rows = timeline_rows(store, banner=banner)
        path = write_timeline(rows, output, title=title)
        n = sum(len(r["milestones"]) for r in rows)
        click.echo(f"Wrote {path}: {len(rows)} projects, {n} milestones ({time.monotonic() - t0:.1f} s); "
                   "it opens offline in any browser.")
        return
    if gallery:
        from ..view import write_gallery

        pages = write_gallery(store, gallery)
        written = [p for p in pages if p.file]
        click.echo(f"Wrote {len(written)} views and {Path(gallery) / 'index.html'} ({time.monotonic() - t0:.1f} s)")
        return
    from ..sparql.run import read_query_file
    from ..view import view_graph, write_html

    sparql = read_query_file(query_file) if query_file else None
    G = view_graph(store, entity=entity, depth=depth, banner=banner, types=types, query=sparql, document=document,
                   sector=sector, top=top)
    path = write_html(G, output, title=title)
    click.echo(f"Wrote {path}: {G.number_of_nodes()} entities, {G.number_of_edges()} relations "
               f"({time.monotonic() - t0:.1f} s); it opens offline in any browser.")
