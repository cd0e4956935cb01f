"""Extraction: from a read Document to the names and facts each sentence states."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..read import Document
from .mentions import Mention, find_mentions
from .ner import tag_sentences
from .relations import Context, Fact, facts_of_sentence

# 年产60万吨磷酸铁锂项目, 合成绿氨项目, 光伏组件生产线: the product a plant makes, named in its name
_PRODUCT_IN_NAME = re.compile(
    r"(?:年产(?:能)?[\d.]+万?吨|合成|生产|制备|年产)(?P<p>[\u4e00-\u9fffA-Za-z]{2,8}?)(?:一体化)?(?:项目|生产线|工厂|装置)$"
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
    _drop_lone_guesses(doc, per_sentence)
    for i, ms in enumerate(per_sentence):
        ms.extend(_products_in_names(ms, sentences[i], i))
    ctx = Context()
    for i, ms in enumerate(per_sentence):
        out.facts.extend(facts_of_sentence(sentences[i], i, ms, ctx))
    out.mentions = per_sentence
    return out


def extract_documents(docs: list[Document]) -> list[DocumentFacts]:
    """Tag all sentences of all documents in one pass (the model runs in batches), then read facts."""
    all_sentences = [s.text for d in docs for s in d.sentences]
    all_tokens = tag_sentences(all_sentences)
    out, k = [], 0
    for d in docs:
        n = len(d.sentences)
        out.append(extract_document(d, all_tokens[k : k + n]))
        k += n
    return out


def _drop_lone_guesses(doc: Document, per_sentence: list[list[Mention]]) -> None:
    """A company name that only the tagger proposes must recur in the article to be believed."""
    for ms in per_sentence:
        ms[:] = [m for m in ms if m.source != "ner" or m.type != "Company" or doc.text.count(m.label) >= 2]


def _products_in_names(ms: list[Mention], sentence: str, i: int) -> list[Mention]:
    extra = []
    for m in ms:
        if m.type != "Project" or m.inner:
            continue
        found = _PRODUCT_IN_NAME.search(m.label)
        if not found:
            continue
        name = found.group("p") or found.group("q")
        if not name or name in _NOT_PRODUCT or re.search(r"公司|集团|产业|风电|光伏$", name) or any(x.type == "Product" and x.label == name for x in ms):
            continue
        off = m.label.rfind(name)
        start = m.start + off if m.surface.endswith(m.label) or m.surface == m.label else m.start
        extra.append(Mention(name, "Product", i, start, start + len(name), "pattern", inner=True, surface=name))
    return extra
