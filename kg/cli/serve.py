"""`kg serve`: the graph as a read-only SPARQL 1.1 Protocol endpoint on loopback."""

from __future__ import annotations

import signal

import click

from . import fail_cleanly, main


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback makes the graph reachable from other machines.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535))
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may run before it is stopped (503).")
@click.option("--max-rows", default=10000, show_default=True, type=click.IntRange(min=1),
              help="Rows (or triples) a result may have; more are cut and the X-KG-Truncated header says so.")
@click.option("--workers", default=None, type=click.IntRange(min=1),
              help="Query worker processes (default: one per CPU, at most 8).")
@click.option("--quiet", is_flag=True, help="Do not log each request.")
@click.option("--allow-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="A host name clients may use for the server besides 127.0.0.1, ::1 and localhost "
                   "(the Host header; others are refused, against DNS rebinding). Repeatable.")
@click.pass_context
@fail_cleanly
def serve(ctx, host, port, timeout, max_rows, workers, quiet, allowed_hosts):
    """Serve the graph as a read-only SPARQL endpoint, with a query page at /.

    Queries go to /sparql (GET ?query=..., or POST, URL-encoded or as
    application/sparql-query); the result format follows the Accept header or
    format= (json, xml, csv, tsv; ttl, nt, jsonld). Updates, SERVICE and LOAD are
    refused, and so are requests for another Host name (unless --allow-host) and requests
    made by pages of another origin. A rebuild of the store while serving is picked up by
    the next query. docs/security.md says what else it promises.

    \b
    Example:
      kg serve
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?b a okg:Banner }' http://127.0.0.1:7878/sparql
    """
    from ..serve import make_server
    from ..store import store_location

    server = make_server(store_location(ctx.obj["store"]), host, port, timeout, max_rows, workers, quiet,
                         allowed_hosts)
    click.echo(f"Serving {store_location(ctx.obj['store'])} at {server.url} (SPARQL endpoint: {server.url}sparql); "
               "Ctrl-C stops.", err=True)
    signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
    finally:
        server.server_close()


def _stop(signum, frame):
    raise KeyboardInterrupt  # so that `finally` stops the workers
