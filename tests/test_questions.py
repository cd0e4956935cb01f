"""Ready questions: every one runs on the seeds' graph and answers what an analyst would check."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib import resources

import pytest

from kg.errors import KGError
from kg.sparql import questions as Q
from kg.sparql.terms import solutions_to_rows

QUESTION_FILES = sorted(f.name for f in resources.files("kg").joinpath("queries").iterdir() if f.name.endswith(".rq"))

# A value for each parameter name the ready questions use, chosen so that the seeds have an answer.
SAMPLE = {
    "banner": "准格尔旗",
    "company": "中科合成油公司",
    "technology": "草酸亚铁工艺路线",
    "product": "磷酸铁锂",
    "document": "003",
    "place": "准格尔旗",
    "entity": "乌审旗",
    "subject": "年产60万吨磷酸铁锂项目",
    "sector": "hydrogen",
    "first": "年产60万吨磷酸铁锂项目",
    "second": "乌审旗",
    "project": "年产60万吨磷酸铁锂项目",
    "year": "2027",
    "stage": "建成",
    "date": "2026-06-30",
}


def rows(store, name, **params):
    return Q.rows(store, name, **params)


# ---------------------------------------------------------------- the collection


def test_there_are_at_least_28_ready_questions_with_unique_names():
    names = [q.name for q in Q.questions()]
    assert len(names) >= 28
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("filename", QUESTION_FILES)
def test_each_file_has_a_complete_header(filename):
    text = resources.files("kg").joinpath("queries", filename).read_text(encoding="utf-8")
    q = Q.parse(text, filename)
    assert q.name == filename.removesuffix(".rq")
    assert re.search(r"[\u4e00-\u9fff]", q.title_zh), "the Chinese title is Chinese"
    assert re.fullmatch(r"[A-Za-z0-9 ,'()&/-]+", q.title_en), "the English title is English"
    assert q.description and "\n" not in q.description
    for p in q.params:
        assert p.description, f"parameter {p.name} says what it is"
        assert re.search(r"\?" + p.name + r"\b", q.sparql.split("\nSELECT", 1)[-1]), f"?{p.name} is used"


@pytest.mark.parametrize("filename", QUESTION_FILES)
def test_each_question_answers_on_the_seeds(store, filename):
    q = Q.load(filename.removesuffix(".rq"))
    params = {p.name: SAMPLE[p.name] for p in q.params if p.required}
    answer = rows(store, q, **params)
    assert answer, f"{q.name} {params} gave no rows"


@pytest.fixture(scope="module")
def remote_store(seed_extraction):
    """The seeds on the SPARQL server named by $KG_TEST_REMOTE (CI starts one), or a skip."""
    remote = os.environ.get("KG_TEST_REMOTE")
    if not remote:
        pytest.skip("KG_TEST_REMOTE is not set (see tests/test_remote.py)")
    from kg import KnowledgeGraph
    from kg.graph import extraction_quads

    graph = KnowledgeGraph(remote)
    graph.store.replace(extraction_quads(seed_extraction))
    return graph.store


@pytest.mark.parametrize("filename", QUESTION_FILES)
def test_each_question_answers_the_same_on_a_remote_store(store, remote_store, filename):
    q = Q.load(filename.removesuffix(".rq"))
    params = {p.name: SAMPLE[p.name] for p in q.params if p.required}

    def key(r):
        return json.dumps(r, ensure_ascii=False, sort_keys=True)

    assert sorted(rows(remote_store, q, **params), key=key) == sorted(rows(store, q, **params), key=key)


# ---------------------------------------------------------------- answers a user would check


def test_projects_in_wushen_include_the_lithium_iron_phosphate_plant(store):
    answer = {r["project"]: r for r in rows(store, "projects-in-banner", banner="乌审旗")}
    lfp = next(r for name, r in answer.items() if "磷酸铁锂" in name)
    assert lfp["investment"] == 1500000000
    assert "600000 t/a" in lfp["capacity"]


def test_projects_in_a_banner_include_those_in_its_parks_and_towns(store):
    answer = {r["project"]: r for r in rows(store, "projects-in-banner", banner="准格尔旗")}
    power = next(r for name, r in answer.items() if name.startswith("准大二厂"))
    assert power["located_in"] == "大路产业园"  # a park inside a development zone inside the banner
    assert power["investment"] == 7865000000
    assert any(r["located_in"] == "准格尔召镇" for r in answer.values())


@pytest.mark.parametrize("name", ["鄂托克旗", "鄂旗", "Etuoke", "etuokeqi", "Otog Banner", "鄂托克"])
def test_a_banner_can_be_named_as_a_person_types_it(store, name):
    answer = rows(store, "projects-in-banner", banner=name)
    assert any("绿氨" in r["project"] and r["investment"] == 3900000000 for r in answer)


def test_investment_per_banner_sums_the_stated_totals(store):
    answer = {r["banner"]: r for r in rows(store, "investment-by-banner")}
    assert answer["乌审旗"]["total_investment"] == 1500000000
    assert answer["准格尔旗"]["total_investment"] >= 7865000000
    assert answer["鄂托克旗"]["total_yi"] == 39


def test_investment_per_sector_lists_the_six_sectors(store):
    answer = {r["sector"]: r for r in rows(store, "investment-by-sector")}
    assert set(answer) == {"hydrogen", "photovoltaics", "coal-chemicals", "new-materials", "agriculture", "ecology"}
    assert answer["hydrogen"]["total_investment"] >= 3900000000
    assert answer["new-materials"]["total_investment"] >= 1500000000
    assert answer["ecology"]["projects"] >= 1


def test_a_sector_can_be_named_in_english_or_chinese(store):
    english = rows(store, "projects-in-sector", sector="hydrogen")
    assert english == rows(store, "projects-in-sector", sector="氢能")
    assert any("制氢" in r["project"] for r in english)


def test_the_administrative_tree_runs_from_region_to_village(store):
    answer = rows(store, "admin-tree")
    assert {"region": "内蒙古自治区", "city": "鄂尔多斯市", "banner": "杭锦旗", "town": "锡尼镇",
            "village": "乌兰敖包村"} in answer
    assert all(r["city"] != "鄂尔多斯市" or r["region"] == "内蒙古自治区" for r in answer)


def test_where_is_climbs_from_the_nearest_place(store):
    assert [r["place"] for r in rows(store, "where-is", entity="乌审旗")] == ["鄂尔多斯市", "内蒙古自治区"]


def test_the_evidence_for_a_fact_is_the_sentence_that_states_it(store):
    answer = rows(store, "fact-evidence", subject="年产60万吨磷酸铁锂项目", predicate="investment")
    assert answer and all(r["relation"] == "investment" for r in answer)
    assert "总投资15亿元" in answer[0]["evidence"]
    assert answer[0]["document"] == "003_91b04151e7e4191c"
    assert answer[0]["title"].startswith("鄂旗")


def test_a_relation_can_be_named_in_chinese(store):
    answer = rows(store, "fact-evidence", subject="年产60万吨磷酸铁锂项目", predicate="位于", object="乌审旗")
    assert [r["value"] for r in answer] == ["乌审旗"]


def test_what_one_article_says(store):
    answer = rows(store, "article-facts", document="003")
    assert {"subject", "relation", "object", "evidence"} <= set(answer[0])
    assert any(r["relation"] == "investment" and r["object"] == "3900000000" for r in answer)
    assert answer == rows(store, "article-facts", document="003_91b04151e7e4191c")
    assert answer == rows(store, "article-facts", document="向新向绿向智")


def test_entities_several_articles_mention(store):
    answer = rows(store, "widely-mentioned")
    assert answer[0] == {"entity": "鄂尔多斯市", "type": "City", "articles": 5}
    assert all(r["articles"] >= 2 for r in answer)
    assert all(r["articles"] == 5 for r in rows(store, "widely-mentioned", min_articles=5))


def test_research_institutions_working_with_companies(store):
    pairs = {(r["institution"], r["company"]) for r in rows(store, "research-company-links")}
    assert ("清华大学", "内蒙古久泰集团") in pairs
    assert ("内蒙古大学", "中科合成油公司") in pairs


def test_everything_a_company_is_involved_in(store):
    answer = rows(store, "organization-involvement", company="中科合成油公司")
    assert {(r["relation"], r["other"]) for r in answer} >= {("collaboratesWith", "内蒙古大学"),
                                                            ("collaboratesWith", "北京石油化工学院")}
    assert all(r["evidence"] for r in answer)


def test_where_a_product_is_made(store):
    answer = rows(store, "product-makers", product="磷酸铁锂")
    assert any("乌审旗" in (r["where"] or "") and r["relation"] == "produces" for r in answer)


def test_largest_investments_come_first(store):
    answer = rows(store, "largest-investments")
    amounts = [r["investment"] for r in answer]
    assert amounts == sorted(amounts, reverse=True)
    assert amounts[0] == 7865000000 and answer[0]["yi"] == 78.65


def test_capacities_are_grouped_by_unit(store):
    units = {r["unit"]: r for r in rows(store, "capacities-by-unit")}
    assert units["t/a"]["total"] == 600000
    assert units["GW"]["projects"] >= 1


def test_projects_without_an_operator_have_none(store):
    without = {r["project"] for r in rows(store, "projects-without-operator")}
    operated = {r["project"] for r in rows(store, "projects") if r["operator"]}
    assert without and not (without & operated)


# ---------------------------------------------------------------- bad input


def test_an_unknown_question_lists_the_near_ones():
    with pytest.raises(Q.UnknownQuestionError) as e:
        Q.load("projects-in-bannr")
    assert "projects-in-banner" in str(e.value)
    assert e.value.exit_code == 2


def test_a_missing_parameter_is_named(store):
    with pytest.raises(Q.ParameterError, match="needs the parameter banner"):
        Q.run(store, "projects-in-banner")


def test_an_unknown_parameter_is_named(store):
    with pytest.raises(Q.ParameterError, match="has no parameter 'bannr' .did you mean banner"):
        Q.run(store, "projects-in-banner", bannr="乌审旗")


def test_a_name_that_matches_nothing_says_so(store):
    with pytest.raises(KGError, match="no entity .*'火星旗'"):
        Q.run(store, "projects-in-banner", banner="火星旗")


def test_values_are_bound_never_pasted(store):
    # Quotes and braces in a value stay inside one literal: no syntax error, no second statement.
    hostile = 'x" } } ; DROP ALL ; SELECT * { ?s ?p ?o'
    sparql, bindings = Q.prepare(store, None, "SELECT ?t WHERE { BIND(STR(?t) AS ?u) }", [f"t={hostile}"])
    assert [r["t"] for r in solutions_to_rows(store.query(sparql, bindings))] == [hostile]
    with pytest.raises(KGError, match="no entity"):
        Q.run(store, "projects-in-banner", banner=hostile)


def test_choices_and_numbers_are_checked(store):
    with pytest.raises(Q.ParameterError, match="did you mean hydrogen"):
        Q.run(store, "projects-in-sector", sector="hydrgen")
    with pytest.raises(Q.ParameterError, match="whole number"):
        Q.run(store, "widely-mentioned", min_articles="two")


def test_the_header_format_is_read():
    q = Q.parse("""# name: demo
# title-zh: 演示
# title-en: Demo
# description: One line.
# param: banner — a banner [Banner]
# param: n — how many [integer, default 3]
# param: rel — a relation [property, optional]
# param: kind — one of two [choice: a|b]
SELECT ?x WHERE { ?x okg:locatedIn ?banner }""")
    kinds = {p.name: (p.kind, p.default, p.required, p.choices) for p in q.params}
    assert kinds == {"banner": ("Banner", None, True, []), "n": ("integer", "3", False, []),
                     "rel": ("property", None, False, []), "kind": ("choice", None, True, ["a", "b"])}
    assert q.params[0].description == "a banner"


# ---------------------------------------------------------------- the command line


def test_kg_queries_lists_names_and_both_titles(run):
    result = run("queries")
    assert result.exit_code == 0
    assert re.search(r"projects-in-banner\s+旗区内的项目\s+Projects in a banner\s+banner", result.output)
    assert result.output.rstrip().endswith(f"({len(QUESTION_FILES)} rows)")


def test_kg_queries_as_json(run):
    data = json.loads(run("queries", "--format", "json").output)
    assert {"name", "title_zh", "title_en", "description", "params"} <= set(data[0])
    assert len(data) == len(QUESTION_FILES)


def test_kg_queries_name_shows_parameters_and_sparql(run):
    result = run("queries", "fact-evidence")
    assert result.exit_code == 0
    assert "predicate (property; optional)" in result.output
    assert "Run it: kg query --name fact-evidence --param subject=..." in result.output
    assert "SELECT" in result.output


def test_kg_query_by_name_with_a_parameter(run):
    result = run("query", "--name", "projects-in-banner", "--param", "banner=乌审旗")
    assert result.exit_code == 0, result.output
    assert "年产60万吨磷酸铁锂项目" in result.output and "1500000000" in result.output


@pytest.mark.parametrize("fmt, check", [
    ("csv", lambda out: out.splitlines()[0] == "banner,projects,with_investment,total_investment,total_yi"),
    ("json", lambda out: json.loads(out)["head"]["vars"][0] == "banner"),
    ("xml", lambda out: "<sparql" in out and "乌审旗" in out),
])
def test_kg_query_by_name_in_each_format(run, fmt, check):
    result = run("query", "--name", "investment-by-banner", "--format", fmt)
    assert result.exit_code == 0
    assert check(result.output)


def test_kg_query_unknown_name_exits_2_with_near_matches(run):
    result = run("query", "--name", "projects-in-bannr")
    assert result.exit_code == 2
    assert result.output.startswith("Error: no ready question is called 'projects-in-bannr'; did you mean: "
                                    "projects-in-banner")


def test_kg_query_missing_parameter_exits_2_naming_it(run):
    result = run("query", "--name", "projects-in-banner")
    assert result.exit_code == 2
    assert result.output.startswith("Error: projects-in-banner needs the parameter banner")
    assert "--param banner=..." in result.output


def test_kg_query_param_without_equals_is_explained(run):
    result = run("query", "--name", "projects-in-banner", "--param", "乌审旗")
    assert result.exit_code == 2
    assert "write NAME=VALUE" in result.output


def test_kg_query_name_and_text_together_is_a_usage_error(run):
    result = run("query", "SELECT * WHERE { ?s ?p ?o }", "--name", "projects")
    assert result.exit_code == 2
    assert "only one" in result.output


def test_kg_query_own_query_with_a_declared_parameter(run, tmp_path):
    f = tmp_path / "mine.rq"
    f.write_text("# param: banner — a banner [Banner]\n"
                 "SELECT ?town WHERE { ?t a okg:Town ; okg:locatedIn ?banner ; rdfs:label ?town FILTER(LANG(?town) = 'zh') }\n",
                 encoding="utf-8")
    result = run("query", "-f", f, "--param", "banner=Hanggin")
    assert result.exit_code == 0, result.output
    assert "锡尼镇" in result.output


def test_kg_query_by_name_as_a_real_command(seed_graph):
    done = subprocess.run([sys.executable, "-m", "kg", "--store", seed_graph.location, "query", "--name",
                           "where-is", "--param", "entity=wushen", "--format", "tsv"],
                          check=False, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["place\ttype", "鄂尔多斯市\tCity", "内蒙古自治区\tRegion"]
