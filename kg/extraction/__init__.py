"""Extraction: from a read Document to the names and facts each sentence states."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..read import Document
from .mentions import CONTAINER_TYPES, ORG_TYPES, Mention, _mark_inner, find_mentions
from .ner import tag_sentences
from .relations import Context, Fact, facts_of_sentence

# 年产60万吨磷酸铁锂项目, 合成绿氨项目, 光伏组件生产线: the product a plant makes, named in its name
_PRODUCT_IN_NAME = re.compile(
    r"(?:年产(?:能)?[\d.]+[万千]?(?:吨|立方米|平方米|件|台|套|片|辆|条)|年处理[\d.]+万?吨|合成|生产|制备|年产)(?P<p>[\u4e00-\u9fffA-Za-z]{2,8}?)(?:一体化)?(?:中试)?(?:项目|生产线|加工厂|工厂|装置)$"
    r"|(?:[\d.]+(?:吉瓦|兆瓦|GW|MW|万吨))(?P<q>[\u4e00-\u9fff]{2,8}?)(?:生产线|项目)$"
)
_NOT_PRODUCT = {"项目", "基地", "产业", "示范", "一体化", "光伏", "风光", "发电", "制氢", "风电", "分散式风电"}


@dataclass
class DocumentFacts:
    """What one document states, before names are resolved to entities."""

    doc: Document
    mentions: list[list[Mention]] = field(default_factory=list)  # per sentence
    facts: list[Fact] = field(default_factory=list)


def extract_document(doc: Document, tokens=None) -> DocumentFacts:
    sentences = [s.text for s in doc.sentences]
    if tokens is None:
        tokens = tag_sentences(sentences)
    out = DocumentFacts(doc)
    per_sentence = [find_mentions(s, t, i) for i, (s, t) in enumerate(zip(sentences, tokens))]
    _restore_cut_starts(sentences, per_sentence)
    _drop_lone_guesses(doc, per_sentence)
    _drop_designations(sentences, per_sentence)
    _propagate(sentences, per_sentence, {**_short_names(per_sentence), **_declared_short_names(sentences, per_sentence)})
    for i, ms in enumerate(per_sentence):
        ms.extend(_products_in_names(ms, sentences[i], i))
        ms.extend(_owners_in_names(ms, i))
        ms.extend(_orgs_in_names(ms, i))
        ms.extend(_branch_parents(ms, i))
        _complete_list_prefixes(ms, sentences[i])
        _mark_inner(ms)
    for i, ms in enumerate(per_sentence):
        ms.extend(_outputs(sentences[i], i, ms))
        ms.extend(_listed_products(sentences[i], i, ms))
        ms.extend(_plant_products(sentences[i], i, ms))
        ms.extend(_made_things(sentences[i], i, ms))
        ms.extend(_brands(sentences[i], i, ms))
    products = {m.label for ms in per_sentence for m in ms if m.type == "Product"}
    for i, ms in enumerate(per_sentence):
        ms.extend(_coordinated_products(sentences[i], tokens[i], i, ms, products))
    ctx = Context()
    for i, ms in enumerate(per_sentence):
        out.facts.extend(_facts_without_declarations(sentences[i], i, ms, ctx))
    out.facts.extend(_division_tree(per_sentence))
    _keep_supported(sentences, per_sentence, out.facts)
    out.mentions = per_sentence
    return out


_DECLARATION = re.compile(r"[（(](?:以下|下文)?(?:简称|称)[^）)]{1,16}[）)]")


def _facts_without_declarations(sentence: str, i: int, ms: list[Mention], ctx: Context) -> list[Fact]:
    """Read relations as if 内蒙古宝泰烯烃有限公司（以下简称“宝泰烯烃”）投资建设 had no parenthesis, so that
    由X投资建设 and X自主研发的 still join up; mention offsets are put back afterwards."""
    cuts = [m.span() for m in _DECLARATION.finditer(sentence)]
    if not cuts:
        return facts_of_sentence(sentence, i, ms, ctx)
    saved = [(m, m.start, m.end) for m in ms]
    kept = [m for m in ms if not any(a <= m.start and m.end <= b for a, b in cuts)]
    for m in kept:
        shift = sum(b - a for a, b in cuts if b <= m.start)
        m.start, m.end = m.start - shift, m.end - shift
    text = "".join(sentence[b0:a1] for (_, b0), (a1, _) in zip([(0, 0)] + cuts, cuts + [(len(sentence), len(sentence))]))
    try:
        return facts_of_sentence(text, i, kept, ctx)
    finally:
        for m, a, b in saved:
            m.start, m.end = a, b


NEEDS_SUPPORT = {"Technology", "Product", "Project"}


_ACTED_ON = re.compile(r"(采用|应用|引进|研发|研制|开发|实施|建设|推进|打造|启动|建成|投运|投产|开工|推广|运用|依托)(了|出)?$")
_ACTED_AFTER = re.compile(r"^(的)?(研发|应用|推广|攻关|示范|转化|落地|投运|投产|开工|建成)")


def _keep_supported(sentences: list[str], per_sentence: list[list[Mention]], facts: list[Fact]) -> None:
    """A technology, product or project counts as a named thing when the article says something
    about it (who uses, makes or runs it, where it is, that it is built or applied), names it as a
    caption, or its name carries a proper name or a figure."""
    involved = {id(f.subject) for f in facts} | {id(f.object) for f in facts if isinstance(f.object, Mention)}
    labels = {m.label for ms in per_sentence for m in ms if id(m) in involved}

    from collections import Counter

    repeated = Counter(m.label for ms in per_sentence for m in {x.label: x for x in ms}.values())

    def marked(m: Mention, ms: list[Mention], sentence: str) -> bool:
        if m.source in {"list", "pattern"} or re.search(r"[A-Za-z0-9]", m.label) or repeated[m.label] >= 2:
            return True
        if m.type == "Technology" and re.search(r"[“”\"「」]", m.label):
            return True  # a technology with a quoted brand name (“穹擎”电解槽); quoted project names are often slogans
        if re.search(r"首台|首套|首个|首条|自主研发|自研|独创|专利|发明", sentence[max(0, m.start - 12) : m.start]):
            return True
        if len(sentence) <= 40 and (m.end - m.start) >= 0.6 * len(sentence.rstrip("。")):
            return True  # a caption or headline that is the name
        if _ACTED_ON.search(sentence[max(0, m.start - 4) : m.start]) or _ACTED_AFTER.search(sentence[m.end : m.end + 4]):
            return True
        return any(x.inner and x.type not in NEEDS_SUPPORT and m.start <= x.start and x.end <= m.end for x in ms)

    def inside_technology(m: Mention, ms: list[Mention]) -> bool:
        """煤基焦粉制备负极材料 in 煤基焦粉制备负极材料专利技术: a word of a technology's name, not a product."""
        return m.inner and any(o.type == "Technology" and not o.inner and o.start <= m.start and m.end <= o.end for o in ms)

    for sentence, ms in zip(sentences, per_sentence):
        ms[:] = [m for m in ms if (m.type not in NEEDS_SUPPORT or m.inner or m.label in labels or marked(m, ms, sentence))
                 and not (m.type in NEEDS_SUPPORT and inside_technology(m, ms))]


_PLANT_OUTPUT = re.compile(
    r"(?:年产|年处理|年加工)?[\d.]+\s*万?吨(?:/年)?(?P<p>[\u4e00-\u9fff]{2,6}?)(?:生产|加工)?(?:装置|生产线|加工厂|工厂|项目)"
)


def _plant_products(sentence: str, i: int, ms: list[Mention]) -> list[Mention]:
    """年产2万吨绿氢生产装置, 20万吨/年小苏打装置, 年产针状焦30万吨: what a plant is built to make."""
    from .mentions import _is_generic
    from .quantities import NAMED_OUTPUT

    out = []
    found = [(m.group("p"), m.start("p")) for m in _PLANT_OUTPUT.finditer(sentence)]
    found += [(m.group("product"), m.start("product")) for m in NAMED_OUTPUT.finditer(sentence)]
    for name, s in found:
        if _is_generic(name) or re.search(r"产业|项目|综合|配套|中试", name) or any(x.type == "Product" and x.start <= s < x.end for x in ms):
            continue
        out.append(Mention(name, "Product", i, s, s + len(name), "pattern", inner=any(x.start <= s and s + len(name) <= x.end for x in ms), surface=name))
    return out


_OUTPUT_CUE = re.compile(
    r"(?<!每)(?:可?年产(?:能)?|副产|可?回收|产出|主要生产|可生产|生产|种植|主要产品(?:为|有|包括|是))"
    r"(?!线|车间|基地|工艺|技术|经营|生活|建设|规模|能力|过程|环节|效率|安全|设备|装置|运营|成本|任务|值|量|生|面积|模式|结构|户|大户|业|网络|利用|体系|[\d])"
)
_OUTPUT_ITEM = re.compile(
    r"(?:约|达|超过|近)?(?P<name>[“‘「]?[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9\-“”‘’「」]{1,11}?)"
    r"(?:(?:约|达|超过|近)?[\d.]+\s*(?:万|千)?\s*(?:吨|件|台|套|辆|片|头|只|亩|标方|立方米))?"
    r"(?P<sep>、|以及|和|及|等|[，,。；;]|$|(?=[两三四五六七八九十\d]+[种类个款]))"
)
# cues that name the outputs outright, so a list needs neither amounts nor a closing 等
_STRONG_OUTPUT = re.compile(r"主要生产|主要产品|可生产|年产|副产")


def _outputs(sentence: str, i: int, ms: list[Mention]) -> list[Mention]:
    """年产聚乙烯45万吨、聚丙烯35万吨, 副产轻质燃料油8万吨、工业萘2万吨, 可回收碳酸锂约4000吨,
    主要生产矿用巡检机器人、防爆无轨胶轮车等产品: the things a plant or company turns out."""
    from .mentions import _is_generic

    out: list[Mention] = []
    for cue in _OUTPUT_CUE.finditer(sentence):
        pos = cue.end()
        clause = sentence[max(sentence.rfind(c, 0, cue.start()) for c in "，,。；;") + 1 : cue.start()]
        if cue.group() == "种植" and not any(x.type in ORG_TYPES | {"Project"} and x.end <= cue.start() for x in ms) and not re.search(r"公司|企业|合作社|集团", clause):
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
        if not counted and not strong and not (closing and not re.match(r"[\u4e00-\u9fff]{0,4}?(环节|领域|方面|工作|行业|产业|项目|企业|措施|业务|任务|活动)", sentence[pos:])):
            continue
        for m in items:
            name = m.group("name")
            s, e = m.span("name")
            if (_is_generic(name) or len(name) < 2 or re.search(r"产业|行业|领域|项目|基地|工程|农牧民|群众|人|户|万元|亿元|产值|规模|面积|原料|第|^的|\d\s*(GWh|MWh|GW|MW|kW|万|吨)", name)
                    or (re.search(r"\d", name) and not re.search(r"[A-Za-z]", name))
                    or any(x.start < e and s < x.end and x.type not in CONTAINER_TYPES for x in ms + out)):
                continue
            out.append(Mention(name, "Product", i, s, e, "list", surface=name))
    return out


def _coordinated_products(sentence: str, tokens, i: int, ms: list[Mention], products: set[str]) -> list[Mention]:
    """以绿氨、航油拓展…: a noun listed beside a product the article names is a product too."""
    from .mentions import _is_generic

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
                out.append(Mention(t.word, "Product", i, t.start, t.end, "list", surface=t.word))
    return out


_TEAM = re.compile(r"(?:组建的|共建的|牵头的)(?P<t>[\u4e00-\u9fffA-Za-z0-9]{4,14}?)(?:创新|研发|科研|技术|攻关)团队")
_MADE = re.compile(
    r"(?:制备|生产|研制|研发|开发|制成|制造)(?:出)?的(?P<p>[\u4e00-\u9fff]{2,8}?(?:板|砖|材料|材|剂|粉|膜|片|管|纤维|电池|燃料|车辆|设备|产品))(?=[和、，,。等及与]|\d|$)"
)


_BRAND = re.compile(
    r"(?:研发出|研制出|开发出|选育出|培育出|推出|生产的|出品的|打造的|新品种)(?P<p>[“「][^”」，,。]{1,8}[”」][\u4e00-\u9fffA-Za-z0-9]{0,12}?)"
    r"(?=[，,。；;、和等已在被可]|$)"
    # “鄂托克前旗羊肉”成功获批国家农产品地理标志: a product the label protects
    r"|(?P<gi>[“「][^”」，,。]{2,10}[”」])(?=(?:成功)?(?:获批|获得|获评|入选|荣获)[^，,。；;]{0,12}(?:地理标志|区域公用品牌|名特优新))"
)


def _brands(sentence: str, i: int, ms: list[Mention]) -> list[Mention]:
    """研发出“云绒”超细羊绒混纺面料, 生产的“蒙原红”羔羊肉, 选育出甘草新品种“甘润1号”: a named product."""
    from .mentions import _suffix_type

    out = []
    for m in _BRAND.finditer(sentence):
        group = "p" if m.group("p") else "gi"
        s, e = m.span(group)
        name = m.group(group)
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
        out.append(Mention(name, "Product", i, s, e, "list", surface=sentence[s:e]))
    return out


def _made_things(sentence: str, i: int, ms: list[Mention]) -> list[Mention]:
    """清华大学和X共同组建的二氧化碳制芳烃创新团队 (a technology a team works on);
    利用粉煤灰制备的发泡陶瓷板 (a product something makes)."""
    out = []
    for pattern, group, typ in ((_TEAM, "t", "Technology"), (_MADE, "p", "Product")):
        for m in pattern.finditer(sentence):
            s, e = m.span(group)
            if any(x.start < e and s < x.end and x.type not in CONTAINER_TYPES for x in ms + out) or _generic(m.group(group)):
                continue
            out.append(Mention(m.group(group), typ, i, s, e, "pattern", surface=m.group(group)))
    return out


_PRODUCT_LIST = re.compile(
    r"(?:^|[，,；;：:]|形成|以)\s*((?:[\u4e00-\u9fff]{2,10}、)+[\u4e00-\u9fff]{2,10}?)等?(?:\d+|[一二三四五六七八九十])[种个类款项大][\u4e00-\u9fff]{0,6}(?:产品|农产品|特产)"
    r"|(?:^|[，,；;：:]|形成|以)\s*((?:[\u4e00-\u9fff]{2,10}、)+[\u4e00-\u9fff]{2,10}?)等[\u4e00-\u9fff]{0,6}(?:产品|农产品|特产)"
)
_NAME_LIST = re.compile(
    r"((?:[\u4e00-\u9fffA-Za-z]{2,12}(?:[（(][A-Za-z]{2,8}[）)])?、)+[\u4e00-\u9fffA-Za-z]{2,12}(?:[（(][A-Za-z]{2,8}[）)])?)等(?:\d+[家所个])?"
    r"(?:新能源|龙头|重点|知名|头部|骨干|领军|大型|国内外|国际|科技型|高新技术|央国?企和民营|面板|汽车|能源|化工|钢铁|电力|煤炭|光伏|储能|电池)?"
    r"(?P<kind>企业|公司|集团|高校|院校|科研院所|单位)"
    r"|((?:[\u4e00-\u9fff]{2,4}、)+[\u4e00-\u9fff]{2,4})等[^，。；、]{0,6}?(?P<kind2>道德模范|模范|先进个人|身边好人|劳动模范)"
)
_LIST_KIND = {"企业": "Company", "公司": "Company", "集团": "Company", "单位": "Company", "高校": "ResearchInstitution",
              "院校": "ResearchInstitution", "科研院所": "ResearchInstitution"}


def _listed_products(sentence: str, i: int, ms: list[Mention]) -> list[Mention]:
    """准格尔羯羊、暖水山地苹果等13种农畜产品; 中煤远兴、汇能、卓正等企业; 张美秀、刘海洋等道德模范:
    the items of a list whose kind the sentence names."""
    from .mentions import _is_generic

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
                out.append(Mention(item, typ, i, item_start, item_start + len(item), "list", surface=item))
    return out


def extract_documents(docs: list[Document], progress=None) -> list[DocumentFacts]:
    """Tag all sentences of all documents in one pass (the model runs in batches), then read facts."""
    all_sentences = [s.text for d in docs for s in d.sentences]
    all_tokens = tag_sentences(all_sentences, progress=progress)
    out, k = [], 0
    for d in docs:
        n = len(d.sentences)
        out.append(extract_document(d, all_tokens[k : k + n]))
        k += n
    return out


# what only an organisation does right after its name: 隆基氢能自主研发的…, 隆基绿能旗下的…
_ACTS_AS_COMPANY = re.compile(r"(自主|独立|联合)?(研发|研制|开发)的|旗下|下属|投资建设|牵头")


def _restore_cut_starts(sentences: list[str], per_sentence: list[list[Mention]]) -> None:
    """不连沟煤矿 read as 连沟煤矿 (不 looks like "not"): a character the tagger left off a name comes
    back when the article's other names spell it with that character (内蒙古蒙泰不连沟煤业有限责任公司)."""
    labels = [m.label for ms in per_sentence for m in ms if m.type in ORG_TYPES | {"Project"} and len(m.label) >= 6]
    for sentence, ms in zip(sentences, per_sentence):
        for m in ms:
            if m.type not in {"Project", "Company"} or m.source != "suffix" or m.start == 0 or m.label != sentence[m.start : m.end]:
                continue
            c = sentence[m.start - 1]
            if not re.fullmatch(r"[\u4e00-\u9fff]", c) or c in "的和与及在是为了将对从向由等个" or any(x.end == m.start for x in ms):
                continue  # (a name ending right there, 有限公司年产…, is another name's end)
            head = c + m.label[:2]
            if any(head in lab and not lab.endswith(m.label) for lab in labels if lab != m.label):
                m.start, m.label = m.start - 1, c + m.label
                m.surface = m.label


def _drop_lone_guesses(doc: Document, per_sentence: list[list[Mention]]) -> None:
    """A company name that only the tagger proposes must recur in the article to be believed."""
    for ms in per_sentence:
        ms[:] = [m for m in ms if m.source != "ner" or m.type != "Company" or doc.text.count(m.label) >= 2
                 or _ACTS_AS_COMPANY.match(doc.sentences[m.sent].text[m.end : m.end + 8])]


_DESIGNATION = re.compile(r"(是|为|作为|属于|列为|列入|成为|入选|获评|被评为)[^，,。；;、“”]{0,14}$")


# 实施科普能力提升项目34个, 建成肉牛养殖基地4处, 5个光伏项目: a kind of project counted, not one project
_COUNTED_AFTER = re.compile(r"\s*[\d一二两三四五六七八九十百]+\s*(?:个|项|处|座|批)(?!月|小时|工作日)")
_COUNTED_BEFORE = re.compile(r"(?:(?<![\d一二两三四五六七八九十百])(?!(?:1|一)[个项处座])[\d一二两三四五六七八九十百]+(?:个|项|处|座|批)(?:以上)?|一系列|若干|多个|多项|各类|等)$")


def _designated(before: str) -> bool:
    """作为全市重点工程的… / 入选…示范项目, but not 以大宗货运为核心场景的… (以X为Y is no designation)."""
    d = _DESIGNATION.search(before)
    return bool(d) and not (d.group(1) == "为" and re.search(r"以[^，,。；;]{1,16}$", before[: d.start()]))


def _drop_designations(sentences: list[str], per_sentence: list[list[Mention]]) -> None:
    """是…重点工程 / 作为…试点项目: a project category the thing belongs to, not another project."""
    for sentence, ms in zip(sentences, per_sentence):
        ms[:] = [m for m in ms if not (m.type == "Project" and not m.inner and (
            re.search(r"\d+\s*[座个家处项]|共有|最大|最小|最长|最高|单体规模", m.label) or
            _designated(sentence[: m.start]) or _COUNTED_AFTER.match(sentence, m.end) or _COUNTED_BEFORE.search(sentence[: m.start])))]


_LEGAL = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团有限公司|集团公司|公司)$")
_TRADE = re.compile(r"(环境科技|科技|能源|新材料|化工|集团|股份|实业|控股|新能源|发展|技术)$")


def _short_names(per_sentence: list[list[Mention]]) -> dict[str, tuple[str, str]]:
    """Short forms of the full company names an article gives: 内蒙古驰远循环科技有限公司 -> 驰远循环.

    A short form that two full names share stands for neither."""
    from ..divisions import gazetteer

    places = gazetteer().names_longest_first()
    owners: dict[str, set[tuple[str, str]]] = {}
    for ms in per_sentence:
        for m in ms:
            if m.type != "Company" or (m.inner and m.source != "suffix") or not _LEGAL.search(m.label):
                continue
            core = _LEGAL.sub("", m.label)
            for p in places:
                if core.startswith(p) and len(core) > len(p) + 2:
                    core = core[len(p) :]
                    break
            forms = {core}
            while _TRADE.search(core) and len(_TRADE.sub("", core)) >= 2:
                core = _TRADE.sub("", core)
                forms.add(core)
            for f in list(forms):
                if f.endswith("新材料"):
                    forms.add(f[:-1])  # 锐驰新材
                if "集团" in m.label and not f.endswith("集团"):
                    forms.add(_TRADE.sub("", f) + "集团")  # 远鸿集团 for 内蒙古远鸿化工集团有限公司
            for f in forms:
                if len(f) >= 3 and f != m.label:
                    owners.setdefault(f, set()).add((m.label, m.type))
    return {f: next(iter(o)) for f, o in owners.items() if len(o) == 1}


_DECLARED = re.compile(r"[（(](?:以下|下文)?(?:简称|称)[“\"「]?([^”\"」）)]{2,12})[”\"」]?[）)]")


def _declared_short_names(sentences: list[str], per_sentence: list[list[Mention]]) -> dict[str, tuple[str, str]]:
    """内蒙古沐川绿氢能源有限公司（以下简称“沐川绿氢”）: the short name the article itself declares."""
    out = {}
    for sentence, ms in zip(sentences, per_sentence):
        for d in _DECLARED.finditer(sentence):
            named = max((m for m in ms if not m.inner and m.end <= d.start() and d.start() - m.end <= 1), key=lambda m: m.end, default=None)
            if named is not None:
                out[d.group(1)] = (named.label, named.type)
    return out


def _propagate(sentences: list[str], per_sentence: list[list[Mention]], short: dict[str, tuple[str, str]] | None = None) -> None:
    """A name found once is found wherever the article repeats it (卡尔动力 where the tagger missed it),
    and so are the short forms of full company names (驰远循环 for 内蒙古驰远循环科技有限公司)."""
    names: dict[str, str] = {}
    full: dict[str, str] = {}
    for ms in per_sentence:
        for m in ms:
            if m.source in {"suffix", "ner", "lead", "quoted"} and not m.inner and len(m.label) >= 3 and m.type != "Person":
                names.setdefault(m.label, m.type)
    for f, (label, typ) in (short or {}).items():
        names[f] = typ  # a short form of a full name the article gives wins over a guess
        full[f] = label
    if not names:
        return
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    for i, (sentence, ms) in enumerate(zip(sentences, per_sentence)):
        for hit in pattern.finditer(sentence):
            s, e = hit.span()
            same = next((m for m in ms if m.start == s and m.end == e), None)
            if same is not None:
                if hit.group() in full and same.source != "gazetteer":
                    # the tagger's 锐驰新材 (or a suffix guess, 砾源碳材料 as a material) is the company named in full elsewhere
                    same.label, same.type = full[hit.group()], names[hit.group()]
                continue
            guesses = [m for m in ms if s <= m.start and m.end <= e and (m.end - m.start) < (e - s) and m.source == "ner"]
            for g in guesses:
                ms.remove(g)  # 青沙绿/ORG inside 青沙绿能, a short name the article gives
            if any(m.start < e and s < m.end and not (m.start <= s and e <= m.end) for m in ms):
                continue  # crosses another name's edge
            word = hit.group()
            ms.append(Mention(full.get(word, word), names[word], i, s, e, "propagated", surface=word))
        _mark_inner(ms)


_OWNER_IN_NAME = re.compile(
    r"^(?P<o>[\u4e00-\u9fff]{1,6}?(?:科技|能源|集团|电力|化工|新材料?|动力|股份|实业|控股|矿业|煤业|新能源|氢能|光电))(?=[\d\u4e00-\u9fff“\"])"
)


def _owners_in_names(ms: list[Mention], i: int) -> list[Mention]:
    """大路产业园天晟新科技2吉瓦光伏组件生产线: after the places a project name begins with, its owner."""
    extra = []
    for m in ms:
        if m.type != "Project" or m.inner:
            continue
        pos = m.start
        for inner in sorted((x for x in ms if x.inner and m.start <= x.start and x.end <= m.end), key=lambda x: x.start):
            if inner.start == pos and inner.type in CONTAINER_TYPES | ORG_TYPES:
                pos = inner.end
        if any(x.inner and x.type in ORG_TYPES and m.start <= x.start < x.end <= m.end for x in ms):
            continue
        rest = m.label[pos - m.start :] if m.label == m.surface else ""
        found = _OWNER_IN_NAME.match(rest)
        if found and found.end() < len(rest) - 2 and not _generic(found.group("o")):
            o = found.group("o")
            extra.append(Mention(o, "Company", i, pos, pos + len(o), "pattern", inner=True, surface=o))
    return extra


_ORG_PREFIX = re.compile(r"^(.{2,16}?(?:集团|有限公司|公司|大学|学院|研究院|人民政府|部|厅|局|煤矿|电厂))(?=.{2,})")


def _orgs_in_names(ms: list[Mention], i: int) -> list[Mention]:
    """内蒙古伊东集团研发中心, 北京大学鄂尔多斯能源研究院: the organisation a unit's name begins with."""
    from .mentions import _suffix_type

    extra = []
    for m in ms:
        if m.inner or m.label != m.surface or m.type in {"Person", "Product", "Technology"}:
            continue
        found = _ORG_PREFIX.match(m.label)
        if not found:
            continue
        name = found.group(1)
        if name.count("（") != name.count("）") or name.count("(") != name.count(")"):
            continue  # 内蒙古电力（集团）有限责任公司: 集团 inside the brackets ends nothing
        st = _suffix_type(name)
        rest = m.label[len(name) :]
        if st is None or st[1] not in ORG_TYPES | {"Project"} or name == st[0] or rest.startswith(("有限", "股份", "公司", "集团")):
            continue
        if any(x.inner and x.start == m.start and x.end == m.start + len(name) for x in ms):
            continue
        extra.append(Mention(name, st[1], i, m.start, m.start + len(name), "pattern", inner=True, surface=name))
    return extra


def _generic(text: str) -> bool:
    from .mentions import _is_generic

    return _is_generic(text)


_REGION_WORD = re.compile(r"(蒙西|蒙东|华北|西北|东北|华东|华南|西南|华中|北方|西部)$")


def _branch_parents(ms: list[Mention], i: int) -> list[Mention]:
    """中车时代新材蒙西分公司: the company a branch belongs to, named before the branch's region."""
    from ..divisions import gazetteer

    extra = []
    for m in ms:
        if m.type != "Company" or m.inner or not m.label.endswith("分公司") or m.label != m.surface:
            continue
        base = m.label[:-3]
        cut = _REGION_WORD.search(base)
        if cut is None:
            place = next((p for p in gazetteer().names_longest_first() if base.endswith(p)), None)
            base = base[: -len(place)] if place else ""
        else:
            base = base[: cut.start()]
        if len(base) >= 2 and not _generic(base) and not any(x.inner and x.start == m.start and x.type in ORG_TYPES for x in ms):
            extra.append(Mention(base, "Company", i, m.start, m.start + len(base), "pattern", inner=True, surface=base))
    return extra


_LIST_SEP = re.compile(r"^[、和及与]$")


def _complete_list_prefixes(ms: list[Mention], sentence: str) -> None:
    """内蒙古自治区工信厅、公安厅、交通运输厅: the later agencies share the first one's place."""
    outer = sorted((m for m in ms if not m.inner), key=lambda m: m.start)
    place = None
    for a, b in zip(outer, outer[1:]):
        if a.type == b.type == "GovernmentAgency" and _LIST_SEP.match(sentence[a.end : b.start] or "x"):
            place = place or next((x for x in ms if x.inner and x.start == a.start and x.type in CONTAINER_TYPES), None)
            if place is not None and not b.label.startswith(place.label):
                b.label = place.label + b.label
                b.place = place
        else:
            place = None


def _division_tree(per_sentence: list[list[Mention]]) -> list[Fact]:
    """A town in its banner, a banner in its city, where the article names both (reference data says
    which is in which); a village in the town the article was last speaking of."""
    from ..divisions import gazetteer

    g = gazetteer()
    first: dict[str, Mention] = {}
    for ms in per_sentence:
        for m in ms:
            if m.division is not None:
                first.setdefault(m.division.code, m)
    facts = []
    for code, m in first.items():
        parent = g.parent(m.division)
        if parent is not None and parent.code in first and m.type == "Town":
            facts.append(Fact(m, "locatedIn", first[parent.code], m.sent))
    last_town: Mention | None = None
    last_seen = -99
    for i, ms in enumerate(per_sentence):
        for m in sorted(ms, key=lambda m: m.start):
            if m.type == "Town":
                last_town, last_seen = m, i
            elif m.type == "Village" and last_town is not None and i - last_seen <= 25:
                facts.append(Fact(m, "locatedIn", last_town, i))
    return facts


def _products_in_names(ms: list[Mention], sentence: str, i: int) -> list[Mention]:
    extra = []
    for m in ms:
        if m.type != "Project" or m.inner:
            continue
        found = _PRODUCT_IN_NAME.search(m.label)
        if not found:
            continue
        name = found.group("p") or found.group("q")
        name = re.sub(r"(扩能|扩建|精深加工|深加工|加工|升级|改造|技改|综合利用|示范)+$", "", name or "")
        name = re.sub(r"^(煤制|煤基|醇制|气制)(?=.{2,})", "", name)  # 煤制乙二醇: the product is 乙二醇
        if re.search(r"治理|修复|改造|示范|利用|建设|开发|升级|生态", name):
            continue  # 光伏生态治理项目: what the project does, not what it makes
        if not name or name.startswith("时") or name in _NOT_PRODUCT or re.search(r"公司|集团|产业|风电|光伏$", name) or any(x.type == "Product" and x.label == name for x in ms):
            continue
        off = m.label.rfind(name)
        start = m.start + off if m.surface.endswith(m.label) or m.surface == m.label else m.start
        pos = start
        for part in re.split(r"(和|及|与|、)", name):  # 单晶硅棒和切片: two products
            if part not in {"和", "及", "与", "、"} and len(part) >= 2 and part not in _NOT_PRODUCT:
                extra.append(Mention(part, "Product", i, pos, pos + len(part), "pattern", inner=True, surface=part))
            pos += len(part)
    return extra
