"""Analysing the seed graph: networkx rankings, communities, organisation ties, how entities connect,
banner summaries, `kg analyze`, the inline view, and charts that draw Chinese."""

from __future__ import annotations

import json
import warnings

import pytest
from click.testing import CliRunner

from kg import KGError, KnowledgeGraph, NoGraphError, QueryError
from kg.analysis import (
    banner,
    banner_summaries,
    banner_table,
    centrality,
    classify,
    collaboration_network,
    collaboration_rows,
    communities,
    connections,
    nearest,
    sector_leaders,
    to_networkx,
)
from kg.cli import main
from kg.lookup import resolve
from kg.vocab import CORE_TYPES, RELATIONS

RES = "https://w3id.org/ordos-kg/resource/"
JUNGAR = RES + "Banner/准格尔旗"


@pytest.fixture(scope="module")
def G(seed_graph):
    return to_networkx(seed_graph)


# ------------------------------------------------------------------ the networkx graph


def test_every_entity_is_a_node_with_its_label_and_core_type(G, seed_graph):
    n_entities = seed_graph.rows("""
        SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
          GRAPH <https://w3id.org/ordos-kg/resource/graph/entities> { ?e rdfs:label ?l } }""")[0]["n"]
    assert G.number_of_nodes() == n_entities
    assert G.nodes[JUNGAR]["label"] == "准格尔旗"
    assert G.nodes[JUNGAR]["type"] == "Banner"
    assert all(t in CORE_TYPES for _, t in G.nodes(data="type"))


def test_edges_are_named_relations_with_the_sentences_that_state_them(G):
    assert {k for _, _, k in G.edges(keys=True)} <= set(RELATIONS)
    assert G.has_edge(JUNGAR, RES + "City/鄂尔多斯市", key="locatedIn")
    stated = [(s, o, d) for s, o, k, d in G.edges(keys=True, data=True) if "article" in d["sources"]]
    assert stated
    for s, o, d in stated:
        assert d["evidence"], f"{s} -> {o} has no evidence"
        assert all(ev["document"] in G.graph["documents"] and ev["text"] for ev in d["evidence"])


def test_a_stated_investment_is_on_the_project_node(G):
    invested = {G.nodes[n]["label"]: v for n, v in G.nodes(data="investment") if v}
    assert invested["年产60万吨磷酸铁锂项目"] == 1_500_000_000


# ------------------------------------------------------------------ rankings


def test_jungar_banner_is_among_the_most_connected_entities(G):
    top = centrality(G, top=5)
    assert "准格尔旗" in [r["label"] for r in top]
    assert [r["rank"] for r in top] == [1, 2, 3, 4, 5]
    assert [r["degree"] for r in top] == sorted((r["degree"] for r in top), reverse=True)


def test_rankings_by_betweenness_and_pagerank(G):
    by_b = centrality(G, top=None, by="betweenness")
    assert len(by_b) == G.number_of_nodes()
    assert all(0 <= r["betweenness"] <= 1 for r in by_b)
    assert [r["betweenness"] for r in by_b] == sorted((r["betweenness"] for r in by_b), reverse=True)
    assert sum(r["pagerank"] for r in by_b) == pytest.approx(1, abs=0.01)
    # rank only organisations, measured over the whole graph
    orgs = centrality(G, top=3, by="pagerank", types=["Company", "ResearchInstitution"])
    assert orgs and {r["type"] for r in orgs} <= {"Company", "ResearchInstitution"}


def test_ranking_by_an_unknown_measure_says_what_is_known(G):
    with pytest.raises(KGError) as e:
        centrality(G, by="fame")
    assert "degree, betweenness, pagerank" in e.value.hint


# ------------------------------------------------------------------ communities


def test_communities_cover_every_entity_once(G):
    groups = communities(G)
    members = [m for c in groups for m in c.members]
    assert sorted(members) == sorted(G.nodes)
    assert [c.index for c in groups] == list(range(1, len(groups) + 1))
    assert [c.size for c in groups] == sorted((c.size for c in groups), reverse=True)


def test_communities_say_what_binds_them_and_are_the_same_each_run(G):
    first = communities(G, min_size=2)
    assert first and all(c.size >= 2 for c in first)
    biggest = first[0]
    assert biggest.relations, "the largest community has relations inside it"
    assert biggest.central[0] in biggest.labels
    assert sum(n for _, n in biggest.types) == biggest.size
    assert "bound by" in biggest.describe()
    again = communities(G, min_size=2)
    assert [c.members for c in again] == [c.members for c in first]


def test_the_banner_and_its_towns_share_a_community(G):
    groups = {m: c.index for c in communities(G) for m in c.members}
    assert groups[JUNGAR] == groups[RES + "Town/薛家湾镇"]


# ------------------------------------------------------------------ organisations


def test_collaboration_network_links_organisations_by_how_they_work_together(G):
    C = collaboration_network(G)
    assert {t for _, t in C.nodes(data="type")} <= {"Company", "ResearchInstitution", "GovernmentAgency", "Alliance"}
    tyut = resolve(G, "太原理工大学").iri
    yidong = resolve(G, "内蒙古伊东集团研发中心").iri
    kinds = {t["kind"] for t in C[tyut][yidong]["ties"]}
    assert "collaboratesWith" in kinds
    alliance_ties = [t for _, _, d in C.edges(data=True) for t in d["ties"] if t["kind"] == "alliance"]
    assert any("联盟" in t["via"] for t in alliance_ties)
    rows = collaboration_rows(G)
    assert {"清华大学", "内蒙古久泰集团"} in [{r["organisation"], r["with"]} for r in rows]


def test_collaboration_network_can_keep_organisations_without_ties(G):
    everyone = collaboration_network(G, include_isolated=True)
    orgs = [n for n, t in G.nodes(data="type") if t in ("Company", "ResearchInstitution", "GovernmentAgency", "Alliance")]
    assert set(collaboration_network(G)) <= set(everyone)
    assert set(everyone) >= {n for n in orgs if G.nodes[n]["type"] != "Alliance"}


# ------------------------------------------------------------------ explanations


def test_how_tsinghua_connects_to_jungar_banner_with_evidence(G):
    paths = connections(G, "清华大学", "准格尔旗")
    assert paths
    p = paths[0]
    text = str(p)
    assert text.startswith("清华大学") and text.endswith("准格尔旗")
    assert p.steps[0].relation in RELATIONS
    assert any(st.evidence for st in p.steps)
    assert "「" in p.explain()


def test_nearest_banner_through_an_article_when_relations_do_not_reach_one(G):
    found = nearest(G, "太原理工大学", type="Banner", via_documents=True, avoid=("Region", "City"))
    assert found
    assert G.nodes[resolve(G, found[0].target).iri]["type"] == "Banner"
    assert all(st.subject != "内蒙古自治区" and st.object != "内蒙古自治区" for st in found[0].steps)


def test_names_are_found_in_the_graph_as_kg_describe_finds_them(G, seed_graph):
    from kg.lookup import describe

    for name in ("準格爾旗", "zhungeerqi", "zhun3 ge2 er3 qi2", "准格尔"):
        assert resolve(G, name).iri == describe(seed_graph.store, name).iri == JUNGAR, name
    found = connections(G, "清華大學", "準格爾旗")
    assert found and str(found[0]).startswith("清华大学") and str(found[0]).endswith("准格尔旗")


def test_an_entity_is_found_by_alias_and_a_wrong_name_gets_suggestions(G):
    assert resolve(G, "鄂旗").iri == RES + "Banner/鄂托克旗"
    with pytest.raises(KGError) as e:
        resolve(G, "准格尔旗大学")
    assert "no entity is called '准格尔旗大学'" in str(e.value)
    assert "准格尔旗" in e.value.hint


# ------------------------------------------------------------------ banners


def test_otog_banner_has_a_stated_investment(seed_graph):
    otog = banner(seed_graph, "鄂托克旗")
    assert otog.projects
    assert otog.investment > 0
    assert otog.invested_projects >= 1


def test_uxin_banner_investment_is_the_stated_total(seed_graph):
    # 乌审旗: 年产60万吨磷酸铁锂项目，总投资15亿元
    assert banner(seed_graph, "乌审旗").investment == 1_500_000_000


def test_money_already_spent_is_not_counted_as_the_total(seed_graph):
    # 准格尔旗纳日松光伏制氢产业示范项目 states only 已完成投资20.02亿元
    jungar = banner(seed_graph, "准格尔旗")
    narisong = [p for p in jungar.projects if p.label == "准格尔旗纳日松光伏制氢产业示范项目"]
    assert narisong and narisong[0].investment is None
    assert sorted(narisong[0].sectors) == ["hydrogen", "photovoltaics"]


def test_projects_inside_a_towns_park_count_for_the_banner(seed_graph):
    jungar = banner(seed_graph, "准格尔旗")
    inside = seed_graph.rows("""
        SELECT ?p WHERE { ?p a okg:Project ; okg:locatedIn ?x . ?x okg:locatedIn+ ?b .
                          FILTER(?x != ?b) }""", b=JUNGAR)
    assert inside, "some project lies in a town or park of 准格尔旗"
    assert {r["p"] for r in inside} <= {p.iri for p in jungar.projects}


def test_banner_table_has_a_row_per_banner_with_sectors(seed_graph):
    rows = banner_table(seed_graph)
    banners = seed_graph.rows("SELECT DISTINCT ?b WHERE { ?b a okg:Banner }")
    assert len(rows) == len(banners)
    assert [r["investment"] for r in rows] == sorted((r["investment"] for r in rows), reverse=True)
    first = rows[0]
    assert {"banner", "projects", "organisations", "investment", "investment_yi", "hydrogen", "new-materials"} <= set(first)
    assert first["investment_yi"] == round(first["investment"] / 1e8, 2)
    assert all(r["projects"] >= r["stated"] for r in rows)


def test_banner_by_alias_and_unknown_banner(seed_graph):
    assert banner(seed_graph, "鄂旗").banner == "鄂托克旗"
    with pytest.raises(KGError) as e:
        banner(seed_graph, "不存在旗")
    assert "乌审旗" in e.value.hint


def test_which_banner_leads_in_hydrogen_and_in_new_materials(seed_graph):
    leaders = sector_leaders(seed_graph)
    assert set(leaders) == {"hydrogen", "photovoltaics", "coal-chemicals", "new-materials", "agriculture", "ecology"}
    assert leaders["hydrogen"]
    assert "乌审旗" in leaders["new-materials"]
    with pytest.raises(KGError):
        sector_leaders(seed_graph, "tourism")


@pytest.mark.parametrize("label, sectors", [
    ("准格尔旗纳日松光伏制氢产业示范项目", ["hydrogen", "photovoltaics"]),
    ("准大二厂2×100万千瓦煤电一体化扩建项目", ["coal-chemicals"]),
    ("年产60万吨磷酸铁锂项目", ["new-materials"]),
    ("乌兰敖包村千亩青贮玉米“统种共富”项目", ["agriculture"]),
    ("鄂尔多斯市文化馆改造项目", ["other"]),
    ("阿拉腾图布希嘎查“牧光互补”项目", ["photovoltaics", "agriculture"]),
    ("库布其沙漠生态修复工程", ["ecology"]),
])
def test_sector_keywords(label, sectors):
    assert classify(label) == sectors


# ------------------------------------------------------------------ kg analyze


def test_kg_analyze_prints_top_entities_and_communities(seed_graph):
    r = CliRunner().invoke(main, ["--store", seed_graph.location, "analyze", "--top", "3"])
    assert r.exit_code == 0, r.output
    assert "Top 3 entities by degree" in r.output
    assert "准格尔旗" in r.output
    assert "Communities:" in r.output and "bound by" in r.output


def test_kg_analyze_json(seed_graph):
    r = CliRunner().invoke(main, ["--store", seed_graph.location, "analyze", "--top", "4", "--by", "pagerank",
                                  "--format", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert len(out["top"]) == 4
    assert out["top"][0]["pagerank"] >= out["top"][-1]["pagerank"]
    assert 1 <= len(out["communities"]) <= 4
    assert out["communities"][0]["size"] >= 2


def test_kg_analyze_without_a_graph_says_how_to_build_one(tmp_path):
    r = CliRunner().invoke(main, ["--store", str(tmp_path / "nothing"), "analyze"])
    assert r.exit_code == 2
    assert "Error: no graph at" in r.output
    assert "kg build" in r.output


def test_kg_analyze_rejects_a_bad_top():
    r = CliRunner().invoke(main, ["analyze", "--top", "0"])
    assert r.exit_code == 2


# ------------------------------------------------------------------ errors a notebook user meets


def test_a_sparql_error_raises_with_the_parsers_message(seed_graph):
    with pytest.raises(QueryError) as e:
        seed_graph.dataframe("SELECT ?x WHERE { ?x a okg:Banner ")
    assert "not valid SPARQL" in str(e.value)
    assert "expected" in str(e.value)  # the parser's own words: where and what it expected


def test_a_missing_store_says_so_and_how_to_build_one(tmp_path):
    graph = KnowledgeGraph(str(tmp_path / "nowhere"))
    with pytest.raises(NoGraphError) as e:
        graph.rows("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert "no graph at" in str(e.value)
    assert "kg build" in e.value.hint
    with pytest.raises(NoGraphError):
        to_networkx(graph)


# ------------------------------------------------------------------ inline view


def test_show_puts_an_offline_view_in_a_sandboxed_iframe(seed_graph):
    from kg.view.notebook import iframe, show

    out = show(seed_graph, entity="准格尔旗", depth=2).data
    assert out.startswith('<div><iframe srcdoc="') and 'sandbox="allow-scripts"' in out
    assert "准格尔旗" in out and "vis.Network" in out
    assert "<script src" not in out and "&lt;script src" not in out  # nothing fetched
    # the page is escaped into the attribute: no raw tag or quote of it escapes the iframe
    wrapped = iframe('<p title="x">a</p><script>alert(1)</script>')
    assert "<script>" not in wrapped and '"x"' not in wrapped


# ------------------------------------------------------------------ charts that read Chinese


def test_a_chart_with_chinese_labels_renders_in_a_cjk_font(tmp_path):
    from kg.analysis.charts import bar_chart, font_file, use_cjk_font

    family = use_cjk_font()
    assert any(k in family for k in ("CJK", "WenQuanYi", "Han Sans", "Noto Sans SC"))
    path = tmp_path / "investment.png"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        bar_chart(["准格尔旗", "鄂托克旗", "乌审旗"], [78.65, 39, 15], title="各旗区总投资(亿元)", path=path)
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not missing, missing
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 5000
    assert any(k in font_file().lower() for k in ("cjk", "wqy", "sourcehan", "notosanssc"))


def test_investment_chart_from_the_graph(seed_graph, tmp_path):
    from kg.analysis.charts import investment_chart

    fig = investment_chart(seed_graph, path=tmp_path / "banners.png")
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels[0] == banner_summaries(seed_graph)[0].banner
    assert (tmp_path / "banners.png").exists()


def test_no_cjk_font_installed_says_what_to_install(monkeypatch):
    from kg.analysis import charts

    monkeypatch.setattr(charts, "CJK_FONTS", ("No Such Font Sans",))
    monkeypatch.setattr(charts, "_CJK_FILES", ())
    with pytest.raises(charts.FontError) as e:
        charts.use_cjk_font()
    assert "apt-get install fonts-noto-cjk" in e.value.hint


def test_betweenness_of_a_large_graph_is_estimated_the_same_way_each_time(G, monkeypatch):
    from kg.analysis import measures as network

    exact = {r["entity"]: r["betweenness"] for r in centrality(G, top=None)}
    monkeypatch.setattr(network, "EXACT_BETWEENNESS_UP_TO", 10)
    monkeypatch.setattr(network, "BETWEENNESS_SAMPLES", 40)
    first = centrality(G, top=None, by="betweenness")
    assert first == centrality(G, top=None, by="betweenness")
    assert all(0 <= r["betweenness"] <= 1 for r in first)
    assert first[0]["entity"] in sorted(exact, key=exact.get, reverse=True)[:5]
