"""What extraction reads from the phrasings Ordos news uses, on a small article of our own
(tests/data/phrasings) and on the seeds."""

from __future__ import annotations

import opencc
import pytest

from kg import extract

ARTICLE = "tests/data/phrasings/phrasings.txt"


def facts(ex):
    label = {e.id: e.label for e in ex.entities}
    out = set()
    for r in ex.relations:
        if r.predicate == "milestone":
            continue  # milestones are pinned in tests/test_milestones.py
        obj = label.get(r.object) if isinstance(r.object, str) else (r.object["value"], r.object["unit"])
        out.add((label[r.subject], r.predicate, obj))
    return out


@pytest.fixture(scope="module")
def article(request):
    root = request.config.rootpath
    return facts(extract([root / ARTICLE]))


@pytest.fixture(scope="module")
def traditional_article(request, tmp_path_factory):
    root = request.config.rootpath
    text = (root / ARTICLE).read_text(encoding="utf-8")
    f = tmp_path_factory.mktemp("trad") / "phrasings.txt"
    f.write_text(opencc.OpenCC("s2t.json").convert(text), encoding="utf-8")
    return facts(extract([f]))


PROJECT = "年产20万吨碳纤维原丝项目"
COMPANY = "内蒙古恒远碳材科技有限公司"

EXPECTED = [
    (PROJECT, "locatedIn", "达拉特经济开发区"),  # 位于X的Y
    (PROJECT, "operatedBy", COMPANY),  # 由X投资建设
    (PROJECT, "investment", (50_000_000, "CNY")),  # 项目总投资5000万元
    (PROJECT, "capacity", (200_000, "t/a")),  # 年产20万吨
    (PROJECT, "produces", "碳纤维原丝"),  # 年产N万吨X项目
    (COMPANY, "subsidiaryOf", "北京恒远新材料集团有限公司"),  # X是Y全资子公司
    (PROJECT, "usesTechnology", "干喷湿纺工艺"),  # 项目采用X工艺
    (COMPANY, "collaboratesWith", "内蒙古工业大学"),  # X与Y签署战略合作协议
    (COMPANY, "develops", "高强度碳纤维复合材料"),  # 双方将联合研发
    ("内蒙古工业大学", "develops", "高强度碳纤维复合材料"),
    ("年产5万吨生物柴油项目", "locatedIn", "树林召镇"),  # 在X，总投资…的Y
    ("年产5万吨生物柴油项目", "investment", (320_000_000, "CNY")),
    ("内蒙古沙源储能科技有限公司", "subsidiaryOf", "鄂尔多斯市沙源电力集团有限公司"),  # X是Y下属的…企业
    ("内蒙古沙源储能科技有限公司", "locatedIn", "东胜区"),  # 总部位于
    ("杭锦旗沙源独立储能电站", "operatedBy", "内蒙古沙源储能科技有限公司"),  # 该公司投资建设的
    ("杭锦旗沙源独立储能电站", "locatedIn", "库布其沙漠"),  # 位于杭锦旗库布其沙漠腹地
    ("杭锦旗沙源独立储能电站", "capacity", (1600, "MWh")),  # 40万千瓦/160万千瓦时
    ("杭锦旗沙源独立储能电站", "usesTechnology", "“沙盾”电池簇安全防护系统"),  # 采用X自主研发的T
    ("内蒙古大学", "develops", "“沙盾”电池簇安全防护系统"),
    ("鄂尔多斯市蒙清化工有限公司", "subsidiaryOf", "内蒙古蒙清能源集团有限公司"),  # X由Y控股
    ("年产80万吨煤制烯烃项目", "produces", "聚丙烯"),  # 可年产A N万吨、B N万吨
    ("年产80万吨煤制烯烃项目", "produces", "混合碳四"),  # 副产A、B等产品
    ("达拉特旗—大化所氢能联合实验室", "locatedIn", "达拉特旗"),  # a name quoted whole, cut at its dash by the tagger
    ("远景零碳产业园年产10GW风机项目", "locatedIn", "远景零碳产业园"),  # 零碳 is a word, not a number
    ("年产10万立方米沙柳人造板生产线", "produces", "沙柳人造板"),
    ("内蒙古沙柳新材料科技有限公司", "collaboratesWith", "内蒙古农业大学"),  # 该公司与X共建
    ("萨如拉嘎查", "locatedIn", "嘎鲁图镇"),  # not 将以萨如拉嘎查
    ("查干苏力德嘎查", "locatedIn", "嘎鲁图镇"),  # a village named after a sumu
    ("长滩矿区200兆瓦光伏生态治理项目", "operatedBy", "内蒙古汇能集团"),  # 由A与B共同投资建设
    ("长滩矿区200兆瓦光伏生态治理项目", "operatedBy", "三峡新能源鄂尔多斯有限公司"),
    ("长滩矿区200兆瓦光伏生态治理项目", "usesTechnology", "ZY12000/28/62D型智能液压支架"),  # a model code
    ("中钢集团鞍山热能研究院有限公司", "develops", "“碳龙-1”型大型煅烧回转窑"),  # T由X研制
    ("达拉特旗库布其500千伏输变电工程", "locatedIn", "库布其沙漠"),  # 库布其 for the desert
    ("北京瑞祥时尚服饰有限公司", "subsidiaryOf", "内蒙古瑞祥绒业集团有限公司"),  # 旗下拥有A、B等5家子公司
    ("年产20万吨粉煤灰提取氧化铝示范项目", "produces", "氧化铝"),  # X提取Y makes Y
    ("年产20万吨粉煤灰提取氧化铝示范项目", "produces", "聚合氯化铝"),  # 联产A、B等产品
    ("“沙柳生物质基硬碳负极材料制备技术”项目", "operatedBy", "北京化工大学"),  # 由A发榜，B团队揭榜
    ("“沙柳生物质基硬碳负极材料制备技术”项目", "operatedBy", "内蒙古沙源碳材科技有限公司"),
    ("年产3000吨副产氢提纯项目", "operatedBy", "内蒙古氢途能源科技有限公司"),  # A与B合作建设的P
    ("年产3000吨副产氢提纯项目", "operatedBy", "鄂尔多斯市昊源煤化工有限公司"),
]


@pytest.fixture(scope="module")
def article_entities(request):
    root = request.config.rootpath
    return {(e.label, e.type) for e in extract([root / ARTICLE]).entities}


@pytest.mark.parametrize("entity", [
    ("刘中民", "Person"),  # 研究所所长刘中民
    ("苏和巴特尔", "Person"),  # a Mongolian name the tagger reads as two
    ("隆基绿能", "Company"),  # A、B、C等新能源企业30余家
    ("东方日升", "Company"),
    ("自然资源部", "GovernmentAgency"),  # a ministry of the State Council
    ("HyLink氢能物流智能调度平台", "Technology"),  # a brand in Latin letters
])
def test_names_the_tagger_misses_are_found(article_entities, entity):
    assert entity in article_entities


def test_a_sumu_inside_a_village_name_is_no_mention_of_the_sumu(article_entities):
    assert ("苏力德苏木", "Town") not in article_entities


def test_a_village_after_and_is_not_named_with_the_and(article_entities):
    assert ("沙圪堵村", "Village") in article_entities  # 薛家湾镇和沙圪堵村: a town and a village
    assert ("和沙圪堵村", "Village") not in article_entities


@pytest.mark.parametrize("fact", EXPECTED, ids=[f"{p}:{s[:6]}" for s, p, _ in EXPECTED])
def test_phrasing_is_read(article, fact):
    assert fact in article


@pytest.mark.parametrize("fact", EXPECTED, ids=[f"{p}:{s[:6]}" for s, p, _ in EXPECTED])
def test_phrasing_is_read_in_traditional_script(traditional_article, fact):
    assert fact in traditional_article


def test_money_spent_is_not_the_total(article):
    assert (PROJECT, "investment", (12_000_000, "CNY")) not in article


def test_a_town_lies_in_its_banner_by_reference_data(article):
    assert ("树林召镇", "locatedIn", "达拉特旗") in article


def test_every_seed_investment_is_read(seed_extraction):
    amounts = {(r.object["value"]) for r in seed_extraction.relations if r.predicate == "investment"}
    assert amounts == {3_900_000_000, 7_865_000_000, 1_500_000_000}


def test_generic_phrases_are_not_entities(seed_extraction):
    labels = {e.label for e in seed_extraction.entities}
    for generic in ("该项目", "重点项目", "科研院所", "一批企业", "项目", "公司"):
        assert generic not in labels


def test_villages_the_tagger_cuts_up_are_found_in_their_town(seed_extraction):
    seen = facts(seed_extraction)
    assert ("和泰社区", "locatedIn", "友谊街道") in seen  # 准格尔旗友谊街道和泰社区
    assert "团结社区" in {e.label for e in seed_extraction.entities}  # 团结社区党支部获…


def test_a_quoted_villager_keeps_his_whole_name(seed_extraction):
    people = {e.label for e in seed_extraction.entities if e.type == "Person"}
    assert "杨根全" in people and "杨根" not in people  # 据村民杨根全介绍


def test_a_product_listed_beside_a_known_one_is_a_product(seed_extraction):
    products = {e.label for e in seed_extraction.entities if e.type == "Product"}
    assert {"绿氨", "航油"} <= products  # 以绿氨、航油拓展能源贸易


def test_a_zone_of_a_park_lies_in_the_park(seed_extraction):
    seen = facts(seed_extraction)
    assert ("装备制造基地", "locatedIn", "鄂尔多斯高新区") in seen
    assert ("中车时代新材蒙西分公司", "locatedIn", "装备制造基地") in seen


def test_counted_kinds_of_project_are_not_projects(seed_extraction):
    labels = {e.label for e in seed_extraction.entities}
    assert "科普能力提升项目" not in labels  # 实施科普能力提升项目34个
    assert "肉牛养殖基地" not in labels  # 建成肉牛养殖基地4处


def test_a_company_short_name_in_another_article_is_the_same_company(tmp_path):
    """One article gives the full name, a later one only the short name: one entity, not two."""
    (tmp_path / "a.txt").write_text("隆基绿能科技股份有限公司在鄂尔多斯投资建设的年产20GW单晶硅棒项目已于去年投产。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("伊金霍洛旗已聚集远景科技集团、隆基绿能、东方日升等新能源企业30余家。\n", encoding="utf-8")
    companies = {e.label: e.aliases for e in extract([tmp_path / "a.txt", tmp_path / "b.txt"]).entities if e.type == "Company"}
    assert "隆基绿能" in companies["隆基绿能科技股份有限公司"] and "隆基绿能" not in companies
    assert "远景科技集团" in companies and "东方日升" in companies  # different companies stay apart


@pytest.mark.parametrize("text, yuan", [
    ("项目总投资1,200万元", 12_000_000),  # thousands separators
    ("项目总投资 12.8 亿元", 1_280_000_000),  # spaces from a PDF
    ("总投资约人民币39亿元", 3_900_000_000),
    ("项目投资总额15亿元", 1_500_000_000),
    ("项目总投资186000万元", 1_860_000_000),
])
def test_investment_amounts_in_the_ways_news_writes_them(text, yuan):
    from kg.extraction.quantities import total_investments

    assert [v for v, _, _ in total_investments(text)] == [yuan]


def test_money_in_another_currency_is_not_read_as_yuan():
    from kg.extraction.quantities import total_investments

    assert total_investments("总投资达3.5亿美元") == []


@pytest.mark.parametrize("text, capacity", [
    ("装机容量50万千瓦", "500 MW"),
    ("储能规模为200MW/800MWh", "800 MWh"),
    ("配套建设40万千瓦/160万千瓦时储能电站", "1600 MWh"),
    ("制氢能力2万标方/小时", "20000 Nm3/h"),
    ("该矿核定生产能力为每年1200万吨", "12000000 t/a"),
    ("年处理煤矸石300万吨", "3000000 t/a"),
])
def test_capacities_in_the_ways_news_writes_them(text, capacity):
    from kg.extraction.quantities import capacities

    assert capacity in [q.label for q in capacities(text)]


def test_electricity_generated_is_no_capacity():
    from kg.extraction.quantities import capacities

    assert capacities("年发电量32亿千瓦时") == [] and capacities("年发电量2.6万千瓦时") == []


def test_a_park_by_its_official_and_its_short_name_is_one_park(tmp_path):
    (tmp_path / "a.txt").write_text(
        "鄂尔多斯高新技术产业开发区管理委员会发布年度报告。记者从高新区管委会获悉，鄂尔多斯高新区全年实施重点项目46个。\n",
        encoding="utf-8")
    ex = extract([tmp_path / "a.txt"])
    parks = [e for e in ex.entities if e.type == "IndustrialPark"]
    agencies = [e for e in ex.entities if e.type == "GovernmentAgency"]
    assert [p.label for p in parks] == ["鄂尔多斯高新技术产业开发区"] and "鄂尔多斯高新区" in parks[0].aliases
    assert len(agencies) == 1 and "高新区管委会" in agencies[0].aliases


def test_projects_of_one_kind_in_different_places_stay_apart(tmp_path):
    """Two articles, two 光伏治沙 projects of different banners: two projects, not one."""
    (tmp_path / "a.txt").write_text("杭锦旗独贵塔拉镇200万千瓦光伏治沙项目实现全容量并网，项目总投资86.5亿元。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("乌审旗毛乌素沙地100万千瓦光伏治沙项目开工建设，项目总投资42亿元。\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("达拉特旗王爱召200MW/800MWh独立储能电站投运。杭锦旗巴拉贡镇200MW/800MWh独立储能电站项目签约。\n", encoding="utf-8")
    projects = {e.label for e in extract([tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"]).entities if e.type == "Project"}
    assert {"杭锦旗独贵塔拉镇200万千瓦光伏治沙项目", "乌审旗毛乌素沙地100万千瓦光伏治沙项目"} <= projects
    assert {"达拉特旗王爱召200MW/800MWh独立储能电站", "杭锦旗巴拉贡镇200MW/800MWh独立储能电站项目"} <= projects


def test_projects_listed_as_first_second_third_are_projects(tmp_path):
    """一是…项目。二是…项目。: items of a list, with their investments, not designations."""
    (tmp_path / "a.txt").write_text(
        "图克工业园区今年推进五大项目。一是风光制氢耦合煤制烯烃示范项目，总投资48亿元。二是鄂尔多斯市澜石新材料有限公司年产20万吨PBAT项目。\n",
        encoding="utf-8")
    ex = extract([tmp_path / "a.txt"])
    label = {e.id: e.label for e in ex.entities}
    money = {(label[r.subject], r.object["value"]) for r in ex.relations if r.predicate == "investment"}
    assert ("风光制氢耦合煤制烯烃示范项目", 4_800_000_000) in money
    assert any(lab.endswith("年产20万吨PBAT项目") for lab in label.values())


def test_a_mine_and_the_project_that_upgrades_it_are_two_things(tmp_path):
    (tmp_path / "a.txt").write_text(
        "准格尔旗东坡煤矿绿色智能化改造项目总投资5.8亿元。东坡煤矿核定生产能力为每年800万吨。\n", encoding="utf-8")
    projects = [e for e in extract([tmp_path / "a.txt"]).entities if e.type == "Project"]
    upgrade = [e for e in projects if e.label.endswith("改造项目")]
    mine = [e for e in projects if "东坡煤矿" in [e.label, *e.aliases]]
    assert len(upgrade) == 1 and len(mine) == 1 and upgrade != mine


def test_no_rule_fails_on_any_article_we_have(caplog):
    """A rule that raises loses its facts for one sentence instead of the whole build; on our own
    articles none may raise at all."""
    import logging
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    folders = [root / "seeds"] + sorted(p for p in (root / "tests" / "data").iterdir() if p.is_dir() and (p / "gold").is_dir())
    with caplog.at_level(logging.WARNING, logger="kg.extraction.relations"):
        extract(folders)
    assert [r.getMessage() for r in caplog.records if "a rule failed" in r.getMessage()] == []
