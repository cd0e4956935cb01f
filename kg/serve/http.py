"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over the embedded store.

    GET  /sparql?query=...                          (URL-encoded query)
    POST /sparql  application/x-www-form-urlencoded (query=...)
    POST /sparql  application/sparql-query          (the query as the body)
    GET  /                                          a page to type a query or pick a ready question

Results by content negotiation (Accept) or `format=`: SELECT and ASK as
application/sparql-results+json (default), application/sparql-results+xml,
text/csv, text/tab-separated-values; CONSTRUCT and DESCRIBE as text/turtle
(default), application/n-triples, application/ld+json, application/rdf+xml.

Read-only, and it never fetches anything: updates (update=, application/sparql-update,
or a request that reads as an update) get 403; so do queries with SERVICE (found by a
SPARQL parser, kg/sparql/check.py), and the workers cannot open network sockets anyway
(kg/sparql/sandbox.py). On loopback it answers only requests whose Host is a loopback address,
localhost or a name given with --allow-host (no DNS rebinding), and refuses requests
that a page of another origin makes (Origin, Sec-Fetch-Site). docs/security.md lists
every promise and the test that checks it.
Each query runs in a worker process under a time limit (503 past it) and returns at
most --max-rows rows (header X-KG-Truncated when cut). A syntax error is a 400 with
the parser's message, which gives line:column.

Standard library only (http.server + multiprocessing); see
docs/decisions/2026-11-25-sparql-endpoint.md.
"""

from __future__ import annotations

import ipaddress
import os
import re
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..errors import NoGraphError, StoreError
from ..sparql import text as sparql_text

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
MAX_BODY = 1 << 20

RESULT_MEDIA = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"]
GRAPH_MEDIA = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]
#: Other names clients use for the same formats.
ALIASES = {
    "application/json": ("application/sparql-results+json", "application/ld+json"),
    "application/xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "text/xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "text/plain": (None, "application/n-triples"),
    "application/x-turtle": (None, "text/turtle"),
    "text/n3": (None, "text/turtle"), "text/rdf+n3": (None, "text/turtle"),
}
#: format= values.
FORMATS = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None), "tsv": ("text/tab-separated-values", None),
    "ttl": (None, "text/turtle"), "turtle": (None, "text/turtle"),
    "nt": (None, "application/n-triples"), "ntriples": (None, "application/n-triples"),
    "n-triples": (None, "application/n-triples"),
    "jsonld": (None, "application/ld+json"), "json-ld": (None, "application/ld+json"),
    "rdfxml": (None, "application/rdf+xml"), "rdf": (None, "application/rdf+xml"),
    "n3": (None, "text/turtle"),  # Turtle is N3
}


class Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def negotiate(accept: str | None, fmt: str | None, graph: bool) -> str:
    """The media type to answer in: from format= if it names one for this kind of query, else from
    Accept, else the default (JSON results, Turtle). Clients send all sorts of format= values
    (SPARQLWrapper sends n3, turtle, ...), so one that does not fit falls through to Accept."""
    supported = GRAPH_MEDIA if graph else RESULT_MEDIA
    side = 1 if graph else 0
    if fmt:
        key = fmt.strip().lower()
        media = (FORMATS.get(key) or ALIASES.get(key) or (None, None))[side]
        if media or key in supported:
            return media or key
    best, best_q = None, 0.0
    for part in (accept or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if media in supported:
            found = media
        elif media in ALIASES:
            found = ALIASES[media][side]
        elif media == "*/*":
            found = supported[0]
        elif media.endswith("/*"):
            found = next((m for m in supported if m.startswith(media[:-1])), None)
        else:
            found = None
        if found and q > best_q:
            best, best_q = found, q
    return best or supported[0]


def check(query: str) -> None:
    """Refuse, before anything runs, what would write, make the server fetch something, or is too
    large or deeply nested to parse safely."""
    from ..sparql.check import ForbiddenQueryError, QueryTooLargeError, ReadOnlyError
    from ..sparql.check import check as check_query

    try:
        check_query(query)
    except ReadOnlyError:
        raise Refused(403, "this endpoint is read-only: SPARQL Update is not accepted") from None
    except ForbiddenQueryError as e:
        raise Refused(403, f"{e}; this endpoint never fetches anything from elsewhere") from None
    except QueryTooLargeError as e:
        raise Refused(400, str(e)) from None


_LENGTH = re.compile(r"[0-9]{1,12}")
LOOPBACK_NAMES = ("localhost", "localhost.")


def loopback_host(host: str) -> bool:
    """A literal loopback address (127.0.0.0/8, ::1) or localhost: not a name that merely begins with 127."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "OrdosKG"
    timeout = 60  # seconds a client may idle on a kept-alive connection

    # ------------------------------------------------------------ plumbing

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def _send(self, status: int, body: bytes, ctype: str, headers: dict | None = None) -> None:
        self.send_response(status)
        if ctype.startswith("text/") or ctype.endswith(("json", "xml")):
            ctype += "; charset=utf-8"
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str, headers: dict | None = None) -> None:
        self._send(status, (message.rstrip("\n") + "\n").encode("utf-8"), "text/plain", headers)

    def _host_ok(self) -> bool:
        """On loopback, answer only requests addressed to loopback or to a name the user allowed (no DNS
        rebinding: a name that resolves to 127.0.0.1 is not enough)."""
        if not self.server.loopback:
            return True
        try:
            host = urllib.parse.urlsplit("//" + (self.headers.get("Host") or "")).hostname or ""
        except ValueError:
            return False
        return loopback_host(host) or host.lower() in self.server.allowed_hosts

    def _same_origin(self) -> bool:
        """Whether the request comes from this server's own page or from a client that is no web page:
        a browser names the page's origin (Origin) and how it relates (Sec-Fetch-Site) on each request it
        makes for a page, so a form on another site that posts a query here is told apart."""
        site = (self.headers.get("Sec-Fetch-Site") or "").strip().lower()
        if site and site not in ("same-origin", "none"):
            return False
        origin = (self.headers.get("Origin") or "").strip()
        if not origin:
            return True
        if origin == "null":
            return False
        try:
            o = urllib.parse.urlsplit(origin)
            h = urllib.parse.urlsplit("//" + (self.headers.get("Host") or ""))
            return (o.scheme == "http" and o.hostname == h.hostname
                    and (o.port or 80) == (h.port or 80))
        except ValueError:
            return False

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding"):
            raise Refused(411, "send the body with a Content-Length")
        lengths = self.headers.get_all("Content-Length") or []
        if len(set(v.strip() for v in lengths)) > 1:
            raise Refused(400, "more than one Content-Length")
        value = lengths[0].strip() if lengths else "0"
        if not _LENGTH.fullmatch(value):
            raise Refused(400, f"bad Content-Length {value[:20]!r}: a whole number of bytes, 0 or more")
        n = int(value)
        if n > MAX_BODY:
            raise Refused(413, f"the request body is over {MAX_BODY} bytes")
        return self.rfile.read(n) if n else b""

    # ------------------------------------------------------------ methods

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True  # the client went away: nothing to answer, nothing to report

    def do_GET(self):  # noqa: N802 - http.server's naming
        self._dispatch("GET")

    def do_HEAD(self):  # noqa: N802
        self._dispatch("HEAD")

    def do_POST(self):  # noqa: N802
        self._dispatch("POST")

    def _refuse_method(self):
        self._text(405, f"{self.command} is not supported; this endpoint is read-only (GET or POST a query)",
                   {"Allow": "GET, HEAD, POST"})

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    def _dispatch(self, method: str) -> None:
        t0 = time.perf_counter()
        try:
            body = self._body() if method == "POST" else b""
            if not self._host_ok():
                raise Refused(403, "unexpected Host header for a server on loopback")
            url = urllib.parse.urlsplit(self.path)
            if url.path in ("/", "/index.html") and method != "POST":  # a link from elsewhere may open the page
                self._send(200, self.server.page, "text/html",
                           {"Content-Security-Policy": self.server.csp, "X-Frame-Options": "DENY"})
                return
            if not self._same_origin():
                raise Refused(403, "requests from pages of another origin are refused")
            if url.path in ("/", "/index.html"):
                raise Refused(405, "POST queries to /sparql")
            if url.path == "/update":
                raise Refused(403, "this endpoint is read-only: SPARQL Update is not accepted")
            if url.path not in ("/sparql", "/query"):
                raise Refused(404, f"nothing at {url.path}; the SPARQL endpoint is /sparql")
            self._sparql(method, url.query, body, t0)
        except Refused as e:
            self._text(e.status, str(e))

    def _params(self, method: str, query_string: str, body: bytes) -> tuple[str | None, dict]:
        params = urllib.parse.parse_qs(query_string, keep_blank_values=True)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        query = None
        if method == "POST":
            if ctype == "application/sparql-update":
                raise Refused(403, "this endpoint is read-only: SPARQL Update is not accepted")
            if ctype == "application/sparql-query":
                try:
                    query = body.decode("utf-8")
                except UnicodeDecodeError:
                    raise Refused(400, "the query is not UTF-8") from None
            elif ctype == "application/x-www-form-urlencoded":
                try:
                    form = urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
                except UnicodeDecodeError:
                    raise Refused(400, "the form is not UTF-8") from None
                for k, v in form.items():
                    params.setdefault(k, []).extend(v)
            else:
                raise Refused(415, "POST a query as application/x-www-form-urlencoded (query=...) "
                                   "or as application/sparql-query")
        if "update" in params:
            raise Refused(403, "this endpoint is read-only: SPARQL Update is not accepted")
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            raise Refused(400, "default-graph-uri and named-graph-uri are not supported: the default graph is "
                               "the union of all graphs; use GRAPH or FROM in the query")
        if query is None:
            values = params.get("query", [])
            if len(values) > 1:
                raise Refused(400, "give one query= parameter, not several")
            query = values[0] if values else None
        return query, params

    def _sparql(self, method: str, query_string: str, body: bytes, t0: float) -> None:
        from .workers import Busy, QueryTimeout

        query, params = self._params(method, query_string, body)
        if not query or not query.strip():
            if method in ("GET", "HEAD") and not query_string:
                raise Refused(400, "no query: GET /sparql?query=..., or POST one; the page at / helps to write one")
            raise Refused(400, "no query: give query=... or POST it as application/sparql-query")
        check(query)
        graph = sparql_text.form(query) in ("CONSTRUCT", "DESCRIBE")
        fmt = (params.get("format") or params.get("output") or [None])[0]
        media = negotiate(self.headers.get("Accept"), fmt, graph)
        timeout = self.server.query_timeout
        try:
            status, ctype, out, truncated = self.server.pool.run(query, media, timeout)
        except QueryTimeout:
            raise Refused(503, f"the query ran past the time limit of {timeout:g} s and was stopped") from None
        except Busy:
            raise Refused(503, f"the server is busy: no worker became free within {timeout:g} s") from None
        headers = {"Vary": "Accept"}
        if truncated:
            headers["X-KG-Truncated"] = str(self.server.max_rows)
        headers["Server-Timing"] = f"query;dur={(time.perf_counter() - t0) * 1000:.1f}"
        self._send(status, out, ctype, headers)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, root: Path, host: str, port: int, timeout: float, max_rows: int, workers: int,
                 quiet: bool = False, allowed_hosts: tuple[str, ...] = ()):
        from .page import CSP, page
        from .workers import WorkerPool

        super().__init__((host, port), Handler)
        self.root = Path(root)
        self.query_timeout = timeout
        self.max_rows = max_rows
        self.quiet = quiet
        self.allowed_hosts = {h.strip().lower().rstrip(".") for h in allowed_hosts if h.strip()}
        self.page = page(location=str(self.root))
        self.csp = CSP
        try:
            self.loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            self.loopback = host == "localhost"
        self.pool = WorkerPool(str(self.root), workers, max_rows)

    def handle_error(self, request, client_address) -> None:
        """A client that disconnects is no error; anything else is logged unless --quiet."""
        err = sys.exc_info()[1]
        if isinstance(err, (BrokenPipeError, ConnectionResetError, TimeoutError)) or self.quiet:
            return
        super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}/"

    def server_close(self) -> None:
        super().server_close()
        if getattr(self, "pool", None) is not None:  # not yet there when the bind failed
            self.pool.close()


def make_server(store: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, timeout: float = 10.0,
                max_rows: int = 10000, workers: int | None = None, quiet: bool = False,
                allowed_hosts: tuple[str, ...] = ()) -> Server:
    """A server over the embedded store at `store` (not started: call serve_forever()). `allowed_hosts`:
    names besides the loopback addresses and localhost that clients may call it by (Host header)."""
    loc = str(store)
    if loc.startswith(("http://", "https://")):
        raise StoreError(f"kg serve serves an embedded store, not {loc}",
                         hint="a remote store has its own SPARQL endpoint: query it directly")
    root = Path(loc)
    if not (root / "current").exists():
        raise NoGraphError(f"no graph at {root}/")
    if timeout <= 0 or max_rows <= 0:
        raise StoreError("--timeout and --max-rows must be positive")
    try:
        return Server(root, host, port, timeout, max_rows, workers or min(8, os.cpu_count() or 2), quiet,
                      tuple(allowed_hosts))
    except OSError as e:
        raise StoreError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
