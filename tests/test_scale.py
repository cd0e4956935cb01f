"""What keeps a graph of many articles small and its questions fast (issue 13)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
ENTITIES = "https://w3id.org/ordos-kg/resource/graph/entities"
DIVISIONS = "https://w3id.org/ordos-kg/resource/graph/divisions"


def test_the_division_tree_is_stated_once_not_per_article(seed_graph):
    """A town in its banner is reference data: its triple lives in the divisions graph only,
    while the sentences that name both still stand as evidence in the article's graph."""
    rows = seed_graph.rows(f"""SELECT ?g ?t ?b WHERE {{
        GRAPH ?g {{ ?t okg:locatedIn ?b }}
        GRAPH <{ENTITIES}> {{ ?t a okg:Town . ?b a okg:Banner }} }}""")
    assert len({(r["t"], r["b"]) for r in rows}) >= 5
    assert {r["g"] for r in rows} == {DIVISIONS}
    evidence = seed_graph.rows("""SELECT ?doc WHERE { ?ev rdf:predicate okg:locatedIn ; rdf:subject ?t ; rdf:object ?b ;
        prov:wasDerivedFrom ?doc . ?t a okg:Town . ?b a okg:Banner }""")
    assert len(evidence) >= 5


def test_workers_extract_what_one_process_extracts():
    """Three held-out folders (more than two batches of documents) give the same JSON, documents
    in the same order, whether one process or two workers read and extract them."""
    from kg.api import extract, find_documents
    from kg.parallel import BATCH

    folders = [DATA / "heldout", DATA / "heldout2", DATA / "heldout3"]
    assert len(find_documents(folders)) > 2 * BATCH  # so that the workers are used
    one = extract(folders, jobs=1)
    two = extract(folders, jobs=2)
    assert two.to_json() == one.to_json()
    assert two.report.documents == one.report.documents


def test_every_command_is_found_in_the_module_named_for_it():
    """`kg query` imports only kg/cli/core.py: the table that says which module holds which command
    must list every command, in the module that defines it."""
    from kg.cli import COMMAND_MODULES, load_commands, main

    load_commands()
    assert {name: c.callback.__module__.rsplit(".", 1)[-1] for name, c in main.commands.items()} == COMMAND_MODULES


def test_a_graph_too_big_to_draw_says_so_and_names_the_views_that_draw(run, monkeypatch, tmp_path):
    from kg.view import build

    monkeypatch.setattr(build, "MAX_DRAWN", 50)  # the seeds' graph stands in for a big one
    page = tmp_path / "all.html"
    result = run("viz", "-o", page)
    assert result.exit_code != 0 and not page.exists()
    assert "more than one page can draw (50)" in result.output and "--top 25" in result.output
    result = run("viz", "--top", "40", "-o", page)
    assert result.exit_code == 0 and "Wrote" in result.output and ": 40 entities" in result.output
    result = run("viz", "--sector", "hydrogen", "-o", tmp_path / "h.html")
    assert result.exit_code == 0, result.output
