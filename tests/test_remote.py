"""A graph on a SPARQL server (--store http://...) behaves like one on disk.

The store tests run against the embedded store and, when $KG_TEST_REMOTE names an
Oxigraph server started with --union-default-graph (CI starts one), against it too.
A few tests need no server of their own: reading through `kg serve`, and an
unreachable store."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request

import pytest
from click.testing import CliRunner

from kg import KnowledgeGraph
from kg.cli import main
from kg.errors import StoreError
from kg.store.remote import RemoteStore, endpoints

SERVERS = {"remote": os.environ.get("KG_TEST_REMOTE"), "virtuoso": os.environ.get("KG_TEST_VIRTUOSO")}
NOT_SET = {
    "remote": "KG_TEST_REMOTE is not set: start `oxigraph serve --location DIR --bind 127.0.0.1:7879 "
              "--union-default-graph` and set KG_TEST_REMOTE=http://127.0.0.1:7879 to run these (.ci/run does)",
    "virtuoso": "KG_TEST_VIRTUOSO is not set: start Virtuoso with SPARQL_UPDATE granted to the SPARQL user and set "
                "KG_TEST_VIRTUOSO=http://127.0.0.1:8890/sparql to run these (.ci/run does)",
}
COUNT = """SELECT (COUNT(*) AS ?n) WHERE {
  GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://w3id.org/ordos-kg/resource/graph/")) }"""
DOCS = "SELECT ?d WHERE { ?d a okg:Document } ORDER BY ?d"


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def server(kind: str) -> str:
    if not SERVERS[kind]:
        pytest.skip(NOT_SET[kind])
    return SERVERS[kind]


@pytest.fixture(params=["embedded", "remote", "virtuoso"])
def location(request, tmp_path):
    """Where a fresh graph goes: a directory, or a test server (its Ordos KG graphs are replaced)."""
    if request.param == "embedded":
        return str(tmp_path / "kg")
    return server(request.param)


@pytest.fixture(scope="module")
def seed_quads(seed_extraction):
    from kg.graph import extraction_quads

    return extraction_quads(seed_extraction)


@pytest.fixture
def loaded(location, seed_quads):
    """A KnowledgeGraph of the seeds at `location` (loaded directly: the build is tested once)."""
    graph = KnowledgeGraph(location)
    graph.store.replace(seed_quads)
    return graph


@pytest.fixture(params=["remote", "virtuoso"])
def remote(request):
    return server(request.param)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------- the same graph either way


def test_a_build_gives_the_same_graph_as_on_disk(location, seeds_dir, seed_graph):
    graph = KnowledgeGraph(location)
    report = graph.build([seeds_dir])
    assert len(report.documents) == 5
    assert graph.rows(COUNT) == seed_graph.rows(COUNT)
    assert graph.rows(DOCS) == seed_graph.rows(DOCS)


def test_stats_are_the_same_as_on_disk(loaded, seed_graph):
    assert loaded.stats() == seed_graph.stats()
    result = cli("--store", loaded.location, "stats")
    assert result.exit_code == 0 and "Banner" in result.output


def test_results_are_the_same_pyoxigraph_types(loaded):
    graph = loaded
    select = graph.query("SELECT ?b WHERE { ?b a okg:Banner }")
    assert type(select).__name__ == "QuerySolutions" and [v.value for v in select.variables] == ["b"]
    assert type(graph.query("ASK { ?b a okg:Banner }")).__name__ == "QueryBoolean"
    triples = graph.query("CONSTRUCT { ?b a okg:Banner } WHERE { ?b a okg:Banner }")
    assert type(triples).__name__ == "QueryTriples" and len(list(triples)) == len(select_rows(graph))


def select_rows(graph):
    return graph.rows("SELECT ?b WHERE { ?b a okg:Banner }")


def test_parameters_are_bound_as_terms_never_pasted(loaded, seed_graph):
    graph = loaded
    q = "SELECT ?p WHERE { ?p okg:locatedIn ?b . ?b rdfs:label ?name } ORDER BY ?p"
    assert graph.rows(q, name="准格尔旗") == seed_graph.rows(q, name="准格尔旗") != []
    hostile = 'x"@zh } ; DROP ALL ; #'
    assert graph.rows(q, name=hostile) == []
    assert graph.rows(COUNT) == seed_graph.rows(COUNT)


def test_ingest_adds_an_article_and_ingesting_it_again_changes_nothing(location, seed_files, seed_graph):
    graph = KnowledgeGraph(location)
    graph.build(seed_files[:4])
    graph.ingest(seed_files[4:])
    assert len(graph.rows(DOCS)) == 5
    once = graph.rows(COUNT)
    graph.ingest(seed_files[4:])
    assert graph.rows(COUNT) == once
    assert graph.rows(DOCS) == seed_graph.rows(DOCS)


def test_the_cli_works_against_the_store(loaded, seed_graph):
    location = loaded.location
    result = cli("--store", location, "query", "--format", "csv",
                 'SELECT ?name WHERE { ?b a okg:Banner ; rdfs:label ?name FILTER(lang(?name)="zh") } ORDER BY ?name')
    assert result.exit_code == 0 and "准格尔旗" in result.output
    result = cli("--store", location, "query", "ASK { ?b rdfs:label '火星旗'@zh }")
    assert (result.exit_code, result.output.strip()) == (1, "false")
    exported = cli("--store", location, "export", "--format", "nq").output
    ours = [line for line in exported.splitlines() if re.search(r"<https://w3id.org/ordos-kg/resource/graph/[^>]*> \.$", line)]
    assert len(ours) == seed_graph.rows(COUNT)[0]["n"]


def test_a_syntax_error_names_the_line_of_the_query_as_written(loaded):
    result = cli("--store", loaded.location, "query", "SELECT ?b WHERE {\n ?b a okg:Banner\n FILTER(?b = ) }")
    assert result.exit_code == 2
    assert "3:" in result.output and "Traceback" not in result.output


# ---------------------------------------------------------------- remote only


def test_a_large_graph_is_loaded_in_parts_and_swapped_in(remote, seed_quads, seed_graph):
    store = RemoteStore(remote, max_request_bytes=40_000)
    store.replace(seed_quads)
    assert [r["n"].value for r in store.query(COUNT)] == [str(seed_graph.rows(COUNT)[0]["n"])]
    left = store.query("ASK { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'urn:ordos-kg:staging:')) }")
    assert not bool(left)
    # blank nodes (the ontology's class unions) stayed whole: each list has its rdf:first
    lists = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?l rdf:rest ?r FILTER NOT EXISTS { ?l rdf:first ?f } }")
    assert next(iter(lists))["n"].value == "0"


def test_a_build_leaves_other_graphs_on_the_server_alone(remote, seed_quads):
    store = RemoteStore(remote)
    store._update("INSERT DATA { GRAPH <urn:someone:else> { <urn:a> <urn:b> 'kept' } }")
    try:
        store.replace(seed_quads)
        assert bool(store.query("ASK { GRAPH <urn:someone:else> { <urn:a> <urn:b> 'kept' } }"))
    finally:
        store._update("DROP SILENT GRAPH <urn:someone:else>")


def test_a_server_without_the_union_default_graph_is_named(tmp_path):
    if not shutil.which("oxigraph"):
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen(["oxigraph", "serve", "--location", str(tmp_path / "ox"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        RemoteStore(url).replace(_one_quad())
        result = cli("--store", url, "query", "SELECT * WHERE { ?s ?p ?o }")
        assert result.exit_code == 2
        assert "does not show its named graphs in the default graph" in result.output
        assert "--union-default-graph" in result.output
    finally:
        proc.terminate()
        proc.wait(10)


def _one_quad():
    from pyoxigraph import Literal, NamedNode, Quad

    return [Quad(NamedNode("https://w3id.org/ordos-kg/resource/Banner/x"), NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                 Literal("x"), NamedNode("https://w3id.org/ordos-kg/resource/graph/entities"))]


# ---------------------------------------------------------------- no server of its own


def test_endpoints_from_the_url():
    assert endpoints("http://h:7878") == ("http://h:7878/query", "http://h:7878/update")
    assert endpoints("http://h:3030/ds/") == ("http://h:3030/ds/query", "http://h:3030/ds/update")
    assert endpoints("http://h:3030/ds/query") == ("http://h:3030/ds/query", "http://h:3030/ds/update")
    assert endpoints("http://h:8890/sparql") == ("http://h:8890/sparql", "http://h:8890/sparql")
    assert endpoints("http://h:7200/repositories/kg") == ("http://h:7200/repositories/kg",
                                                          "http://h:7200/repositories/kg/statements")
    assert endpoints("http://h:7001/", "http://h:7001/up", "http://h:7001/") == ("http://h:7001/", "http://h:7001/up")


def test_credentials_are_sent_when_asked_for_and_never_printed():
    import base64
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    good = "Basic " + base64.b64encode(b"alice:s3cret").decode()

    class Guarded(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("Authorization") != good:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="kg"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = b'{"head":{},"boolean":true}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Guarded)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    port = httpd.server_address[1]
    try:
        assert RemoteStore(f"http://alice:s3cret@127.0.0.1:{port}").exists()
        store = RemoteStore(f"http://alice:wrong@127.0.0.1:{port}")
        assert store.location == f"http://127.0.0.1:{port}"
        with pytest.raises(StoreError) as e:
            store.exists()
        assert "HTTP 401" in str(e.value) and "wrong" not in str(e.value)
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_an_unreachable_store_names_the_url_and_the_reason():
    url = f"http://127.0.0.1:{free_port()}"
    for args in (["stats"], ["query", "ASK {}"], ["build", "seeds"]):
        result = cli("--store", url, *args)
        assert result.exit_code == 2, args
        assert result.output.startswith(f"Error: cannot reach the store at {url}/query: ")
        assert "refused" in result.output.lower()
        assert "Traceback" not in result.output


def test_a_result_the_server_cut_short_is_an_error(seed_graph):
    from test_serve import start, stop

    server = start(seed_graph.location, workers=1, max_rows=10)
    try:
        store = RemoteStore(server.url + "sparql")
        assert len(list(store.query("SELECT ?b WHERE { ?b a okg:Banner } LIMIT 3"))) == 3
        for q in ("SELECT * WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }"):
            with pytest.raises(StoreError, match="cut the result at 10 rows"):
                store.query(q)
    finally:
        stop(server)


def test_reading_through_kg_serve_works_and_writing_is_refused(seed_graph, seeds_dir):
    from test_serve import start, stop

    server = start(seed_graph.location, workers=1)
    url = server.url + "sparql"
    try:
        q = "SELECT ?name WHERE { ?b a okg:Banner ; rdfs:label ?name } ORDER BY ?name"
        assert KnowledgeGraph(url).rows(q) == seed_graph.rows(q)
        assert KnowledgeGraph(url).stats() == seed_graph.stats()
        with pytest.raises(StoreError) as e:
            KnowledgeGraph(url).build([seeds_dir])
        assert "refused the update (HTTP 403)" in str(e.value)
    finally:
        stop(server)


def test_ingesting_a_changed_article_drops_what_only_it_said(location, tmp_path, seed_files):
    """Entities that no article mentions after a re-ingest leave the graph, on disk and on a server."""
    article = tmp_path / "news.txt"
    article.write_text("达拉特旗新项目开工\n\n近日，由内蒙古恒远碳材科技有限公司投资建设的年产20万吨碳纤维原丝项目在达拉特经济开发区开工。", encoding="utf-8")
    graph = KnowledgeGraph(location)
    graph.build(seed_files[:1])
    graph.ingest([article])
    article.write_text("达拉特旗新项目开工\n\n近日，由内蒙古北辰光电科技有限公司投资建设的年产5万吨光伏玻璃项目在达拉特经济开发区开工。", encoding="utf-8")
    graph.ingest([article])
    labels = {r["l"] for r in graph.rows('SELECT ?l WHERE { ?e a okg:Company ; rdfs:label ?l FILTER(lang(?l) = "zh") }')}
    assert "内蒙古北辰光电科技有限公司" in labels
    assert "内蒙古恒远碳材科技有限公司" not in labels
    assert graph.rows("SELECT (COUNT(?d) AS ?n) WHERE { ?d a okg:Document }")[0]["n"] == 2
