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


def _copies(seed: Path, folder: Path) -> None:
    """A seed as three sites would post it: as it is, in traditional script, and with pinyin glosses
    after some words and page clutter around it."""
    import re

    import opencc
    from pypinyin import Style, lazy_pinyin

    raw = seed.read_text(encoding="utf-8")
    (folder / "a_site.txt").write_text(raw, encoding="utf-8")
    (folder / "b_traditional.txt").write_text(opencc.OpenCC("s2t").convert(raw), encoding="utf-8")
    glossed = re.sub(r"发展|项目|能源|生态", lambda m: f"{m.group(0)}({' '.join(lazy_pinyin(m.group(0), style=Style.TONE))})",
                     raw)
    (folder / "c_glossed.txt").write_text("首页 | 新闻 | 本地 | 登录\n分享到：微信 微博\n" + glossed
                                          + "\n责任编辑：张三\n", encoding="utf-8")


def test_a_seed_its_traditional_and_its_glossed_copy_are_one_story(tmp_path, seed_files):
    from kg import KnowledgeGraph
    from kg.sparql.questions import rows

    articles = tmp_path / "articles"
    articles.mkdir()
    _copies(seed_files[1], articles)
    (articles / "d_other.txt").write_text(seed_files[2].read_text(encoding="utf-8"), encoding="utf-8")
    graph = KnowledgeGraph(str(tmp_path / "kg"))
    graph.build([articles])
    folded = graph.rows("SELECT ?copy ?first WHERE { ?copy prov:alternateOf ?first }")
    assert sorted((r["copy"].rsplit("/", 1)[-1], r["first"].rsplit("/", 1)[-1]) for r in folded) == [
        ("b_traditional", "a_site"), ("c_glossed", "a_site")]
    assert graph.stats()["stories"] == [{"articles": 4, "stories": 2, "reposted": 1, "reposts_folded": 2}]
    # mention counts count stories: the seed's banner is in two stories, not four articles
    banner = rows(graph.store, "widely-mentioned", min_articles=1)
    assert max(r["articles"] for r in banner) == 2
    first = [r for r in rows(graph.store, "mentions-of", entity="准格尔旗")]
    assert [(r["document"], r["reposts"]) for r in first if r["document"] == "a_site"] == [("a_site", 2)]
    assert all(r["document"] in {"a_site", "d_other"} for r in first)


def test_betweenness_work_is_bounded_on_a_big_graph(monkeypatch):
    """Above EXACT_BETWEENNESS_UP_TO entities, the sampled sources shrink as the graph grows, and
    betweenness is left out when too few are left, unless it is what the entities are ranked by."""
    import networkx as nx

    from kg.analysis import measures as network

    G = nx.MultiDiGraph()
    for i in range(3000):
        G.add_node(f"n{i}", label=f"实体{i}", type="Company")
    for i in range(2999):
        G.add_edge(f"n{i}", f"n{i + 1}", key="collaboratesWith")
    used = []
    real = nx.betweenness_centrality

    def spy(U, k=None, **kw):
        used.append(k)
        return real(U, k=k, **kw)

    monkeypatch.setattr(nx, "betweenness_centrality", spy)
    network.centrality(G, top=3)
    assert used == [min(network.BETWEENNESS_SAMPLES, network.BETWEENNESS_WORK // (3000 + 2999))]
    monkeypatch.setattr(network, "BETWEENNESS_WORK", 300_000)
    network.centrality(G, top=3)
    assert used[-1] == 50  # 300,000 / 5,999 entities and relations
    monkeypatch.setattr(network, "BETWEENNESS_WORK", 30_000)  # 5 sources: too few to say anything
    assert network.centrality(G, top=3)[0]["betweenness"] is None and len(used) == 2
    assert network.centrality(G, top=3, by="betweenness")[0]["betweenness"] > 0 and used[-1] == 10
