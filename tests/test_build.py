"""Building and growing the graph: same entities whatever the encoding or script,
no duplicates on ingest, and a failed build never loses the previous graph."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from kg import KnowledgeGraph, extract
from kg.errors import DocumentError

SEED = "003_91b04151e7e4191c.txt"


def labels(ex):
    return {(e.label, e.type) for e in ex.entities}


@pytest.fixture(scope="module")
def seed_003_entities(seeds_dir):
    return labels(extract([seeds_dir / SEED]))


def test_traditional_script_copy_gives_the_same_entities(tmp_path, seeds_dir, seed_003_entities):
    import opencc

    text = (seeds_dir / SEED).read_text(encoding="utf-8")
    trad = tmp_path / SEED
    trad.write_text(opencc.OpenCC("s2t.json").convert(text), encoding="utf-8")
    ex = extract([trad])
    assert ex.documents[0].script == "traditional"
    assert labels(ex) == seed_003_entities


def test_gb18030_copy_gives_the_same_entities(tmp_path, seeds_dir, seed_003_entities):
    text = (seeds_dir / SEED).read_text(encoding="utf-8")
    copy = tmp_path / SEED
    copy.write_bytes(text.encode("gb18030"))
    assert labels(extract([copy])) == seed_003_entities


def test_same_input_gives_the_same_iris(seeds_dir):
    a = {e.id for e in extract([seeds_dir]).entities}
    b = {e.id for e in extract([seeds_dir]).entities}
    assert a == b


def test_iris_are_readable_and_valid(seed_extraction):
    import rdflib

    for e in seed_extraction.entities:
        assert e.id.startswith("https://w3id.org/ordos-kg/resource/")
        assert " " not in e.id and "<" not in e.id and '"' not in e.id
        rdflib.URIRef(e.id)  # raises on invalid IRIs
    assert any(e.id.endswith("/Banner/准格尔旗") for e in seed_extraction.entities)


def count_entities(graph):
    return graph.rows("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH <https://w3id.org/ordos-kg/resource/graph/entities> { ?e a ?t } }")[0]["n"]


def test_ingest_adds_documents_and_merges_their_entities(tmp_path, seeds_dir, seed_files):
    graph = KnowledgeGraph(str(tmp_path / "store"))
    graph.build(seed_files[:3])
    before = count_entities(graph)
    jungar_before = graph.rows('SELECT ?e WHERE { ?e rdfs:label "准格尔旗"@zh }')
    graph.ingest(seed_files[3:])
    jungar_after = graph.rows('SELECT ?e WHERE { ?e rdfs:label "准格尔旗"@zh }')
    assert jungar_before == jungar_after and len(jungar_after) == 1
    assert count_entities(graph) > before
    docs = graph.rows("SELECT (COUNT(?d) AS ?n) WHERE { ?d a okg:Document }")[0]["n"]
    assert docs == 5


def test_ingesting_the_same_article_twice_adds_nothing(tmp_path, seed_files):
    graph = KnowledgeGraph(str(tmp_path / "store"))
    graph.build(seed_files)
    n = graph.rows("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"]
    graph.ingest(seed_files[:1])
    assert graph.rows("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"] == n


def test_unreadable_document_is_named_while_the_others_build(tmp_path, seed_copy):
    (seed_copy / "empty.txt").write_text("", encoding="utf-8")
    graph = KnowledgeGraph(str(tmp_path / "store"))
    report = graph.build([seed_copy])
    assert len(report.documents) == 5
    assert report.skipped == [(str(seed_copy / "empty.txt"), "the document is empty")]


def test_a_build_with_nothing_readable_keeps_the_previous_graph(tmp_path, seed_files):
    graph = KnowledgeGraph(str(tmp_path / "store"))
    graph.build(seed_files)
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(DocumentError, match="empty"):
        graph.build([empty])
    assert graph.rows("SELECT (COUNT(?d) AS ?n) WHERE { ?d a okg:Document }")[0]["n"] == 5


def test_a_build_that_fails_half_way_keeps_the_previous_graph(tmp_path, seed_files, monkeypatch):
    import kg.graph

    graph = KnowledgeGraph(str(tmp_path / "store"))
    graph.build(seed_files[:1])

    real = kg.graph.iter_quads

    def half_then_fail(ex, **kw):
        quads = list(real(ex, **kw))

        def gen():
            yield from quads[: len(quads) // 2]
            raise KeyboardInterrupt

        return gen()

    monkeypatch.setattr(kg.graph, "iter_quads", half_then_fail)  # the quads a build streams into the store
    with pytest.raises(KeyboardInterrupt):
        graph.build(seed_files)
    fresh = KnowledgeGraph(str(tmp_path / "store"))
    assert fresh.rows("SELECT (COUNT(?d) AS ?n) WHERE { ?d a okg:Document }")[0]["n"] == 1
    left = sorted(p.name for p in (tmp_path / "store" / "stores").iterdir())
    assert len(left) == 2 and left[1] == left[0] + ".names.sqlite"  # the previous graph and its names index, no half-built one


def test_a_build_killed_mid_way_leaves_the_old_graph_queryable(tmp_path, seeds_dir, seed_files):
    store = tmp_path / "store"
    KnowledgeGraph(str(store)).build(seed_files[:2])
    many = tmp_path / "many"
    many.mkdir()
    for i in range(40):
        for f in seed_files:
            (many / f"{i:02d}_{f.name}").write_bytes(f.read_bytes())
    proc = subprocess.Popen([sys.executable, "-m", "kg", "--store", str(store), "build", str(many)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(2.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    graph = KnowledgeGraph(str(store))
    assert graph.rows("SELECT (COUNT(?d) AS ?n) WHERE { ?d a okg:Document }")[0]["n"] == 2


def test_a_second_writer_is_told_another_is_writing(tmp_path, seed_files):
    import fcntl

    from kg.errors import StoreError

    graph = KnowledgeGraph(str(tmp_path / "store"))
    graph.build(seed_files[:1])
    with open(tmp_path / "store" / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a running build holds it
        with pytest.raises(StoreError, match="another build or ingest is writing"):
            graph.build(seed_files)
        with pytest.raises(StoreError, match="another build or ingest is writing"):
            graph.ingest(seed_files[1:2])
    assert graph.rows("SELECT (COUNT(?d) AS ?n) WHERE { ?d a okg:Document }")[0]["n"] == 1


def test_ingesting_a_changed_article_replaces_what_it_said(tmp_path, seed_files):
    article = tmp_path / "news.txt"
    article.write_text("达拉特旗新项目开工\n\n近日，由内蒙古恒远碳材科技有限公司投资建设的年产20万吨碳纤维原丝项目在达拉特经济开发区开工。", encoding="utf-8")
    graph = KnowledgeGraph(str(tmp_path / "store"))
    graph.build(seed_files[:1])
    graph.ingest([article])
    assert graph.rows('ASK { ?c rdfs:label "内蒙古恒远碳材科技有限公司"@zh }'.replace("ASK", "SELECT * WHERE"))
    article.write_text("达拉特旗新项目开工\n\n近日，由内蒙古北辰光电科技有限公司投资建设的年产5万吨光伏玻璃项目在达拉特经济开发区开工。", encoding="utf-8")
    graph.ingest([article])
    labels = {r["l"] for r in graph.rows('SELECT ?l WHERE { ?e a okg:Company ; rdfs:label ?l FILTER(lang(?l) = "zh") }')}
    assert "内蒙古北辰光电科技有限公司" in labels
    assert "内蒙古恒远碳材科技有限公司" not in labels  # no article mentions it any more
    assert graph.rows("SELECT (COUNT(?d) AS ?n) WHERE { ?d a okg:Document }")[0]["n"] == 2


def test_a_folders_readme_is_not_an_article(tmp_path, seed_files):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / seed_files[0].name).write_bytes(seed_files[0].read_bytes())
    (folder / "README.md").write_text("这些是鄂尔多斯的新闻稿件，供测试使用。", encoding="utf-8")
    assert [d.id for d in extract([folder]).documents] == [seed_files[0].stem]


def test_a_malformed_manifest_is_named(tmp_path, seed_files):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / seed_files[0].name).write_bytes(seed_files[0].read_bytes())
    (folder / "manifest.json").write_text('{"documents": [{"title": "no file key"}]}', encoding="utf-8")
    with pytest.raises(DocumentError, match="manifest.json: a manifest is"):
        extract([folder])
