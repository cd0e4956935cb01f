"""`kg viz`: what the pages hold, which part of the graph each view draws, and that article text stays text.

What a browser does with the pages is in test_browser.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.vocab import SECTORS

XSS = Path(__file__).resolve().parent / "data" / "xss"
IMG = "<img src=x onerror=alert(1)>有限公司"
SCRIPT = "准格尔旗<script>alert(1)</script>光伏制氢项目"
NARISONG = "准格尔旗纳日松光伏制氢产业示范项目"


def run(store, *args):
    result = CliRunner().invoke(main, ["--store", str(store), "viz", *args])
    return result


def page_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.DOTALL)
    assert m, "the page carries its graph as a JSON block"
    return json.loads(m.group(1))


def labels(data: dict) -> set[str]:
    return {n["label"] for n in data["nodes"]}


def edges_between(data: dict, a: str, b: str) -> set[str]:
    ids = {n["label"]: n["id"] for n in data["nodes"]}
    return {e["kg"]["p"] for e in data["edges"] if {e["from"], e["to"]} == {ids.get(a), ids.get(b)}}


@pytest.fixture(scope="module")
def whole(seed_graph, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("viz") / "ordos.html"
    result = run(seed_graph.location, "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


# ------------------------------------------------------------------ the page


def test_whole_graph_page_is_written_and_reported(seed_graph, tmp_path):
    out = tmp_path / "ordos.html"
    result = run(seed_graph.location, "-o", str(out))
    assert result.exit_code == 0, result.output
    n = seed_graph.rows("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { "
                        "GRAPH <https://w3id.org/ordos-kg/resource/graph/entities> { ?e a ?t } }")[0]["n"]
    assert result.output.startswith(f"Wrote {out}: {n} entities, ")
    assert "it opens offline" in result.output


def test_page_needs_nothing_from_the_network(whole):
    text = whole.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in text[:200]
    # vis-network is inlined, not fetched
    assert "vis-network" in text and "@version 9.1.2" in text
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b[^>]*\b(src|href)\s*=", text, re.IGNORECASE)
    assert not re.search(r"@import|url\((?!\"?data:)", text)
    # and the page's policy forbids any request even if something tried
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1)
    assert "default-src &#x27;none&#x27;" in csp and "unsafe-inline" not in csp.split("style-src")[0]


def test_page_holds_the_seed_graph_with_relation_names(whole):
    data = page_data(whole)
    assert {"准格尔旗", "纳日松镇", NARISONG} <= labels(data)
    assert "locatedIn" in edges_between(data, NARISONG, "准格尔旗")
    located = next(e for e in data["edges"] if e["kg"]["p"] == "locatedIn")
    assert (located["label"], located["kg"]["en"]) == ("位于", "located in")


def test_each_type_has_its_own_colour_shape_and_legend_entry(whole):
    data = page_data(whole)
    styles = {(t["color"], t["shape"]) for t in data["types"]}
    assert len(styles) == len(data["types"])
    legend = {t["name"]: t for t in data["types"]}
    assert legend["Banner"]["zh"] == "县级行政区" and legend["Project"]["en"] == "Project"
    for n in data["nodes"]:
        t = legend[n["kg"]["type"]]
        assert (n["color"]["background"], n["shape"]) == (t["color"], t["shape"])
    assert sum(t["count"] for t in data["types"]) == len(data["nodes"])


def test_node_size_grows_with_degree(whole):
    data = page_data(whole)
    by_label = {n["label"]: n for n in data["nodes"]}
    hub, leaf = by_label["准格尔旗"], by_label["纳日松镇"]
    assert hub["kg"]["degree"] > leaf["kg"]["degree"] and hub["size"] > leaf["size"]


def test_tooltips_carry_type_aliases_facts_and_evidence_with_titles(seed_graph, whole):
    data = page_data(whole)
    node = next(n for n in data["nodes"] if n["label"] == NARISONG)
    assert node["kg"]["type"] == "Project"
    assert node["kg"]["pinyin"].startswith("Zhǔn gé ěr qí")
    facts = {f[0]: f[2] for f in node["kg"]["facts"]}
    assert facts.get("已完成投资") == "20.02亿元"
    titles = {t for (t,) in seed_graph.query("SELECT ?t WHERE { ?d dcterms:title ?t }")}
    texts = [ev[0] for ev in node["kg"]["evidence"]]
    assert any("20.02亿元" in t for t in texts)
    assert all(ev[1] in {t.value for t in titles} for ev in node["kg"]["evidence"])
    edge = next(e for e in data["edges"] if e["kg"]["p"] == "locatedIn" and e["kg"]["evidence"])
    assert edge["kg"]["evidence"][0][1] in {t.value for t in titles}


def test_aliases_are_kept_for_search(seed_graph, whole):
    # the entities' aliases (the ontology's concepts, such as the stages of a project, have labels too)
    aliases = seed_graph.rows("SELECT ?l ?a WHERE { ?e rdfs:label ?l ; skos:altLabel ?a . FILTER(lang(?l) = 'zh') "
                              "FILTER(STRSTARTS(STR(?e), 'https://w3id.org/ordos-kg/resource/')) }")
    assert aliases, "the seeds give some aliases"
    data = page_data(whole)
    by_label = {n["label"]: n for n in data["nodes"]}
    for row in aliases:
        assert row["a"] in by_label[row["l"]]["kg"]["aliases"]


def test_small_graphs_settle_with_physics_large_ones_come_laid_out():
    import networkx as nx

    from kg.view.html import LARGE
    from kg.view.html import page_data as data_of

    def graph(n):
        G = nx.MultiDiGraph(labels={}, documents={})
        for i in range(n):
            G.add_node(i, label=f"实体{i}", type="Company", pinyin="", en="", aliases=[], facts=[], evidence=[],
                       documents=set())
        for i in range(1, n):
            G.add_edge(i, (i * 7) % i, key="collaboratesWith", evidence=[], documents=set())
        return G

    small, large = data_of(graph(50)), data_of(graph(LARGE + 1))
    assert small["options"]["physics"]["enabled"] is True
    assert small["options"]["physics"]["stabilization"]["iterations"] <= 1000
    assert not any("x" in n for n in small["nodes"])
    assert large["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in large["nodes"])
    xs = {n["x"] for n in large["nodes"]}
    assert len(xs) > LARGE * 0.9, "nodes are spread out, not piled up"


# ------------------------------------------------------------------ views


def test_entity_view_by_name_alias_or_pinyin(seed_graph, tmp_path):
    out = tmp_path / "e.html"
    assert run(seed_graph.location, "--entity", "准格尔旗", "--depth", "1", "-o", str(out)).exit_code == 0
    one = labels(page_data(out))
    assert {"准格尔旗", "纳日松镇", "鄂尔多斯市"} <= one
    assert run(seed_graph.location, "--entity", "准格尔旗", "--depth", "2", "-o", str(out)).exit_code == 0
    two = labels(page_data(out))
    assert one < two and "内蒙古自治区" in two
    for name in ("Zhǔn gé ěr qí", "zhungeerqi", "zhun3 ge2 er3 qi2"):
        assert run(seed_graph.location, "--entity", name, "--depth", "1", "-o", str(out)).exit_code == 0
        assert labels(page_data(out)) == one


def test_banner_view_reaches_through_towns_and_parks(seed_graph, tmp_path):
    out = tmp_path / "b.html"
    result = run(seed_graph.location, "--banner", "准格尔旗", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = page_data(out)
    inside = {r["l"] for r in seed_graph.rows("""
        SELECT DISTINCT ?l WHERE { ?x okg:locatedIn+ ?b . ?b rdfs:label "准格尔旗"@zh .
                                   ?x rdfs:label ?l . FILTER(lang(?l) = "zh") }""")}
    assert NARISONG in inside and "纳日松镇" in inside
    assert inside <= labels(data)
    assert "鄂托克旗" not in labels(data)
    assert data["title"].startswith("准格尔旗")


def test_types_view_keeps_only_those_types(seed_graph, tmp_path):
    out = tmp_path / "t.html"
    assert run(seed_graph.location, "--types", "Project,banner,Town", "-o", str(out)).exit_code == 0
    data = page_data(out)
    assert {n["kg"]["type"] for n in data["nodes"]} == {"Project", "Banner", "Town"}
    assert "locatedIn" in edges_between(data, NARISONG, "准格尔旗")


def test_query_view_draws_a_construct_or_a_select_of_spo(seed_graph, tmp_path):
    construct = tmp_path / "located.rq"
    construct.write_text("CONSTRUCT { ?p okg:locatedIn ?b } WHERE { ?p a okg:Project ; okg:locatedIn ?b . ?b a okg:Banner }",
                         encoding="utf-8")
    out = tmp_path / "q.html"
    assert run(seed_graph.location, "--query", str(construct), "-o", str(out)).exit_code == 0
    data = page_data(out)
    assert {e["kg"]["p"] for e in data["edges"]} == {"locatedIn"}
    assert {n["kg"]["type"] for n in data["nodes"]} == {"Project", "Banner"}
    assert "locatedIn" in edges_between(data, NARISONG, "准格尔旗")

    select = tmp_path / "spo.rq"
    select.write_text("SELECT ?s ?p ?o WHERE { ?s okg:investment ?o . BIND(okg:investment AS ?p) }", encoding="utf-8")
    assert run(seed_graph.location, "--query", str(select), "-o", str(out)).exit_code == 0
    data = page_data(out)
    assert data["edges"] == [] and data["nodes"]
    assert all(any(f[0] == "总投资" for f in n["kg"]["facts"]) for n in data["nodes"])


def test_a_select_without_spo_is_refused(seed_graph, tmp_path):
    q = tmp_path / "bad.rq"
    q.write_text("SELECT ?x WHERE { ?x a okg:Banner }", encoding="utf-8")
    result = run(seed_graph.location, "--query", str(q), "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == "Error: a SELECT to draw must bind ?s ?p ?o"
    assert not (tmp_path / "x.html").exists()


def test_document_view_by_id_or_its_start(seed_graph, tmp_path):
    out = tmp_path / "d.html"
    assert run(seed_graph.location, "--document", "000", "-o", str(out)).exit_code == 0
    data = page_data(out)
    title = seed_graph.rows("SELECT ?t WHERE { ?d dcterms:title ?t . FILTER(STRENDS(STR(?d), '000_0f44c1ebc675fa11')) }")[0]["t"]
    assert data["title"] == title
    assert [d[0] for d in data["documents"]] == ["000_0f44c1ebc675fa11"]
    assert all(ev[1] == title for n in data["nodes"] for ev in n["kg"]["evidence"])
    assert NARISONG in labels(data)


@pytest.mark.parametrize("args, message, code", [
    # a name is found as `kg describe` finds it (kg.lookup), and not finding it is the same error
    (["--entity", "不存在的公司"], "Error: no entity is called '不存在的公司'", 2),
    (["--banner", "纳日松镇"], "Error: no Banner is called '纳日松镇'", 2),
    (["--document", "999"], "Error: '999' is not a document in the graph", 1),
    (["--document", "00"], "Error: '00' matches several documents", 1),
])
def test_what_is_not_in_the_graph_is_named(seed_graph, tmp_path, args, message, code):
    result = run(seed_graph.location, *args, "-o", str(tmp_path / "x.html"))
    assert result.exit_code == code
    assert result.output.splitlines()[0] == message
    assert result.output.splitlines()[1].startswith("  ")  # a hint follows


def test_banner_hint_lists_the_banners(seed_graph, tmp_path):
    result = run(seed_graph.location, "--banner", "纳日松镇", "-o", str(tmp_path / "x.html"))
    assert "准格尔旗" in result.output.splitlines()[1]


@pytest.mark.parametrize("args, message", [
    (["--entity", "准格尔旗", "--banner", "准格尔旗"], "choose one view: --entity or --banner"),
    (["--types", "Project,Factory"], "'Factory' is not a core type"),
    (["--gallery", "g", "--entity", "准格尔旗"], "--gallery writes the standard views"),
    (["--depth", "-1", "--entity", "准格尔旗"], "-1 is not in the range"),
])
def test_bad_options_are_usage_errors(seed_graph, args, message):
    result = run(seed_graph.location, *args)
    assert result.exit_code == 2
    assert message in result.output


def test_no_graph_is_one_error_line(tmp_path):
    result = run(tmp_path / "nowhere", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: no graph at {tmp_path / 'nowhere'}/")


# ------------------------------------------------------------------ gallery


def test_gallery_links_every_standard_view(seed_graph, tmp_path):
    out = tmp_path / "gallery"
    result = run(seed_graph.location, "--gallery", str(out))
    assert result.exit_code == 0, result.output
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)">', index)
    assert links and all((out / link).is_file() for link in links)
    assert set(links) == {p.name for p in out.glob("*.html")} - {"index.html"}
    banners = {r["l"] for r in seed_graph.rows("SELECT ?l WHERE { ?b a okg:Banner ; rdfs:label ?l . FILTER(lang(?l)='zh') }")}
    assert len([link for link in links if link.startswith("banner-")]) == len(banners)
    assert {"whole.html", "banner-zhungeerqi.html", "sector-hydrogen.html", "organisations.html"} <= set(links)
    assert result.output.startswith(f"Wrote {len(links)} views and {out / 'index.html'} (")
    hydrogen = page_data(out / "sector-hydrogen.html")
    assert NARISONG in labels(hydrogen)
    orgs = page_data(out / "organisations.html")
    assert {e["kg"]["p"] for e in orgs["edges"]} <= {"collaboratesWith", "memberOf", "subsidiaryOf"}
    assert all(n["kg"]["degree"] > 0 for n in orgs["nodes"])
    assert ["index.html", "← 图集 Gallery"] in orgs["links"]
    sectors = {r["sector"] for r in seed_graph.rows("SELECT DISTINCT ?sector WHERE { ?p okg:sector/skos:notation ?sector }")}
    for key, zh, en in ((s.key, s.zh, s.en) for s in SECTORS.values()):  # a sector with no project is named, not linked
        if key in sectors:
            assert f"sector-{key}.html" in links
        else:
            assert f"<li>{zh} {en} <span>本图中没有" in index


# ------------------------------------------------------------------ article text stays text


def test_markup_in_names_reaches_the_page_as_text_only(xss_graph, tmp_path):
    out = tmp_path / "xss.html"
    result = run(xss_graph.location, "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    for raw in ("<img", "<script>alert", "</script><script>", "<b onmouseover", "\u2028", "\u2029"):
        assert raw not in text
    data = page_data(out)
    assert {IMG, SCRIPT} <= labels(data)
    company = next(n for n in data["nodes"] if n["label"] == IMG)
    assert "</script><script>alert(2)</script>" in company["kg"]["aliases"]
    assert "行\u2028分隔\u2029段落" in company["kg"]["aliases"]
    assert any(IMG in ev[0] for ev in company["kg"]["evidence"])


def test_markup_in_a_title_is_escaped_in_the_heading(xss_graph, tmp_path):
    out = tmp_path / "doc.html"
    assert run(xss_graph.location, "--document", "002", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    title = page_data(out)["title"]
    assert "<script>alert(1)</script>" in title
    assert "<h1>" + title.replace("<", "&lt;").replace(">", "&gt;") + "</h1>" in text
    assert "<title>" + title.replace("<", "&lt;").replace(">", "&gt;") + "</title>" in text


def test_json_for_script_escapes_what_could_end_a_script():
    from kg.view.html import json_for_script

    text = json_for_script({"a": "</script><!-- & \u2028\u2029"})
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029"}


def test_an_entity_can_be_named_in_english_or_traditional_script(seed_graph, tmp_path):
    for name in ("Jungar Banner", "準格爾旗", "准格尔旗"):
        out = tmp_path / "view.html"
        result = run(seed_graph.location, "--entity", name, "-o", str(out))
        assert result.exit_code == 0, result.output
        assert "准格尔旗" in labels(page_data(out))
