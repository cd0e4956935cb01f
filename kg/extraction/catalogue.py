"""The rule catalogue: every decision the extractor makes is a named rule (kg/extraction/rules/*.toml).

A rule has a stable name (`operatedBy/由X投资建设`, `mention/park-suffix`), the stage it runs in, a
one-line purpose, a priority, and examples: sentences with the names or facts it must yield (or, for a
filter, remove) and sentences it must not fire on. Stages are the steps of the pipeline, run in the
order `rules/stages.toml` gives; each stage is one function of `kg.extraction` and makes only the names
and facts of its own rules (the pipeline checks). Priority is the order of the rules within a stage:
where two rules propose the same name at the same place, or the same fact in the same sentence, the
lower number stands and the other is remembered in `also`.

    >>> from kg.extraction.catalogue import catalogue
    >>> catalogue().rule("operatedBy/由X投资建设").stage
    'relations'

Example items are written `Type:label` for a name (`Banner:准格尔旗`) and `subject predicate object`
for a fact (`某某项目 operatedBy 某某有限公司`, `某某项目 investment 800000000`, `某某项目 capacity 100 MW`,
`某某项目 milestone Completed 2026-06 planned`), with the labels the extractor gives before resolution.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

FOLDER = "rules"
MODES = ("rules", "model", "combined")  # the extraction mode (kg.extraction.model) a rule's examples run in


@dataclass(frozen=True)
class Example:
    text: str
    yields: tuple[str, ...] = ()  # names or facts the rule must make from the text
    removes: tuple[str, ...] = ()  # names a filter rule must take away


@dataclass(frozen=True)
class Rule:
    name: str
    stage: str
    purpose: str
    priority: int
    examples: tuple[Example, ...] = ()
    not_on: tuple[str, ...] = ()  # sentences it must make (or remove) nothing in
    mode: str = "rules"
    note: str = ""  # why a rule has no example that yields something, where it has none

    @property
    def kind(self) -> str:
        """What it is about: `mention`, `filter`, `model` or the predicate it states."""
        return self.name.split("/", 1)[0]

    def to_json(self) -> dict:
        return {"name": self.name, "stage": self.stage, "purpose": self.purpose, "priority": self.priority,
                "examples": [{"text": e.text, **({"yields": list(e.yields)} if e.yields else {}),
                              **({"removes": list(e.removes)} if e.removes else {})} for e in self.examples],
                "not_on": list(self.not_on), **({"mode": self.mode} if self.mode != "rules" else {}),
                **({"note": self.note} if self.note else {})}


@dataclass(frozen=True)
class Stage:
    name: str
    purpose: str
    rules: tuple[Rule, ...]


class Catalogue:
    def __init__(self, stages: list[Stage]):
        self.stages = tuple(stages)
        self._by_name = {r.name: r for s in stages for r in s.rules}

    def rules(self) -> list[Rule]:
        """Every rule, in the order the pipeline runs them."""
        return [r for s in self.stages for r in s.rules]

    def rule(self, name: str) -> Rule:
        return self._by_name[name]

    def __contains__(self, name: str) -> bool:
        return name in self._by_name

    def stage(self, name: str) -> Stage:
        return next(s for s in self.stages if s.name == name)


def _read(name: str) -> dict:
    text = resources.files(__package__).joinpath(FOLDER, name).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ValueError(f"kg/extraction/{FOLDER}/{name}: {e}") from e


def _rule(d: dict, where: str) -> Rule:
    missing = {"name", "stage", "purpose", "priority"} - d.keys()
    if missing:
        raise ValueError(f"{where}: a rule lacks {', '.join(sorted(missing))}")
    examples = tuple(Example(e["text"], tuple(e.get("yields", ())), tuple(e.get("removes", ()))) for e in d.get("example", ()))
    mode = d.get("mode", "rules")
    if mode not in MODES:
        raise ValueError(f"{where}: rule {d['name']}: mode {mode!r} is none of {', '.join(MODES)}")
    return Rule(d["name"], d["stage"], d["purpose"], int(d["priority"]), examples, tuple(d.get("not_on", ())), mode,
                d.get("note", ""))


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The rules, read once per process from the package's TOML files and checked: names unique, each rule
    in a stage of stages.toml, priorities rising through the stages."""
    order = _read("stages.toml")["stage"]
    by_stage: dict[str, list[Rule]] = {s["name"]: [] for s in order}
    seen: set[str] = set()
    for file in dict.fromkeys(s["file"] for s in order):
        where = f"kg/extraction/{FOLDER}/{file}"
        for d in _read(file).get("rule", ()):
            r = _rule(d, where)
            if r.stage not in by_stage:
                raise ValueError(f"{where}: rule {r.name} is in stage {r.stage!r}, which stages.toml does not list")
            if r.name in seen:
                raise ValueError(f"{where}: two rules are named {r.name}")
            seen.add(r.name)
            by_stage[r.stage].append(r)
    stages, last = [], -1
    for s in order:
        rules = sorted(by_stage[s["name"]], key=lambda r: r.priority)
        for r in rules:
            if r.priority <= last:
                raise ValueError(f"rule {r.name} has priority {r.priority}: not above every rule of the stages before ({last})")
            last = r.priority
        stages.append(Stage(s["name"], s["purpose"], tuple(rules)))
    return Catalogue(stages)


__all__ = ["Catalogue", "Example", "Rule", "Stage", "catalogue"]


# ---------------------------------------------------------------- checking a rule against its examples


def extract_text(text: str, mode: str = "rules"):
    """The DocumentFacts of one example text (a document of its own), in an extraction mode."""
    import os

    from ..read import read_text
    from . import extract_document
    from .model import ENV_MODE

    saved = os.environ.get(ENV_MODE)
    os.environ[ENV_MODE] = mode
    try:
        return extract_document(read_text(text, "example", "example"))
    finally:
        if saved is None:
            del os.environ[ENV_MODE]
        else:
            os.environ[ENV_MODE] = saved


def made_by(df, rule: str) -> set[str]:
    """What `rule` made or took away in one extraction, written as example items."""
    from .mentions import Mention

    out = {f"{m.type}:{m.label}" for ms in df.mentions for m in ms if m.rule == rule}
    out |= {f"-{m.type}:{m.label}" for m, r in df.dropped if r == rule}
    for f in df.facts:
        if f.rule == rule:
            out.add(f"{f.subject.label} {f.predicate} {_object_text(f.object, Mention)}")
    return out


def _object_text(o, mention_class) -> str:
    from decimal import Decimal

    from .quantities import Quantity, format_number

    if isinstance(o, mention_class):
        return o.label
    if isinstance(o, Quantity):
        return f"{format_number(o.value)} {o.unit}"
    if isinstance(o, Decimal):
        return format_number(o)
    return f"{o.stage} {o.date or 'undated'}{' planned' if o.planned else ''}"  # a milestone


def check(rule: Rule) -> list[str]:
    """What is wrong with a rule's examples: items it does not yield (or remove), sentences it fires on."""
    problems = []
    for e in rule.examples:
        got = made_by(extract_text(e.text, rule.mode), rule.name)
        for item in e.yields:
            if item not in got:
                problems.append(f"« {e.text} » does not yield {item} (it yields {', '.join(sorted(got)) or 'nothing'})")
        for item in e.removes:
            if "-" + item not in got:
                problems.append(f"« {e.text} » does not remove {item} (it gives {', '.join(sorted(got)) or 'nothing'})")
    for text in rule.not_on:
        got = made_by(extract_text(text, rule.mode), rule.name)
        if got:
            problems.append(f"« {text} » should give nothing but gives {', '.join(sorted(got))}")
    return problems
