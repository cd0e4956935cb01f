"""Scoring an extraction (SPEC's `kg extract` JSON) against gold documents.

Per document: entities are matched one to one (a maximum matching over name
overlaps), strictly (type too) and leniently (name only); relations are matched
one to one over predicate + subject and object matching by name (or equal
quantities). Counts add up over documents (micro averages). Every miss and false
positive becomes a Problem with a kind (why it is wrong, as far as can be told)
and the sentence it comes from.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Self

from ..vocab import CORE_PREDICATES, CORE_TYPES, SYMMETRIC
from .gold import MILESTONE, QUANTITY_PREDICATES, GoldDocument
from .names import format_quantity, normalize_name, quantity_key, same_quantity


@dataclass
class Counts:
    """gold and predicted items; found = gold items matched, right = predicted items matched."""

    gold: int = 0
    predicted: int = 0
    found: int = 0
    right: int = 0

    @property
    def precision(self) -> float | None:
        return self.right / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        if not self.gold and not self.predicted:
            return None
        p, r = self.precision or 0.0, self.recall or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, other: Counts) -> Self:
        self.gold += other.gold
        self.predicted += other.predicted
        self.found += other.found
        self.right += other.right
        return self

    def to_json(self) -> dict:
        return {"gold": self.gold, "predicted": self.predicted, "found": self.found, "right": self.right,
                "precision": _r(self.precision), "recall": _r(self.recall), "f1": _r(self.f1)}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


@dataclass
class Problem:
    """One miss or false positive, or one resolution error, with the sentence it comes from."""

    document: str
    what: str  # missed entity | spurious entity | missed relation | spurious relation | split | merged
    kind: str  # why, as far as can be told: wrong type, shorter name, not in gold, ...
    item: str
    detail: str = ""
    sentence: str | None = None

    def to_json(self) -> dict:
        return dict(self.__dict__)


@dataclass
class DocumentScore:
    id: str
    entities_strict: Counts
    entities_lenient: Counts
    relations: Counts
    split: int = 0
    merged: int = 0

    def to_json(self) -> dict:
        return {"id": self.id, "entities": {"strict": self.entities_strict.to_json(),
                                            "lenient": self.entities_lenient.to_json()},
                "relations": self.relations.to_json(), "split": self.split, "merged": self.merged}


@dataclass
class EvalResult:
    """What `score` finds: counts per type and predicate, resolution errors, investments, problems."""

    documents: list[DocumentScore] = field(default_factory=list)
    entity_counts: dict[str, dict[str, Counts]] = field(
        default_factory=lambda: {"strict": defaultdict(Counts), "lenient": defaultdict(Counts)})
    relation_counts: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    investments: list[dict] = field(default_factory=list)
    milestones: Counts = field(default_factory=Counts)  # stage, date and planned all right, per project
    milestone_facts: list[dict] = field(default_factory=list)
    splits: list[dict] = field(default_factory=list)
    merges: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unscored: Counter = field(default_factory=Counter)
    sources: dict[str, str] = field(default_factory=dict)
    rule_counts: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))  # per rule (JSON's "rule")
    rule_kinds: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # the types and predicates it made

    def entities(self, mode: str = "strict") -> dict[str, Counts]:
        """Counts per entity type (types with gold or predictions), and 'all'."""
        per = self.entity_counts[mode]
        out = {t: per[t] for t in sorted(per, key=_type_order)}
        out["all"] = _total(per.values())
        return out

    def relations(self) -> dict[str, Counts]:
        """Counts per core predicate (those with gold or predictions), and 'all'."""
        per = self.relation_counts
        out = {p: per[p] for p in CORE_PREDICATES if p in per}
        out["all"] = _total(per.values())
        return out

    @property
    def investments_right(self) -> tuple[int, int]:
        return sum(1 for i in self.investments if i["right"]), len(self.investments)

    @property
    def resolution(self) -> dict:
        return {
            "gold_entities_split": len(self.splits),
            "gold_entities_merged": sum(len(m["gold"]) for m in self.merges),
            "predicted_entities_merging": len(self.merges),
        }

    def by_rule(self) -> dict[str, Counts]:
        """Counts per rule of the extractor (the `rule` of each mention and relation): `predicted` is what it made
        (an entity counts for each rule with a mention of it in the document), `right` how much of that matches
        the gold; `gold` is the gold of the entity types and predicates the rule made at least once, so recall
        is the share of those that the rule found."""
        out = {}
        for rule, c in sorted(self.rule_counts.items()):
            gold = sum(self._gold_of(kind) for kind in self.rule_kinds[rule])
            out[rule] = Counts(gold=gold, predicted=c.predicted, found=c.found, right=c.right)
        return out

    def _gold_of(self, kind: str) -> int:
        if kind == MILESTONE:
            return self.milestones.gold
        counts = self.relation_counts.get(kind) or self.entity_counts["strict"].get(kind)
        return counts.gold if counts else 0

    def problem_kinds(self) -> Counter:
        """How often each (what, kind) occurs: the error kinds to work on first."""
        return Counter((p.what, p.kind) for p in self.problems)

    def to_json(self) -> dict:
        got, total = self.investments_right
        return {
            "documents": [d.to_json() for d in self.documents],
            "entities": {m: {t: c.to_json() for t, c in self.entities(m).items()} for m in ("strict", "lenient")},
            "relations": {p: c.to_json() for p, c in self.relations().items()},
            "resolution": self.resolution,
            "splits": self.splits,
            "merges": self.merges,
            "investments": {"right": got, "total": total, "facts": self.investments},
            "milestones": {**self.milestones.to_json(), "facts": self.milestone_facts},
            "not_scored": dict(self.unscored),
            "problem_kinds": [{"what": w, "kind": k, "count": n} for (w, k), n in self.problem_kinds().most_common()],
            "problems": [p.to_json() for p in self.problems],
            "by_rule": {rule: {**c.to_json(), "makes": sorted(self.rule_kinds[rule])} for rule, c in self.by_rule().items()},
            "sources": self.sources,
        }


def _type_order(t: str):
    return (CORE_TYPES.index(t), t) if t in CORE_TYPES else (len(CORE_TYPES), t)


def _total(counts) -> Counts:
    out = Counts()
    for c in counts:
        out += c
    return out


# ---------------------------------------------------------------- matching


def max_matching(n_left: int, edges: list[list[int]]) -> dict[int, int]:
    """A maximum one-to-one matching, left index → right index (augmenting paths; candidates in preference order)."""
    right_of: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in right_of or augment(right_of[j], seen):
                right_of[j] = i
                return True
        return False

    for i in range(n_left):
        augment(i, set())
    return {i: j for j, i in right_of.items()}


@dataclass
class _Pred:
    id: str
    label: str
    type: str
    names: set[str]
    starts: list[int]  # mention offsets in this document
    rules: set[str] = field(default_factory=set)  # the rules of its mentions in this document


class _Sentences:
    """The sentence around a raw offset, or around a name, of one read Document."""

    def __init__(self, doc=None):
        self.doc = doc

    def at(self, offset: int) -> str | None:
        for s in getattr(self.doc, "sentences", []):
            if s.raw_start <= offset < s.raw_end:
                return s.evidence
        return None

    def of(self, names) -> str | None:
        if self.doc is None:
            return None
        for name in names:
            i = self.doc.text.find(name)
            if i >= 0:
                for s in self.doc.sentences:
                    if s.start <= i < s.end:
                        return s.evidence
        return None


def score(golds: list[GoldDocument], prediction: dict, documents=None) -> EvalResult:
    """Score an extraction's JSON against gold documents. `documents` (read Documents) give sentences."""
    result = EvalResult()
    by_id = {e["id"]: e for e in prediction.get("entities", [])}
    mentioned: dict[str, list[str]] = defaultdict(list)
    for e in prediction.get("entities", []):
        for m in e.get("mentions", []):
            if e["id"] not in mentioned[m["document"]]:
                mentioned[m["document"]].append(e["id"])
    rels: dict[str, list[dict]] = defaultdict(list)
    for r in prediction.get("relations", []):
        rels[r["document"]].append(r)
    read = {d.id: d for d in documents or []}
    for g in golds:
        _score_document(g, by_id, mentioned[g.id], rels[g.id], _Sentences(read.get(g.id)), result)
    return result


def _score_document(g: GoldDocument, by_id: dict, mentioned: list[str], rels: list[dict],
                    sentences: _Sentences, result: EvalResult) -> None:
    doc = g.id
    # the predicted entities of this document
    ids = list(mentioned)
    for r in rels:
        for k in ("subject", "object"):
            if isinstance(r[k], str) and r[k] not in ids:
                ids.append(r[k])
    preds: list[_Pred] = []
    for pid in ids:
        e = by_id.get(pid, {"id": pid, "label": pid, "type": "?", "aliases": []})
        names = {normalize_name(n) for n in [e["label"], *e.get("aliases", [])]}
        starts = sorted(m["start"] for m in e.get("mentions", []) if m["document"] == doc)
        rules = {m["rule"] for m in e.get("mentions", []) if m["document"] == doc and m.get("rule")}
        preds.append(_Pred(pid, e["label"], e["type"], names, starts, rules))
    index = {p.id: j for j, p in enumerate(preds)}
    gold = g.entities
    gindex = {e.id: i for i, e in enumerate(gold)}

    # entities: name overlaps, then one-to-one matchings
    by_name: dict[str, list[int]] = defaultdict(list)
    for j, p in enumerate(preds):
        for n in p.names:
            by_name[n].append(j)
    lenient: list[list[int]] = []
    for e in gold:
        cands = sorted({j for n in e.names for j in by_name.get(n, [])},
                       key=lambda j: (normalize_name(preds[j].label) != normalize_name(e.label), j))
        lenient.append(cands)
    strict = [[j for j in cands if preds[j].type in gold[i].types] for i, cands in enumerate(lenient)]
    match = {"strict": max_matching(len(gold), strict), "lenient": max_matching(len(gold), lenient)}
    gold_of = defaultdict(set)  # predicted index → gold indices it shares a name with
    for i, cands in enumerate(lenient):
        for j in cands:
            gold_of[j].add(i)

    doc_counts = {}
    for mode, m in match.items():
        per = result.entity_counts[mode]
        matched_preds = set(m.values())
        c = Counts(gold=len(gold), predicted=len(preds), found=len(m), right=len(m))
        for i, e in enumerate(gold):
            per[e.type].gold += 1
            per[e.type].found += i in m
        for j, p in enumerate(preds):
            per[p.type].predicted += 1
            per[p.type].right += j in matched_preds
        doc_counts[mode] = c

    # resolution: one gold entity, several predicted; several gold, one predicted
    n_split = n_merged = 0
    for i, cands in enumerate(lenient):
        if len(cands) > 1:
            n_split += 1
            labels = [f"{preds[j].label} ({preds[j].type})" for j in cands]
            result.splits.append({"document": doc, "gold": gold[i].label, "predicted": labels})
            result.problems.append(Problem(doc, "split", "one gold entity, several predicted", gold[i].label,
                                           "predicted as " + ", ".join(labels), _gold_sentence(g, i, sentences)))
    for j, gs in sorted(gold_of.items()):
        if len(gs) > 1:
            n_merged += len(gs)
            labels = [gold[i].label for i in sorted(gs)]
            result.merges.append({"document": doc, "predicted": preds[j].label, "gold": labels})
            result.problems.append(Problem(doc, "merged", "several gold entities, one predicted", preds[j].label,
                                           "gold: " + ", ".join(labels), _pred_sentence(preds[j], rels, sentences)))

    _entity_problems(g, preds, lenient, match["strict"], rels, sentences, result)
    _credit_rules(result, [(p.type, p.rules) for p in preds], match["strict"])

    # relations
    def same_entity(pred_id, gold_id) -> bool:
        j = index.get(pred_id)
        return j is not None and gindex[gold_id] in gold_of.get(j, ())

    def obj_key(o):
        return ("q", *quantity_key(o.get("value"), o.get("unit"))) if isinstance(o, dict) else o

    gold_rels, seen = [], set()
    for r in g.relations:
        if r.predicate not in CORE_PREDICATES:  # milestones are scored on their own
            continue
        key = _rel_key(r.subject, r.predicate, obj_key(r.object))
        if key not in seen:
            seen.add(key)
            gold_rels.append(r)
    pred_rels, seen = [], set()
    for r in rels:
        if r["predicate"] not in CORE_PREDICATES:
            if r["predicate"] != MILESTONE:
                result.unscored[r["predicate"]] += 1
            continue
        key = _rel_key(r["subject"], r["predicate"], obj_key(r["object"]))
        if key not in seen:
            seen.add(key)
            pred_rels.append(r)

    def rel_matches(gr, pr) -> bool:
        if gr.predicate != pr["predicate"]:
            return False
        if gr.predicate in QUANTITY_PREDICATES:
            return (isinstance(pr["object"], dict) and same_entity(pr["subject"], gr.subject)
                    and same_quantity(quantity_key(gr.object["value"], gr.object["unit"]),
                                      quantity_key(pr["object"].get("value"), pr["object"].get("unit"))))
        if isinstance(pr["object"], dict):
            return False
        if same_entity(pr["subject"], gr.subject) and same_entity(pr["object"], gr.object):
            return True
        return gr.predicate in SYMMETRIC and same_entity(pr["subject"], gr.object) and same_entity(pr["object"], gr.subject)

    redges = [[k for k, pr in enumerate(pred_rels) if rel_matches(gr, pr)] for gr in gold_rels]
    rmatch = max_matching(len(gold_rels), redges)
    matched_pr = set(rmatch.values())
    dc = Counts(gold=len(gold_rels), predicted=len(pred_rels), found=len(rmatch), right=len(rmatch))
    for i, gr in enumerate(gold_rels):
        result.relation_counts[gr.predicate].gold += 1
        result.relation_counts[gr.predicate].found += i in rmatch
    for k, pr in enumerate(pred_rels):
        result.relation_counts[pr["predicate"]].predicted += 1
        result.relation_counts[pr["predicate"]].right += k in matched_pr

    ctx = _RelContext(g, preds, index, gold_of, gindex, same_entity, gold_rels, pred_rels)
    for i, gr in enumerate(gold_rels):
        if gr.predicate == "investment":
            predicted = [format_quantity(pr["object"].get("value"), pr["object"].get("unit"))
                         for pr in pred_rels if pr["predicate"] == "investment" and isinstance(pr["object"], dict)
                         and same_entity(pr["subject"], gr.subject)]
            result.investments.append({
                "document": doc, "project": g.entity(gr.subject).label,
                "gold": format_quantity(gr.object["value"], gr.object["unit"]), "value": gr.object["value"],
                "predicted": predicted, "right": i in rmatch, "evidence": gr.evidence})
        if i not in rmatch:
            kind, detail = ctx.why_missed(gr)
            result.problems.append(Problem(doc, "missed relation", kind, ctx.gold_text(gr), detail, gr.evidence))
    for k, pr in enumerate(pred_rels):
        if k not in matched_pr:
            kind, detail = ctx.why_spurious(pr)
            result.problems.append(Problem(doc, "spurious relation", kind, ctx.pred_text(pr), detail, pr.get("evidence")))

    _credit_rules(result, [(pr["predicate"], {pr["rule"]} if pr.get("rule") else set()) for pr in pred_rels], rmatch)
    _score_milestones(g, rels, same_entity, preds, index, result)
    result.documents.append(DocumentScore(doc, doc_counts["strict"], doc_counts["lenient"], dc, n_split, n_merged))


def _credit_rules(result: EvalResult, made: list[tuple[str, set[str]]], match: dict[int, int]) -> None:
    """Each rule's share of one document's predictions: `made` is (type or predicate, rules) per predicted item,
    `match` the gold items matched to them (gold index → predicted index)."""
    matched = set(match.values())
    for j, (kind, rules) in enumerate(made):
        for rule in rules:
            c = result.rule_counts[rule]
            c.predicted += 1
            c.right += j in matched
            c.found += j in matched  # one to one: each matched prediction finds one gold item
            result.rule_kinds[rule].add(kind)


def _milestone_key(m: dict) -> tuple:
    return (m.get("stage"), m.get("date"), bool(m.get("planned")))


def _milestone_text(m: dict) -> str:
    return f"{m.get('stage')} {m.get('date') or 'no date'}{' planned' if m.get('planned') else ''}"


def _score_milestones(g: GoldDocument, rels: list[dict], same_entity, preds: list[_Pred], index: dict,
                      result: EvalResult) -> None:
    """A predicted milestone is right when its project matches the gold one's and stage, date and
    planned flag are all equal (each counted once per project)."""
    doc = g.id
    gold, seen = [], set()
    for r in g.relations:
        if r.predicate != MILESTONE:
            continue
        k = (r.subject, *_milestone_key(r.object))
        if k not in seen:
            seen.add(k)
            gold.append(r)
    pred, seen = [], set()
    for r in rels:
        if r["predicate"] == MILESTONE and isinstance(r["object"], dict):
            k = (r["subject"], *_milestone_key(r["object"]))
            if k not in seen:
                seen.add(k)
                pred.append(r)
    edges = [[k for k, pr in enumerate(pred) if same_entity(pr["subject"], gr.subject)
              and _milestone_key(pr["object"]) == _milestone_key(gr.object)] for gr in gold]
    match = max_matching(len(gold), edges)
    matched = set(match.values())
    result.milestones += Counts(gold=len(gold), predicted=len(pred), found=len(match), right=len(match))
    _credit_rules(result, [(MILESTONE, {pr["rule"]} if pr.get("rule") else set()) for pr in pred], match)

    def label(pid: str) -> str:
        return preds[index[pid]].label if pid in index else pid

    for i, gr in enumerate(gold):
        project = g.entity(gr.subject).label
        result.milestone_facts.append({"document": doc, "project": project, **gr.object, "right": i in match,
                                       "evidence": gr.evidence})
        if i in match:
            continue
        same_project = [pr for pr in pred if same_entity(pr["subject"], gr.subject)]
        same_stage = [pr for pr in same_project if pr["object"].get("stage") == gr.object["stage"]]
        kind = ("wrong date or planned flag" if same_stage else "project found, stage missed" if same_project
                else "no milestone for the project")
        detail = "predicted " + ", ".join(_milestone_text(pr["object"]) for pr in same_stage) if same_stage else ""
        result.problems.append(Problem(doc, "missed milestone", kind, f"{project} {_milestone_text(gr.object)}",
                                       detail, gr.evidence))
    for k, pr in enumerate(pred):
        if k in matched:
            continue
        on_gold = [gr for gr in g.relations if gr.predicate == MILESTONE and same_entity(pr["subject"], gr.subject)]
        kind = "not in gold" if on_gold else "project has no gold milestone"
        result.problems.append(Problem(doc, "spurious milestone", kind,
                                       f"{label(pr['subject'])} {_milestone_text(pr['object'])}", "", pr.get("evidence")))


def _rel_key(s, p, o) -> tuple:
    if p in SYMMETRIC and isinstance(o, str):
        s, o = sorted((s, o))
    return s, p, o


def _gold_sentence(g: GoldDocument, i: int, sentences: _Sentences) -> str | None:
    e = g.entities[i]
    found = sentences.of([e.label, *e.aliases])
    if found:
        return found
    for r in g.relations:
        if e.id in (r.subject, r.object):
            return r.evidence
    return None


def _pred_sentence(p: _Pred, rels: list[dict], sentences: _Sentences) -> str | None:
    for start in p.starts:
        s = sentences.at(start)
        if s:
            return s
    for r in rels:
        if p.id in (r["subject"], r["object"]):
            return r.get("evidence")
    return None


def _entity_problems(g, preds, lenient, strict_match, rels, sentences, result) -> None:
    doc, gold = g.id, g.entities
    matched_preds = set(strict_match.values())
    unmatched_preds = [j for j in range(len(preds)) if j not in matched_preds]
    for i, e in enumerate(gold):
        if i in strict_match:
            continue
        sentence = _gold_sentence(g, i, sentences)
        item = f"{e.label} ({e.type})"
        if lenient[i]:
            typed = [j for j in lenient[i] if preds[j].type in e.types]
            if typed:  # the right entity was predicted, but it stands for another gold entity too
                p = preds[typed[0]]
                owner = next((gold[i2].label for i2, j2 in strict_match.items() if j2 == typed[0]), "?")
                result.problems.append(Problem(doc, "missed entity", "merged into another's entity", item,
                                               f"{p.label} ({p.type}) is matched to {owner}", sentence))
            else:
                p = preds[lenient[i][0]]
                result.problems.append(Problem(doc, "missed entity", "wrong type", item,
                                               f"predicted as {p.type}: {p.label}", sentence))
            continue
        kind, other = _name_overlap(e.names, e.types, [(preds[j].label, {preds[j].type}, preds[j]) for j in unmatched_preds])
        detail = f"predicted {other.label} ({other.type})" if other else ""
        result.problems.append(Problem(doc, "missed entity", kind or "not found", item, detail, sentence))
    for j in unmatched_preds:
        p = preds[j]
        item = f"{p.label} ({p.type})"
        sentence = _pred_sentence(p, rels, sentences)
        if lenient_gold := [i for i, c in enumerate(lenient) if j in c]:
            free = [i for i in lenient_gold if i not in strict_match]
            i = (free or lenient_gold)[0]
            if not free:
                other = preds[strict_match[i]]
                result.problems.append(Problem(doc, "spurious entity", "duplicate of a matched entity", item,
                                               f"gold {gold[i].label} is matched by {other.label} ({other.type})", sentence))
            else:
                result.problems.append(Problem(doc, "spurious entity", "wrong type", item,
                                               f"gold: {gold[i].label} ({'/'.join(sorted(gold[i].types))})", sentence))
            continue
        kind, other = _name_overlap({normalize_name(p.label)}, {p.type}, [(e.label, e.types, e) for e in gold], reverse=True)
        detail = f"gold {other.label} ({other.type})" if other else ""
        if other is not None and gold.index(other) in strict_match and p.type not in other.types:
            # a name inside or around another entity that was found: not a wrong boundary, a thing not in the gold
            part = "contains" if kind == "name longer than gold" else "is part of"
            kind, detail = None, f"{part} gold {other.label} ({other.type})"
        result.problems.append(Problem(doc, "spurious entity", kind or "not in gold", item, detail, sentence))


def _name_overlap(names: set[str], types: set[str], others: list, reverse: bool = False):
    """('shorter name', x) when another's label is inside one of `names`; ('longer name', x) when it contains one.

    `others` are (label, types, object); one of the same type is preferred, then the longest overlap."""
    best, best_score = (None, None), (False, 0)
    for label, other_types, obj in others:
        o = normalize_name(label)
        for n in names:
            if len(o) < 2 or len(n) < 2 or o == n:
                continue
            if o in n:
                kind, length = ("name longer than gold" if reverse else "shorter name predicted"), len(o)
            elif n in o:
                kind, length = ("name shorter than gold" if reverse else "longer name predicted"), len(n)
            else:
                continue
            score_ = (bool(types & other_types), length)
            if score_ > best_score:
                best, best_score = (kind, obj), score_
    return best


@dataclass
class _RelContext:
    g: GoldDocument
    preds: list[_Pred]
    index: dict
    gold_of: dict
    gindex: dict
    same_entity: object
    gold_rels: list
    pred_rels: list

    def label(self, pid) -> str:
        j = self.index.get(pid)
        return self.preds[j].label if j is not None else str(pid)

    def obj_text(self, o, gold: bool) -> str:
        if isinstance(o, dict):
            return format_quantity(o.get("value"), o.get("unit"))
        return self.g.entity(o).label if gold else self.label(o)

    def gold_text(self, r) -> str:
        return f"{self.g.entity(r.subject).label} {r.predicate} {self.obj_text(r.object, True)}"

    def pred_text(self, r) -> str:
        return f"{self.label(r['subject'])} {r['predicate']} {self.obj_text(r['object'], False)}"

    def extracted(self, gold_id) -> bool:
        i = self.gindex[gold_id]
        return any(i in gs for gs in self.gold_of.values())

    def is_gold(self, pid) -> bool:
        j = self.index.get(pid)
        return j is not None and bool(self.gold_of.get(j))

    def why_missed(self, gr) -> tuple[str, str]:
        same = self.same_entity
        if not self.extracted(gr.subject):
            return "subject not extracted", ""
        if gr.predicate in QUANTITY_PREDICATES:
            got = [self.obj_text(pr["object"], False) for pr in self.pred_rels
                   if pr["predicate"] == gr.predicate and same(pr["subject"], gr.subject)]
            return ("value or unit wrong", "predicted " + ", ".join(got)) if got else ("not found", "")
        if not self.extracted(gr.object):
            return "object not extracted", ""
        for pr in self.pred_rels:
            if isinstance(pr["object"], dict):
                continue
            if pr["predicate"] == gr.predicate and same(pr["subject"], gr.object) and same(pr["object"], gr.subject):
                return "reversed", ""
        for pr in self.pred_rels:
            if isinstance(pr["object"], dict):
                continue
            if {(same(pr["subject"], gr.subject) and same(pr["object"], gr.object)),
                    (same(pr["subject"], gr.object) and same(pr["object"], gr.subject))} & {True}:
                return "other predicate predicted", f"predicted {pr['predicate']}"
        others = [self.label(pr["object"]) for pr in self.pred_rels
                  if pr["predicate"] == gr.predicate and same(pr["subject"], gr.subject) and isinstance(pr["object"], str)]
        if others:
            return "other object predicted", "predicted " + ", ".join(others)
        return "not found", ""

    def why_spurious(self, pr) -> tuple[str, str]:
        same = self.same_entity
        golds = [gr for gr in self.gold_rels if same(pr["subject"], gr.subject)]
        if not self.is_gold(pr["subject"]):
            return "subject not a gold entity", ""
        if isinstance(pr["object"], dict):
            mine = quantity_key(pr["object"].get("value"), pr["object"].get("unit"))
            same_q = [gr for gr in golds if gr.predicate == pr["predicate"]
                      and same_quantity(quantity_key(gr.object["value"], gr.object["unit"]), mine)]
            if same_q:
                return "duplicate of a matched relation", "another predicted entity for the same gold entity has it"
            want = [self.obj_text(gr.object, True) for gr in golds if gr.predicate == pr["predicate"]]
            return ("value or unit wrong", "gold " + ", ".join(want)) if want else ("not in gold", "")
        if not self.is_gold(pr["object"]):
            return "object not a gold entity", ""
        pairs = []  # (gold relation, same direction?) for gold relations between the same two entities
        for gr in self.gold_rels:
            if isinstance(gr.object, dict):
                continue
            if same(pr["subject"], gr.subject) and same(pr["object"], gr.object):
                pairs.append((gr, True))
            elif same(pr["subject"], gr.object) and same(pr["object"], gr.subject):
                pairs.append((gr, False))
        if any(gr.predicate == pr["predicate"] and (fwd or gr.predicate in SYMMETRIC) for gr, fwd in pairs):
            return "duplicate of a matched relation", "another predicted entity for the same gold entity has it"
        if any(gr.predicate == pr["predicate"] and not fwd for gr, fwd in pairs):
            return "reversed", ""
        if pairs:
            return "gold has another predicate", "gold " + ", ".join(sorted({gr.predicate for gr, _ in pairs}))
        want = [self.obj_text(gr.object, True) for gr in golds if gr.predicate == pr["predicate"]]
        if want:
            return "gold has another object", "gold " + ", ".join(want)
        return "not in gold", ""
