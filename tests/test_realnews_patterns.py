"""Patterns that real Ordos news pages use and articles written for the project did not (issue 10):
each pinned with a short sentence of our own that shows the pattern."""

from __future__ import annotations

import pytest

from kg import extract


def read(tmp_path, text: str):
    (tmp_path / "a.txt").write_text(text + "\n", encoding="utf-8")
    ex = extract([tmp_path / "a.txt"])
    label = {e.id: e.label for e in ex.entities}
    rels = set()
    for r in ex.relations:
        if isinstance(r.object, str):
            obj = label.get(r.object)
        else:
            obj = (r.object["value"], r.object["unit"]) if "value" in r.object else tuple(sorted(r.object.items()))
        rels.add((label[r.subject], r.predicate, obj))
    return {(e.label, e.type) for e in ex.entities}, rels


@pytest.mark.parametrize("text, yuan", [
    ("项目总投资12亿", 1_200_000_000),  # 元 left out after 亿
    ("总投资3500万", 35_000_000),
    ("投资8.6亿元的某某项目", 860_000_000),  # the amount before the project's name
    ("投资约2亿元建设的某某项目", 200_000_000),
    ("该项目计划投资约1.5亿元", 150_000_000),  # what a project plans to invest
    ("这个基地预计投资达6亿元", 600_000_000),
])
def test_investments_in_the_forms_real_news_uses(text, yuan):
    from kg.extraction.quantities import total_investments

    assert [v for v, _, _ in total_investments(text)] == [yuan]


@pytest.mark.parametrize("text", [
    "今年计划投资30亿元的项目有12个",  # an annual plan
    "年度投资20亿元",
    "一期投资15亿元的部分",  # a phase
    "总投资300万千瓦",  # not money at all
    "总投资2亿美元",
])
def test_plans_phases_and_other_units_are_not_totals(text):
    from kg.extraction.quantities import total_investments

    assert total_investments(text) == []


def test_an_amount_before_a_project_in_a_list_belongs_to_that_project(tmp_path):
    _, rels = read(tmp_path, "园区今年推进两个项目：星河化工年产6万吨己二酸项目已投产，投资9亿元的蓝岭新材料年产3万吨碳纤维项目正在建设。")
    money = {(s, o) for s, p, o in rels if p == "investment"}
    assert money == {("蓝岭新材料年产3万吨碳纤维项目", (900_000_000, "CNY"))}


def test_a_project_named_by_several_outputs_is_one_name(tmp_path):
    entities, rels = read(tmp_path, "内蒙古青禾化工有限公司10万吨丙烯、5万吨聚丙烯联产项目总投资16亿元。")
    project = "10万吨丙烯、5万吨聚丙烯联产项目"
    assert (project, "Project") in entities
    assert ("5万吨聚丙烯联产项目", "Project") not in entities
    assert {(project, "operatedBy", "内蒙古青禾化工有限公司"), (project, "produces", "丙烯"),
            (project, "produces", "聚丙烯"), (project, "investment", (1_600_000_000, "CNY")),
            (project, "capacity", (100_000, "t/a")), (project, "capacity", (50_000, "t/a"))} <= rels
    assert not any(label.endswith("联产") for label, t in entities if t == "Product")


def test_projects_of_a_report_on_one_banner_lie_in_that_banner(tmp_path):
    _, rels = read(tmp_path, "今年，杭锦旗实施重点项目20个。\n绿源生物年产2万吨乳酸项目进入设备安装阶段。\n"
                             "位于独贵塔拉工业园区的某某光伏组件项目已经投产。")
    assert ("绿源生物年产2万吨乳酸项目", "locatedIn", "杭锦旗") in rels
    # a project placed by the text itself keeps that place only
    assert not any(s.endswith("光伏组件项目") and o == "杭锦旗" for s, p, o in rels if p == "locatedIn")


def test_projects_of_a_report_on_several_banners_are_not_placed_by_guess(tmp_path):
    _, rels = read(tmp_path, "今年，杭锦旗和乌审旗实施重点项目20个。\n绿源生物年产2万吨乳酸项目进入设备安装阶段。")
    assert not any(p == "locatedIn" and s.endswith("乳酸项目") for s, p, o in rels)


def test_outputs_listed_by_tonnage_are_what_the_plant_makes(tmp_path):
    entities, rels = read(tmp_path, "青禾化工年产40万吨树脂项目（一期建设20万吨聚氯乙烯、15万吨烧碱、2×300吨石灰窑）总投资12亿元。")
    made = {o for s, p, o in rels if p == "produces" and s == "青禾化工年产40万吨树脂项目"}
    assert {"聚氯乙烯", "烧碱"} <= made
    assert ("石灰窑", "Product") not in entities  # a kiln is equipment, not an output


def test_a_single_tonnage_is_no_list_of_outputs(tmp_path):
    entities, _ = read(tmp_path, "园区去年消纳煤矸石300万吨，同比增长一成。")
    assert not any(t == "Product" for _, t in entities)


def test_two_names_joined_by_ji_are_two_projects(tmp_path):
    entities, _ = read(tmp_path, "青山光伏治沙示范工程暨白泉储能电站项目开工仪式在园区举行。")
    projects = {label for label, t in entities if t == "Project"}
    assert not any("暨" in label for label in projects)


def test_organisations_listed_before_dengjigou_are_organisations(tmp_path):
    entities, _ = read(tmp_path, "产业园与云岭科技、北辰检测、TUV莱茵等机构联合制定零碳标准。")
    assert {("云岭科技", "Company"), ("北辰检测", "Company")} <= entities


@pytest.mark.parametrize("text, yuan", [
    ("该项目核准投资86亿元", 8_600_000_000),
    ("批复投资12.5亿元", 1_250_000_000),
])
def test_an_approved_investment_is_the_total(text, yuan):
    from kg.extraction.quantities import total_investments

    assert [v for v, _, _ in total_investments(text)] == [yuan]


def test_a_verb_before_a_project_name_is_not_part_of_it(tmp_path):
    entities, _ = read(tmp_path, "华晟能源负责投建300兆瓦/1200兆瓦时独立储能项目，总投资11亿元。")
    projects = {label for label, t in entities if t == "Project"}
    assert "300兆瓦/1200兆瓦时独立储能项目" in projects


def test_party_and_government_bodies_by_their_standard_names(tmp_path):
    entities, _ = read(tmp_path, "旗委副书记王建国和旗人大常委会主任周平表示，市委组织部、自治区发改委、国家能源局和"
                                 "杭锦旗行政审批政务服务与数据管理局负责人参加。")
    agencies = {label for label, t in entities if t == "GovernmentAgency"}
    assert {"旗委", "旗人大常委会", "市委组织部", "自治区发改委", "国家能源局", "杭锦旗行政审批政务服务与数据管理局"} <= agencies
    assert ("王建国", "Person") in entities  # 和 joins the two people, it is no part of a name


def test_a_word_ending_in_a_level_is_no_body(tmp_path):
    entities, _ = read(tmp_path, "全市委员会议召开，代表们讨论了发展规划。")
    assert not any(t == "GovernmentAgency" for _, t in entities)


def test_every_builder_listed_after_you_operates_the_project(tmp_path):
    _, rels = read(tmp_path, "青岭光伏治沙项目位于杭锦旗。该项目由北辰能源有限公司、华宇电力集团有限公司和东方绿能科技有限公司共同投资建设。")
    builders = {o for s, p, o in rels if p == "operatedBy" and s == "青岭光伏治沙项目"}
    assert builders == {"北辰能源有限公司", "华宇电力集团有限公司", "东方绿能科技有限公司"}


@pytest.mark.parametrize("verb", ["负责投建", "投建", "合资建设"])
def test_the_ways_news_says_who_builds(tmp_path, verb):
    _, rels = read(tmp_path, f"白泉储能有限公司{verb}的300兆瓦/1200兆瓦时独立储能项目总投资11亿元。")
    assert ("300兆瓦/1200兆瓦时独立储能项目", "operatedBy", "白泉储能有限公司") in rels


def test_a_phase_takes_the_name_written_before_it(tmp_path):
    entities, _ = read(tmp_path, "鄂尔多斯零碳产业园一期项目已经投产，二期正在建设。")
    assert ("鄂尔多斯零碳产业园一期项目", "Project") in entities and ("一期项目", "Project") not in entities


def test_a_verb_of_seeking_is_no_part_of_a_project_name(tmp_path):
    entities, _ = read(tmp_path, "园区将争取青禾云计算二期30万台主机项目年内落地。")
    assert ("青禾云计算二期30万台主机项目", "Project") in entities


def test_a_plan_lists_projects_without_the_word_project(tmp_path):
    """推进A、B等项目建设: each item is a project, and the short name it begins with is who runs it."""
    ents, rels = read(tmp_path, "今年，达拉特旗将推进华泰60万吨甲醇、金泰20万吨电解铝等项目建设。")
    assert {("华泰60万吨甲醇", "Project"), ("金泰20万吨电解铝", "Project"), ("华泰", "Company")} <= ents
    assert ("华泰60万吨甲醇", "operatedBy", "华泰") in rels
    assert ("金泰20万吨电解铝", "operatedBy", "金泰") in rels


def test_kinds_of_project_in_a_list_are_no_projects(tmp_path):
    ents, _ = read(tmp_path, "全旗加快推进煤化工、新能源等项目建设。")
    assert not {label for label, typ in ents if typ == "Project"}


def test_a_short_company_name_before_a_project_runs_it(tmp_path):
    ents, rels = read(tmp_path, "宏达烯烃项目去年在乌审旗建成投产。")
    assert ("宏达烯烃项目", "operatedBy", "宏达") in rels


def test_a_place_or_a_numbered_mine_is_no_owner(tmp_path):
    ents, rels = read(tmp_path, "红岭一号煤矿和哈达图嘎查养殖基地今年在鄂托克旗投产。")
    assert not {label for label, typ in ents if typ == "Company"}


def test_output_units_stay_inside_a_plant_name(tmp_path):
    ents, _ = read(tmp_path, "杭锦旗新建年产3000万只口罩生产线。")
    assert ("年产3000万只口罩生产线", "Project") in ents


@pytest.mark.parametrize("name", ["伊克昭沙棘加工基地", "锡尼镇肉牛养殖繁育基地", "博安电池厂房"])
def test_works_named_by_what_they_hold(tmp_path, name):
    ents, _ = read(tmp_path, f"杭锦旗{name}今年建成，总投资3亿元。")
    assert any(label.endswith(name) and typ == "Project" for label, typ in ents)


def test_the_beginning_of_a_place_is_no_owner(tmp_path):
    """库布 of 库布其沙漠, cut off by the tagger before a project name, is no company."""
    ents, _ = read(tmp_path, "库布其沙漠腹地的项目很多。库布其光伏治沙项目今年并网。")
    assert ("库布", "Company") not in ents
