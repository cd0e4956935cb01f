"""Running a question against a store: the query (or a ready question with its parameters), on a
thread of its own that a time limit and Ctrl-C can leave, without network for an embedded store,
with storage failures reported in one line. `kg query`, `kg stats` and `kg export` are this and a
formatter (kg/format.py)."""

from __future__ import annotations

from pathlib import Path

from ..errors import QueryError, StoreError


def read_query_file(path: str | Path) -> str:
    """The text of a .rq file; an unreadable or non-UTF-8 file is a QueryError naming the byte."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise QueryError(f"cannot read {path}: {e.strerror}") from e
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise QueryError(f"{path} is not UTF-8 text: byte {e.object[e.start]:#04x} at offset {e.start} is not "
                         "valid UTF-8", hint="save the query as UTF-8") from None


def ask(store, sparql: str | None = None, question: str | None = None, params=()):
    """The result of a query, or of a ready question (`kg queries`) with its parameters ("NAME=VALUE"
    strings; names given for entities are looked up), as pyoxigraph gives it."""
    if question or params:
        from .questions import prepare

        sparql, bindings = prepare(store, question, sparql, params)
        return store.query(sparql, bindings)
    if not sparql:
        raise QueryError("give a query, or the name of a ready question")
    return store.query(sparql)


def bounded_read(store, fn, timeout: float | None, what: str | None = None):
    """fn() on a query thread of its own (kg/sparql/sandbox.py): without network unless the store is
    remote, stopped waiting for past `timeout` seconds (None: no limit). A failure reading an embedded
    store is its one-line read error; with `what`, running past the limit is reported as `what` not
    finishing (a damaged store may never end) rather than as a slow query."""
    from .sandbox import QueryTimeout, bounded

    location = getattr(store, "location", "")
    embedded = not location.startswith(("http://", "https://"))

    def run():
        try:
            return fn()
        except (OSError, RuntimeError) as e:  # storage failures while the results are read
            if embedded:
                err = store.read_error(e)
            elif what:
                err = StoreError(f"reading {location} failed: {e}")
            else:
                err = QueryError(f"reading the results failed: {e}")
        raise err

    try:
        return bounded(run, timeout or None, network=not embedded)
    except QueryTimeout:
        if what is None:
            raise
        raise StoreError(f"{what} did not finish within {timeout:g} s: the graph is very large, or its store is damaged",
                         hint="give it longer with --timeout; if it never ends, build the graph again: kg build DIR") from None
