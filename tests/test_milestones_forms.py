"""Milestones in the forms real news states them (issue 14's error analysis on the real-news dev set).

Each case is a short article written for this test (never copied from an article), published
2025-07-10, and the milestones `kg extract` must find in it: (project, stage, date, planned)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main

CASES = [
    # the project named in an earlier clause, the stage in a clause of its own (a place, a date)
    ("clause-after-name",
     "乌审旗年产6万吨乙二醇项目总投资12亿元，于2024年3月在苏里格经济开发区开工建设。",
     {("乌审旗年产6万吨乙二醇项目", "ConstructionStarted", "2024-03", False)}),
    ("within-the-year",
     "杭锦旗年产2万吨绿氨项目正在加快建设，预计年内建成投产。",
     {("杭锦旗年产2万吨绿氨项目", "Completed", "2025", True), ("杭锦旗年产2万吨绿氨项目", "InOperation", "2025", True)}),
    ("year-end-grid",
     "达拉特旗50万千瓦风电项目计划今年底实现全容量并网。",
     {("达拉特旗50万千瓦风电项目", "GridConnected", "2025", True)}),
    ("trial-run",
     "鄂托克旗年产10万吨可降解材料项目目前已进入试车阶段。",
     {("鄂托克旗年产10万吨可降解材料项目", "InOperation", "2025-07-10", False)}),
    ("built-and-run",
     "争取准格尔旗大数据中心二期项目年底建成运营。",
     {("准格尔旗大数据中心二期项目", "Completed", "2025", True), ("准格尔旗大数据中心二期项目", "InOperation", "2025", True)}),
    ("inaugurated",
     "康巴什区青少年科技馆项目于6月顺利落成。",
     {("康巴什区青少年科技馆项目", "Completed", "2025-06", False)}),
    ("countdown",
     "达拉特旗年产5万吨负极材料项目进入投产倒计时。",
     {("达拉特旗年产5万吨负极材料项目", "InOperation", None, True)}),
    ("construction-of-x-starts",
     "2024年，鄂托克前旗启动上海庙镇智慧园区项目建设。",
     {("上海庙镇智慧园区项目", "ConstructionStarted", "2024", False)}),
    ("filed-with-an-authority",
     "2024年6月，乌审旗风光制氢一体化项目在旗能源局备案。",
     {("乌审旗风光制氢一体化项目", "Approved", "2024-06", False)}),
    # a month without its year, told as done, in a page of an earlier month: last year's
    ("done-last-year",
     "8月20日上午，准格尔旗年产3万吨碳纤维项目在大路工业园区开工建设。",
     {("准格尔旗年产3万吨碳纤维项目", "ConstructionStarted", "2024-08-20", False)}),
    ("planned-this-year",
     "准格尔旗年产3万吨碳纤维项目计划8月20日开工建设。",
     {("准格尔旗年产3万吨碳纤维项目", "ConstructionStarted", "2025-08-20", True)}),
    # lists of named projects sharing one stage
    ("named-list",
     "杭锦旗光伏制氢项目、鄂托克旗储能电站项目和乌审旗绿氨项目均已于今年5月开工。",
     {("杭锦旗光伏制氢项目", "ConstructionStarted", "2025-05", False),
      ("鄂托克旗储能电站项目", "ConstructionStarted", "2025-05", False),
      ("乌审旗绿氨项目", "ConstructionStarted", "2025-05", False)}),
    ("counted-list",
     "对达拉特旗光伏治沙项目、杭锦旗风电项目等2个项目验收后，标志着2个项目同步并网发电。",
     {("达拉特旗光伏治沙项目", "GridConnected", None, False), ("杭锦旗风电项目", "GridConnected", None, False)}),
    ("described-list",
     "即将并网发电的达拉特旗光伏治沙项目、杭锦旗风电项目，总装机200万千瓦。",
     {("达拉特旗光伏治沙项目", "GridConnected", None, True), ("杭锦旗风电项目", "GridConnected", None, True)}),
    ("said-by-its-manager",
     "准格尔旗煤基新材料项目负责人介绍：“项目整体预计在10月底全部完工。”",
     {("准格尔旗煤基新材料项目", "Completed", "2025-10", True)}),
    # not milestones
    ("money-spent", "准格尔旗年产3万吨碳纤维项目已完成投资8亿元。", set()),
    ("a-wish", "要全力确保杭锦旗年产2万吨绿氨项目如期投产。", set()),
    ("a-description", "乌审旗光伏治沙项目是全国首个正式投入运营的沙漠光伏基地。", set()),
    ("a-kind-of-grid-access", "杭锦旗风储一体化项目是2023年度保障性并网项目。", set()),
    ("a-count", "伊金霍洛旗重点项目建设加快，已建成投产项目4个。", set()),
    ("all-at-once", "6月2日，达拉特旗重点项目集中开工。", set()),
    ("named-at-once",
     "6月2日，达拉特旗光伏治沙项目和杭锦旗风电项目集中开工。",
     {("达拉特旗光伏治沙项目", "ConstructionStarted", "2025-06-02", False),
      ("杭锦旗风电项目", "ConstructionStarted", "2025-06-02", False)}),
    ("trial-production",
     "12月11日，乌审旗年产30万吨合成氨项目投料试产。",
     {("乌审旗年产30万吨合成氨项目", "InOperation", "2024-12-11", False)}),
    ("an-unlisted-count", "伊金霍洛旗6个新建项目、9个续建项目同时开复工。", set()),
    ("single-machine-test", "鄂托克旗年产10万吨可降解材料项目已完成单机试车。", set()),
    ("a-condition", "乌审旗年产20万吨甲醇项目需取得环评批复后方可开工建设。", set()),
    ("a-part", "达拉特旗光伏治沙项目2#地块10万千瓦已于5月并网发电。", set()),
    ("a-chronicle",
     "从2023年5月获批，到2024年4月联合试运转，再到2024年底正式投产，乌审旗陶尔庙煤矿项目只用了一年多。",
     {("乌审旗陶尔庙煤矿项目", "Approved", "2023-05", False), ("乌审旗陶尔庙煤矿项目", "InOperation", "2024-04", False),
      ("乌审旗陶尔庙煤矿项目", "InOperation", "2024", False)}),
    ("at-the-ceremony",
     "鄂托克旗年产10万吨可降解材料项目签约。签约仪式上，旗政府与某设计院签署战略合作协议。",
     {("鄂托克旗年产10万吨可降解材料项目", "Signed", None, False)}),
]

ARTICLES = [
    # 该项目 / 项目 / a clause with no subject: the project of the sentences before
    ("this-project",
     "伊金霍洛旗年产5GW光伏组件项目位于蒙苏经济开发区。该项目于去年10月开工，计划明年6月投产。",
     {("伊金霍洛旗年产5GW光伏组件项目", "ConstructionStarted", "2024-10", False),
      ("伊金霍洛旗年产5GW光伏组件项目", "InOperation", "2026-06", True)}),
    ("no-subject",
     "乌审旗年产20万吨甲醇项目总投资30亿元。计划2026年5月开工，建设周期18个月。",
     {("乌审旗年产20万吨甲醇项目", "ConstructionStarted", "2026-05", True)}),
    ("permits",
     "鄂托克前旗长城八号煤矿项目位于上海庙镇。目前，已取得环评、核准、取水许可等手续。",
     {("鄂托克前旗长城八号煤矿项目", "Approved", "2025-07-10", False)}),
    ("these-projects",
     "达拉特旗光伏治沙项目、杭锦旗风电项目和准格尔旗储能项目由同一企业投资。这3个项目均于今年4月开工。",
     {("达拉特旗光伏治沙项目", "ConstructionStarted", "2025-04", False),
      ("杭锦旗风电项目", "ConstructionStarted", "2025-04", False),
      ("准格尔旗储能项目", "ConstructionStarted", "2025-04", False)}),
    ("named-later-is-not-before",
     "一年之计在于春，项目建设正当时，全旗重点项目集中开工。乌审旗年产20万吨甲醇项目总投资30亿元。",
     set()),
]


def _milestones(tmp_path, text):
    (tmp_path / "a.txt").write_text(f"项目进展\n发布时间：2025-07-10 10:00\n{text}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "a.txt"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    labels = {e["id"]: e["label"] for e in data["entities"]}
    return {(labels[r["subject"]], r["object"]["stage"], r["object"]["date"], r["object"]["planned"])
            for r in data["relations"] if r["predicate"] == "milestone"}


@pytest.mark.parametrize("text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_one_sentence(tmp_path, text, expected):
    assert _milestones(tmp_path, text) == expected


@pytest.mark.parametrize("text, expected", [c[1:] for c in ARTICLES], ids=[c[0] for c in ARTICLES])
def test_sentences_that_refer_back(tmp_path, text, expected):
    assert _milestones(tmp_path, text) == expected
