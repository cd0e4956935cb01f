"""The `kg` command: a thin layer over the library. Each command calls one library
function and formats what comes back; errors become one `Error: …` line."""

from __future__ import annotations

import functools
import json
import sys
import time
from pathlib import Path

import click

from .errors import KGError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def fail_cleanly(f):
    """Turn library errors into a message and an exit status, never a traceback."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except KGError as e:
            click.echo(f"Error: {e}", err=True)
            if e.hint:
                click.echo(f"  {e.hint}", err=True)
            sys.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted; the previous graph is unchanged.", err=True)
            sys.exit(130)

    return wrapper


@click.group(context_settings=CONTEXT)
@click.option("--store", envvar="KG_STORE", default=None, metavar="PATH|URL",
              help="Where the graph lives: a directory (default .kg) or a SPARQL endpoint URL. Also $KG_STORE.")
@click.version_option(package_name="ordos-kg")
@click.pass_context
def main(ctx, store):
    """Ordos KG: a knowledge graph of Ordos regional development, built from Chinese news.

    \b
    Example:
      kg build seeds/
      kg query 'SELECT ?banner WHERE { ?banner a okg:Banner }'
    """
    ctx.obj = {"store": store}


def _graph(ctx):
    from .api import KnowledgeGraph

    return KnowledgeGraph(ctx.obj["store"])


class _Bar:
    """A progress bar shown once a step has taken more than a second."""

    def __init__(self, label: str):
        self.label = label
        self.bar = None
        self.t0 = time.monotonic()
        self.done = 0

    def __call__(self, step: str, i: int, n: int) -> None:
        if self.bar is None and time.monotonic() - self.t0 > 1.0 and sys.stderr.isatty():
            self.bar = click.progressbar(length=n, label=f"{self.label}: {step}", file=sys.stderr)
            self.bar.__enter__()
        if self.bar is not None:
            self.bar.update(i - self.done)
            self.done = i

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _print_report(report, verb: str, location: str, seconds: float) -> None:
    for path, why in report.skipped:
        click.echo(f"Skipped {path}: {why}", err=True)
    click.echo(
        f"{verb} {len(report.documents)} document{'s' if len(report.documents) != 1 else ''}: "
        f"{report.entities} entities, {report.relations} statements, {report.quads} triples "
        f"in {location} ({seconds:.1f} s)"
    )


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.pass_context
@fail_cleanly
def build(ctx, paths):
    """Build the graph from articles, replacing the previous one atomically.

    PATHS are files or directories of .txt articles (default: seeds/).

    \b
    Example:
      kg build seeds/
      kg --store /tmp/ordos build seeds/ news/
    """
    t0 = time.monotonic()
    graph = _graph(ctx)
    bar = _Bar("build")
    try:
        report = graph.build(paths or ["seeds"], progress=bar)
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
    from .api import extract as extract_paths

    ex = extract_paths(paths)
    for path, why in ex.report.skipped:
        click.echo(f"Skipped {path}: {why}", err=True)
    if fmt == "json":
        click.echo(json.dumps(ex.to_json(), ensure_ascii=False, indent=1))
    else:
        from pyoxigraph import RdfFormat, serialize

        from .graph import PREFIXES, extraction_quads

        quads = extraction_quads(ex, with_ontology=False)
        click.echo(serialize(quads, format=RdfFormat.TRIG, prefixes=PREFIXES).decode("utf-8"))


@main.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(dir_okay=False), help="Read the query from a .rq file.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml", "ttl", "nt", "jsonld"]),
              default=None, help="SELECT: table (default), csv, tsv, json, xml. CONSTRUCT/DESCRIBE: ttl (default), nt, jsonld.")
@click.pass_context
@fail_cleanly
def query(ctx, sparql, query_file, fmt):
    """Ask the graph a SPARQL question.

    The prefixes okg:, res:, rdfs:, skos:, prov:, dcterms:, xsd: are predeclared.
    ASK prints true or false and exits 0 or 1.

    \b
    Example:
      kg query 'SELECT ?p ?label WHERE { ?p a okg:Project ; rdfs:label ?label . FILTER(lang(?label)="zh") }'
      kg query -f question.rq --format csv
    """
    from .errors import QueryError
    from .format import format_solutions, format_triples
    from .store import open_store

    if query_file:
        try:
            sparql = Path(query_file).read_text(encoding="utf-8")
        except OSError as e:
            raise QueryError(f"cannot read {query_file}: {e.strerror}") from e
    if not sparql:
        raise click.UsageError("give a query, or -f FILE")
    store = open_store(ctx.obj["store"])
    result = store.query(sparql)
    kind = type(result).__name__
    if kind == "QueryBoolean":
        click.echo("true" if bool(result) else "false")
        sys.exit(0 if bool(result) else 1)
    if kind == "QueryTriples":
        if fmt not in (None, "ttl", "nt", "jsonld"):
            raise click.UsageError(f"--format {fmt} is for SELECT; CONSTRUCT and DESCRIBE give ttl, nt or jsonld")
        click.echo(format_triples(result, fmt or "ttl"))
        return
    if fmt not in (None, "table", "csv", "tsv", "json", "xml"):
        raise click.UsageError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; SELECT gives table, csv, tsv, json or xml")
    click.echo(format_solutions(result, fmt or "table"))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
@fail_cleanly
def stats(ctx, fmt):
    """Count entities per type, triples per property, and what each document gives.

    \b
    Example:
      kg stats
    """
    from .format import table

    s = _graph(ctx).stats()
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
    from .validate import validate_store

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
    from .export import export_graph

    data = export_graph(_graph(ctx).store, fmt)
    if output:
        Path(output).write_bytes(data)
    else:
        click.echo(data.decode("utf-8"))


if __name__ == "__main__":  # pragma: no cover
    main()
