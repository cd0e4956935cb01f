"""Incremental ingest: only what the new articles change is written, in one transaction; an
unchanged article is a no-op; a changed one replaces its facts; a failed or killed ingest
leaves the graph as it was; new mentions are resolved through the names index."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg import KnowledgeGraph
from kg.cli import main
from kg.store.names import NameIndex, index_path

# Articles of my own, about made-up companies.
FIRST = "达拉特旗新项目开工\n\n近日，由内蒙古恒远碳材科技有限公司投资建设的年产20万吨碳纤维原丝项目在达拉特经济开发区开工。"
SECOND = "达拉特旗新项目开工\n\n近日，由内蒙古北辰光电科技有限公司投资建设的年产5万吨光伏玻璃项目在达拉特经济开发区开工。"
LATER = "恒远碳材再扩产\n\n恒远碳材科技公司表示，碳纤维原丝项目二期将于明年在达拉特旗动工。"


def count(graph, what: str) -> int:
    return graph.rows(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {what} }}")[0]["n"]


def documents(graph) -> int:
    return count(graph, "?x a okg:Document")


def quads(graph) -> int:
    return graph.rows("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"]


def current(store) -> str:
    return os.path.realpath(store / "current")


def index_of(store) -> NameIndex:
    return NameIndex(index_path(store / "stores" / os.path.basename(current(store))), read_only=True)


@pytest.fixture
def small(tmp_path, seed_files):
    """A graph of two seeds, in its own store."""
    store = tmp_path / "kg"
    graph = KnowledgeGraph(str(store))
    graph.build(seed_files[:2])
    return store, graph


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unchanged_article_is_a_no_op_and_the_user_is_told(small, seed_files):
    store, graph = small
    before, target = quads(graph), current(store)
    result = CliRunner().invoke(main, ["--store", str(store), "ingest", str(seed_files[0])])
    assert result.exit_code == 0
    assert result.output == (f"Unchanged {seed_files[0]}: the graph holds this text already "
                             f"(as {seed_files[0].stem}); nothing written\n")
    assert current(store) == target  # no new generation of the store was even made
    assert quads(KnowledgeGraph(str(store))) == before


def test_the_same_text_under_another_name_is_the_same_article(small, seed_files, tmp_path):
    store, graph = small
    copy = tmp_path / "copy.txt"
    copy.write_bytes(seed_files[1].read_bytes())
    report = graph.ingest([copy])
    assert report.documents == [] and report.unchanged == [(str(copy), seed_files[1].stem)]
    assert documents(graph) == 2


def test_a_changed_article_replaces_its_facts_and_its_orphans_leave_the_index(small, tmp_path):
    store, graph = small
    article = write(tmp_path / "news.txt", FIRST)
    graph.ingest([article])
    assert "内蒙古恒远碳材科技有限公司" in labels(graph)
    assert index_of(store).exact("Organization", ["恒远碳材科技"])
    write(article, SECOND)
    report = graph.ingest([article])
    assert report.documents == [str(article)] and report.unchanged == []
    assert "内蒙古北辰光电科技有限公司" in labels(graph)
    assert "内蒙古恒远碳材科技有限公司" not in labels(graph)  # no article mentions it any more
    index = index_of(store)
    assert not index.exact("Organization", ["恒远碳材科技"]) and index.exact("Organization", ["北辰光电科技"])
    assert documents(graph) == 3
    assert graph.rows("SELECT ?t WHERE { ?d a okg:Document ; okg:sourcePath ?p ; dcterms:title ?t "
                      f"FILTER(?p = {repr(str(article))}) }}".replace("'", '"'))  # the article is there once


def labels(graph) -> set[str]:
    return {r["l"] for r in graph.rows('SELECT ?l WHERE { ?e a okg:Company ; rdfs:label ?l FILTER(lang(?l) = "zh") }')}


def test_a_new_mention_joins_a_stored_entity_found_by_the_index(small, tmp_path, monkeypatch):
    """The short name in a later article joins the company stored from an earlier one; the graph's
    entities are looked up in the index, never all read."""
    import kg.store.names

    store, graph = small
    graph.ingest([write(tmp_path / "a.txt", FIRST)])
    companies = len(labels(graph))

    def read_everything(store):
        raise AssertionError("the ingest read every stored entity")

    monkeypatch.setattr(kg.store.names, "index_from_graph", read_everything)
    graph.ingest([write(tmp_path / "b.txt", LATER)])
    assert len(labels(graph)) == companies
    aliases = {r["a"] for r in graph.rows('SELECT ?a WHERE { ?e rdfs:label "内蒙古恒远碳材科技有限公司"@zh ; skos:altLabel ?a }')}
    assert "恒远碳材科技公司" in aliases


def test_a_store_without_a_names_index_gets_one_at_its_first_ingest(small, tmp_path):
    store, graph = small
    index_path(store / "stores" / os.path.basename(current(store))).unlink()  # as a store built before the index
    graph.ingest([write(tmp_path / "a.txt", FIRST)])
    index = index_of(store)
    assert index.exact("Organization", ["恒远碳材科技"])
    assert len(index) == count(graph, "GRAPH <https://w3id.org/ordos-kg/resource/graph/entities> { ?x a ?t }")


def test_the_ingest_writes_only_the_new_article_and_what_it_adds_to_entities(small, tmp_path, monkeypatch):
    import kg.store.embedded

    store, graph = small
    changes = []
    real = kg.store.embedded.EmbeddedStore.apply
    monkeypatch.setattr(kg.store.embedded.EmbeddedStore, "apply", lambda self, change: changes.append(change) or real(self, change))
    article = write(tmp_path / "a.txt", FIRST)
    graph.ingest([article])
    first = changes[-1]
    entity_graph = "https://w3id.org/ordos-kg/resource/graph/entities"
    assert first.graphs == [] and first.orphans == []
    assert {q.graph_name.value for q in first.quads} >= {entity_graph, "https://w3id.org/ordos-kg/resource/graph/doc/a"}
    graph.ingest([write(article, FIRST.replace("开工。", "正式开工。"))])
    again = changes[-1]
    # the same entities as before: the article's graph is replaced, no entity triple is written again
    assert again.graphs == ["https://w3id.org/ordos-kg/resource/graph/doc/a"] and again.orphans == []
    assert again.quads and not [q for q in again.quads if q.graph_name.value == entity_graph]
    assert documents(graph) == 3


KILLED = """
import os, signal, sys
import kg.store.embedded, kg.store.names
from kg import KnowledgeGraph

where, name = sys.argv[3].split(".")
cls = {"EmbeddedStore": kg.store.embedded.EmbeddedStore, "NameIndex": kg.store.names.NameIndex}[where]
setattr(cls, name, lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL))
KnowledgeGraph(sys.argv[1]).ingest([sys.argv[2]])
"""


@pytest.mark.parametrize("at", ["EmbeddedStore._swap", "NameIndex.update"])
def test_an_ingest_killed_after_writing_leaves_the_graph_as_it_was(small, tmp_path, at):
    """Killed once the change is written into the new generation (before it is made current), or
    while the names index is updated: the graph, its index and the next ingest are as before."""
    store, graph = small
    before, target = quads(graph), current(store)
    article = write(tmp_path / "a.txt", FIRST)
    proc = subprocess.run([sys.executable, "-c", KILLED, str(store), str(article), at], capture_output=True)
    assert proc.returncode == -9
    fresh = KnowledgeGraph(str(store))
    assert current(store) == target and quads(fresh) == before and documents(fresh) == 2
    assert not index_of(store).exact("Organization", ["恒远碳材科技"])
    fresh.ingest([article])  # and the next ingest goes through, leaving one generation
    assert documents(fresh) == 3
    assert len([p for p in (store / "stores").iterdir() if p.is_dir()]) == 1


def test_an_ingest_that_fails_while_writing_leaves_the_graph_as_it_was(small, tmp_path, monkeypatch):
    import kg.store.embedded
    from kg.errors import StoreError

    store, graph = small
    before, target = quads(graph), current(store)

    def failing(change):  # the transaction fails at its last operation, after the others ran
        return kg.store.update_text(change) + " ;\nCREATE GRAPH <https://w3id.org/ordos-kg/resource/graph/entities>"

    monkeypatch.setattr(kg.store.embedded, "update_text", failing)
    with pytest.raises(StoreError, match="already exists"):
        graph.ingest([write(tmp_path / "a.txt", FIRST)])
    assert current(store) == target and quads(KnowledgeGraph(str(store))) == before
    assert sorted(p.name for p in (store / "stores").iterdir()) == sorted([os.path.basename(target),
                                                                           os.path.basename(target) + ".names.sqlite"])
