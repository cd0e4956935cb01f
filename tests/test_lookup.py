"""Names a person can type: search by Chinese, alias, pinyin or English; describe, neighbors, path."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from kg import lookup, network
from kg.cli import main
from kg.errors import KGError

# ---------------------------------------------------------------- search


@pytest.mark.parametrize("text", ["准格尔旗", "zhungeerqi", "Zhǔngé'ěr", "zhun ge er qi", "ZHUNGEERQI", "Jungar",
                                  "Jungar Banner", "准格尔", "準格爾旗"])
def test_jungar_banner_comes_first_however_it_is_typed(store, text):
    found = lookup.search(store, text)
    assert (found[0].label, found[0].type) == ("准格尔旗", "Banner")


@pytest.mark.parametrize("text, label", [
    ("鄂旗", "鄂托克旗"),           # an alias
    ("Otog", "鄂托克旗"),           # English
    ("wushen", "乌审旗"),           # pinyin without the banner's last syllable
    ("Ordos", "鄂尔多斯市"),
    ("neimenggu", "内蒙古自治区"),
    ("lv an", "绿氨"),               # ü typed as v
])
def test_names_people_type(store, text, label):
    assert lookup.search(store, text)[0].label == label


def test_ranking_goes_exact_alias_prefix_substring_pinyin(store):
    found = lookup.search(store, "鄂尔多斯", limit=None)
    hows = [m.how for m in found]
    assert hows[0] == "alias" and found[0].label == "鄂尔多斯市"
    assert hows == sorted(hows, key=["label", "alias", "prefix", "substring"].index)
    assert "prefix" in hows and "substring" in hows
    pinyin = lookup.search(store, "zhungeer", limit=None)
    assert [m.rank for m in pinyin] == sorted(m.rank for m in pinyin)


def test_ties_go_to_the_entity_more_articles_mention(store):
    found = [m for m in lookup.search(store, "zhunge", limit=None) if m.how == "pinyin prefix"]
    counts = [m.documents for m in found]
    assert counts == sorted(counts, reverse=True)
    assert found[0].label == "准格尔旗"


def test_search_can_keep_one_type(store):
    found = lookup.search(store, "光伏", types={"Project"})
    assert found and all(m.type == "Project" and "光伏" in m.matched for m in found)


def test_search_for_nothing_finds_nothing(store):
    assert lookup.search(store, "qwxz") == []


# ---------------------------------------------------------------- describe


def test_describe_an_alias_gives_the_banner_with_all_its_names(store):
    d = lookup.describe(store, "鄂旗")
    assert (d.label, d.type) == ("鄂托克旗", "Banner")
    names = {(n["name"], n["kind"]) for n in d.names}
    assert {("鄂托克旗", "label"), ("Otog Banner", "label"), ("鄂旗", "alias")} <= names
    assert any(n["lang"] == "zh-latn-pinyin" for n in d.names)
    assert any(f.direction == "out" and f.predicate == "locatedIn" and f.other == "鄂尔多斯市" for f in d.facts)


def test_describe_gives_each_fact_with_its_sentence_and_article(store):
    d = lookup.describe(store, "年产60万吨磷酸铁锂项目")
    investment = next(f for f in d.facts if f.predicate == "investment")
    assert investment.other == "1500000000"
    assert "总投资15亿元" in investment.evidence
    assert investment.document == "003_91b04151e7e4191c" and investment.title.startswith("鄂旗")
    assert {f.other for f in d.facts if f.predicate == "locatedIn"} >= {"乌审旗"}
    assert d.documents == [{"document": "003_91b04151e7e4191c", "title": investment.title}]


def test_describe_shows_facts_in_both_directions(store):
    d = lookup.describe(store, "乌审旗")
    assert any(f.direction == "in" and "磷酸铁锂" in f.other and f.predicate == "locatedIn" for f in d.facts)
    assert any(f.direction == "out" and f.other == "鄂尔多斯市" for f in d.facts)


def test_an_ambiguous_name_lists_the_candidates_with_types(store):
    with pytest.raises(lookup.AmbiguousNameError) as e:
        lookup.describe(store, "准格")
    assert "准格尔旗 (Banner)" in str(e.value)
    assert len(e.value.candidates) >= 2


def test_an_unknown_name_says_so(store):
    with pytest.raises(lookup.NameNotFoundError, match="no entity is called '火星旗'"):
        lookup.describe(store, "火星旗")


# ---------------------------------------------------------------- connections


def test_neighbors_walk_out_step_by_step(store):
    one = lookup.neighbors(store, "磷酸铁锂", 1)
    assert {(e.subject_label, e.predicate) for e in one} >= {("年产60万吨磷酸铁锂项目", "produces")}
    two = lookup.neighbors(store, "磷酸铁锂", 2)
    assert any(e.depth == 2 and e.object_label == "乌审旗" for e in two)
    assert [e.depth for e in two] == sorted(e.depth for e in two)


def test_path_finds_the_shortest_chain(store):
    steps = network.path(store, "磷酸铁锂", "鄂尔多斯市")
    labels = [steps[0].source_label] + [s.target_label for s in steps]
    assert labels[0] == "磷酸铁锂" and labels[-1] == "鄂尔多斯市"
    assert "乌审旗" in labels
    assert steps[0].relation == "produces" and steps[0].forward is False


def test_path_through_an_article_when_no_relation_connects(store):
    with pytest.raises(KGError, match="no connection between 张广慧 and 乌审旗.*--through-documents"):
        network.path(store, "张广慧", "乌审旗")
    steps = network.path(store, "张广慧", "乌审旗", through_documents=True)
    assert [s.relation for s in steps] == ["mentionedIn", "mentionedIn"]


def test_lookups_give_the_same_on_a_remote_store(store, seed_extraction):
    remote = os.environ.get("KG_TEST_REMOTE")
    if not remote:
        pytest.skip("KG_TEST_REMOTE is not set (see tests/test_remote.py)")
    from kg import KnowledgeGraph
    from kg.graph import extraction_quads

    there = KnowledgeGraph(remote).store
    there.replace(extraction_quads(seed_extraction))
    assert lookup.search(there, "zhungeer") == lookup.search(store, "zhungeer")
    assert lookup.describe(there, "鄂旗").as_dict() == lookup.describe(store, "鄂旗").as_dict()
    assert lookup.neighbors(there, "磷酸铁锂", 2) == lookup.neighbors(store, "磷酸铁锂", 2)
    assert network.path(there, "磷酸铁锂", "鄂尔多斯市") == network.path(store, "磷酸铁锂", "鄂尔多斯市")


# ---------------------------------------------------------------- the command line


def test_kg_search_zhungeerqi_ranks_jungar_first(run):
    result = run("search", "zhungeerqi")
    assert result.exit_code == 0
    first = result.output.splitlines()[2]
    assert first.startswith("准格尔旗") and "Banner" in first and "res:Banner/准格尔旗" in first


def test_kg_search_json(run):
    data = json.loads(run("search", "Jungar", "--format", "json").output)
    assert data[0]["label"] == "准格尔旗" and data[0]["how"] == "prefix"


def test_kg_search_nothing(run):
    result = run("search", "qwxz")
    assert result.exit_code == 0
    assert result.output == "Nothing is called 'qwxz'.\n"


def test_kg_describe_an_alias_shows_the_banner(run):
    result = run("describe", "鄂旗")
    assert result.exit_code == 0
    assert result.output.startswith("鄂托克旗  (Banner)\n")
    assert "Otog Banner (English)" in result.output and "鄂旗 (alias)" in result.output
    assert "→ locatedIn 位于: 鄂尔多斯市 (City)" in result.output


def test_kg_describe_prints_evidence_and_article(run):
    result = run("describe", "年产60万吨磷酸铁锂项目")
    assert "→ investment 总投资: 1500000000" in result.output
    assert "总投资15亿元" in result.output and "[003_91b04151e7e4191c]" in result.output


def test_kg_describe_ambiguous_exits_2_listing_candidates(run):
    result = run("describe", "准格")
    assert result.exit_code == 2
    assert result.output.startswith("Error: '准格' could mean ")
    assert "准格尔旗 (Banner)" in result.output
    assert "kg search 准格" in result.output


def test_kg_describe_unknown_exits_2(run):
    result = run("describe", "火星旗")
    assert result.exit_code == 2
    assert result.output == "Error: no entity is called '火星旗'\n  look for it with: kg search TEXT\n"


def test_kg_neighbors_table(run):
    result = run("neighbors", "磷酸铁锂", "--depth", "2")
    assert result.exit_code == 0
    assert result.output.splitlines()[0].split() == ["depth", "subject", "relation", "object"]
    assert "乌审旗" in result.output


def test_kg_path_prints_the_chain(run):
    result = run("path", "磷酸铁锂", "鄂尔多斯市")
    assert result.exit_code == 0
    line = result.output.splitlines()[0]
    assert line.startswith("磷酸铁锂 ←produces— ") and line.endswith("鄂尔多斯市")


@pytest.mark.parametrize("command", ["queries", "search", "describe", "neighbors", "path"])
def test_each_command_has_help_with_an_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and f"kg {command}" in result.output
