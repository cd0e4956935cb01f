"""A remote store: any server that speaks the SPARQL 1.1 Protocol (Oxigraph server,
Apache Jena Fuseki, Virtuoso, GraphDB, ...), for graphs that outgrow one machine.

Reads are SPARQL queries; writes are SPARQL 1.1 Update requests, so a server needs
two endpoints and nothing else. Where they are, from the URL given to --store:

    http://host:7878            a dataset's base URL (Oxigraph, Fuseki):
                                queries to /query, updates to /update
    http://host:3030/ds/query   an explicit query endpoint; updates to the sibling /update
    http://host:8890/sparql     one endpoint for both (Virtuoso, Fuseki's /ds/sparql, kg serve)

    http://host:7200/repositories/ID   RDF4J, GraphDB: updates to .../statements

$KG_STORE_QUERY and $KG_STORE_UPDATE (or `query_url=`, `update_url=`) name the
endpoints outright when they are elsewhere. Credentials for servers that ask for
them (HTTP Basic or Digest): user:password@ in the URL, or $KG_STORE_AUTH=user:password;
they are never printed.

Results come back in the W3C formats and are parsed by pyoxigraph, so `query()`
returns the same QuerySolutions / QueryBoolean / QueryTriples as the embedded store.
The server must show the union of the named graphs as its default graph (Oxigraph:
--union-default-graph; Fuseki: tdb2:unionDefaultGraph; Virtuoso, GraphDB, Neptune do
by default); the first query checks, and says so if it does not.

Writes, and how atomic they are (see docs/remote-stores.md):
- a write that fits in one request (`max_request_bytes`, 8 MiB by default: about
  30,000 triples) is one update request — drop the old graphs, insert the new data —
  which servers that run each request as a transaction (Oxigraph, Fuseki) apply
  all or nothing;
- a larger one loads the data into staging graphs, in requests of that size, and
  then swaps them in with one request of DROP / ADD operations. A load that fails
  leaves the previous graph as it was (the staging graphs are dropped); while it
  runs, queries over the union also see the staging graphs.
"""

from __future__ import annotations

import os
import secrets
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict

from . import Change, update_operations
from ..errors import QueryError, StoreError

RESOURCE_GRAPHS = "https://w3id.org/ordos-kg/resource/graph/"
STAGING = "urn:ordos-kg:staging:"
MIN_REQUEST = 32 << 10
RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.8"
# Asked for by query form: Virtuoso answers a CONSTRUCT in JSON *results* if allowed to.
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"

UNION_CHECK = """ASK {
  { SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1 }
  FILTER NOT EXISTS { ?s ?p ?o }
}"""

OUR_GRAPHS = f"""SELECT DISTINCT ?g WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER(STRSTARTS(STR(?g), "{RESOURCE_GRAPHS}") || STRSTARTS(STR(?g), "{STAGING}"))
}}"""


def endpoints(url: str, update_url: str | None = None, query_url: str | None = None) -> tuple[str, str]:
    """(query endpoint, update endpoint) for a --store URL; see the module's docstring."""
    parts = urllib.parse.urlsplit(url)
    if not parts.netloc:
        raise StoreError(f"not a store URL: {url}")
    path = parts.path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    if last == "sparql":
        query = update = path
    elif last == "query":
        query, update = path, path[: -len("query")] + "update"
    elif path.rsplit("/", 2)[-2:-1] == ["repositories"]:
        query, update = path, path + "/statements"
    else:
        query, update = path + "/query", path + "/update"
    netloc = parts.hostname or ""
    netloc = f"[{netloc}]" if ":" in netloc else netloc
    netloc += f":{parts.port}" if parts.port else ""
    make = lambda p: urllib.parse.urlunsplit((parts.scheme, netloc, p, parts.query, ""))  # noqa: E731
    return query_url or make(query), update_url or make(update)


class RemoteStore:
    def __init__(self, url: str, update_url: str | None = None, timeout: float = 60.0,
                 max_request_bytes: int = 8 << 20, query_url: str | None = None):
        parts = urllib.parse.urlsplit(url)
        user, password = parts.username, parts.password
        if user is None and os.environ.get("KG_STORE_AUTH"):
            user, _, password = os.environ["KG_STORE_AUTH"].partition(":")
        self.query_url, self.update_url = endpoints(url, update_url or os.environ.get("KG_STORE_UPDATE"),
                                                    query_url or os.environ.get("KG_STORE_QUERY"))
        # Where the graph is, for messages: the URL without credentials.
        self.location = url if parts.username is None else url.replace(parts.netloc, parts.netloc.rsplit("@", 1)[-1], 1)
        self.timeout = timeout
        self.max_request_bytes = max_request_bytes
        self._union_checked = False
        handlers = []
        if user:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for endpoint in {self.query_url, self.update_url}:
                passwords.add_password(None, endpoint, urllib.parse.unquote(user), urllib.parse.unquote(password or ""))
            handlers = [urllib.request.HTTPBasicAuthHandler(passwords), urllib.request.HTTPDigestAuthHandler(passwords)]
        self._opener = urllib.request.build_opener(*handlers)

    # ------------------------------------------------------------ HTTP

    def _post(self, endpoint: str, field: str, text: str, accept: str | None, timeout: float | None):
        body = urllib.parse.urlencode({field: text}).encode("utf-8")
        req = urllib.request.Request(endpoint, data=body, method="POST")
        req.add_header("Content-Type", "application/x-www-form-urlencoded")
        if accept:
            req.add_header("Accept", accept)
        req.add_header("User-Agent", "ordos-kg")
        what = "query" if field == "query" else "update"
        try:
            with self._opener.open(req, timeout=timeout or self.timeout) as resp:
                return resp.headers.get_content_type(), resp.read(), resp.headers
        except urllib.error.HTTPError as e:
            raise _http_error(e, endpoint, what) from None
        except urllib.error.URLError as e:
            reason = e.reason
            if isinstance(reason, socket.timeout) or "timed out" in str(reason):
                raise StoreError(f"the store at {endpoint} did not answer the {what} within "
                                 f"{timeout or self.timeout:g} s") from None
            why = getattr(reason, "strerror", None) or str(reason)
            raise StoreError(f"cannot reach the store at {endpoint}: {why}") from None
        except (TimeoutError, socket.timeout):
            raise StoreError(f"the store at {endpoint} did not answer the {what} within "
                             f"{timeout or self.timeout:g} s") from None
        except (OSError, ValueError) as e:  # connection reset, bad URL, ...
            raise StoreError(f"cannot talk to the store at {endpoint}: {e}") from None

    def _run(self, sparql: str, timeout: float | None = None):
        from pyoxigraph import QueryResultsFormat, RdfFormat, Store, parse_query_results

        from ..sparql.terms import result_kind
        from ..sparql.text import form

        accept = GRAPH_ACCEPT if form(sparql) in ("CONSTRUCT", "DESCRIBE") else RESULTS_ACCEPT
        ctype, data, headers = self._post(self.query_url, "query", sparql, accept, timeout)
        results = {"application/sparql-results+json": QueryResultsFormat.JSON,
                   "application/json": QueryResultsFormat.JSON,
                   "application/sparql-results+xml": QueryResultsFormat.XML,
                   "text/tab-separated-values": QueryResultsFormat.TSV}
        graphs = {"application/n-triples": RdfFormat.N_TRIPLES, "text/plain": RdfFormat.N_TRIPLES,
                  "text/turtle": RdfFormat.TURTLE, "application/rdf+xml": RdfFormat.RDF_XML,
                  "application/ld+json": RdfFormat.JSON_LD, "application/n-quads": RdfFormat.N_QUADS,
                  "application/trig": RdfFormat.TRIG}
        try:
            if ctype in results:
                if results[ctype] == QueryResultsFormat.JSON and b'"bnode"' in data:
                    data = _portable_bnodes(data)
                # Parsed once to find any error here rather than halfway through the caller's loop.
                parsed = parse_query_results(data, format=results[ctype])
                if result_kind(parsed) == "rows":
                    self._check_cut(headers, sum(1 for _ in parsed))
                    parsed = parse_query_results(data, format=results[ctype])
                return parsed
            if ctype in graphs:
                # A CONSTRUCT or DESCRIBE: give back the same QueryTriples the embedded store does.
                scratch = Store()
                scratch.load(data, format=graphs[ctype])
                self._check_cut(headers, len(scratch))
                return scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")
        except SyntaxError as e:
            raise StoreError(f"the store at {self.query_url} sent results that cannot be read: {e}") from None
        raise StoreError(f"the store at {self.query_url} answered in {ctype or 'no declared format'}, "
                         "not a SPARQL results or RDF format")

    def _check_cut(self, headers, n: int) -> None:
        """A result the server cut short is an error, not a smaller answer: kg serve says so in
        X-KG-Truncated, Virtuoso only by returning exactly ResultSetMaxRows rows."""
        cut = headers.get("X-KG-Truncated")
        cap = headers.get("X-SPARQL-MaxRows")
        if cut or (cap and cap.isdigit() and n == int(cap)):
            raise StoreError(f"the store at {self.query_url} cut the result at {cut or cap} rows",
                             hint="raise the server's row limit (kg serve --max-rows; Virtuoso: ResultSetMaxRows "
                                  "in virtuoso.ini), or ask for fewer rows")

    def _update(self, sparql: str) -> None:
        self._post(self.update_url, "update", sparql, None, None)

    # ------------------------------------------------------------ reading

    def exists(self) -> bool:
        return bool(self._run("ASK { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"))

    def query(self, sparql: str, bindings: dict | None = None, timeout: float | None = None):
        """Run SPARQL on the server. Returns pyoxigraph results, like the embedded store."""
        from ..sparql import text as sparql_text
        from ..sparql.check import check
        from ..sparql.substitute import substitute
        from ..sparql.text import bind
        from ..vocab import PREFIXES

        check(sparql)  # read-only, no SERVICE, bounded: the same promise as the embedded store
        if not self._union_checked:
            self._check_union()
        bound = substitute(sparql, bindings or {}) or bind(sparql, bindings or {})  # as the embedded store binds them
        text = sparql_text.with_prefixes(bound, PREFIXES)
        try:
            return self._run(text, timeout)
        except QueryError as e:
            added = text.count("\n") - bound.count("\n")
            raise QueryError(sparql_text.shift_lines(str(e), added)) from None

    def pattern(self, subject=None, predicate=None, object=None, graph=None):
        """The quads in named graphs that match a pattern (None matches anything), as Quads:
        the terms are written into the query by pyoxigraph (N-Triples syntax, escaped)."""
        from pyoxigraph import Quad, Variable

        terms = [subject, predicate, object, graph]
        names = ["s", "p", "o", "g"]
        slots = [str(t) if t is not None else f"?{n}" for t, n in zip(terms, names)]
        free = [n for t, n in zip(terms, names) if t is None]
        head = " ".join(f"?{n}" for n in free) or "*"
        rows = self._run(f"SELECT {head} WHERE {{ GRAPH {slots[3]} {{ {slots[0]} {slots[1]} {slots[2]} }} }}")
        if isinstance(rows, bool):
            return
        for r in rows:
            s, p, o, g = (t if t is not None else r[Variable(n)] for t, n in zip(terms, names))
            yield Quad(s, p, o, g)

    def _check_union(self) -> None:
        if bool(self._run(UNION_CHECK)):
            raise StoreError(
                f"the store at {self.location} does not show its named graphs in the default graph",
                hint="start Oxigraph with --union-default-graph, or set tdb2:unionDefaultGraph true in Fuseki "
                     "(see docs/remote-stores.md)")
        self._union_checked = True

    def close(self) -> None:
        pass

    # ------------------------------------------------------------ writing

    def _our_graphs(self) -> list[str]:
        return [s["g"].value for s in self._run(OUR_GRAPHS)]

    def replace(self, quads, entities=None) -> None:
        """Drop every Ordos KG graph on the server and load `quads` in their place (a server
        keeps no names index: `entities` is not needed)."""
        self._write(list(quads), drop=self._our_graphs())

    def names(self):
        """An index in memory of the entities on the server, read from it (kg/store/names.py)."""
        from .names import index_from_graph

        return index_from_graph(self)

    def apply(self, change: Change) -> None:
        """Drop the replaced documents' graphs and add the new quads; the entities no article
        mentions any more are taken out in the same request as the last write."""
        orphans = update_operations(Change(orphans=change.orphans))
        self._write(list(change.quads), drop=change.graphs, then=" ;\n".join(orphans))

    def _write(self, quads: list, drop: list[str], then: str = "") -> None:
        """Write in requests of at most max_request_bytes; when the server rejects a request
        as too large (Virtuoso's SQL compiler has a limit of its own), try again in smaller
        ones. A rejected request changed nothing, and staging graphs are dropped on failure,
        so trying again is safe."""
        while True:
            try:
                return self._write_in(quads, drop, self.max_request_bytes, then)
            except (QueryError, StoreError) as e:
                if getattr(e, "status", None) not in (400, 413, 500) or self.max_request_bytes <= MIN_REQUEST:
                    raise
                self.max_request_bytes = max(MIN_REQUEST, self.max_request_bytes // 4)

    def _write_in(self, quads: list, drop: list[str], limit: int, then: str = "") -> None:
        drops = "".join(f"DROP SILENT GRAPH <{g}> ;\n" for g in drop)
        after = f" ;\n{then.strip()}" if then.strip() else ""
        chunks = list(_insert_data(quads, limit))
        if len(chunks) <= 1:
            body = drops + (chunks[0] if chunks else "")
            self._update((body.rstrip(" ;\n") + after) if body.strip() else then.strip())
            return
        token = secrets.token_hex(6)
        targets = sorted({q.graph_name.value for q in quads if hasattr(q.graph_name, "value")})
        staging = {g: f"{STAGING}{token}:{i}" for i, g in enumerate(targets)}
        try:
            for chunk in _insert_data(quads, limit, staging):
                self._update(chunk)
            swap = "".join(f"ADD <{staging[g]}> TO <{g}> ;\nDROP SILENT GRAPH <{staging[g]}> ;\n" for g in targets)
            self._update(drops + swap.rstrip(" ;\n") + after)
        except BaseException:
            try:
                self._update(" ;\n".join(f"DROP SILENT GRAPH <{s}>" for s in staging.values()))
            except StoreError:
                pass
            raise


def _insert_data(quads: list, limit: int, rename: dict[str, str] | None = None):
    """Update requests of at most about `limit` bytes that add `quads`.

    Quads with blank nodes all go in the first request, since a blank node label means
    the same node only within one request, and as INSERT { ... } WHERE {} rather than
    INSERT DATA: the same meaning, and Virtuoso refuses blank nodes in INSERT DATA."""
    from pyoxigraph import BlankNode

    def has_bnode(q) -> bool:
        return isinstance(q.subject, BlankNode) or isinstance(q.object, BlankNode)

    def lines(qs):
        out: dict[str, list[str]] = defaultdict(list)
        for q in qs:
            g = q.graph_name.value if hasattr(q.graph_name, "value") else ""
            out[(rename or {}).get(g, g)].append(f"{q.subject} {q.predicate} {q.object} .")
        return out

    with_bnodes = [q for q in quads if has_bnode(q)]
    head = f"INSERT {{\n{_graphs(lines(with_bnodes))}\n}} WHERE {{}}" if with_bnodes else ""
    size = len(head.encode("utf-8"))
    batch: list = []
    for q in (q for q in quads if not has_bnode(q)):
        n = len(str(q).encode("utf-8")) + 8
        if batch and size + n > limit:
            yield " ;\n".join(p for p in (head, f"INSERT DATA {{\n{_graphs(lines(batch))}\n}}") if p)
            head, batch, size = "", [], 0
        batch.append(q)
        size += n
    if batch or head:
        yield " ;\n".join(p for p in (head, f"INSERT DATA {{\n{_graphs(lines(batch))}\n}}" if batch else "") if p)


def _graphs(batch: dict[str, list[str]]) -> str:
    parts = []
    for g, lines in batch.items():
        body = "\n".join(lines)
        parts.append(f"GRAPH <{g}> {{\n{body}\n}}" if g else body)
    return "\n".join(parts)


def _portable_bnodes(data: bytes) -> bytes:
    """JSON results whose blank node labels pyoxigraph can read (Virtuoso sends 'nodeID://b1001')."""
    import json
    import re

    doc = json.loads(data)

    def fix(term: dict) -> None:
        if term.get("type") == "bnode":
            term["value"] = re.sub(r"[^A-Za-z0-9_]", "_", term["value"]) or "b"
        elif term.get("type") == "triple":
            for part in term["value"].values():
                fix(part)

    for binding in doc.get("results", {}).get("bindings", []):
        for term in binding.values():
            fix(term)
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _http_error(e: urllib.error.HTTPError, endpoint: str, what: str):
    err = _error_for(e, endpoint, what)
    err.status = e.code
    return err


def _error_for(e: urllib.error.HTTPError, endpoint: str, what: str):
    try:
        text = e.read().decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    text = " ".join(text.split()).split(" SPARQL query:")[0][:500] or e.reason  # Virtuoso echoes the query
    if e.code == 400:
        return QueryError(f"the store at {endpoint} rejected the {what}: {text}")
    if e.code in (401, 403):
        hint = ("the server may be read-only, or need update rights for this endpoint; "
                "$KG_STORE_UPDATE names another update endpoint") if what == "update" else None
        return StoreError(f"the store at {endpoint} refused the {what} (HTTP {e.code}): {text}", hint=hint)
    if e.code == 404:
        return StoreError(f"no SPARQL {what} endpoint at {endpoint} (HTTP 404)",
                          hint="give the dataset's base URL (http://host:7878) or its SPARQL endpoint (…/sparql)")
    if e.code == 503 and what == "query":
        return QueryError(f"the store at {endpoint} did not answer the query: {text}")
    return StoreError(f"the store at {endpoint} failed on the {what} (HTTP {e.code}): {text}")
