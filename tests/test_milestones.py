"""Milestones (SPEC.md, "Milestones"): dated project stages, from text to SPARQL.

Example sentences here are written for these tests, not taken from any article."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.dates import find_dates, parse_date, published_date

# ---------------------------------------------------------------- time expressions


@pytest.mark.parametrize("text, base, value", [
    ("2027年1月", None, "2027-01"),
    ("2024年5月12日", None, "2024-05-12"),
    ("二〇二六年", None, "2026"),
    ("二〇二四年三月十五日", None, "2024-03-15"),
    ("2026年上半年", None, "2026"),
    ("2027年一季度", None, "2027"),
    ("2025年底", None, "2025"),
    ("3月中旬", "2026-03-05", "2026-03"),
    ("今年4月底", "2026-03-05", "2026-04"),
    ("今年4月底", None, None),
    ("去年", "2026-03-05", "2025"),
    ("明年6月", "2026-03-05", "2027-06"),
    ("上月", "2026-01-20", "2025-12"),
    ("目前", "2026-03-05", "2026-03-05"),
    ("目前", None, None),
    ("年内", "2026-03-05", "2026"),
    ("2月30日", "2026-03-05", None),
])
def test_a_time_expression_keeps_the_precision_the_text_gives(text, base, value):
    assert parse_date(text, base=base) == value


def test_same_year_refers_to_the_date_stated_before():
    assert [w.value for w in find_dates("同年12月投产", context="2024-07")] == ["2024-12"]
    assert [w.value for w in find_dates("同年12月投产")] == [None]


def test_no_date_inside_other_numbers():
    assert find_dates("年产60万吨，每年底检修") == []


@pytest.mark.parametrize("lines, day", [
    (["某旗新闻", "发布时间：2025-11-03 08:15", "正文"], "2025-11-03"),
    (["2024-05-12 10:30 来源：某某日报"], "2024-05-12"),
    (["标题", "2023年9月1日", "正文……"], "2023-09-01"),
    (["发布时间：2025-02-30"], None),
    (["项目于2025年3月开工。"], None),
])
def test_the_date_a_page_is_published(lines, day):
    assert published_date(lines) == day


# ---------------------------------------------------------------- from text

ARTICLE = """某旗项目建设提速
发布时间：2026-03-05 09:30
达拉特旗年产5万吨绿氢项目已于2025年10月建成投产，目前运行平稳，预计明年达产。
乌审旗零碳产业园储能电站项目上月获得核准，拟于2027年一季度开工。
准格尔旗煤制烯烃升级改造项目投产后，年产值将超过百亿元。
"""

UNDATED = """某地项目进展
伊金霍洛旗年产10万吨负极材料项目今年3月开工，预计年内建成。
"""


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("milestone-articles")
    (folder / "dated.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "undated.txt").write_text(UNDATED, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _milestones(data, doc):
    labels = {e["id"]: e["label"] for e in data["entities"]}
    return {(labels[r["subject"]], r["object"]["stage"], r["object"]["date"], r["object"]["planned"])
            for r in data["relations"] if r["predicate"] == "milestone" and r["document"] == doc}


def test_stages_dates_and_plans_of_a_dated_article(articles):
    assert _milestones(articles, "dated") == {
        ("达拉特旗年产5万吨绿氢项目", "Completed", "2025-10", False),
        ("达拉特旗年产5万吨绿氢项目", "InOperation", "2025-10", False),
        ("达拉特旗年产5万吨绿氢项目", "FullCapacity", "2027", True),     # 明年, against 2026-03-05
        ("乌审旗零碳产业园储能电站项目", "Approved", "2026-02", False),  # 上月
        ("乌审旗零碳产业园储能电站项目", "ConstructionStarted", "2027", True),
    }  # and nothing for 投产后 (what follows going into operation is no milestone)


def test_a_relative_date_without_the_documents_date_keeps_its_words(articles):
    assert _milestones(articles, "undated") == {
        ("伊金霍洛旗年产10万吨负极材料项目", "ConstructionStarted", None, False),
        ("伊金霍洛旗年产10万吨负极材料项目", "Completed", None, True),
    }
    texts = {r["object"].get("date_text") for r in articles["relations"] if r["predicate"] == "milestone" and r["document"] == "undated"}
    assert texts == {"今年3月", "年内"}


def test_documents_carry_their_published_date(articles):
    assert {d["id"]: d.get("published") for d in articles["documents"]} == {"dated": "2026-03-05", "undated": None}


def test_milestone_json_is_as_spec_says(articles):
    r = next(r for r in articles["relations"] if r["predicate"] == "milestone")
    assert set(r) >= {"subject", "predicate", "object", "document", "evidence"}
    assert set(r["object"]) >= {"stage", "date", "planned"}
    assert r["evidence"].endswith("。")


def test_a_bad_published_date_in_a_manifest_is_named(tmp_path):
    (tmp_path / "a.txt").write_text(UNDATED, encoding="utf-8")
    (tmp_path / "manifest.json").write_text('{"documents": [{"file": "a.txt", "published": "2026-13-01"}]}', encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "--format", "json"])
    assert result.exit_code != 0
    assert "a.txt: published must be a date written YYYY-MM-DD" in result.output
    assert "Traceback" not in result.output


def test_a_manifests_published_date_resolves_relative_dates(tmp_path):
    (tmp_path / "a.txt").write_text(UNDATED, encoding="utf-8")
    (tmp_path / "manifest.json").write_text('{"documents": [{"file": "a.txt", "published": "2025-08-20"}]}', encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "--format", "json"])
    data = json.loads(result.output)
    assert _milestones(data, "a") == {
        ("伊金霍洛旗年产10万吨负极材料项目", "ConstructionStarted", "2025-03", False),
        ("伊金霍洛旗年产10万吨负极材料项目", "Completed", "2025", True),
    }


# ---------------------------------------------------------------- in the seeds' graph

DONE_WHEN = """
PREFIX okg: <https://w3id.org/ordos-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?stage ?date ?evidence WHERE {
  ?p a okg:Project ; rdfs:label ?label ; okg:milestone ?m .
  FILTER(STR(?label) = "年产60万吨磷酸铁锂项目")
  ?m okg:stage ?stage ; okg:date ?date ; okg:planned true .
  FILTER(?stage IN (okg:Completed, okg:InOperation))
  FILTER(DATATYPE(?date) = xsd:gYearMonth && STR(?date) = "2027-01")
  ?ev rdf:subject ?p ; rdf:predicate okg:milestone ; rdf:object ?m ; okg:evidenceText ?evidence .
}
"""


def test_the_lithium_iron_phosphate_project_is_due_in_january_2027(seed_graph):
    """Issue 14's test of done: found with SPEC's vocabulary only."""
    rows = seed_graph.rows(DONE_WHEN)
    assert {r["stage"].rsplit("#", 1)[-1] for r in rows} == {"Completed", "InOperation"}
    assert all("计划于2027年1月建成投产" in r["evidence"] for r in rows)


def test_every_seed_milestone_belongs_to_a_project_and_has_a_stage_of_the_scheme(seed_graph):
    rows = seed_graph.rows("""
        SELECT ?m ?type ?scheme WHERE { ?p okg:milestone ?m . ?p a ?type . ?m okg:stage ?s . ?s skos:inScheme ?scheme }""")
    assert rows
    assert {r["type"].rsplit("#", 1)[-1] for r in rows} == {"Project"}
    assert {r["scheme"].rsplit("#", 1)[-1] for r in rows} == {"ProjectStage"}


def test_the_stage_scheme_has_chinese_and_english_labels(seed_graph):
    rows = seed_graph.rows("""
        SELECT ?s (SAMPLE(?zh) AS ?z) (SAMPLE(?en) AS ?e) WHERE {
          ?s skos:inScheme okg:ProjectStage ; skos:prefLabel ?zh , ?en .
          FILTER(LANG(?zh) = "zh" && LANG(?en) = "en") } GROUP BY ?s""")
    assert len(rows) == 7
    assert all(r["z"] and r["e"] for r in rows)


def test_a_milestone_with_a_bad_date_breaks_the_shapes():
    from kg.store.validate import validate_ntriples

    okg = "https://w3id.org/ordos-kg/ontology#"
    res = "https://w3id.org/ordos-kg/resource/"
    xsd = "http://www.w3.org/2001/XMLSchema#"
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

    def graph(date):
        return "\n".join([
            f'<{res}Project/p> <{rdf}> <{okg}Project> .',
            f'<{res}Project/p> <http://www.w3.org/2000/01/rdf-schema#label> "某项目"@zh .',
            f'<{res}Project/p> <{okg}milestone> <{res}milestone/1> .',
            f'<{res}milestone/1> <{rdf}> <{okg}Milestone> .',
            f'<{res}milestone/1> <{okg}stage> <{okg}Completed> .',
            f'<{res}milestone/1> <{okg}planned> "true"^^<{xsd}boolean> .',
            f'<{res}milestone/1> <{okg}date> {date} .',
        ]).encode()

    assert validate_ntriples(graph(f'"2027-01"^^<{xsd}gYearMonth>'))[0]
    conforms, report = validate_ntriples(graph('"next January"'))
    assert not conforms and "okg:date" in report


# ---------------------------------------------------------------- ready questions


@pytest.fixture(scope="module")
def dated_graph(tmp_path_factory):
    from kg import KnowledgeGraph

    folder = tmp_path_factory.mktemp("dated")
    (folder / "dated.txt").write_text(
        "某旗项目建设提速\n发布时间：2026-03-05 09:30\n"
        "达拉特旗年产5万吨绿氢项目总投资20亿元，已于2025年10月建成投产，目前运行平稳，预计明年达产。\n"
        "乌审旗零碳产业园储能电站项目上月获得核准，拟于2027年一季度开工。\n"
        "伊金霍洛旗年产10万吨负极材料项目总投资8亿元，去年3月开工，预计今年6月建成。\n", encoding="utf-8")
    graph = KnowledgeGraph(str(tmp_path_factory.mktemp("dated-store") / "kg"))
    graph.build([folder])
    return graph


def _q(graph, name, **params):
    from kg.sparql.questions import rows

    return rows(graph.store, name, **params)


def test_milestones_of_a_project_in_time_order(dated_graph):
    rows = _q(dated_graph, "milestones", project="达拉特旗年产5万吨绿氢项目")
    assert [(r["date"], r["stage"], r["planned"]) for r in rows] == [
        ("2025-10", "Completed", False), ("2025-10", "InOperation", False), ("2027", "FullCapacity", True)]
    assert all(r["evidence"] and r["document"] == "dated" for r in rows)


def test_projects_started_in_a_year_and_investment_by_start_year(dated_graph):
    started = _q(dated_graph, "projects-in-year", year="2025", stage="开工")
    assert [(r["project"], r["date"], r["planned"], r["investment"]) for r in started] == [
        ("伊金霍洛旗年产10万吨负极材料项目", "2025-03", False, 800000000)]
    by_year = _q(dated_graph, "investment-by-year", stage="ConstructionStarted")
    assert [(r["year"], r["projects"], r["planned"], r["investment"]) for r in by_year] == [
        ("2025", 1, 0, 800000000), ("2027", 1, 1, 0)]


def test_projects_by_stage_reached(dated_graph):
    rows = _q(dated_graph, "projects-by-stage", status="done")
    assert [(r["stage_name"], r["project"]) for r in rows] == [
        ("Approved", "乌审旗零碳产业园储能电站项目"), ("ConstructionStarted", "伊金霍洛旗年产10万吨负极材料项目"),
        ("Completed", "达拉特旗年产5万吨绿氢项目"), ("InOperation", "达拉特旗年产5万吨绿氢项目")]


@pytest.mark.parametrize("day, expected", [
    ("2025-06-30", {"达拉特旗年产5万吨绿氢项目": None, "伊金霍洛旗年产10万吨负极材料项目": "ConstructionStarted",
                    "乌审旗零碳产业园储能电站项目": None}),
    ("2026-03-01", {"达拉特旗年产5万吨绿氢项目": "InOperation", "伊金霍洛旗年产10万吨负极材料项目": "ConstructionStarted",
                    "乌审旗零碳产业园储能电站项目": "Approved"}),
])
def test_status_of_every_project_as_of_a_date_counts_what_was_done_not_planned(dated_graph, day, expected):
    rows = _q(dated_graph, "project-status", date=day)
    assert {r["project"]: r["stage"] for r in rows} == expected


def test_describe_shows_a_projects_milestones_in_order(dated_graph):
    result = CliRunner().invoke(main, ["--store", dated_graph.location, "describe", "达拉特旗年产5万吨绿氢项目"])
    assert result.exit_code == 0, result.output
    section = result.output.split("Milestones (3):\n", 1)[1].split("\n\n", 1)[0]
    lines = [ln.split() for ln in section.splitlines() if not ln.strip().startswith("“")]
    assert lines == [["2025-10", "建成", "Completed"], ["2025-10", "投产", "InOperation"],
                     ["2027", "达产", "FullCapacity", "(planned)"]]
    assert "milestone" not in result.output.split("Facts (", 1)[1]


def test_describe_json_of_the_seed_project_has_its_planned_milestones(seed_graph):
    result = CliRunner().invoke(main, ["--store", seed_graph.location, "describe", "年产60万吨磷酸铁锂项目", "--format", "json"])
    data = json.loads(result.output)
    assert [(m["date"], m["stage"], m["planned"]) for m in data["milestones"]] == [
        ("2027-01", "Completed", True), ("2027-01", "InOperation", True)]


# ---------------------------------------------------------------- one sentence at a time (published 2025-07-10)

ONE = [
    ("杭锦旗塔然高勒矿区120万千瓦风电项目于3月中旬开工，目前已完成风机基础浇筑。",
     {("杭锦旗塔然高勒矿区120万千瓦风电项目", "ConstructionStarted", "2025-03", False)}),
    ("6月28日，乌审旗图克镇50万千瓦光伏电站项目实现全容量并网。",
     {("乌审旗图克镇50万千瓦光伏电站项目", "GridConnected", "2025-06-28", False)}),
    ("鄂托克前旗上海庙年产20万吨电池级碳酸锂项目目前已进入试生产阶段。",
     {("鄂托克前旗上海庙年产20万吨电池级碳酸锂项目", "InOperation", "2025-07-10", False)}),
    ("达拉特旗年产3万吨可降解塑料项目签约仪式近日在达拉特旗举行。",
     {("达拉特旗年产3万吨可降解塑料项目", "Signed", "2025-07", False)}),
    ("准格尔旗大路工业园区煤制甲醇升级改造项目日前获得自治区发改委核准。",
     {("准格尔旗大路工业园区煤制甲醇升级改造项目", "Approved", "2025-07", False)}),
    ("今年4月，内蒙古某某新能源有限公司开工建设鄂托克旗年产5万吨绿氢项目。",
     {("鄂托克旗年产5万吨绿氢项目", "ConstructionStarted", "2025-04", False)}),
    ("达拉特旗光储一体化示范项目于2024年9月获批，同年12月开工。",
     {("达拉特旗光储一体化示范项目", "Approved", "2024-09", False),
      ("达拉特旗光储一体化示范项目", "ConstructionStarted", "2024-12", False)}),
    ("达拉特旗300万千瓦光伏治沙项目去年12月全容量并网发电，今年5月实现达产。",
     {("达拉特旗300万千瓦光伏治沙项目", "GridConnected", "2024-12", False),
      ("达拉特旗300万千瓦光伏治沙项目", "FullCapacity", "2025-05", False)}),
    ("杭锦旗年产5万吨液态阳光项目正在加紧建设，预计年底投产。",
     {("杭锦旗年产5万吨液态阳光项目", "InOperation", "2025", True)}),
    ("乌审旗纳林河年产30万吨煤制烯烃项目年底建成投用。",
     {("乌审旗纳林河年产30万吨煤制烯烃项目", "Completed", "2025", True),
      ("乌审旗纳林河年产30万吨煤制烯烃项目", "InOperation", "2025", True)}),
    ("准格尔旗100万千瓦风光制氢项目已于今年2月满负荷运行。",
     {("准格尔旗100万千瓦风光制氢项目", "FullCapacity", "2025-02", False)}),
    # no milestones: what follows a stage, a stage spoken of, a count of projects, a group
    ("乌审旗年产8万吨乙二醇项目建成后，年可实现产值20亿元。", set()),
    ("乌审旗年产8万吨乙二醇项目的建成投产，将有效带动当地就业。", set()),
    ("全旗42个重点项目全面开复工。", set()),
    ("全旗5个光伏项目均已并网发电。", set()),
    ("以该示范项目为依托，建成肉牛养殖基地3处。", set()),
]


@pytest.mark.parametrize("sentence, expected", ONE, ids=[s[:12] for s, _ in ONE])
def test_one_sentence(tmp_path, sentence, expected):
    (tmp_path / "a.txt").write_text(f"项目进展\n发布时间：2025-07-10 10:00\n{sentence}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "a.txt"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert _milestones(json.loads(result.output), "a") == expected
