"""Core commands: build, ingest, extract, query, stats, validate, export."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from . import _Bar, _graph, _print_report, fail_cleanly, main


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes that read and extract (default: one per core).")
@click.pass_context
@fail_cleanly
def build(ctx, paths, jobs):
    """Build the graph from articles, replacing the previous one atomically.

    PATHS are files or directories of .txt articles (default: seeds/).

    \b
    Example:
      kg build seeds/
      kg --store /tmp/ordos build seeds/ news/ --jobs 2
    """
    t0 = time.monotonic()
    graph = _graph(ctx)
    bar = _Bar("build")
    try:
        report = graph.build(paths or ["seeds"], progress=bar, jobs=jobs)
    finally:
        bar.close()
    _print_report(report, "Built from", graph.location, time.monotonic() - t0)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.pass_context
@fail_cleanly
def ingest(ctx, files):
    """Add articles to the graph, merging their entities into those already there.

    An article ingested again replaces its earlier version.

    \b
    Example:
      kg ingest news/2026-11-24-dalad.txt
    """
    t0 = time.monotonic()
    graph = _graph(ctx)
    bar = _Bar("ingest")
    try:
        report = graph.ingest(files, progress=bar)
    finally:
        bar.close()
    _print_report(report, "Ingested", graph.location, time.monotonic() - t0)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["json", "ttl"]), default="json", show_default=True)
@fail_cleanly
def extract(paths, fmt):
    """Extract entities and relations from articles and print them; no store is touched.

    \b
    Example:
      kg extract seeds/003_91b04151e7e4191c.txt --format json
    """
    from ..api import extract as extract_paths

    ex = extract_paths(paths)
    for path, why in ex.report.skipped:
        click.echo(f"Skipped {path}: {why}", err=True)
    for d in ex.documents:
        if getattr(d, "removed", {}).get("invalid_bytes"):
            click.echo(f"Warning: {d.source}: {d.removed['invalid_bytes']} invalid UTF-8 bytes replaced", err=True)
    if fmt == "json":
        out = ex.to_json()
        removed = {d.id: getattr(d, "removed", {}) for d in ex.documents}
        for d in out["documents"]:
            d["removed"] = removed.get(d["id"], {})  # what the reader left out, by kind (an added key)
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        from ..format import rdf_bytes
        from ..graph import extraction_quads

        click.echo(rdf_bytes(extraction_quads(ex, with_ontology=False), "trig").decode("utf-8"))


@main.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(dir_okay=False), help="Read the query from a .rq file.")
@click.option("-n", "--name", "question", metavar="NAME", help="Run a ready question (list them with: kg queries).")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the question, e.g. banner=鄂托克旗 (a name, alias, pinyin or IRI); repeatable.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml", "ttl", "nt", "jsonld"]),
              default=None, help="SELECT: table (default), csv, tsv, json, xml. CONSTRUCT/DESCRIBE: ttl (default), nt, jsonld.")
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds the query may run before it is stopped (0: no limit). Ctrl-C stops it at any time.")
@click.pass_context
@fail_cleanly
def query(ctx, sparql, query_file, question, params, fmt, timeout):
    """Ask the graph a SPARQL question, or a ready question by name.

    The prefixes okg:, res:, rdfs:, skos:, prov:, dcterms:, xsd: are predeclared.
    ASK prints true or false and exits 0 or 1. Parameters are bound as RDF terms,
    never pasted into the query; a name given for an entity is looked up first.
    The graph is read-only here, and a query never fetches anything (no SERVICE).

    \b
    Example:
      kg query 'SELECT ?p ?label WHERE { ?p a okg:Project ; rdfs:label ?label . FILTER(lang(?label)="zh") }'
      kg query -f question.rq --format csv
      kg query --name projects-in-banner --param banner=鄂托克旗
      kg query --name investment-by-sector --format json --timeout 10
    """
    from ..format import format_result
    from ..sparql.run import ask, bounded_read, read_query_file
    from ..store import open_store

    if question and (sparql or query_file):
        raise click.UsageError("give --name NAME, or a query, or -f FILE: only one")
    if query_file:
        sparql = read_query_file(query_file)
    if not sparql and not question:
        raise click.UsageError("give a query, -f FILE, or --name NAME")
    store = open_store(ctx.obj["store"])
    try:  # the results are read and formatted on the query thread, within the time limit
        kind, out = bounded_read(store, lambda: format_result(ask(store, sparql, question, params), fmt), timeout)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    if kind == "boolean":
        click.echo("true" if out else "false")
        sys.exit(0 if out else 1)
    click.echo(out)


def _read(graph, fn, timeout: float | None, what: str):
    """fn() on a query thread of its own (kg.sparql.run.bounded_read); Ctrl-C stops it."""
    from ..sparql.run import bounded_read

    try:
        return bounded_read(graph.store, fn, timeout, what)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds counting may take before it is stopped (0: no limit).")
@click.pass_context
@fail_cleanly
def stats(ctx, fmt, timeout):
    """Count entities per type, triples per property, and what each document gives.

    \b
    Example:
      kg stats
    """
    from ..format import table

    graph = _graph(ctx)
    s = _read(graph, graph.stats, timeout, "kg stats")
    if fmt == "json":
        click.echo(json.dumps(s, ensure_ascii=False, indent=1))
        return
    for title, rows in s.items():
        click.echo(title.replace("_", " ").capitalize())
        cols = list(rows[0].keys()) if rows else []
        click.echo(table(cols, [list(r.values()) for r in rows]))
        click.echo()


@main.command()
@click.pass_context
@fail_cleanly
def validate(ctx):
    """Check the graph against the SHACL shapes of the core (pySHACL).

    Exits 0 when it conforms, 1 with the violations when it does not.

    \b
    Example:
      kg validate
    """
    from ..store.validate import validate_store

    conforms, report = validate_store(_graph(ctx).store)
    click.echo(report)
    sys.exit(0 if conforms else 1)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "trig", "nq", "jsonld"]), default="trig", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of standard output.")
@click.pass_context
@fail_cleanly
def export(ctx, fmt, output):
    """Write the whole graph out: ttl and nt merge the graphs, trig, nq and jsonld keep them apart.

    \b
    Example:
      kg export --format ttl -o ordos.ttl
    """
    from ..store.export import export_graph

    graph = _graph(ctx)
    data = _read(graph, lambda: export_graph(graph.store, fmt), None, "kg export")
    if output:
        Path(output).write_bytes(data)
    else:
        click.echo(data.decode("utf-8"))


