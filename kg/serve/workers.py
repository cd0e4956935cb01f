"""The query side of `kg serve`: worker processes that run SPARQL on the embedded store
and write the results in the W3C formats, capped at a number of rows.

pyoxigraph cannot cancel a query, so each query runs in a worker process that the
server kills when it runs past the time limit (see docs/decisions/2026-11-25-sparql-endpoint.md).
A worker notices when `current` points at a new build and reopens the store.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import queue
import threading
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..format import xml_safe

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
}


class QueryTimeout(Exception):
    """The query ran past the time limit; its worker was stopped."""


class Busy(Exception):
    """No worker became free within the time limit."""


# ---------------------------------------------------------------- results formats


def _term_json(t) -> dict:
    from pyoxigraph import BlankNode, Literal, NamedNode

    if isinstance(t, NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, Literal):
        out = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype is not None and t.datatype.value != XSD_STRING:
            out["datatype"] = t.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _term_json(t.subject), "predicate": _term_json(t.predicate),
                                        "object": _term_json(t.object)}}


def _term_xml(t) -> str:
    from pyoxigraph import BlankNode, Literal, NamedNode

    if isinstance(t, NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype is not None and t.datatype.value not in (XSD_STRING, RDF_LANGSTRING):
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    return (f"<triple><subject>{_term_xml(t.subject)}</subject><predicate>{_term_xml(t.predicate)}</predicate>"
            f"<object>{_term_xml(t.object)}</object></triple>")


def _term_csv(t) -> str:
    from pyoxigraph import BlankNode, Literal, NamedNode

    if t is None:
        return ""
    if isinstance(t, BlankNode):
        return "_:" + t.value
    if isinstance(t, (NamedNode, Literal)):
        return t.value
    return str(t)


def solutions_bytes(variables: list[str], rows: list, fmt: str) -> bytes:
    """SELECT results (a list of QuerySolution) in one of the W3C formats."""
    if fmt == "json":
        bindings = [{v: _term_json(r[v]) for v in variables if r[v] is not None} for r in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
               "<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables) + "</head>", "<results>"]
        for r in rows:
            cells = "".join(f"<binding name={quoteattr(v)}>{_term_xml(r[v])}</binding>" for v in variables
                            if r[v] is not None)
            out.append(f"<result>{cells}</result>")
        out.append("</results>\n</sparql>\n")
        return xml_safe("\n".join(out)).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(variables)
        for r in rows:
            w.writerow([_term_csv(r[v]) for v in variables])
        return buf.getvalue().encode("utf-8")
    # TSV: terms in their SPARQL/N-Triples form, which escapes tabs and newlines in literals.
    lines = ["\t".join("?" + v for v in variables)]
    for r in rows:
        lines.append("\t".join("" if r[v] is None else str(r[v]) for v in variables))
    return ("\n".join(lines) + "\n").encode("utf-8")


def boolean_bytes(value: bool, fmt: str) -> bytes:
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{word}</boolean></sparql>\n").encode("utf-8")
    return (word + "\n").encode("utf-8")


def encode(result, media: str | None, max_rows: int) -> tuple[str, bytes, bool]:
    """(content type, body, truncated) for a pyoxigraph result in the negotiated media type."""
    from pyoxigraph import RdfFormat, serialize

    from ..sparql.terms import result_kind
    from ..vocab import turtle_prefixes

    kind = result_kind(result)
    if kind == "triples":
        media = media if media in GRAPH_TYPES else "text/turtle"
        triples = list(itertools.islice(result, max_rows + 1))
        truncated = len(triples) > max_rows
        fmt = getattr(RdfFormat, GRAPH_TYPES[media])
        kwargs = {"prefixes": turtle_prefixes()} if media == "text/turtle" else {}
        body = serialize(triples[:max_rows], format=fmt, **kwargs) or b""
        if media == "application/rdf+xml":
            body = xml_safe(body.decode("utf-8")).encode("utf-8")
        return media, body, truncated
    media = media if media in RESULT_TYPES else "application/sparql-results+json"
    if kind == "boolean":
        return media, boolean_bytes(bool(result), RESULT_TYPES[media]), False
    variables = [v.value for v in result.variables]
    rows = list(itertools.islice(result, max_rows + 1))
    truncated = len(rows) > max_rows
    return media, solutions_bytes(variables, rows[:max_rows], RESULT_TYPES[media]), truncated


# ---------------------------------------------------------------- one worker


class Runner:
    """Runs queries on the store at `root`, reopening it when a new build is made current."""

    def __init__(self, root: str, max_rows: int):
        from ..store.embedded import EmbeddedStore

        self.store = EmbeddedStore(Path(root))
        self.max_rows = max_rows
        self.target: str | None = None

    def _fresh(self) -> None:
        target = os.path.realpath(self.store.current)
        if target != self.target:
            self.store.close()
            self.target = target

    def run(self, sparql: str, media: str | None) -> tuple[int, str, bytes, bool]:
        from ..errors import NoGraphError, QueryError, StoreError

        for attempt in (1, 2):
            self._fresh()
            try:
                result = self.store.query(sparql)
                ctype, body, truncated = encode(result, media, self.max_rows)
                return 200, ctype, body, truncated
            except QueryError as e:
                return 400, "text/plain", f"{e}\n".encode("utf-8"), False
            except NoGraphError as e:
                return 503, "text/plain", f"{e}\n".encode("utf-8"), False
            except (StoreError, OSError) as e:
                # The build it had open may just have been replaced and removed: reopen once.
                self.store.close()
                self.target = None
                if attempt == 2:
                    return 500, "text/plain", f"cannot read the graph: {e}".encode("utf-8"), False
        raise AssertionError("unreachable")


def worker_main(conn, root: str, max_rows: int) -> None:
    """A worker process: answer (query, media) jobs from the pipe until it closes or the server goes.

    Before it opens the store it forbids itself network sockets (kg/sparql/sandbox.py; the threads the
    store starts inherit that), and it runs queries on a thread with a large stack."""
    from ..sparql.sandbox import no_network, start_thread

    no_network()
    parent = os.getppid()
    watch = threading.Thread(target=_watch_parent, args=(parent,), name="kg-watch-parent", daemon=True)
    watch.start()
    start_thread(lambda: _answer_jobs(conn, root, max_rows), "kg-query").join()


def _watch_parent(parent: int) -> None:
    """End this worker as soon as the server that started it is gone, even in the middle of a query."""
    import time

    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def _answer_jobs(conn, root: str, max_rows: int) -> None:
    runner = Runner(root, max_rows)
    try:
        runner.run("ASK {}", None)  # open the store before the first request
    except Exception:  # noqa: BLE001 - the first real query reports it
        pass
    while True:
        try:
            sparql, media = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            reply = runner.run(sparql, media)
        except Exception as e:  # noqa: BLE001 - one bad query must not stop the worker
            reply = (500, "text/plain", f"{type(e).__name__}: {e}".encode("utf-8"), False)
        try:
            conn.send(reply)
        except (OSError, BrokenPipeError):
            return


# ---------------------------------------------------------------- the pool


class WorkerPool:
    """A fixed number of worker processes; a query that runs too long gets its worker killed
    and replaced, so a slow query costs one worker for `timeout` seconds and nothing more."""

    def __init__(self, root: str, size: int, max_rows: int):
        import multiprocessing

        self.root, self.max_rows = str(root), max_rows
        self.ctx = multiprocessing.get_context("spawn")
        self.idle: queue.Queue = queue.Queue()
        self.closed = False
        self.workers: set = set()
        self.lock = threading.Lock()
        for _ in range(max(1, size)):
            self.idle.put(self._start())

    def _start(self):
        parent, child = self.ctx.Pipe()
        p = self.ctx.Process(target=worker_main, args=(child, self.root, self.max_rows), daemon=True,
                             name="kg-serve-worker")
        p.start()
        child.close()
        w = (p, parent)
        with self.lock:
            self.workers.add(w)
        return w

    def _replace(self, w) -> None:
        p, conn = w
        with self.lock:
            self.workers.discard(w)
        p.kill()
        p.join(5)
        conn.close()
        if not self.closed:
            threading.Thread(target=lambda: self.idle.put(self._start()), daemon=True).start()

    def run(self, sparql: str, media: str | None, timeout: float) -> tuple[int, str, bytes, bool]:
        try:
            w = self.idle.get(timeout=timeout)
        except queue.Empty:
            raise Busy from None
        p, conn = w
        try:
            conn.send((sparql, media))
            if conn.poll(timeout):
                reply = conn.recv()
                self.idle.put(w)
                return reply
        except (EOFError, OSError):
            self._replace(w)
            return 500, "text/plain", b"the query worker stopped unexpectedly", False
        self._replace(w)
        raise QueryTimeout

    def close(self) -> None:
        self.closed = True
        with self.lock:
            workers = list(self.workers)
            self.workers.clear()
        for p, conn in workers:
            p.kill()
            p.join(5)
            conn.close()
