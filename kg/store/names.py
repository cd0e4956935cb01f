"""The names index: every stored entity's names by the keys resolution compares them by.

An ingest resolves its new mentions against the entities already in the graph. Reading all of
them (130,000 at 10,000 articles) and computing their keys took longer than everything else
an ingest does; this index keeps, for each entity, its label, type and division code, and each
of its names with its resolution key (kg/resolve.py `name_key`), the key reversed and the key
without a leading city of elsewhere, so that the few entities a new mention could join are
found by exact and prefix look-ups (kg/resolve.py `stored_candidates`).

It is a SQLite file beside the embedded store's database (`stores/<name>.names.sqlite`),
written by the build and updated by each ingest in the same generation as the graph, so that
it never disagrees with the graph `current` points at. A store without one (built before the
index existed, or a remote store) gets one made from the graph itself.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterable
from pathlib import Path

_LAST = "\U0010ffff"  # sorts after every character: a prefix p covers [p, p + _LAST)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS entity (iri TEXT PRIMARY KEY, label TEXT NOT NULL, type TEXT NOT NULL, code TEXT);
CREATE TABLE IF NOT EXISTS name (iri TEXT NOT NULL, name TEXT NOT NULL, grp TEXT NOT NULL, key TEXT NOT NULL,
                                 rkey TEXT NOT NULL, ckey TEXT);
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS name_iri ON name (iri);
CREATE INDEX IF NOT EXISTS name_key ON name (grp, key);
CREATE INDEX IF NOT EXISTS name_rkey ON name (grp, rkey);
CREATE INDEX IF NOT EXISTS name_ckey ON name (grp, ckey) WHERE ckey IS NOT NULL;
"""


def index_path(database: Path) -> Path:
    """Where the index of the store database at `database` lives."""
    return database.with_name(database.name + ".names.sqlite")


class NameIndex:
    """Stored entities by the keys of their names (see the module docstring)."""

    def __init__(self, path: str | Path = ":memory:", indexes: bool = True, read_only: bool = False):
        self.path = str(path)
        if read_only:
            self.db = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None)
            return
        self.db = sqlite3.connect(self.path, isolation_level=None)  # transactions are begun explicitly
        self.db.execute("PRAGMA journal_mode=OFF" if self.path == ":memory:" else "PRAGMA journal_mode=DELETE")
        self.db.executescript(_SCHEMA + (_INDEXES if indexes else ""))

    @classmethod
    def create(cls, path: str | Path, entities: Iterable) -> "NameIndex":
        """A new index at `path` holding `entities` (kg.resolve.Entity), indexes made after the rows."""
        index = cls(path, indexes=False)
        index.db.execute("PRAGMA synchronous=OFF")  # a new file: it becomes current only after the store's swap
        index.db.execute("BEGIN")
        index._insert(entities)
        index.db.execute("COMMIT")
        index.db.executescript(_INDEXES)
        index.db.execute("PRAGMA synchronous=FULL")
        return index

    def close(self) -> None:
        self.db.close()

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM entity").fetchone()[0]

    def __contains__(self, iri: object) -> bool:
        """Whether an entity has this IRI."""
        return self.db.execute("SELECT 1 FROM entity WHERE iri = ?", (iri,)).fetchone() is not None

    # ------------------------------------------------------------ writing

    def _insert(self, entities: Iterable) -> None:
        from ..resolve import TYPE_GROUP, _strip_city, name_key

        ents, names = [], []
        for e in entities:
            ents.append((e.id, e.label, e.type, e.division_code))
            grp = TYPE_GROUP.get(e.type, e.type)
            for name in sorted(e.names):
                key = name_key(name, e.type)
                city = _strip_city(key) if grp == "Organization" else key
                names.append((e.id, name, grp, key, key[::-1], city if city != key else None))
        self.db.executemany("INSERT OR REPLACE INTO entity VALUES (?, ?, ?, ?)", ents)
        self.db.executemany("INSERT INTO name VALUES (?, ?, ?, ?, ?, ?)", names)

    def update(self, entities: Iterable = (), removed: Iterable[str] = ()) -> None:
        """Put these entities in (replacing what the index held for them) and take `removed` out, in one transaction."""
        entities = list(entities)
        gone = [(iri,) for iri in {*removed, *(e.id for e in entities)}]
        self.db.execute("BEGIN")
        try:
            self.db.executemany("DELETE FROM name WHERE iri = ?", gone)
            self.db.executemany("DELETE FROM entity WHERE iri = ?", gone)
            self._insert(entities)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------ reading

    def exact(self, grp: str, keys: Iterable[str]) -> set[str]:
        """Entities of a type group with a name of one of these keys."""
        out: set[str] = set()
        for key in set(keys):
            out.update(r[0] for r in self.db.execute("SELECT iri FROM name WHERE grp = ? AND key = ?", (grp, key)))
        return out

    def beginning_with(self, grp: str, prefix: str, column: str = "key") -> list[tuple[str, str]]:
        """(entity, key) of the names whose key (`key`), reversed key (`rkey`) or key without a
        leading city (`ckey`) begins with `prefix`, the key as that column holds it."""
        if column not in ("key", "rkey", "ckey"):
            raise ValueError(column)
        sql = f"SELECT iri, {column} FROM name WHERE grp = ? AND {column} >= ? AND {column} < ?"
        return list(self.db.execute(sql, (grp, prefix, prefix + _LAST)))

    def keys_of(self, iris: Iterable[str]) -> dict[str, set[tuple[str, str]]]:
        """Each entity's (type group, key) pairs."""
        out: dict[str, set[tuple[str, str]]] = {}
        for iri in set(iris):
            for grp, key in self.db.execute("SELECT grp, key FROM name WHERE iri = ?", (iri,)):
                out.setdefault(iri, set()).add((grp, key))
        return out

    def entities(self, iris: Iterable[str]) -> list:
        """The stored entities (kg.resolve.Entity, known=True) with these IRIs, in IRI order."""
        from ..resolve import Entity

        out = []
        for iri in sorted(set(iris)):
            row = self.db.execute("SELECT label, type, code FROM entity WHERE iri = ?", (iri,)).fetchone()
            if row is None:
                continue
            label, type_, code = row
            names = {r[0] for r in self.db.execute("SELECT name FROM name WHERE iri = ?", (iri,))}
            out.append(Entity(iri, label, type_, names - {label}, [], code, True))
        return out

    def copy_to(self, path: str | Path) -> "NameIndex":
        """A copy of this index in a new file, opened. A file is copied as it is (nothing writes
        to it: it is the current graph's, and the writer lock is held); one in memory is written
        out page by page."""
        if self.path == ":memory:":
            target = sqlite3.connect(str(path))
            with target:
                self.db.backup(target)
            target.close()
        else:
            shutil.copyfile(self.path, path)
        return NameIndex(path)


def index_from_graph(store) -> NameIndex:
    """An index in memory of every entity in a store's graph, read by three plain queries and
    joined here (one query grouping every entity's aliases took twice as long): for a store
    that has no index file (a remote one, or one built before the index existed)."""
    from ..resolve import Entity

    alts: dict[str, set[str]] = {}
    for r in store.query(KNOWN_ALIASES):
        alts.setdefault(r["e"].value, set()).add(r["alt"].value)
    codes: dict[str, str] = {}
    for r in store.query(KNOWN_CODES):
        codes.setdefault(r["e"].value, r["c"].value)
    rows = sorted((r["e"].value, r["type"].value, r["label"].value) for r in store.query(KNOWN_ENTITIES))
    labelled: dict[str, Entity] = {}
    for e, type_, label in rows:  # one label and type per entity: the first, as the ingest before the index read them
        labelled.setdefault(e, Entity(e, label, type_.rsplit("#", 1)[-1], set(alts.get(e, ())) - {label}, [],
                                      codes.get(e), True))
    return NameIndex.create(":memory:", labelled.values())


KNOWN_ENTITIES = """
SELECT ?e ?type ?label WHERE {
  GRAPH <https://w3id.org/ordos-kg/resource/graph/entities> { ?e a ?type ; rdfs:label ?label FILTER(lang(?label) = "zh") }
}
"""
KNOWN_ALIASES = "SELECT ?e ?alt WHERE { GRAPH <https://w3id.org/ordos-kg/resource/graph/entities> { ?e skos:altLabel ?alt } }"
KNOWN_CODES = "SELECT ?e ?c WHERE { GRAPH <https://w3id.org/ordos-kg/resource/graph/entities> { ?e okg:divisionCode ?c } }"

__all__ = ["NameIndex", "index_path", "index_from_graph"]
