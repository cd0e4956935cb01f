"""What is made and what is listed: products in plant names and output lists (年产A N万吨、B N万吨),
brand products, nouns listed beside a known product, and the items of lists whose kind the
sentence names (中煤远兴、汇能、卓正等企业).

Each function takes one sentence's mentions and returns new ones; the pipeline in
`kg.extraction` calls them after the names of the sentence are known.
"""

from __future__ import annotations

import re

from . import lists
from .mentions import CONTAINER_TYPES, ORG_TYPES, Mention, _is_generic, _suffix_type


# 年产60万吨磷酸铁锂项目, 合成绿氨项目, 光伏组件生产线: the product a plant makes, named in its name
_PRODUCT_IN_NAME = re.compile(
    r"(?:年产(?:能)?[\d.]+[万千]?(?:吨|立方米|平方米|件|台|套|片|辆|条|GWh|MWh|GW|MW)|年处理[\d.]+万?吨|合成|生产|制备|年产)(?P<p>[\u4e00-\u9fffA-Za-z]{2,10}?)(?:联产|联合生产)?(?:一体化)?(?:中试)?"
    r"(?:智能化|数字化|绿色化|智能|智慧|数字)?(?:升级)?(?:改造|扩建|扩能|技改)?(?:项目|生产线|加工厂|工厂|装置)$"
    r"|(?:[\d.]+(?:吉瓦|兆瓦|GW|MW|万吨))(?P<q>[\u4e00-\u9fff]{2,8}?)(?:联产)?(?:生产线|项目)$"
)


_NOT_PRODUCT = set(lists.words("not-products"))


_PLANT_OUTPUT = re.compile(
    r"(?:年产|年处理|年加工)?[\d.]+\s*万?吨(?:/年)?(?P<p>[\u4e00-\u9fff]{2,6}?)(?:联产|生产|加工)?(?:装置|生产线|加工厂|工厂|项目)"
)


def plant_products(sentence: str, i: int, ms: list[Mention]) -> list[Mention]:
    """年产2万吨绿氢生产装置, 20万吨/年小苏打装置, 年产针状焦30万吨: what a plant is built to make."""
    from .quantities import NAMED_OUTPUT

    out = []
    found = [(m.group("p"), m.start("p")) for m in _PLANT_OUTPUT.finditer(sentence)]
    found += [(m.group("product"), m.start("product")) for m in NAMED_OUTPUT.finditer(sentence)]
    found = [(re.sub(r"^(煤制|醇制|气制)(?=.{2,})", "", name), s + (2 if re.match(r"(煤制|醇制|气制)(?=.{2,})", name) else 0)) for name, s in found]
    for name, s in found:
        if _is_generic(name) or re.search(r"产业|项目|综合|配套|中试", name) or any(x.type == "Product" and x.start <= s < x.end for x in ms):
            continue
        out.append(Mention(name, "Product", i, s, s + len(name), "pattern", inner=any(x.start <= s and s + len(name) <= x.end for x in ms), surface=name,
                           rule="mention/plant-output"))
    return out


_OUTPUT_CUE = re.compile(
    r"(?<!每)(?:可?年产(?:能)?|副产|联产|可?回收|产出|主要生产|可生产|生产|种植|接种|主要产品(?:为|有|包括|是))"
    r"(?!" + lists.alternation("not-output-after") + r"|[\d])"
)


_OUTPUT_ITEM = re.compile(
    r"(?:约|达|超过|近)?(?P<name>[“‘「]?[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9\-“”‘’「」]{1,11}?)"
    r"(?:(?:约|达|超过|近)?[\d.]+\s*(?:万|千)?\s*(?:吨|件|台|套|辆|片|头|只|亩|标方|立方米|千瓦|GWh|MWh|GW|MW))?"
    r"(?P<sep>、|以及|和|及|等|[，,。；;]|$|(?=[两三四五六七八九十\d]+[种类个款]))"
)
# cues that name the outputs outright, so a list needs neither amounts nor a closing 等


# cues that name the outputs outright, so a list needs neither amounts nor a closing 等
_STRONG_OUTPUT = re.compile(r"主要生产|主要产品|可生产|年产|副产|联产")


def outputs(sentence: str, i: int, ms: list[Mention]) -> list[Mention]:
    """年产聚乙烯45万吨、聚丙烯35万吨, 副产轻质燃料油8万吨、工业萘2万吨, 可回收碳酸锂约4000吨,
    主要生产矿用巡检机器人、防爆无轨胶轮车等产品: the things a plant or company turns out."""
    out: list[Mention] = []
    for cue in _OUTPUT_CUE.finditer(sentence):
        pos = cue.end()
        clause = sentence[max(sentence.rfind(c, 0, cue.start()) for c in "，,。；;") + 1 : cue.start()]
        if cue.group() in {"种植", "接种"} and not any(x.type in ORG_TYPES | {"Project"} and x.end <= cue.start() for x in ms) and not re.search(r"公司|企业|合作社|集团", clause):
            continue  # 本次种植玉米1218亩: a village's crop, not a product an organisation makes
        items = []
        while True:
            m = _OUTPUT_ITEM.match(sentence, pos)
            if m is None:
                break
            items.append(m)
            pos = m.end()
            if m.group("sep") not in {"、", "以及", "和", "及"}:
                break
        # a list needs an amount or a closing 等 that names things, not tasks (年产针状焦30万吨;
        # not 回收网络建设、梯次利用标准制定…等环节)
        counted = any(re.search(r"\d", m.group()) for m in items)
        closing = items[-1].group("sep") == "等" if items else False
        strong = _STRONG_OUTPUT.match(cue.group()) and items and items[-1].group("sep") not in {"、", "以及", "和", "及"}
        listed = len(items) >= 2 and items[-1].group("sep") in {"，", ",", "。", "；", ";", ""} and any(
            x.type in ORG_TYPES | {"Project"} and x.end <= cue.start() for x in ms)  # 某公司代工生产A和B。
        if not counted and not strong and not listed and not (closing and not re.match(r"[\u4e00-\u9fff]{0,4}?(环节|领域|方面|工作|行业|产业|项目|企业|措施|业务|任务|活动)", sentence[pos:])):
            continue
        for m in items:
            name = m.group("name")
            s, e = m.span("name")
            lead = re.match(r"(副产品|副产|联产|以及|及)(?=.{2,})", name)
            if lead:
                name, s = name[lead.end() :], s + lead.end()  # 、副产四氢呋喃1.2万吨: the product is 四氢呋喃
            inside = [x for x in ms if x.type == "Product" and s <= x.start and x.end <= e and (x.end - x.start) < (e - s)]
            for x in inside:
                ms.remove(x)  # 肉苁蓉 inside 肉苁蓉切片: the listed output is the longer name
            if (_is_generic(name) or len(name) < 2 or re.search(r"产业|行业|领域|项目|基地|工程|农牧民|群众|人|户|万元|亿元|产值|规模|面积|原料|第|^的|不|无需|没有|\d\s*(GWh|MWh|GW|MW|kW|万|吨)", name)
                    or (re.search(r"\d", name) and not re.search(r"[A-Za-z]", name))
                    or any(x.start < e and s < x.end and x.type not in CONTAINER_TYPES for x in ms + out)):
                continue
            out.append(Mention(name, "Product", i, s, e, "list", surface=name, rule="mention/output-list"))
    return out


def coordinated_products(sentence: str, tokens, i: int, ms: list[Mention], products: set[str]) -> list[Mention]:
    """以绿氨、航油拓展…: a noun listed beside a product the article names is a product too."""
    out: list[Mention] = []
    words = [t for t in tokens if t.word.strip()]
    by_start = {t.start: n for n, t in enumerate(words)}
    by_end = {t.end: n for n, t in enumerate(words)}
    for label in products:
        for hit in re.finditer(re.escape(label), sentence):
            s, e = hit.span()
            candidates = []
            if sentence[e : e + 1] == "、" and e + 1 in by_start:
                candidates.append((by_start[e + 1], 1))
            if s >= 1 and sentence[s - 1] == "、" and s - 1 in by_end:
                candidates.append((by_end[s - 1], -1))
            for item, step in candidates:
                t = words[item]
                nxt = words[item + step] if 0 <= item + step < len(words) else None
                glued = nxt is not None and nxt.tag in {"n", "nz", "vn"} and (nxt.start == t.end if step == 1 else nxt.end == t.start)
                if (t.tag not in {"n", "nz", "vn"} or not 2 <= len(t.word) <= 4 or glued or _is_generic(t.word)
                        or re.search(r"产业|行业|领域|市场|能源|贸易", t.word)
                        or any(x.start < t.end and t.start < x.end for x in ms + out)
                        or re.match(r"[\u4e00-\u9fff、]{0,20}?等(?:项目|产业|企业|行业|领域)|[\u4e00-\u9fff、]{0,20}?[两三四五六七八九十几]大", sentence[t.end :])):
                    continue  # 针状焦、碳纤维、特种沥青等项目: kinds of plant, not products made
                out.append(Mention(t.word, "Product", i, t.start, t.end, "list", surface=t.word, rule="mention/coordinated-product"))
    return out


_TEAM = re.compile(r"(?:组建的|共建的|牵头的)(?P<t>[\u4e00-\u9fffA-Za-z0-9]{4,14}?)(?:创新|研发|科研|技术|攻关)团队")


_MADE = re.compile(
    r"(?:制备|生产|研制|研发|开发|制成|制造)(?:出)?的(?P<p>[\u4e00-\u9fffA-Za-z]{2,10}?(?:板|砖|材料|材|料|剂|粉|膜|片|管|纤维|电池|燃料|车辆|设备|产品))(?=[和、，,。等及与]|\d|$)"
)


_BRAND = re.compile(
    r"(?:研发出|研制出|开发出|选育出|培育出|推出|生产的|出品的|打造的|新品种)(?P<p>[“「][^”」，,。]{1,8}[”」][\u4e00-\u9fffA-Za-z0-9]{0,12}?)"
    r"(?=[，,。；;、和等已在被可先获远销深广受曾多还也均]|$)"
    # “绒都”牌羊绒衫, “KASHMORE”系列无染色羊绒大衣
    r"|(?P<brand>[“「][^”」，,。]{1,10}[”」](?:牌|系列)[\u4e00-\u9fff]{1,12}?)(?=[，,。；;主定销等和、已在远深])"
    # 阿尔巴斯白绒山羊是国家地理标志保护产品
    r"|(?:^|[，,。；;])(?P<named>[\u4e00-\u9fff]{3,10}?)(?:是|为|被认定为|成功获批|获批)(?:国家)?(?:农产品)?地理标志(?:保护)?产品"
    # “鄂托克前旗羊肉”成功获批国家农产品地理标志: a product the label protects
    r"|(?P<gi>[“「][^”」，,。]{2,10}[”」])(?=(?:成功)?(?:获批|获得|获评|入选|荣获)[^，,。；;]{0,12}(?:地理标志|区域公用品牌|名特优新))"
)


def brands(sentence: str, i: int, ms: list[Mention]) -> list[Mention]:
    """研发出“云绒”超细羊绒混纺面料, 生产的“蒙原红”羔羊肉, 选育出甘草新品种“甘润1号”: a named product."""
    out = []
    for m in _BRAND.finditer(sentence):
        group = next(g for g in ("p", "gi", "brand", "named") if m.group(g))
        s, e = m.span(group)
        name = m.group(group)
        cut = re.search(r"(?<=[\u4e00-\u9fff])(卖到|销往|出口|进入|亮相|获得|获评|主打|定位|远销|深受|成为)", name)
        if cut and cut.start() >= 2:
            name, e = name[: cut.start()], s + cut.start()  # “白绒宝”牌羊绒围巾卖到了…: the name ends before the verb
        tail = re.search(r"[”」](新品系|新品种|品种|品系|系列|品牌)$", name)
        if tail:
            name, e = name[: tail.start() + 1], e - len(tail.group(1))  # “前旗多胎羊”新品系: the variety is 前旗多胎羊
        st = _suffix_type(re.sub(r"[“”「」]", "", name))
        if st is not None and st[1] != "Product":
            continue  # “天枢”智能储能系统 is a technology, found by its ending
        if any(x.start < e and s < x.end and x.type != "Product" and not (s <= x.start and x.end <= e) for x in ms):
            continue
        name = name.replace("「", "“").replace("」", "”")
        if re.fullmatch(r"“[^”]+”", name):
            name = name[1:-1]  # quotes around the whole name are dropped
        for x in [x for x in ms if s <= x.start and x.end <= e and x.type == "Product"]:
            ms.remove(x)  # 碳纤维 inside “鄂碳一号”煤基碳纤维
        out.append(Mention(name, "Product", i, s, e, "list", surface=sentence[s:e], rule="mention/brand"))
    return out


def made_things(sentence: str, i: int, ms: list[Mention]) -> list[Mention]:
    """清华大学和X共同组建的二氧化碳制芳烃创新团队 (a technology a team works on);
    利用粉煤灰制备的发泡陶瓷板 (a product something makes)."""
    out = []
    for pattern, group, typ in ((_TEAM, "t", "Technology"), (_MADE, "p", "Product")):
        for m in pattern.finditer(sentence):
            s, e = m.span(group)
            if any(x.start < e and s < x.end and x.type not in CONTAINER_TYPES for x in ms + out) or _is_generic(m.group(group)):
                continue
            out.append(Mention(m.group(group), typ, i, s, e, "pattern", surface=m.group(group),
                               rule="mention/team-technology" if typ == "Technology" else "mention/made-product"))
    return out


_PRODUCT_LIST = re.compile(
    r"(?:^|[，,；;：:]|形成|以)\s*((?:[\u4e00-\u9fff]{2,10}、)+[\u4e00-\u9fff]{2,10}?)等?(?:\d+|[一二三四五六七八九十])[种个类款项大][\u4e00-\u9fff]{0,6}(?:产品|农产品|特产)"
    r"|(?:^|[，,；;：:]|形成|以)\s*((?:[\u4e00-\u9fff]{2,10}、)+[\u4e00-\u9fff]{2,10}?)等[\u4e00-\u9fff]{0,6}(?:产品|农产品|特产)"
)


_NAME_LIST = re.compile(
    r"((?:[\u4e00-\u9fffA-Za-z]{2,12}(?:[（(][A-Za-z]{2,8}[）)])?、)+[\u4e00-\u9fffA-Za-z]{2,12}(?:[（(][A-Za-z]{2,8}[）)])?)等(?:\d+[家所个])?"
    r"(?:新能源|龙头|重点|知名|头部|骨干|领军|大型|国内外|国际|科技型|高新技术|央国?企和民营|面板|汽车|能源|化工|钢铁|电力|煤炭|光伏|储能|电池)?"
    r"(?P<kind>企业|公司|集团|高校|院校|科研院所|单位|机构)"
    r"|((?:[\u4e00-\u9fff]{2,4}、)+[\u4e00-\u9fff]{2,4})等[^，。；、]{0,6}?(?P<kind2>道德模范|模范|先进个人|身边好人|劳动模范)"
)


_LIST_KIND = lists.mapping("list-kinds")


def listed_items(sentence: str, i: int, ms: list[Mention]) -> list[Mention]:
    """准格尔羯羊、暖水山地苹果等13种农畜产品; 中煤远兴、汇能、卓正等企业; 张美秀、刘海洋等道德模范:
    the items of a list whose kind the sentence names."""
    out = []
    for pattern in (_PRODUCT_LIST, _NAME_LIST):
        for m in pattern.finditer(sentence):
            kind = m.groupdict().get("kind") or m.groupdict().get("kind2")
            typ = "Product" if kind is None else _LIST_KIND.get(kind, "Person")
            group = next(g for g in (1, 2, 3) if g <= (m.re.groups or 0) and m.group(g))
            pos = m.start(group)
            items = [re.sub(r"[（(][A-Za-z]{2,8}[）)]$", lambda p: "\u0000" * len(p.group()), it) for it in m.group(group).split("、")]
            lead = re.match(r"^.*(形成|以|依托|包括|涌现出|涌现|引进|吸引|联合|携手|如|与|和|同|有|出|了|是|副产|年产|生产|回收|产出|种植|推动|推进|发展|围绕|重点)", items[0])
            if lead and lead.end() < len(items[0]) - 1:
                pos += lead.end()
                items[0] = items[0][lead.end() :]
            for item in items:
                item_start = pos
                pos += len(item) + 1
                item = item.rstrip("\u0000")  # 京东方（BOE）: the name, not its Latin gloss
                if any(x.start < item_start + len(item) and item_start < x.end and x.source != "gazetteer" for x in ms + out):
                    continue
                if _is_generic(item) or re.search(r"产业|行业|领域|化工$|材料$|向|^各|^多种", item) or (typ == "Person" and len(item) > 4):
                    continue
                out.append(Mention(item, typ, i, item_start, item_start + len(item), "list", surface=item, rule="mention/listed-items"))
    return out


# the first items of a project named by several outputs (10万吨丙烯、5万吨聚丙烯项目); the last one is read
# like any other product in a name
_LISTED_OUTPUT = re.compile(r"\d+(?:\.\d+)?\s*(?:万|千)?\s*(?:吨|t)(?:/年)?(?P<p>[\u4e00-\u9fffA-Za-z]{2,8}?)(?=[、和及与]\d)")


def products_in_names(ms: list[Mention], sentence: str, i: int) -> list[Mention]:
    extra = []
    for m in ms:
        if m.type != "Project" or m.inner:
            continue
        if m.surface == m.label or not m.surface:
            for item in _LISTED_OUTPUT.finditer(m.label):
                name = item.group("p")
                if not _is_generic(name) and not any(x.type == "Product" and x.label == name for x in ms + extra):
                    extra.append(Mention(name, "Product", i, m.start + item.start("p"), m.start + item.end("p"), "pattern", rule="mention/product-in-project-name",
                                         inner=True, surface=name))
        found = _PRODUCT_IN_NAME.search(m.label)
        if not found:
            continue
        name = found.group("p") or found.group("q")
        name = re.sub(r"(扩能|扩建|精深加工|深加工|加工|升级|改造|技改|综合利用|示范)+$", "", name or "")
        name = re.sub(r"^(煤制|醇制|气制)(?=.{2,})", "", name)  # 煤制乙二醇: the product is 乙二醇 (煤基碳纤维 is a product)
        name = re.sub(r"^[\u4e00-\u9fff]{2,5}?(提取|制备|制取)(?=[\u4e00-\u9fff]{2,})", "", name)  # 粉煤灰提取氧化铝: 氧化铝
        if re.search(r"治理|修复|改造|示范|利用|建设|开发|升级|生态", name):
            continue  # 光伏生态治理项目: what the project does, not what it makes
        if not name or name.startswith("时") or name in _NOT_PRODUCT or re.search(r"公司|集团|产业|风电|光伏$", name) or any(x.type == "Product" and x.label == name for x in ms):
            continue
        off = m.label.rfind(name)
        start = m.start + off if m.surface.endswith(m.label) or m.surface == m.label else m.start
        pos = start
        for part in re.split(r"(和|及|与|、)", name):  # 单晶硅棒和切片: two products
            if part not in {"和", "及", "与", "、"} and len(part) >= 2 and part not in _NOT_PRODUCT and not _is_generic(part):
                extra.append(Mention(part, "Product", i, pos, pos + len(part), "pattern", inner=True, surface=part,
                                     rule="mention/product-in-project-name"))
            pos += len(part)
    return extra


# 一期建设60万吨PVC、60万吨烧碱、70万吨电石: outputs listed by tonnage name what a plant makes, even without 年产
_TONNAGE_ITEM = re.compile(
    r"(?:年产)?(?:\d+\s*[×xX]\s*)?\d+(?:\.\d+)?\s*(?:万|千)?\s*(?:吨|t)(?:/年)?"
    r"(?P<name>[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9\-]{0,9}?)(?P<sep>、|和|及|(?=[，,。；;）)]|$))"
)
_NOT_OUTPUT = re.compile("(" + lists.alternation("not-output-endings") + ")$|" + lists.alternation("not-output-words"))


def tonnage_lists(sentence: str, i: int, ms: list[Mention]) -> list[Mention]:
    """Two or more outputs in a row, each after its tonnage: each is a product of the plant the sentence speaks of."""
    out: list[Mention] = []
    pos = 0
    while (first := _TONNAGE_ITEM.search(sentence, pos)) is not None:
        items = [first]
        while items[-1].group("sep") and (nxt := _TONNAGE_ITEM.match(sentence, items[-1].end())) is not None:
            items.append(nxt)
        pos = items[-1].end() if items[-1].end() > first.start() else first.start() + 1
        if len(items) < 2:
            continue
        for m in items:
            name, s, e = m.group("name"), m.start("name"), m.end("name")
            if len(name) < 2 or _is_generic(name) or _NOT_OUTPUT.search(name):
                continue
            if any(x.start < e and s < x.end for x in ms + out):
                continue  # inside a project's own name, or already read
            out.append(Mention(name, "Product", i, s, e, "tonnage", surface=name, rule="mention/tonnage-list"))
    return out
