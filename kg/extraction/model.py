"""A trained tagger and relation classifier, beside the rules (docs/decisions/2026-12-02-trained-tagger.md).

Two models, both trained by `python -m kg.train` on the gold annotations and shipped in
`kg/extraction/models/`:

- a CRF over the characters of a sentence that marks names and their core type (B-/I- labels),
  from the characters around each one, LAC's words, parts of speech and ORG/LOC/PER tags, hits
  of the reference place names and of the name endings the rules know, and the rules' own
  mentions of the sentence;
- a classifier over pairs of names in one sentence that says which core relation, if any, joins
  them, from their types, order, distance, the words between and around them and the relation the
  rules found. It is a CRF over one-item sequences, which is a multinomial logistic regression:
  one library for both models.

How the models combine with the rules is a setting, `$KG_EXTRACTOR` (or `apply(..., mode=)`):

    rules     the rules alone; the models are not loaded
    add       the rules, plus the tagger's names where the rules found nothing overlapping, plus the
              classifier's relations between names of one sentence that the rules did not relate
    filter    the rules, less the names the tagger finds nothing of (reference places always stay),
              and the relations of those names
    combined  filter, then add
    model     the models alone: the tagger's names and the classifier's relations (the rules'
              quantities are kept where their project is one of the tagger's names)

The models are loaded once per process, on first use.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..divisions import gazetteer
from ..errors import KGError
from ..vocab import DIVISION_TYPES
from .mentions import ORG_TYPES, SUFFIX_TYPES, Mention
from .ner import Token
from .relations import Fact

MODES = ("rules", "add", "filter", "combined", "model")
DEFAULT_MODE = "combined"  # won the blind first run and the cross-validation: docs/decisions/2026-12-02-trained-tagger.md
ENV_MODE = "KG_EXTRACTOR"
ENV_DIR = "KG_MODEL_DIR"  # another folder of models (cross-validation, a retrained model)

MENTIONS_FILE = "mentions.crfsuite"
RELATIONS_FILE = "relations.crfsuite"
META_FILE = "model.json"

OUTSIDE = "O"
NO_RELATION = "none"
PLACES = DIVISION_TYPES | {"IndustrialPark", "Place"}

# The core relations (SPEC.md) between names, with the types of their subject and object.
RELATION_TYPES: dict[str, tuple[set[str], set[str]]] = {
    "locatedIn": (set(), PLACES),  # any subject
    "operatedBy": ({"Project"}, ORG_TYPES),
    "subsidiaryOf": (ORG_TYPES, ORG_TYPES),
    "collaboratesWith": (ORG_TYPES, ORG_TYPES),
    "memberOf": (ORG_TYPES, {"Alliance"}),
    "usesTechnology": (ORG_TYPES | {"Project"}, {"Technology"}),
    "develops": (ORG_TYPES, {"Technology", "Product"}),
    "produces": (ORG_TYPES | {"Project"}, {"Product"}),
}
SYMMETRIC = {"collaboratesWith"}
MAX_PAIR_MENTIONS = 40  # names of one sentence paired with each other; past that, the first ones


class ModelError(KGError):
    """The shipped models are missing or unreadable, or the setting names no mode."""


def mode_from_env() -> str:
    mode = os.environ.get(ENV_MODE, "").strip() or DEFAULT_MODE
    if mode not in MODES:
        raise ModelError(f"${ENV_MODE} is {mode!r}; it must be one of {', '.join(MODES)}")
    return mode


SHIPPED = str(Path(__file__).with_name("models"))


def models_dir() -> Path:
    return Path(os.environ.get(ENV_DIR) or SHIPPED)


@lru_cache(maxsize=4)
def _load(folder: str):
    """The two taggers and the settings trained with them, opened once per folder and process."""
    import pycrfsuite

    path = Path(folder)
    try:
        meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
        taggers = []
        for name in (MENTIONS_FILE, RELATIONS_FILE):
            t = pycrfsuite.Tagger()
            t.open(str(path / name))
            taggers.append(t)
    except (OSError, ValueError) as e:
        raise ModelError(f"{path}: no trained model there ({e})", hint="train one: python -m kg.train") from e
    return taggers[0], taggers[1], meta


def loaded():
    return _load(os.environ.get(ENV_DIR) or SHIPPED)


# ---------------------------------------------------------------- features of characters


@lru_cache(maxsize=1)
def _place_pattern() -> re.Pattern:
    return re.compile("|".join(re.escape(n) for n in gazetteer().names_longest_first()))


@lru_cache(maxsize=1)
def _ending_pattern() -> tuple[re.Pattern, dict[str, str]]:
    endings = dict(SUFFIX_TYPES)
    return re.compile("|".join(re.escape(e) for e in sorted(endings, key=len, reverse=True))), endings


def _kind(c: str) -> str:
    if "\u4e00" <= c <= "\u9fff":
        return "H"
    if c.isdigit():
        return "D"
    if c.isascii() and c.isalpha():
        return "L"
    return "P"


def _spans_to_marks(n: int, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """B-x / I-x per character for non-overlapping spans (earlier and longer spans first win)."""
    marks = ["O"] * n
    for s, e, label in sorted(spans, key=lambda x: (x[0], x[0] - x[1])):
        if s < 0 or e > n or s >= e or any(m != "O" for m in marks[s:e]):
            continue
        marks[s] = "B-" + label
        for k in range(s + 1, e):
            marks[k] = "I-" + label
    return marks


def char_features(sentence: str, tokens: list[Token], rule_mentions: list[Mention]) -> list[tuple[str, ...]]:
    """The features of each character of a sentence, as strings."""
    n = len(sentence)
    word_tag = ["w"] * n
    word = [""] * n
    for t in tokens:
        s, e = max(0, t.start), min(n, t.end)
        for k in range(s, e):
            pos = "S" if e - s == 1 else "B" if k == s else "E" if k == e - 1 else "M"
            word_tag[k] = t.tag + pos
            word[k] = t.word if len(t.word) <= 4 else ""
    places = _spans_to_marks(n, ((m.start(), m.end(), "G") for m in _place_pattern().finditer(sentence)))
    pattern, endings = _ending_pattern()
    ends = ["O"] * n
    for m in pattern.finditer(sentence):
        typ = endings[m.group()]
        for k in range(m.start(), m.end()):
            ends[k] = ("E-" if k == m.end() - 1 else "I-") + typ
    outer = _spans_to_marks(n, ((m.start, m.end, m.type) for m in rule_mentions if not m.inner))
    source = _spans_to_marks(n, ((m.start, m.end, m.source) for m in rule_mentions if not m.inner))
    inner = _spans_to_marks(n, ((m.start, m.end, m.type) for m in rule_mentions if m.inner))
    kinds = [_kind(c) for c in sentence]
    before_tag = ["^", *word_tag[:-1]]
    after_tag = [*word_tag[1:], "$"]
    padded = "^^" + sentence + "$$"
    pairs = [padded[k : k + 2] for k in range(1, n + 2)]  # the character before and this one, ..., this and the next
    columns = (
        ["c=" + c for c in sentence],
        ["p=" + c for c in padded[1 : n + 1]],
        ["n=" + c for c in padded[3 : n + 3]],
        ["pp=" + c for c in padded[:n]],
        ["nn=" + c for c in padded[4:]],
        ["pc=" + x for x in pairs[:n]],
        ["cn=" + x for x in pairs[1:]],
        ["k=" + x for x in kinds],
        ["t=" + x for x in word_tag],
        ["tp=" + x for x in before_tag],
        ["tn=" + x for x in after_tag],
        ["w=" + x for x in word],
        ["g=" + x for x in places],
        ["e=" + x for x in ends],
        ["r=" + x for x in outer],
        ["ri=" + x for x in inner],
        ["re=" + x + y for x, y in zip(outer, ends)],
        ["rs=" + x for x in source],
    )
    return list(zip(*columns))  # a tuple of features per character


def spans_of(labels: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) of each name in a B-/I- labelling."""
    out = []
    start, typ = None, None
    for k, lab in enumerate(labels + [OUTSIDE]):
        if start is not None and not (lab.startswith("I-") and lab[2:] == typ):
            out.append((start, k, typ))
            start = None
        if lab.startswith("B-") or (lab.startswith("I-") and start is None):
            start, typ = k, lab[2:]
    return out


def tag_mentions(sentence: str, tokens: list[Token], rule_mentions: list[Mention], sent_index: int) -> list[Mention]:
    """The names the tagger finds in one sentence (their `source` is "model")."""
    if not sentence:
        return []
    mentions_tagger, _, _ = loaded()
    labels = mentions_tagger.tag(char_features(sentence, tokens, rule_mentions))
    out = []
    g = gazetteer()
    for s, e, typ in spans_of(labels):
        label = sentence[s:e]
        if e - s < 2 or not re.search(r"[\u4e00-\u9fffA-Za-z]", label):
            continue
        division = g.lookup(label) if typ in DIVISION_TYPES else None
        if division is None and typ in {"Region", "City", "Banner", "Town"}:
            continue  # divisions down to the town are reference data: a name the official list lacks is no division
        out.append(Mention(label, typ, sent_index, s, e, "model", division=division, surface=label, rule="model/tagger"))
    return out


# ---------------------------------------------------------------- features of pairs


def _bucket(d: int) -> str:
    for limit, name in ((0, "0"), (2, "1-2"), (5, "3-5"), (10, "6-10"), (20, "11-20"), (40, "21-40")):
        if d <= limit:
            return name
    return "41+"


def candidate_pairs(mentions: list[Mention]) -> list[tuple[Mention, Mention]]:
    """Ordered pairs of names of one sentence that some core relation could join, by their types."""
    ms = sorted(mentions, key=lambda m: (m.start, m.end))[:MAX_PAIR_MENTIONS]
    out = []
    for a in ms:
        for b in ms:
            if a is b or (a.start == b.start and a.end == b.end):
                continue
            if any((not subj or a.type in subj) and b.type in obj for subj, obj in RELATION_TYPES.values()):
                out.append((a, b))
    return out


def pair_features(
    sentence: str, tokens: list[Token], mentions: list[Mention], a: Mention, b: Mention, rule_facts: dict[tuple[int, int], str]
) -> list[str]:
    """What tells whether `a` (subject) and `b` (object) are related, and how."""
    first, second = (a, b) if (a.start, a.end) <= (b.start, b.end) else (b, a)
    f = ["ta=" + a.type, "tb=" + b.type, "tt=" + a.type + ">" + b.type, "ord=" + ("ab" if first is a else "ba")]
    if a.start <= b.start and b.end <= a.end:
        f.append("in=b-in-a")
        f.append("in=b-in-a:" + a.type + ">" + b.type)
        head = sentence[a.start : b.start]
        f.append("head=" + ("empty" if not head else "short" if len(head) <= 2 else "long"))
    elif b.start <= a.start and a.end <= b.end:
        f.append("in=a-in-b")
    else:
        gap = sentence[first.end : second.start]
        f.append("d=" + _bucket(len(gap)))
        if len(gap) <= 4:
            f.append("gap=" + gap)
        words = [t for t in tokens if t.start >= first.end and t.end <= second.start]
        f.extend("bw=" + t.word for t in words[:12])
        f.extend("bt=" + t.tag for t in words[:12])
        if words:
            f.append("w0=" + words[0].word)
            f.append("wl=" + words[-1].word)
            verbs = [t.word for t in words if t.tag.startswith("v")]
            f.extend("v=" + v + ":" + f[3] for v in verbs[:4])
        between = [m for m in mentions if not m.inner and m.start >= first.end and m.end <= second.start]
        f.append("nb=" + str(min(len(between), 3)))
        f.extend("mb=" + m.type for m in between[:6])
        if re.search(r"[，,；;。]", gap):
            f.append("comma")
    before = [t for t in tokens if t.end <= first.start][-2:]
    after = [t for t in tokens if t.start >= second.end][:2]
    f.extend("pre=" + t.word for t in before)
    f.extend("post=" + t.word for t in after)
    f.append("ia=" + str(a.inner) + " ib=" + str(b.inner))
    f.append("rule=" + rule_facts.get((id(a), id(b)), NO_RELATION))
    f.append("rrule=" + rule_facts.get((id(b), id(a)), NO_RELATION))
    return f


def fact_index(facts: Iterable[Fact]) -> dict[tuple[int, int], str]:
    return {
        (id(f.subject), id(f.object)): f.predicate
        for f in facts
        if isinstance(f.object, Mention) and f.predicate in RELATION_TYPES
    }


def score_pairs(sentence: str, tokens: list[Token], mentions: list[Mention], rule_facts: dict[tuple[int, int], str]):
    """The candidate pairs of the sentence and the classifier, set to them (`marginal(label, k)` is the
    probability that pair k is joined by `label`)."""
    pairs = candidate_pairs(mentions)
    if not pairs:
        return [], None
    _, relations_tagger, _ = loaded()
    # one-item sequences were trained, so no transitions exist: tagging the pairs as one sequence
    # scores each on its own, in one call
    relations_tagger.set([pair_features(sentence, tokens, mentions, a, b, rule_facts) for a, b in pairs])
    return pairs, relations_tagger


def relation_facts(
    sentence: str,
    tokens: list[Token],
    mentions: list[Mention],
    sent_index: int,
    rule_facts: dict[tuple[int, int], str] | None = None,
    threshold: float = 0.5,
) -> list[Fact]:
    """The relations the classifier finds (with at least `threshold` of probability) between the names of one sentence."""
    pairs, tagger = score_pairs(sentence, tokens, mentions, rule_facts or {})
    if not pairs:
        return []
    best = tagger.tag()  # the likeliest label of each pair: the only one that can pass a threshold of 0.5 or more
    relations = [lab for lab in tagger.labels() if lab != NO_RELATION]
    out, seen = [], set()
    for k, (a, b) in enumerate(pairs):
        if threshold >= 0.5:
            pred = best[k]
        else:
            pred = max(relations, key=lambda lab: tagger.marginal(lab, k), default=NO_RELATION)
        if pred == NO_RELATION or tagger.marginal(pred, k) < threshold:
            continue
        subj, obj = RELATION_TYPES[pred]
        if (subj and a.type not in subj) or b.type not in obj:
            continue
        if a.division is not None and b.division is not None:
            continue  # which division lies in which is reference data (kg/divisions.py), not the classifier's guess
        key = (pred, *sorted((id(a), id(b)))) if pred in SYMMETRIC else (pred, id(a), id(b))
        if key not in seen:
            seen.add(key)
            out.append(Fact(a, pred, b, sent_index, "model/relations"))
    return out


# ---------------------------------------------------------------- combining with the rules


def _overlaps(m: Mention, others: Iterable[Mention]) -> bool:
    return any(o.start < m.end and m.start < o.end for o in others)


@dataclass(frozen=True)
class Combination:
    """How the models join the rules: which names the tagger adds or takes away, and what the
    classifier may do with relations (add those above `add_above`; drop the rules' below `drop_below`)."""

    add_names: bool = False  # the tagger's names where the rules found nothing overlapping
    drop_names: frozenset[str] = frozenset()  # the rules' names of these types that the tagger finds nothing of
    replace_names: bool = False  # the tagger's names instead of the rules'
    add_above: float | None = None
    drop_below: float | None = None


# The types whose names, found by the rules, the tagger judges well: on the real-news dev folds dropping
# those it finds nothing of removed 22 wrong names and 2 right ones; of the other types it removed
# 3 wrong and 2 right ones, and it would drop rare, well-marked names (采用X工艺, 旗人大常委会).
JUDGED = frozenset({"Project", "Product", "Place"})

COMBINATIONS = {
    "add": Combination(add_names=True, add_above=0.5),
    "filter": Combination(drop_names=JUDGED),
    "combined": Combination(drop_names=JUDGED, add_names=True, add_above=0.5),
    "model": Combination(replace_names=True, add_above=0.5),
}


def apply(
    sentences: list[str], tokens: list[list[Token]], per_sentence: list[list[Mention]], facts: list[Fact], mode: str | None = None
) -> None:
    """Combine the models with what the rules found in one document, in place, as `mode` says
    (default: $KG_EXTRACTOR, else DEFAULT_MODE)."""
    mode = mode or mode_from_env()
    if mode not in MODES:
        raise ModelError(f"no extraction mode {mode!r}; one of {', '.join(MODES)}")
    if mode != "rules":
        combine(sentences, tokens, per_sentence, facts, COMBINATIONS[mode])


def combine(sentences, tokens, per_sentence, facts: list[Fact], how: Combination) -> None:
    rule_index = fact_index(facts)
    for i, (sentence, toks, ms) in enumerate(zip(sentences, tokens, per_sentence)):
        found = tag_mentions(sentence, toks, ms, i)
        if how.replace_names:
            by_span = {(m.start, m.end): m for m in found}
            kept = {id(m): by_span[(m.start, m.end)] for m in ms if (m.start, m.end) in by_span}
            facts[:] = [
                _moved(f, kept) for f in facts if f.sent == i and id(f.subject) in kept and not isinstance(f.object, Mention)
            ] + [f for f in facts if f.sent != i]
            ms[:] = found
            continue
        if how.drop_names:
            dropped = {
                id(m)
                for m in ms
                if not m.inner and m.type in how.drop_names and m.source != "gazetteer" and not _overlaps(m, found)
            }
            facts[:] = [f for f in facts if id(f.subject) not in dropped and id(f.object) not in dropped]
            ms[:] = [m for m in ms if id(m) not in dropped]
        if how.add_names:
            ms.extend(m for m in found if not _overlaps(m, ms))
    if how.replace_names:
        rule_index = {}
        facts[:] = [f for f in facts if not isinstance(f.object, Mention)]
    if how.drop_below is not None:
        _drop_rejected(sentences, tokens, per_sentence, facts, how.drop_below)
        rule_index = fact_index(facts)
    if how.add_above is None:
        return
    related = {(id(f.subject), id(f.object)) for f in facts if isinstance(f.object, Mention)}
    for i, (sentence, toks, ms) in enumerate(zip(sentences, tokens, per_sentence)):
        for f in relation_facts(sentence, toks, ms, i, rule_index, how.add_above):
            if (id(f.subject), id(f.object)) not in related and (id(f.object), id(f.subject)) not in related:
                facts.append(f)


def _moved(f: Fact, kept: dict[int, Mention]) -> Fact:
    return Fact(kept[id(f.subject)], f.predicate, f.object, f.sent, f.rule)


def _drop_rejected(sentences, tokens, per_sentence, facts: list[Fact], below: float) -> None:
    """A relation the rules found between two names of one sentence goes when the classifier gives it
    less than `below`."""
    index = fact_index(facts)
    rejected = set()
    for sentence, toks, ms in zip(sentences, tokens, per_sentence):
        pairs, tagger = score_pairs(sentence, toks, ms, index)
        known = set(tagger.labels()) if tagger else set()
        for k, (a, b) in enumerate(pairs):
            pred = index.get((id(a), id(b)))
            if pred is not None and (tagger.marginal(pred, k) if pred in known else 0.0) < below:
                rejected.add((id(a), pred, id(b)))
    facts[:] = [f for f in facts if (id(f.subject), f.predicate, id(f.object)) not in rejected]
