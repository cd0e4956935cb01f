"""Extraction: from a read Document to the names and facts each sentence states."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from ..read import Document
from .catalogue import catalogue
from .milestones import find_milestones
from .mentions import CONTAINER_TYPES, ORG_TYPES, Mention, _mark_inner, find_mentions, reshaped
from . import lists, products, projects
from .ner import tag_sentences
from .relations import Context, Fact, facts_of_sentence, guarded

log = logging.getLogger(__name__)


@dataclass
class DocumentFacts:
    """What one document states, before names are resolved to entities."""

    doc: Document
    mentions: list[list[Mention]] = field(default_factory=list)  # per sentence
    facts: list[Fact] = field(default_factory=list)
    dropped: list[tuple[Mention, str]] = field(default_factory=list)  # names a later rule took away, and that rule
    unlisted: list[tuple[str, str]] = field(default_factory=list)  # (rule, stage) of what a stage made outside its rules: a fault


def extract_document(doc: Document, tokens=None) -> DocumentFacts:
    """Run the stages of the rule catalogue (kg/extraction/rules/), in order, over one document."""
    sentences = [s.text for s in doc.sentences]
    if tokens is None:
        tokens = tag_sentences(sentences)
    run = _Run(doc, sentences, tokens)
    out = DocumentFacts(doc)
    for stage in catalogue().stages:
        _run_stage(stage, run, out)
    out.mentions, out.facts = run.per_sentence, run.facts
    return out


class _Run:
    """One document on its way through the stages: its sentences, their names, the facts found so far."""

    def __init__(self, doc: Document, sentences: list[str], tokens) -> None:
        self.doc, self.sentences, self.tokens = doc, sentences, tokens
        self.per_sentence: list[list[Mention]] = [[] for _ in sentences]
        self.facts: list[Fact] = []
        self.short: dict[str, tuple[str, str]] = {}  # short company names -> (full name, type)


def _run_stage(stage, run: _Run, out: DocumentFacts) -> None:
    """Run one stage, then check that what it made or changed carries the name of one of its own rules, and
    note which rule took away each name that went (a filter, or a longer name over it)."""
    mentions = [m for ms in run.per_sentence for m in ms]
    rules_before = {id(m): m.rule for m in mentions}
    facts_before = {id(f): f.rule for f in run.facts}
    STAGES[stage.name](run)
    allowed = {r.name for r in stage.rules}
    now = [m for ms in run.per_sentence for m in ms]
    for m in now:
        if rules_before.get(id(m)) != m.rule and m.rule not in allowed:
            _unlisted(out, m.rule, stage.name)
    for f in run.facts:
        if id(f) not in facts_before and f.rule not in allowed and f.rule not in facts_before.values():
            _unlisted(out, f.rule, stage.name)
    kept = {id(m) for m in now}
    gone = [m for m in mentions if id(m) not in kept]
    if gone:
        filters = [r.name for r in stage.rules if r.kind == "filter"]
        for m in gone:
            over = next((x.rule for x in run.per_sentence[m.sent] if x.rule in allowed and x.start <= m.start and m.end <= x.end), None)
            out.dropped.append((m, over or (filters[0] if filters else f"{stage.name}/?")))


def _unlisted(out: DocumentFacts, rule: str, stage: str) -> None:
    """A name or fact made outside the catalogue: a fault of the code, logged and counted (tests fail on it)."""
    if (rule, stage) not in out.unlisted:
        log.warning("stage %s made something by %r, which is none of its rules in the catalogue", stage, rule or "no rule")
        out.unlisted.append((rule, stage))


def _names(run: _Run) -> None:
    run.per_sentence = [guarded(lambda: find_mentions(s, t, i), s) or [] for i, (s, t) in enumerate(zip(run.sentences, run.tokens))]


def _restore_starts(run: _Run) -> None:
    _restore_cut_starts(run.sentences, run.per_sentence)


def _lone_guesses(run: _Run) -> None:
    _drop_lone_guesses(run.doc, run.per_sentence)


def _designations(run: _Run) -> None:
    _drop_designations(run.sentences, run.per_sentence)


def _short_and_repeated(run: _Run) -> None:
    run.short = {**_short_names(run.per_sentence), **_declared_short_names(run.sentences, run.per_sentence)}
    _propagate(run.sentences, run.per_sentence, run.short)


def _names_in_names(run: _Run) -> None:
    sentences, tokens = run.sentences, run.tokens
    # the article's organisations, short names and places: an owner is none of these words' beginning
    orgs = {m.label for ms in run.per_sentence for m in ms if m.type in ORG_TYPES | CONTAINER_TYPES | {"Place"}} | set(run.short)
    for i, ms in enumerate(run.per_sentence):
        ms.extend(products.products_in_names(ms, sentences[i], i))
        ms.extend(projects.listed_projects(sentences[i], tokens[i], i, ms))
        ms.extend(_owners_in_names(ms, i))
        ms.extend(projects.owners_at_start(sentences[i], tokens[i], i, ms, orgs))
        ms.extend(_orgs_in_names(ms, i))
        ms.extend(_branch_parents(ms, i))
        _complete_list_prefixes(ms, sentences[i])
        _mark_inner(ms)


def _products(run: _Run) -> None:
    sentences = run.sentences
    for i, ms in enumerate(run.per_sentence):
        for finder in (products.outputs, products.listed_items, products.plant_products, products.made_things, products.brands,
                       products.tonnage_lists):
            ms.extend(guarded(lambda: finder(sentences[i], i, ms), sentences[i]) or [])


def _coordinated_products(run: _Run) -> None:
    known_products = {m.label for ms in run.per_sentence for m in ms if m.type == "Product"}
    for i, ms in enumerate(run.per_sentence):
        ms.extend(guarded(lambda: products.coordinated_products(run.sentences[i], run.tokens[i], i, ms, known_products), run.sentences[i]) or [])


def _relations(run: _Run) -> None:
    ctx = Context()
    for i, ms in enumerate(run.per_sentence):
        run.facts.extend(_facts_without_declarations(run.sentences[i], i, ms, ctx))


def _divisions(run: _Run) -> None:
    run.facts.extend(_division_tree(run.per_sentence, run.sentences))


def _supported(run: _Run) -> None:
    _keep_supported(run.sentences, run.per_sentence, run.facts)


def _articles_banner(run: _Run) -> None:
    run.facts.extend(_in_the_articles_banner(run.per_sentence, run.facts))


def _milestones(run: _Run) -> None:
    run.facts.extend(find_milestones(run.sentences, run.per_sentence, getattr(run.doc, "published", None)))


def _models(run: _Run) -> None:
    from .model import apply as apply_models  # the trained tagger and classifier, as $KG_EXTRACTOR says

    apply_models(run.sentences, run.tokens, run.per_sentence, run.facts)


# The function of each stage of the catalogue (kg/extraction/rules/stages.toml gives their order).
STAGES = {
    "names": _names, "restore-starts": _restore_starts, "lone-guesses": _lone_guesses, "designations": _designations,
    "short-and-repeated": _short_and_repeated, "names-in-names": _names_in_names, "products": _products,
    "coordinated-products": _coordinated_products, "relations": _relations, "divisions": _divisions,
    "supported": _supported, "articles-banner": _articles_banner, "milestones": _milestones, "model": _models,
}


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


_ACTED_ON = re.compile("(" + lists.alternation("acted-on-verbs") + ")(了|出)?$")
_ACTED_AFTER = re.compile("^(的)?(" + lists.alternation("acted-after-words") + ")")


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
                reshaped(m, "mention/restore-cut-start")
                m.surface = m.label


def _drop_lone_guesses(doc: Document, per_sentence: list[list[Mention]]) -> None:
    """A company name that only the tagger proposes must recur in the article to be believed."""
    for ms in per_sentence:
        ms[:] = [m for m in ms if m.source != "ner" or m.type != "Company" or doc.text.count(m.label) >= 2
                 or _ACTS_AS_COMPANY.match(doc.sentences[m.sent].text[m.end : m.end + 8])]


_DESIGNATION = re.compile(r"(是|为|作为|属于|列为|列入|成为|入选|获评|被评为|标志着)[^，,。；;、“”]{0,14}$|(首个|首座|首条|首家|第一个)[^，,。；;、“”]{0,10}$")


# 实施科普能力提升项目34个, 建成肉牛养殖基地4处, 5个光伏项目: a kind of project counted, not one project
_COUNTED_AFTER = re.compile(r"\s*[\d一二两三四五六七八九十百]+\s*(?:个|项|处|座|批)(?!月|小时|工作日)")
_COUNTED_BEFORE = re.compile(r"(?:(?<![\d一二两三四五六七八九十百])(?!(?:1|一)[个项处座])[\d一二两三四五六七八九十百]+(?:个|项|处|座|批)(?:以上)?|一系列|若干|多个|多项|各类|等)$")


def _designated(before: str) -> bool:
    """作为全市重点工程的… / 入选…示范项目, but not 以大宗货运为核心场景的… (以X为Y is no designation)."""
    d = _DESIGNATION.search(before)
    if d and d.group(1) == "是" and before[: d.start()].endswith("的"):
        return False  # 投资规模最大的是X项目: which one, not what kind
    if d and d.group(1) == "是" and d.end() == len(before) and re.search(r"(?:^|[，,。；;：:])\s*(?:[一二三四五六七八九十]|其[一二三四五])$", before[: d.start()]):
        return False  # 一是X项目, 二是…: items of a list, not a designation (一是实施X工程 still is one)
    return bool(d) and not (d.group(1) == "为" and re.search(r"以[^，,。；;]{1,16}$", before[: d.start()]))  # (首个…项目 too)


def _drop_designations(sentences: list[str], per_sentence: list[list[Mention]]) -> None:
    """是…重点工程 / 作为…试点项目: a project category the thing belongs to, not another project."""
    for sentence, ms in zip(sentences, per_sentence):
        ms[:] = [m for m in ms if not (m.type == "Project" and not m.inner and (
            re.search(r"^\d+\s*[座个家处项条]|\d+\s*[座个家处项]|共有|最大|最小|最长|最高|单体规模", m.label) or
            _designated(sentence[: m.start]) or _COUNTED_AFTER.match(sentence, m.end) or _COUNTED_BEFORE.search(sentence[: m.start])))]


_LEGAL = re.compile("(" + lists.alternation("legal-forms") + ")$")
_TRADE = re.compile("(" + lists.alternation("trade-words") + ")$")


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
                    reshaped(same, "mention/short-name")
                continue
            guesses = [m for m in ms if s <= m.start and m.end <= e and (m.end - m.start) < (e - s) and m.source == "ner"]
            for g in guesses:
                ms.remove(g)  # 青沙绿/ORG inside 青沙绿能, a short name the article gives
            if any(m.start < e and s < m.end and not (m.start <= s and e <= m.end) for m in ms):
                continue  # crosses another name's edge
            word = hit.group()
            ms.append(Mention(full.get(word, word), names[word], i, s, e, "propagated", surface=word,
                              rule="mention/short-name" if word in full else "mention/repeated-name"))
        _mark_inner(ms)


_OWNER_IN_NAME = re.compile(
    r"^(?P<o>[\u4e00-\u9fff]{1,6}?(?:" + lists.alternation("owner-name-endings") + r"))(?=[\d\u4e00-\u9fff“\"])"
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
        if found and found.end() < len(rest) - 2 and not _generic(found.group("o")) and not re.fullmatch(r"(现代)?[\u4e00-\u9fff]?化工", found.group("o")):
            o = found.group("o")
            extra.append(Mention(o, "Company", i, pos, pos + len(o), "pattern", inner=True, surface=o, rule="mention/owner-in-project-name"))
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
        extra.append(Mention(name, st[1], i, m.start, m.start + len(name), "pattern", inner=True, surface=name,
                             rule="mention/organisation-in-unit-name"))
    return extra


def _generic(text: str) -> bool:
    from .mentions import _is_generic

    return _is_generic(text)


_REGION_WORD = re.compile("(" + lists.alternation("region-words") + ")$")


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
            extra.append(Mention(base, "Company", i, m.start, m.start + len(base), "pattern", inner=True, surface=base,
                                 rule="mention/branch-parent"))
    return extra


_LIST_SEP = re.compile(r"^[、和及与]$")


def _complete_list_prefixes(ms: list[Mention], sentence: str) -> None:
    """内蒙古自治区工信厅、公安厅、交通运输厅: the later agencies share the first one's place."""
    outer = sorted((m for m in ms if not m.inner), key=lambda m: m.start)
    place = None
    for a, b in zip(outer, outer[1:]):
        if a.type == b.type == "GovernmentAgency" and _LIST_SEP.match(sentence[a.end : b.start] or "x"):
            place = place or next((x for x in ms if x.inner and x.start == a.start and x.type in CONTAINER_TYPES), None)
            own_level = re.match(r"国家|自治区|省|市|旗|区|县|镇|苏木", b.label) or any(
                x.inner and x.start == b.start and x.type in CONTAINER_TYPES for x in ms)
            if place is not None and not own_level and not b.label.startswith(place.label):
                b.label = place.label + b.label
                reshaped(b, "mention/list-shares-place")
                b.place = place
        else:
            place = None


def _in_the_articles_banner(per_sentence: list[list[Mention]], facts: list[Fact]) -> list[Fact]:
    """An article that speaks of one banner only (今年，某旗实施亿元以上项目…, then the projects one by one) places
    each project it names, that it places nowhere else, in that banner."""
    banners = {m.label: m for ms in per_sentence for m in ms if m.type == "Banner" and m.division is not None and not m.inner}
    if len(banners) != 1:
        return []
    (banner,) = banners.values()
    placed = {id(f.subject) for f in facts if f.predicate == "locatedIn"}
    placed_labels = {f.subject.label for f in facts if f.predicate == "locatedIn"}
    out, seen = [], set()
    for ms in per_sentence:
        for m in ms:
            if m.type == "Project" and not m.inner and id(m) not in placed and m.label not in placed_labels | seen:
                seen.add(m.label)
                out.append(Fact(m, "locatedIn", banner, m.sent, "locatedIn/article-banner"))
    return out


def _division_tree(per_sentence: list[list[Mention]], sentences_of: list[str] = ()) -> list[Fact]:
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
            facts.append(Fact(m, "locatedIn", first[parent.code], m.sent, "locatedIn/town-in-banner"))
    # 作为鄂尔多斯市下辖的…，乌审旗…: a banner and its city in one sentence that says so
    for i, ms in enumerate(per_sentence):
        for m in ms:
            parent = g.parent(m.division) if m.division is not None and m.type == "Banner" else None
            if parent is None or not re.search(r"下辖|所辖|辖区|管辖", sentences_of[i]):
                continue
            city = next((x for x in ms if x.division is not None and x.division.code == parent.code), None)
            if city is not None:
                facts.append(Fact(m, "locatedIn", city, i, "locatedIn/banner-under-city"))
    last_town: Mention | None = None
    last_seen = -99
    for i, ms in enumerate(per_sentence):
        for m in sorted(ms, key=lambda m: m.start):
            if m.type == "Town":
                last_town, last_seen = m, i
            elif m.type == "Village" and last_town is not None and i - last_seen <= 25:
                facts.append(Fact(m, "locatedIn", last_town, i, "locatedIn/village-in-last-town"))
    return facts

