"""Ready questions: named SPARQL queries kept as .rq files in kg/queries/.

Each file starts with a header of comments:

    # name: projects-in-banner
    # title-zh: 旗区内的项目
    # title-en: Projects in a banner
    # description: Projects located in a banner ... (one line)
    # param: banner — the banner, by name, alias, pinyin, English or IRI [Banner]

A parameter is a SPARQL variable of the same name. Its value is bound as an RDF
term (pyoxigraph substitutions), never pasted into the query text. The bracket that
ends a parameter's description says what kind of value it takes:

    [Banner], [Organization], [entity]   an entity of that type (or any): a name is
                                         resolved to its IRI (exact name first, then search)
    [document]                           an article: its id, an id prefix, a title fragment or IRI
    [property]                           a relation: locatedIn, okg:locatedIn, 位于, "located in"
    [text], [integer], [number]          a literal
    [choice: a|b|c]                      one of the listed words
    [..., default VALUE]                 used when the parameter is not given
    [..., optional]                      may be left out (the variable stays free)

A variable the query binds must be in its SELECT clause (Oxigraph's rule for substitutions).

    >>> run(store, "projects-in-banner", banner="乌审旗")
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..errors import ParameterError, QueryError, UnknownQuestionError
from ..vocab import OKG, RESOURCE, XSD


@dataclass
class Param:
    name: str
    description: str
    kind: str = "entity"  # a class local name, entity, document, property, text, integer, number, choice
    choices: list[str] = field(default_factory=list)
    default: str | None = None
    optional: bool = False

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional

    def as_dict(self) -> dict:
        return {"name": self.name, "description": self.description, "kind": self.kind, "choices": self.choices,
                "default": self.default, "required": self.required}


@dataclass
class Question:
    name: str
    title_zh: str
    title_en: str
    description: str
    params: list[Param]
    sparql: str

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        near = difflib.get_close_matches(name, [p.name for p in self.params], n=1, cutoff=0.6)
        raise ParameterError(
            f"{self.name} has no parameter '{name}'"
            + (f" (did you mean {near[0]}?)" if near else "")
            + (f"; it takes: {', '.join(p.name for p in self.params)}" if self.params else "; it takes none")
        )

    def as_dict(self) -> dict:
        return {"name": self.name, "title_zh": self.title_zh, "title_en": self.title_en,
                "description": self.description, "params": [p.as_dict() for p in self.params]}


# ---------------------------------------------------------------- reading the files

_HEADER = re.compile(r"^#\s*([a-z-]+)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(?:—|--|-)\s*(.*)$")
_KIND = re.compile(r"\[([^\[\]]*)\]\s*$")


def parse(text: str, source: str = "<query>") -> Question:
    """A Question from the text of a .rq file with the header described in the module docstring."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.groups()
        if key == "param":
            params.append(_parse_param(value, source))
        elif key in ("name", "title-zh", "title-en", "description"):
            fields[key] = value
    missing = [k for k in ("name", "title-zh", "title-en", "description") if not fields.get(k)]
    if missing:
        raise QueryError(f"{source}: the header lacks {', '.join('# ' + k + ':' for k in missing)}")
    return Question(fields["name"], fields["title-zh"], fields["title-en"], fields["description"], params, text)


def _parse_param(value: str, source: str) -> Param:
    m = _PARAM.match(value)
    if not m:
        raise QueryError(f"{source}: cannot read '# param: {value}' (write '# param: NAME — description')")
    name, description = m.groups()
    k = _KIND.search(description)
    p = Param(name, description[: k.start()].rstrip() if k else description)
    if k:
        parts = [s.strip() for s in k.group(1).split(",")]
        kind = parts[0]
        if kind.startswith("choice:"):
            p.kind = "choice"
            p.choices = [c.strip() for c in kind[len("choice:"):].split("|") if c.strip()]
        else:
            p.kind = kind
        for extra in parts[1:]:
            if extra == "optional":
                p.optional = True
            elif extra.startswith("default "):
                p.default = extra[len("default "):].strip()
    return p


@lru_cache(maxsize=1)
def _packaged() -> dict[str, Question]:
    out = {}
    folder = resources.files("kg").joinpath("queries")
    for f in sorted(folder.iterdir(), key=lambda f: f.name):
        if f.name.endswith(".rq"):
            q = parse(f.read_text(encoding="utf-8"), f"kg/queries/{f.name}")
            out[q.name] = q
    return out


def questions() -> list[Question]:
    """Every ready question, by name."""
    return list(_packaged().values())


def load(name: str) -> Question:
    """The ready question called `name`; an unknown name is an error that lists the near ones."""
    qs = _packaged()
    if name in qs:
        return qs[name]
    near = difflib.get_close_matches(name, list(qs), n=5, cutoff=0.5)
    near += [n for n in qs if name and name in n and n not in near][: 5 - len(near)]
    msg = f"no ready question is called '{name}'"
    if near:
        msg += "; did you mean: " + ", ".join(near) + "?"
    raise UnknownQuestionError(msg)


# ---------------------------------------------------------------- binding parameters


def parse_assignments(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """["banner=鄂托克旗", ...] -> {"banner": "鄂托克旗"}."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ParameterError(f"cannot read --param {pair!r}: write NAME=VALUE, e.g. --param banner=鄂托克旗")
        out[name.strip()] = value.strip()
    return out


def bind_parameters(store, question: Question, values: dict[str, object]) -> dict:
    """The question's parameters as RDF terms: names resolved to IRIs, literals typed."""
    for name in values:
        question.param(name)  # unknown parameter -> error naming it
    missing = [p.name for p in question.params if p.required and values.get(p.name) in (None, "")]
    if missing:
        first = next(p for p in question.params if p.name == missing[0])
        raise ParameterError(
            f"{question.name} needs the parameter{'s' if len(missing) > 1 else ''} {', '.join(missing)}: "
            f"{first.description}",
            hint="e.g. kg query --name " + question.name + " " + " ".join(f"--param {m}=..." for m in missing),
        )
    out = {}
    for p in question.params:
        value = values.get(p.name)
        if value in (None, ""):
            value = p.default
        if value is None:
            continue
        out[p.name] = _term(store, p, value)
    return out


def _iri(name: str, value: str):
    """The IRI a parameter names, or a ParameterError saying why it is not one."""
    from pyoxigraph import NamedNode

    try:
        return NamedNode(value)
    except ValueError as e:
        raise ParameterError(f"{name} is not a valid IRI: {value!r} ({e})",
                             hint="IRIs have no spaces or <>\"{}|^` characters; percent-encode them") from None


def _term(store, p: Param, value):
    from pyoxigraph import Literal, NamedNode

    if not isinstance(value, str):
        from .terms import to_term

        try:
            return to_term(value)
        except ValueError as e:
            raise ParameterError(f"{p.name}: {value!r} cannot be bound ({e})") from None
    if p.kind == "text":
        return Literal(value)
    if p.kind == "value":  # undeclared: an IRI, a number, or text
        if value.startswith(("http://", "https://")):
            return _iri(p.name, value)
        if re.fullmatch(r"[+-]?\d+", value):
            return Literal(value, datatype=NamedNode(XSD + "integer"))
        if re.fullmatch(r"[+-]?\d*\.\d+", value):
            return Literal(value, datatype=NamedNode(XSD + "decimal"))
        return Literal(value)
    if p.kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise ParameterError(f"{p.name} must be a whole number, not {value!r}")
        return Literal(value.strip(), datatype=NamedNode(XSD + "integer"))
    if p.kind == "number":
        if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", value.strip()):
            raise ParameterError(f"{p.name} must be a number, not {value!r}")
        return Literal(value.strip(), datatype=NamedNode(XSD + "decimal"))
    if p.kind == "choice":
        if value not in p.choices:
            near = difflib.get_close_matches(value, p.choices, n=3, cutoff=0.4)
            raise ParameterError(
                f"{p.name} must be one of {', '.join(p.choices)}, not {value!r}"
                + (f" (did you mean {', '.join(near)}?)" if near else "")
            )
        return Literal(value)
    if p.kind == "document":
        return _iri(p.name, resolve_document(store, value))
    if p.kind == "property":
        return _iri(p.name, resolve_property(store, value))
    return _iri(p.name, resolve_entity(store, value, p.kind))


def resolve_entity(store, value: str, kind: str = "entity") -> str:
    """An entity IRI for a name: among entities of `kind` (and its subclasses) first, then any."""
    from ..lookup import NameNotFoundError, resolve

    if value.startswith(("http://", "https://")):
        return value
    if value.startswith("res:"):
        return RESOURCE + value[4:]
    types = subclasses(store, kind) if kind not in ("entity", "") else None
    if types:
        try:
            return resolve(store, value, types).iri
        except NameNotFoundError:
            pass
    return resolve(store, value).iri


def subclasses(store, kind: str) -> set[str]:
    """Local names of `kind` and the classes below it, from the ontology in the store."""
    from pyoxigraph import NamedNode

    names = {kind}
    rows = store.query("SELECT ?c ?k WHERE { ?c rdfs:subClassOf* ?k }", {"k": NamedNode(OKG + kind)})
    names.update(s["c"].value.rsplit("#", 1)[-1] for s in rows if s["c"].value.startswith(OKG))
    return names


DOCUMENTS = "SELECT ?d ?title WHERE { ?d a okg:Document OPTIONAL { ?d dcterms:title ?title } }"


def resolve_document(store, value: str) -> str:
    """A document IRI from its id, an id prefix, an IRI, or a fragment of its title."""
    if value.startswith(("http://", "https://")):
        return value
    docs = {s["d"].value: (s["title"].value if s["title"] else "") for s in store.query(DOCUMENTS)}
    by_id = {iri.rsplit("/doc/", 1)[-1]: iri for iri in docs}
    if value in by_id:
        return by_id[value]
    found = sorted({iri for i, iri in by_id.items() if i.startswith(value)}
                   | {iri for iri, t in docs.items() if value in t})
    if len(found) == 1:
        return found[0]
    if not found:
        raise ParameterError(f"no article has the id or title '{value}'", hint="list them with: kg query --name articles")
    listed = "; ".join(f"{iri.rsplit('/doc/', 1)[-1]} ({docs[iri]})" for iri in found[:8])
    raise ParameterError(f"'{value}' could mean {len(found)} articles: {listed}")


def resolve_property(store, value: str) -> str:
    """A property IRI from okg:name, name, its Chinese or English label, or an IRI."""
    if value.startswith(("http://", "https://")):
        return value
    names: dict[str, str] = {}
    from . import query_text

    for s in store.query(query_text("questions-properties")):
        iri = s["p"].value
        names[iri.rsplit("#", 1)[-1].lower()] = iri
        if s["label"] is not None:
            names[s["label"].value.lower()] = iri
    key = value.removeprefix("okg:").strip().lower()
    if key in names:
        return names[key]
    near = difflib.get_close_matches(key, list(names), n=5, cutoff=0.5)
    raise ParameterError(f"no relation is called '{value}'" + (f"; did you mean: {', '.join(near)}?" if near else ""))


# ---------------------------------------------------------------- running


def prepare(store, name: str | None, sparql: str | None, assignments) -> tuple[str, dict]:
    """The query text and its bound parameters, for `kg query --name NAME --param k=v` or for a
    query of one's own with --param: its `# param:` lines, if any, say how to read each value;
    a parameter it does not declare is bound as text (or an IRI, or a number)."""
    values = parse_assignments(assignments)
    if name:
        q = load(name)
        return q.sparql, bind_parameters(store, q, values)
    declared = {}
    for line in (sparql or "").splitlines():
        m = _HEADER.match(line)
        if m and m.group(1) == "param":
            p = _parse_param(m.group(2), "the query")
            declared[p.name] = p
    q = Question("the query", "", "", "", list(declared.values()), sparql or "")
    for k in values:
        if k not in declared:
            q.params.append(Param(k, "", kind="value"))
    return q.sparql, bind_parameters(store, q, values)


def run(store, name: str | Question, **params):
    """Run a ready question with its parameters bound; returns pyoxigraph results."""
    q = name if isinstance(name, Question) else load(name)
    return store.query(q.sparql, bind_parameters(store, q, params))


def rows(store, name: str | Question, **params) -> list[dict]:
    """A ready question's answer as a list of dicts of Python values."""
    from .terms import solutions_to_rows

    return solutions_to_rows(run(store, name, **params))


#: What `kg stats` counts, each a query kg/sparql/stats-NAME.rq.
STATS = ("entities_per_type", "triples_per_property", "per_document", "stories")


def stats(store) -> dict:
    """Entities per type, triples per property, entities and statements per document, stories."""
    from . import query_text
    from .terms import solutions_to_rows

    return {name: solutions_to_rows(store.query(query_text("stats-" + name.replace("_", "-")))) for name in STATS}
