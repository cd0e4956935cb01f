"""Issue 12: what `kg query`, the store and `kg serve` promise against hostile or careless input
(docs/security.md names the test behind each promise)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # the seeds' triples, cubed


class Listener:
    """A socket on loopback that records every connection: proof that nothing was fetched."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self.running = False
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


def kg(store, *args):
    return CliRunner().invoke(main, ["--store", str(store), *args], catch_exceptions=False)


def kg_process(store, *args, timeout=120, **kw):
    """`kg` as a real process (Ctrl-C reaches it as it would from a terminal)."""
    return subprocess.run([sys.executable, "-m", "kg", "--store", str(store), *args], capture_output=True, text=True,
                          timeout=timeout, **kw)


# ------------------------------------------------------------------ 1. SERVICE


def escaped_local_name(url):
    r"""A legal query whose prefixed name holds an escaped # (ex:a\#b): the old text mask read it as a comment."""
    return f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ OPTIONAL {{ ?s ex:a\\#b ?o }} SERVICE <{url}> {{ ?x ?y ?z }} }}"


@pytest.mark.parametrize("query", [
    escaped_local_name,
    lambda url: f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ ?s ex:it\\'s ?o }} ; SERVICE <{url}> {{ }}",
    lambda url: f"SELECT * WHERE {{ service <{url}> {{ ?x ?y ?z }} }}",
    lambda url: f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?x ?y ?z }} }}",
    lambda url: f"SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE SILENT ?u {{ ?x ?y ?z }} }}",
    lambda url: f"SELECT * WHERE {{ ?s ?p ?o # SERVICE\n OPTIONAL {{ SERVICE <{url}> {{ ?x ?y ?z }} }} }}",
], ids=["escaped-hash", "escaped-quote", "lower-case", "unicode-escape", "silent-variable", "after-comment"])
def test_service_is_refused_and_nothing_is_fetched(seed_graph, listener, query):
    result = kg(seed_graph.location, "query", query(listener.url))
    assert result.output.startswith("Error: ")
    assert result.exit_code == 2, result.output
    assert "SERVICE" in result.output and "Traceback" not in result.output
    time.sleep(0.3)
    assert listener.connections == 0


def test_service_in_a_parameterised_query_is_refused(seed_graph, listener):
    result = kg(seed_graph.location, "query", escaped_local_name(listener.url), "-p", "s=http://example.org/x")
    assert result.exit_code == 2
    assert listener.connections == 0


def test_the_word_service_in_a_literal_is_no_service(seed_graph):
    result = kg(seed_graph.location, "query", 'SELECT ?e WHERE { ?e rdfs:label ?l FILTER(CONTAINS(?l, "SERVICE <http://x/>")) }')
    assert result.exit_code == 0, result.output
    assert "(0 rows)" in result.output


def test_a_query_thread_cannot_connect_even_when_the_check_misses(seed_graph, listener, monkeypatch):
    """Defence in depth: with the parser check switched off, `kg query` still opens no connection."""
    from kg.sparql import check as sparql_check

    monkeypatch.setattr(sparql_check, "uses_service", lambda q: False)
    result = kg(seed_graph.location, "query", escaped_local_name(listener.url))
    assert result.exit_code != 0
    time.sleep(0.3)
    assert listener.connections == 0


def _worker_with_check_off(conn, root, max_rows):
    from kg.serve.workers import worker_main
    from kg.sparql import check as sparql_check

    sparql_check.uses_service = lambda q: False
    worker_main(conn, root, max_rows)


def test_a_serve_worker_cannot_connect_even_when_the_check_misses(seed_graph, listener):
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    p = ctx.Process(target=_worker_with_check_off, args=(child, seed_graph.location, 100), daemon=True)
    p.start()
    try:
        parent.send((escaped_local_name(listener.url), None))
        assert parent.poll(60)
        status, _, body, _ = parent.recv()
        assert status != 200
        parent.send(("ASK { ?s ?p ?o }", None))  # the worker still answers
        assert parent.poll(60) and parent.recv()[0] == 200
    finally:
        p.kill()
        p.join(5)
    assert listener.connections == 0


# ------------------------------------------------------------------ the endpoint


@pytest.fixture(scope="module")
def server(seed_graph):
    from kg.serve import make_server

    srv = make_server(seed_graph.location, port=0, workers=1, quiet=True, allowed_hosts=("kg.test",))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()
    srv.server_close()


def raw(server, request: bytes, read: bool = True) -> tuple[int, bytes]:
    """Send bytes as they are; (status, body)."""
    host, port = server.server_address[:2]
    with socket.create_connection((host, port), timeout=30) as s:
        s.sendall(request)
        if not read:
            return 0, b""
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = [int(x.split(b":")[1]) for x in head.split(b"\r\n") if x.lower().startswith(b"content-length:")]
            if length and len(body) >= length[0]:
                break
    status = int(data.split(b" ", 2)[1]) if data else 0
    return status, data.partition(b"\r\n\r\n")[2]


def request(method="GET", path="/sparql?query=ASK%7B%7D", headers=None, body=b"", host="127.0.0.1") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def form(query: str) -> bytes:
    return urllib.parse.urlencode({"query": query}).encode()


def test_cross_origin_posts_are_refused(server):
    body = form("ASK { ?s ?p ?o }")
    base = {"Content-Type": "application/x-www-form-urlencoded", "Content-Length": str(len(body))}
    port = server.server_address[1]
    assert raw(server, request("POST", "/sparql", {**base, "Origin": "http://attacker.example"}, body))[0] == 403
    assert raw(server, request("POST", "/sparql", {**base, "Sec-Fetch-Site": "cross-site"}, body))[0] == 403
    assert raw(server, request("POST", "/sparql", {**base, "Origin": "null"}, body))[0] == 403
    own = {**base, "Origin": f"http://127.0.0.1:{port}", "Sec-Fetch-Site": "same-origin"}
    assert raw(server, request("POST", "/sparql", own, body, host=f"127.0.0.1:{port}"))[0] == 200
    assert raw(server, request("POST", "/sparql", base, body))[0] == 200  # curl, SPARQLWrapper: no Origin
    assert raw(server, request("GET", headers={"Sec-Fetch-Site": "cross-site"}))[0] == 403  # a link, an <img>
    assert raw(server, request("GET", "/", {"Sec-Fetch-Site": "cross-site"}))[0] == 200  # the page itself opens


def test_host_must_be_a_literal_loopback_address_or_an_allowed_name(server):
    assert raw(server, request(host="127.evil.example"))[0] == 403
    assert raw(server, request(host="127.0.0.1.nip.example"))[0] == 403
    for ok in ("127.0.0.1", "127.0.0.2:80", "[::1]:7878", "localhost", "LOCALHOST:1", "kg.test"):
        assert raw(server, request(host=ok))[0] == 200, ok


@pytest.mark.parametrize("length", ["-1", "abc", "1e3", "+5", "1_0", " ", "99999999999999999999"])
def test_a_bad_content_length_is_refused_before_any_body_is_read(server, length):
    t0 = time.monotonic()
    status, _ = raw(server, request("POST", "/sparql", {"Content-Type": "application/sparql-query",
                                                        "Content-Length": length}))
    assert status in (400, 413)
    assert time.monotonic() - t0 < 5


def test_deep_nesting_is_refused_and_the_worker_lives(server):
    deep = "SELECT * WHERE " + "{" * 3000 + "}" * 3000
    body = deep.encode()
    status, text = raw(server, request("POST", "/sparql", {"Content-Type": "application/sparql-query",
                                                           "Content-Length": str(len(body))}, body))
    assert status == 400 and b"nests" in text
    flat = "SELECT * WHERE { BIND(1" + " + 1" * 30000 + " AS ?x) }"
    body = flat.encode()
    status, _ = raw(server, request("POST", "/sparql", {"Content-Type": "application/sparql-query",
                                                        "Content-Length": str(len(body))}, body))
    assert status == 400
    assert raw(server, request())[0] == 200


def _children(pid: int) -> set[int]:
    out = set()
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.add(int(d.name))
    return out


def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _wait_listening(port, proc, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("kg serve did not start")


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads /proc")
def test_a_disconnecting_client_leaves_no_traceback_and_workers_die_with_the_server(seed_graph):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "--store", seed_graph.location, "serve", "--port", str(port),
                             "--workers", "2", "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_listening(port, proc)
        query = urllib.parse.quote("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        for _ in range(3):  # ask for a large answer and hang up before reading it
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(f"GET /sparql?query={query} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            s.close()
        time.sleep(2)
        workers = _children(proc.pid)
        assert len(workers) >= 2
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() and
                                                    "Z" not in Path(f"/proc/{w}/stat").read_text().split()[2]
                                                    for w in workers):
            time.sleep(0.2)
        alive = [w for w in workers if Path(f"/proc/{w}").exists()
                 and Path(f"/proc/{w}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"]
        assert not alive, f"workers outlived the server: {alive}"
        assert "Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()


# ------------------------------------------------------------------ 4. document identity, overlapping writers


@pytest.fixture
def same_names(tmp_path, seed_files):
    """Four articles whose file names collide: a/article.txt and b/article.txt; `x y.txt` and x_y.txt."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    pairs = [("a/article.txt", 0), ("b/article.txt", 1), ("x y.txt", 2), ("x_y.txt", 3)]
    for name, i in pairs:
        (tmp_path / name).write_bytes(seed_files[i].read_bytes())
    return tmp_path


def _articles(store):
    from kg import KnowledgeGraph

    return {r["id"]: r for r in KnowledgeGraph(str(store)).rows(
        "SELECT ?id ?path WHERE { ?d a okg:Document ; okg:sourcePath ?path BIND(STRAFTER(STR(?d), '/doc/') AS ?id) }")}


def test_ingesting_an_article_with_the_same_file_name_keeps_both(same_names, store_path):
    from kg import KnowledgeGraph

    graph = KnowledgeGraph(str(store_path))
    graph.build([same_names / "a"])
    graph.ingest([same_names / "b" / "article.txt"])
    graph.ingest([same_names / "x y.txt", same_names / "x_y.txt"])
    docs = _articles(store_path)
    assert len(docs) == 4
    assert "article" in docs and "x_y" in docs  # the first keeps its readable id
    paths = sorted(Path(r["path"]).name for r in docs.values())
    assert paths == ["article.txt", "article.txt", "x y.txt", "x_y.txt"]
    # ingested again from the same path: replaces its earlier version, adds nothing
    graph.ingest([same_names / "a" / "article.txt"])
    assert len(_articles(store_path)) == 4


def test_a_build_with_colliding_file_names_reads_every_article(same_names, store_path):
    from kg import KnowledgeGraph

    report = KnowledgeGraph(str(store_path)).build([same_names / "a", same_names / "b", same_names])
    assert len(report.documents) == 4 and not report.skipped
    assert len(_articles(store_path)) == 4


def test_an_ingest_while_a_build_runs_fails_loudly_and_loses_nothing(seed_graph, tmp_path, seed_files):
    """The build holds the writer lock from its first read to its swap: an ingest meanwhile is told so."""
    import shutil

    from kg import KnowledgeGraph

    store = tmp_path / "kg"
    shutil.copytree(seed_graph.location, store, symlinks=True)
    builder = KnowledgeGraph(str(store))
    with builder.store.writer():  # a build in progress in another process looks the same
        result = CliRunner().invoke(main, ["--store", str(store), "ingest", str(seed_files[0])])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: another build or ingest is writing to {store}/; nothing was changed")
    assert "NotFound" not in result.output


def test_two_concurrent_ingests_one_waits_its_turn_with_a_clear_message(seed_graph, tmp_path, seed_files):
    import shutil

    store = tmp_path / "kg"
    shutil.copytree(seed_graph.location, store, symlinks=True)
    procs = [subprocess.Popen([sys.executable, "-m", "kg", "--store", str(store), "ingest", str(f)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in seed_files[:2]]
    outs = [(p.wait(300), p.stderr.read()) for p in procs]
    for code, err in outs:
        assert "Traceback" not in err and "NotFound" not in err
        assert code == 0 or err.startswith("Error: another build or ingest is writing to")
    assert any(code == 0 for code, _ in outs)


# ------------------------------------------------------------------ 6. kg query: nesting, time, Ctrl-C, damage


def test_deep_nesting_gives_a_message_not_a_crash(seed_graph):
    result = kg_process(seed_graph.location, "query", "SELECT * WHERE " + "{" * 3000 + "}" * 3000)
    assert result.returncode == 2
    assert result.stderr.startswith("Error: the query nests brackets 3000 deep; at most 100")


def test_a_long_query_stops_at_its_time_limit(seed_graph):
    t0 = time.monotonic()
    result = kg_process(seed_graph.location, "query", "--timeout", "1", SLOW)
    assert result.returncode == 2
    assert result.stderr.startswith("Error: the query ran past the time limit of 1 s")
    assert time.monotonic() - t0 < 30


def test_ctrl_c_stops_an_aggregate(seed_graph):
    proc = subprocess.Popen([sys.executable, "-m", "kg", "--store", seed_graph.location, "query", SLOW],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(3)  # past start-up, inside the query
    t0 = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, err
    assert time.monotonic() - t0 < 5
    assert err.strip() == "Interrupted."


@pytest.fixture
def damaged_store(seed_graph, tmp_path):
    """A copy of the seeds' store with one byte flipped in the middle of each table file."""
    import shutil

    store = tmp_path / "kg"
    shutil.copytree(seed_graph.location, store, symlinks=True)
    for f in (store / "current").resolve().glob("*.sst"):
        data = bytearray(f.read_bytes())
        data[len(data) // 2] ^= 0xFF
        f.write_bytes(bytes(data))
    return store


@pytest.mark.parametrize("command", [["stats", "--timeout", "20"], ["export", "--format", "nt"],
                                     ["query", "--name", "projects"], ["query", SLOW]])
def test_a_damaged_store_is_reported_in_one_line(damaged_store, command):
    result = kg_process(damaged_store, *command)
    assert result.returncode == 2, result.stdout[-300:]
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("Error: ") and ("damaged" in first or "did not finish" in first), result.stderr
    assert "kg build" in result.stderr


# ------------------------------------------------------------------ 7. messages, control characters


def test_a_query_file_that_is_not_utf8_is_named(seed_graph, tmp_path):
    f = tmp_path / "q.rq"
    f.write_bytes(b"SELECT * WHERE { ?s rdfs:label \"\xff\xfe\" }")
    result = kg(seed_graph.location, "query", "-f", str(f))
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {f} is not UTF-8 text: byte 0xff at offset 32")


def test_an_invalid_iri_parameter_is_named(seed_graph):
    result = kg(seed_graph.location, "query", "SELECT ?x WHERE { ?x ?p ?o } LIMIT 1", "-p", "x=http://a b")
    assert result.exit_code == 2
    assert result.output.startswith("Error: x is not a valid IRI: 'http://a b'")
    result = kg(seed_graph.location, "query", "--name", "projects-in-banner", "-p", "banner=http://a b")
    assert result.exit_code == 2 and "Traceback" not in result.output


@pytest.mark.parametrize("update", ["INSERT DATA { <http://a> <http://b> <http://c> }",
                                    "PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }",
                                    "LOAD <http://127.0.0.1:9/data.ttl>", "DROP ALL"])
def test_updates_are_refused_as_read_only(seed_graph, update):
    result = kg(seed_graph.location, "query", update)
    assert result.exit_code == 2
    assert result.output.startswith("Error: the graph is read-only: ")


def test_an_unknown_prefix_is_named_in_one_line(seed_graph):
    result = kg(seed_graph.location, "query", "SELECT * WHERE { ?s foo:bar ?o }")
    assert result.exit_code == 2
    first = result.output.splitlines()[0]
    assert first.startswith("Error: the query uses foo: without declaring it (line 1, column 28)")
    assert len(result.output) < 400 and "\\u{" not in result.output


def test_a_syntax_error_keeps_its_position_and_stays_short(seed_graph):
    result = kg(seed_graph.location, "query", "SELECT * WHERE { ?s ?p ?o ")
    assert result.exit_code == 2
    assert result.output.startswith("Error: the query is not valid SPARQL: error at 1:27: expected ")
    assert len(result.output.splitlines()[0]) <= 240


@pytest.fixture(scope="module")
def control_graph(tmp_path_factory):
    """A graph whose labels and evidence hold ESC, BEL and a bidi override."""
    from pyoxigraph import Literal, NamedNode, Quad

    from kg import KnowledgeGraph
    from kg.graph import ENTITY_GRAPH, ontology_quads

    okg = "https://w3id.org/ordos-kg/ontology#"
    e = NamedNode("https://w3id.org/ordos-kg/resource/Company/危险公司")
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    quads = ontology_quads() + [
        Quad(e, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), NamedNode(okg + "Company"), ENTITY_GRAPH),
        Quad(e, label, Literal("危险\x1b[2J\x07公司\u202e", language="zh"), ENTITY_GRAPH),
    ]
    graph = KnowledgeGraph(str(tmp_path_factory.mktemp("ctl") / "kg"))
    graph.store.replace(quads)
    return graph


def test_control_characters_never_reach_the_terminal(control_graph):
    q = 'SELECT ?l WHERE { ?e a okg:Company ; rdfs:label ?l FILTER(lang(?l) = "zh") }'
    table = kg(control_graph.location, "query", q)
    assert table.exit_code == 0
    assert "\x1b" not in table.output and "\x07" not in table.output and "\u202e" not in table.output
    assert "\\x1b[2J\\x07" in table.output
    described = kg(control_graph.location, "describe", "res:Company/危险公司")
    assert "\x1b" not in described.output and "\x07" not in described.output, described.output


def test_xml_results_stay_well_formed(control_graph):
    q = 'SELECT ?l WHERE { ?e a okg:Company ; rdfs:label ?l FILTER(lang(?l) = "zh") }'
    result = kg(control_graph.location, "query", q, "--format", "xml")
    assert result.exit_code == 0
    ET.fromstring(result.output.encode("utf-8"))
    from kg.serve.workers import encode as render

    store = control_graph.store
    _, body, _ = render(store.query(q), "application/sparql-results+xml", 10)
    ET.fromstring(body)
    _, body, _ = render(store.query("CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a okg:Company ; rdfs:label ?l }"),
                        "application/rdf+xml", 10)
    ET.fromstring(body)


def test_kg_query_stays_light(seed_graph):
    """The check costs the ready questions nothing: rdflib is imported only for a query that says 'service'."""
    code = ("import sys; from kg.cli import main\n"
            "try: main(['--store', sys.argv[1], 'query', '--name', 'largest-investments'])\n"
            "except SystemExit: pass\n"
            "print('rdflib' in sys.modules, file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code, seed_graph.location], capture_output=True, text=True, timeout=60,
                         env={**os.environ})
    assert out.stderr.strip().splitlines()[-1] == "False", out.stderr
