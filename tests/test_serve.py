"""`kg serve` as its clients meet it: plain HTTP, SPARQLWrapper and rdflib's SPARQLStore
against the seeds' graph; updates, SERVICE and LOAD refused; errors, time limit, row cap."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from pyoxigraph import QueryResultsFormat, RdfFormat, parse, parse_query_results

from kg import KnowledgeGraph
from kg.serve import make_server

BANNERS = 'SELECT ?banner ?name WHERE { ?banner a okg:Banner ; rdfs:label ?name FILTER(LANG(?name) = "zh") } ORDER BY ?name'
BANNER_GRAPH = "CONSTRUCT { ?b a okg:Banner ; rdfs:label ?name } WHERE { ?b a okg:Banner ; rdfs:label ?name }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # the seeds' triples, cubed


def start(store, **options):
    options.setdefault("quiet", True)
    server = make_server(store, port=0, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


def stop(server):
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def endpoint(seed_graph):
    server = start(seed_graph.location, workers=2)
    yield server.url + "sparql"
    stop(server)


def http(url, data=None, headers=None, method=None):
    """(status, headers, body text) of one request; errors are answers too."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode("utf-8")


def get(endpoint, query, **headers):
    return http(endpoint + "?" + urllib.parse.urlencode({"query": query}), headers=headers)


def post_form(endpoint, query, **headers):
    body = urllib.parse.urlencode({"query": query}).encode()
    return http(endpoint, body, {"Content-Type": "application/x-www-form-urlencoded", **headers})


def post_direct(endpoint, query, **headers):
    return http(endpoint, query.encode("utf-8"), {"Content-Type": "application/sparql-query", **headers})


def json_rows(text):
    data = json.loads(text)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


@pytest.fixture(scope="module")
def banners(seed_graph):
    rows = seed_graph.rows(BANNERS)
    assert any(r["name"] == "准格尔旗" for r in rows)
    return rows


# ---------------------------------------------------------------- the protocol


@pytest.mark.parametrize("send", [get, post_form, post_direct])
def test_get_post_and_direct_body_answer_the_same(endpoint, banners, send):
    status, headers, body = send(endpoint, BANNERS)
    assert status == 200
    assert headers.get_content_type() == "application/sparql-results+json"
    assert json_rows(body) == banners


def test_select_results_in_each_format_the_client_accepts(endpoint, banners):
    names = [r["name"] for r in banners]
    for accept, fmt in [("application/sparql-results+json", QueryResultsFormat.JSON),
                        ("application/sparql-results+xml", QueryResultsFormat.XML),
                        ("text/tab-separated-values", QueryResultsFormat.TSV)]:
        status, headers, body = get(endpoint, BANNERS, Accept=accept)
        assert (status, headers.get_content_type()) == (200, accept)
        assert [s["name"].value for s in parse_query_results(body, format=fmt)] == names
    status, headers, body = get(endpoint, BANNERS, Accept="text/csv")
    assert headers.get_content_type() == "text/csv"
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["banner", "name"] and [r[1] for r in rows[1:]] == names


def test_accept_weights_and_format_parameter_choose_the_format(endpoint):
    _, headers, _ = get(endpoint, BANNERS, Accept="text/csv;q=0.5, application/sparql-results+xml;q=0.9")
    assert headers.get_content_type() == "application/sparql-results+xml"
    _, headers, _ = http(endpoint + "?" + urllib.parse.urlencode({"query": BANNERS, "format": "tsv"}),
                         headers={"Accept": "application/sparql-results+json"})
    assert headers.get_content_type() == "text/tab-separated-values"
    _, headers, _ = get(endpoint, BANNERS, Accept="text/html")  # nothing it can give: the default
    assert headers.get_content_type() == "application/sparql-results+json"


def test_construct_in_each_rdf_format(endpoint, seed_graph):
    expected = set(seed_graph.query(BANNER_GRAPH))
    assert expected
    for accept, fmt in [("text/turtle", RdfFormat.TURTLE), ("application/n-triples", RdfFormat.N_TRIPLES),
                        ("application/ld+json", RdfFormat.JSON_LD), ("application/rdf+xml", RdfFormat.RDF_XML)]:
        status, headers, body = post_form(endpoint, BANNER_GRAPH, Accept=accept)
        assert (status, headers.get_content_type()) == (200, accept)
        assert {q.triple for q in parse(body.encode("utf-8"), format=fmt)} == expected
    _, headers, _ = get(endpoint, BANNER_GRAPH)
    assert headers.get_content_type() == "text/turtle"


def test_ask_answers_true_or_false(endpoint):
    _, _, body = get(endpoint, "ASK { ?b rdfs:label '准格尔旗'@zh }")
    assert json.loads(body)["boolean"] is True
    _, _, body = get(endpoint, "ASK { ?b rdfs:label '火星旗'@zh }", Accept="application/sparql-results+xml")
    assert "<boolean>false</boolean>" in body


# ---------------------------------------------------------------- real clients


def test_sparqlwrapper_reads_select_construct_and_ask(endpoint, banners):
    from SPARQLWrapper import JSON, POST, TURTLE, XML, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(BANNERS)
    client.setReturnFormat(JSON)
    assert [b["name"]["value"] for b in client.query().convert()["results"]["bindings"]] == \
        [r["name"] for r in banners]
    client.setMethod(POST)
    client.setReturnFormat(XML)
    assert len(client.query().convert().getElementsByTagName("result")) == len(banners)
    client.setQuery(BANNER_GRAPH)
    client.setReturnFormat(TURTLE)
    turtle = client.query().convert()
    assert "okg:Banner" in turtle.decode("utf-8")
    client.setQuery("ASK { ?b a okg:Banner }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


def test_sparqlwrapper_update_is_refused(endpoint):
    from SPARQLWrapper import POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)) as e:
        client.query()
    assert "403" in str(e.value)


def test_rdflib_sparqlstore_reads_the_graph(endpoint, banners):
    from rdflib import Graph, Literal, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    g = Graph(store=SPARQLStore(endpoint))
    rows = list(g.query(BANNERS.replace("okg:", "<https://w3id.org/ordos-kg/ontology#").replace(
        "Banner ;", "Banner> ;")))
    assert [str(r[1]) for r in rows] == [r["name"] for r in banners]
    banner = URIRef("https://w3id.org/ordos-kg/resource/Banner/准格尔旗")
    assert Literal("准格尔旗", lang="zh") in set(g.objects(banner, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert len(list(g.query(BANNER_GRAPH))) >= len(banners) * 2


# ---------------------------------------------------------------- read-only, no fetching


def test_updates_are_refused_with_403_in_every_form(endpoint, seed_graph):
    before = seed_graph.rows("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"]
    drop = "DROP ALL"
    answers = [
        http(endpoint, urllib.parse.urlencode({"update": drop}).encode(),
             {"Content-Type": "application/x-www-form-urlencoded"}),
        http(endpoint, drop.encode(), {"Content-Type": "application/sparql-update"}),
        post_form(endpoint, drop),
        post_direct(endpoint, "PREFIX ex: <urn:x:>\nINSERT DATA { ex:a ex:b ex:c }"),
        get(endpoint, "delete where { ?s ?p ?o }"),
        http(endpoint.replace("/sparql", "/update"), drop.encode(), {"Content-Type": "application/sparql-update"}),
    ]
    for status, _, body in answers:
        assert status == 403
        assert "read-only" in body
    assert seed_graph.rows("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"] == before


def test_put_and_delete_are_not_allowed(endpoint):
    status, headers, _ = http(endpoint, b"<urn:a> <urn:b> <urn:c> .", {"Content-Type": "application/n-triples"},
                              method="PUT")
    assert status == 405 and "POST" in headers["Allow"]


@pytest.fixture
def listener():
    """A socket on loopback that counts connections: proof that nothing was fetched."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    sock.settimeout(0.5)
    yield sock
    sock.close()


def connections(sock) -> int:
    n = 0
    while True:
        try:
            conn, _ = sock.accept()
        except (TimeoutError, socket.timeout):
            return n
        conn.close()
        n += 1


def test_service_and_load_are_refused_and_nothing_is_fetched(endpoint, listener):
    there = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    for query in [f"SELECT * WHERE {{ SERVICE <{there}> {{ ?s ?p ?o }} }}",
                  f"SELECT * WHERE {{ ?x a okg:Banner . SERVICE SILENT <{there}> {{ ?x ?p ?o }} }}",
                  f"SELECT * WHERE {{ \\u0053ERVICE <{there}> {{ ?s ?p ?o }} }}",  # escapes are read first
                  f"LOAD <{there}>"]:
        for send in (get, post_form, post_direct):
            status, _, body = send(endpoint, query)
            assert status == 403, query
            assert "SERVICE" in body or "read-only" in body or "LOAD" in body
    assert connections(listener) == 0


def test_the_words_service_and_load_inside_strings_are_fine(endpoint):
    status, _, body = get(endpoint, 'SELECT ?x WHERE { BIND("SERVICE <http://example.org/> LOAD" AS ?x) }  # SERVICE')
    assert status == 200 and "SERVICE <http://example.org/> LOAD" in body


# ---------------------------------------------------------------- errors, limits


def test_a_syntax_error_is_a_400_with_the_line_and_column(endpoint):
    status, headers, body = post_direct(endpoint, "SELECT ?b WHERE {\n  ?b a okg:Banner\n  FILTER(?b = ) }")
    assert status == 400
    assert headers.get_content_type() == "text/plain"
    assert re.search(r"\b3:\d+", body), body
    assert "not valid SPARQL" in body


def test_no_query_and_unknown_paths_say_what_to_do(endpoint):
    status, _, body = http(endpoint)
    assert status == 400 and "query=" in body
    status, _, body = http(endpoint.replace("/sparql", "/nothing"))
    assert status == 404 and "/sparql" in body


@pytest.fixture(scope="module")
def limited(seed_graph):
    server = start(seed_graph.location, timeout=1.0, max_rows=5, workers=1)
    yield server.url + "sparql"
    stop(server)


def test_a_query_past_the_time_limit_is_stopped_with_503_and_the_server_goes_on(limited):
    status, _, body = get(limited, SLOW)
    assert status == 503
    assert "time limit of 1 s" in body
    status, _, body = get(limited, "ASK { ?b a okg:Banner }")  # its worker was replaced
    assert status == 200 and json.loads(body)["boolean"] is True


def test_rows_past_the_cap_are_cut_and_a_header_says_so(limited):
    status, headers, body = get(limited, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert status == 200
    assert len(json_rows(body)) == 5
    assert headers["X-KG-Truncated"] == "5"
    _, headers, body = get(limited, "CONSTRUCT WHERE { ?s ?p ?o }", Accept="application/n-triples")
    assert len(body.strip().splitlines()) == 5 and headers["X-KG-Truncated"] == "5"
    _, headers, body = get(limited, "SELECT ?b WHERE { ?b a okg:City }")
    assert len(json_rows(body)) <= 5 and headers["X-KG-Truncated"] is None


def test_requests_for_another_host_are_refused_on_loopback(endpoint):
    """A web page cannot reach the endpoint through a rebound DNS name."""
    status, _, _ = http(endpoint + "?query=ASK%7B%7D", headers={"Host": "attacker.example"})
    assert status == 403
    status, _, _ = http(endpoint + "?query=ASK%7B%7D", headers={"Host": "localhost"})
    assert status == 200


# ---------------------------------------------------------------- the page


def test_the_page_offers_the_ready_questions_and_loads_nothing_from_elsewhere(endpoint):
    from kg.sparql.questions import questions

    status, headers, page = http(endpoint.replace("/sparql", "/"))
    assert status == 200 and headers.get_content_type() == "text/html"
    assert "<textarea" in page and '<select id="pick">' in page
    for q in questions():
        assert html.escape(q.title_zh) in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp


def test_the_page_escapes_every_text():
    from kg.serve.page import page

    evil = {"name": "x<y", "title_zh": "<script>alert(1)</script>", "title_en": "a & b \"quoted\"",
            "description": "<img src=x onerror=alert(2)>", "params": [],
            "sparql": "SELECT * { } # </script><script>alert(3)</script>"}
    text = page([evil], location="<b>store</b>").decode("utf-8")
    assert "<script>alert" not in text and "<img" not in text and "<b>store" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    data = re.search(r'<script type="application/json" id="questions">(.*?)</script>', text, re.S).group(1)
    assert json.loads(data)[0]["sparql"] == evil["sparql"]


# ---------------------------------------------------------------- the store under it


def test_a_rebuild_while_serving_is_picked_up(tmp_path, seed_files):
    store = tmp_path / "kg"
    KnowledgeGraph(str(store)).build(seed_files[:2])
    server = start(store, workers=1)
    docs = "SELECT (COUNT(?d) AS ?n) WHERE { ?d a okg:Document }"
    try:
        assert json_rows(get(server.url + "sparql", docs)[2])[0]["n"] == "2"
        KnowledgeGraph(str(store)).build(seed_files)
        assert json_rows(get(server.url + "sparql", docs)[2])[0]["n"] == "5"
    finally:
        stop(server)


def test_kg_serve_listens_on_loopback_and_stops_cleanly(seed_graph):
    proc = subprocess.Popen([sys.executable, "-m", "kg", "--store", seed_graph.location, "serve", "--port", "0",
                             "--quiet"], stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        m = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
        assert m, line
        status, _, body = get(m.group(1) + "sparql", "ASK { ?b a okg:Banner }")
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        proc.terminate()
        rest = proc.communicate(timeout=20)[1]
    assert "Traceback" not in rest


def test_kg_serve_without_a_graph_or_a_free_port_says_so(tmp_path, seed_graph, listener):
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["--store", str(tmp_path / "none"), "serve", "--port", "0"])
    assert result.exit_code == 2
    assert "Error: no graph at" in result.output
    taken = listener.getsockname()[1]
    result = CliRunner().invoke(main, ["--store", seed_graph.location, "serve", "--port", str(taken)])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: cannot listen on 127.0.0.1:{taken}: ")


# ---------------------------------------------------------------- the page in a browser

CHROMIUM = "/usr/bin/chromium"


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} not found: install Debian's chromium (.ci/run does)")
def test_the_page_runs_a_ready_question_and_shows_text_as_text(endpoint):
    from playwright.sync_api import sync_playwright

    from kg.sparql.questions import load

    home = endpoint.replace("/sparql", "/")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            errors, dialogs, elsewhere = [], [], []
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("request", lambda r: not r.url.startswith(home) and elsewhere.append(r.url))
            page.goto(home)

            question = load("projects")
            page.select_option("#pick", label=f"{question.title_zh} · {question.title_en} (projects)")
            assert page.input_value("#query") == question.sparql
            page.click("button[type=submit]")
            page.wait_for_selector("#results table tbody tr")
            assert page.locator("#results table tbody tr").count() >= 5
            assert "rows" in page.text_content("#status")

            evil = "<img src=x onerror=alert(1)>准格尔旗"
            page.fill("#query", f'SELECT ?x WHERE {{ BIND("{evil}" AS ?x) }}')
            page.click("button[type=submit]")
            page.wait_for_selector("#results td")
            assert page.text_content("#results td") == evil
            assert page.locator("#results img").count() == 0

            assert (errors, dialogs, elsewhere) == ([], [], [])

            page.fill("#query", "SELECT ?x WHERE {\n  ?x a }")
            page.click("button[type=submit]")
            page.wait_for_selector("#status.error")
            assert page.text_content("#status").startswith("400: ") and "2:" in page.text_content("#status")
        finally:
            browser.close()
