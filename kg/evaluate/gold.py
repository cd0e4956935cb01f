"""Gold files: read one, check it against SPEC.md's gold format, find the article it describes."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import DocumentError, GoldFormatError
from ..vocab import CORE_PREDICATES, CORE_TYPES, STAGES
from ..vocab import QUANTITY_RELATIONS as QUANTITY_PREDICATES
from .names import as_number, normalize_name, normalize_unit

MILESTONE = "milestone"  # SPEC.md's Milestones: scored apart from the core relations

GOLD_HINT = "see the gold section of SPEC.md and docs/annotation-guide.md"
_FREE_KEYS = {"note", "comment"}  # an annotator's remarks, allowed anywhere


@dataclass
class GoldEntity:
    id: str
    label: str
    type: str
    alt_types: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def types(self) -> set[str]:
        return {self.type, *self.alt_types}

    @property
    def names(self) -> set[str]:
        return {normalize_name(n) for n in (self.label, *self.aliases)}


@dataclass
class GoldRelation:
    subject: str
    predicate: str
    object: str | dict
    evidence: str


@dataclass
class GoldDocument:
    """One gold file: the document it describes and its true entities and relations."""

    id: str
    path: Path
    source: str | None
    title: str | None
    entities: list[GoldEntity]
    relations: list[GoldRelation]

    def entity(self, id_: str) -> GoldEntity:
        return self._by_id[id_]

    def __post_init__(self):
        self._by_id = {e.id: e for e in self.entities}


_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", int: "a number", float: "a number",
               bool: "true/false", type(None): "null"}


def _kind(v) -> str:
    return _JSON_TYPES.get(type(v), type(v).__name__)


class _Checker:
    """Walks a parsed gold file; the first problem becomes a GoldFormatError with its JSON path."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, place: str, what: str):
        raise GoldFormatError(f"{self.path}: {place}: {what}", hint=GOLD_HINT)

    def need(self, v, typ, place: str, what: str):
        ok = isinstance(v, typ) and not (typ in (int, float, (int, float)) and isinstance(v, bool))
        if not ok:
            self.fail(place, f"expected {what}, found {_kind(v)}")
        return v

    def keys(self, obj: dict, place: str, required: tuple, optional: tuple) -> None:
        for k in required:
            if k not in obj:
                self.fail(place, f"missing key '{k}'")
        allowed = set(required) | set(optional) | _FREE_KEYS
        for k in obj:
            if k not in allowed:
                self.fail(f"{place}.{k}" if place != "(top level)" else k,
                          f"unknown key '{k}' (expected {', '.join(required + optional)})")

    def text(self, obj: dict, key: str, place: str) -> str:
        v = self.need(obj[key], str, f"{place}.{key}", "a string")
        if not v.strip():
            self.fail(f"{place}.{key}", "empty string")
        return v

    def milestone(self, obj, place: str) -> None:
        """{"stage": one of STAGES, "date": "YYYY-MM-DD" | "YYYY-MM" | "YYYY" | null, "planned": true/false}."""
        self.need(obj, dict, place, 'a milestone {"stage": ..., "date": ..., "planned": ...}')
        self.keys(obj, place, ("stage", "date", "planned"), ())
        stage = self.need(obj["stage"], str, f"{place}.stage", "a stage name")
        if stage not in STAGES:
            self.fail(f"{place}.stage", f"unknown stage '{stage}' (the stages are {', '.join(STAGES)})")
        if obj["date"] is not None:
            date = self.need(obj["date"], str, f"{place}.date", "a date or null")
            if not is_gold_date(date):
                self.fail(f"{place}.date", f"expected YYYY-MM-DD, YYYY-MM, YYYY or null, found '{date}'")
        self.need(obj["planned"], bool, f"{place}.planned", "true or false")

    def type_name(self, v, place: str) -> str:
        self.need(v, str, place, "a type name")
        if v not in CORE_TYPES:
            self.fail(place, f"unknown type '{v}' (the core types are {', '.join(CORE_TYPES)})")
        return v


def is_gold_date(text: str) -> bool:
    """A real calendar date written YYYY-MM-DD, a month YYYY-MM or a year YYYY."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if not m:
        return False
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def load_gold(path: str | Path) -> GoldDocument:
    """Read and check one gold file; GoldFormatError names the file, the place and what is wrong."""
    p = Path(path)
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise GoldFormatError(f"{p}: byte {e.start}: not UTF-8 text", hint=GOLD_HINT) from None
    except OSError as e:
        raise GoldFormatError(f"{p}: cannot be read ({e.strerror})") from e
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        line = e.doc.splitlines()[e.lineno - 1].strip() if e.doc and e.lineno <= len(e.doc.splitlines()) else ""
        near = f" at {line[:60]!r}" if line else ""
        raise GoldFormatError(f"{p}: line {e.lineno}, column {e.colno}: invalid JSON: {e.msg}{near}",
                              hint=GOLD_HINT) from None
    return parse_gold(data, p)


def parse_gold(data, path: str | Path = "<gold>") -> GoldDocument:
    """Check already-parsed gold JSON (see load_gold)."""
    c = _Checker(Path(path))
    if not isinstance(data, dict):
        c.fail("(top level)", f"expected an object with documents, entities and relations, found {_kind(data)}")
    c.keys(data, "(top level)", ("documents", "entities", "relations"), ())
    docs = c.need(data["documents"], list, "documents", "an array")
    if len(docs) != 1:
        c.fail("documents", f"a gold file describes exactly one document; found {len(docs)}")
    d = c.need(docs[0], dict, "documents[0]", "an object")
    c.keys(d, "documents[0]", ("id",), ("source", "title"))
    doc_id = c.text(d, "id", "documents[0]")
    for k in ("source", "title"):
        if d.get(k) is not None:
            c.need(d[k], str, f"documents[0].{k}", "a string")

    entities: list[GoldEntity] = []
    first_place: dict[str, str] = {}
    owner_of_name: dict[str, tuple[str, str]] = {}
    for i, e in enumerate(c.need(data["entities"], list, "entities", "an array")):
        at = f"entities[{i}]"
        c.need(e, dict, at, "an object")
        c.keys(e, at, ("id", "label", "type"), ("alt_types", "aliases", "mentions"))
        eid = c.text(e, "id", at)
        if eid in first_place:
            c.fail(f"{at}.id", f"duplicate id '{eid}' (first used by {first_place[eid]})")
        first_place[eid] = at
        label = c.text(e, "label", at)
        type_ = c.type_name(e["type"], f"{at}.type")
        alt_types = c.need(e.get("alt_types", []), list, f"{at}.alt_types", "an array")
        alt = [c.type_name(t, f"{at}.alt_types[{j}]") for j, t in enumerate(alt_types)]
        aliases = []
        for j, a in enumerate(c.need(e.get("aliases", []), list, f"{at}.aliases", "an array")):
            c.need(a, str, f"{at}.aliases[{j}]", "a string")
            if not a.strip():
                c.fail(f"{at}.aliases[{j}]", "empty string")
            aliases.append(a)
        for j, m in enumerate(c.need(e.get("mentions", []), list, f"{at}.mentions", "an array")):
            c.need(m, dict, f"{at}.mentions[{j}]", "an object")
            c.keys(m, f"{at}.mentions[{j}]", ("document", "start", "end"), ())
            for k in ("start", "end"):
                c.need(m[k], int, f"{at}.mentions[{j}].{k}", "a whole number")
        for place, name in [(f"{at}.label", label)] + [(f"{at}.aliases[{j}]", a) for j, a in enumerate(aliases)]:
            key = normalize_name(name)
            other = owner_of_name.get(key)
            if other and other[0] != eid:
                c.fail(place, f"the name '{name}' is also a name of {other[1]} ('{other[0]}'); "
                              "one name, one entity (abbreviations are aliases)")
            owner_of_name[key] = (eid, at)
        entities.append(GoldEntity(eid, label, type_, tuple(alt), tuple(aliases)))

    relations: list[GoldRelation] = []
    for i, r in enumerate(c.need(data["relations"], list, "relations", "an array")):
        at = f"relations[{i}]"
        c.need(r, dict, at, "an object")
        c.keys(r, at, ("subject", "predicate", "object", "evidence"), ("document",))
        pred = c.need(r["predicate"], str, f"{at}.predicate", "a predicate name")
        if pred not in CORE_PREDICATES and pred != MILESTONE:
            c.fail(f"{at}.predicate", f"unknown predicate '{pred}' (the core relations are "
                                      f"{', '.join(CORE_PREDICATES)}; and {MILESTONE})")
        subj = c.text(r, "subject", at)
        if subj not in first_place:
            c.fail(f"{at}.subject", f"'{subj}' is not the id of any entity in this file")
        obj = r["object"]
        if pred == MILESTONE:
            c.milestone(obj, f"{at}.object")
        elif pred in QUANTITY_PREDICATES:
            c.need(obj, dict, f"{at}.object", f'a quantity {{"value": ..., "unit": ...}} for {pred}')
            c.keys(obj, f"{at}.object", ("value", "unit"), ())
            if as_number(obj["value"]) is None:
                c.fail(f"{at}.object.value",
                       f"expected a finite number, found {json.dumps(obj['value'], ensure_ascii=False)}")
            if obj["unit"] is not None:
                c.need(obj["unit"], str, f"{at}.object.unit", "a unit name or null")
            if pred == "investment" and (normalize_unit(obj["unit"]) or ("",))[0] != "CNY":
                found = json.dumps(obj["unit"], ensure_ascii=False)
                c.fail(f"{at}.object.unit", f"investment is in yuan: unit 'CNY', found {found}")
        else:
            c.need(obj, str, f"{at}.object", f"an entity id for {pred}")
            if obj not in first_place:
                c.fail(f"{at}.object", f"'{obj}' is not the id of any entity in this file")
        if "document" in r and r["document"] != doc_id:
            c.need(r["document"], str, f"{at}.document", "a string")
            c.fail(f"{at}.document", f"'{r['document']}' is not this file's document ('{doc_id}')")
        evidence = c.need(r["evidence"], str, f"{at}.evidence", "a string")
        relations.append(GoldRelation(subj, pred, obj, evidence))

    return GoldDocument(doc_id, Path(path), d.get("source"), d.get("title"), entities, relations)


def gold_files(paths: Iterable[str | Path]) -> list[Path]:
    """The gold files given, and the .json files in each directory given."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() == ".json")
            if not found:
                raise GoldFormatError(f"{p}: no gold files (*.json) in it")
            out.extend(found)
        elif not p.exists():
            raise GoldFormatError(f"{p}: no such file")
        else:
            out.append(p)
    return out


def load_golds(paths: Iterable[str | Path]) -> list[GoldDocument]:
    """Every gold file under `paths`, checked; two files for one document are an error."""
    golds: list[GoldDocument] = []
    seen: dict[str, Path] = {}
    read: set[Path] = set()
    for f in gold_files(paths):
        if f.resolve() in read:  # a file named twice counts once
            continue
        read.add(f.resolve())
        g = load_gold(f)
        if g.id in seen:
            raise GoldFormatError(f"{f}: documents[0].id: '{g.id}' is also described by {seen[g.id]}")
        seen[g.id] = f
        golds.append(g)
    return golds


def find_document(gold: GoldDocument, docs_dir: str | Path | None = None) -> Path:
    """The article a gold file describes: <id>.* in docs_dir, else beside the gold directory, else its source."""
    places = [Path(docs_dir)] if docs_dir else []
    places.append(gold.path.parent.parent)
    for folder in places:
        for suffix in (".txt", ".md", ".text", ".html", ".htm"):
            if (folder / f"{gold.id}{suffix}").is_file():
                return folder / f"{gold.id}{suffix}"
    if gold.source:
        candidates = [Path(gold.source)] + [a / gold.source for a in gold.path.resolve().parents]
        for c in candidates:
            if c.is_file():
                return c
    where = " or ".join(str(f) for f in places)
    raise DocumentError(
        f"{gold.path}: its document '{gold.id}' is neither in {where} nor at its source {gold.source!r}",
        hint="give the folder of the articles with --docs DIR",
    )


