"""Where the graph lives: an embedded Oxigraph store on disk, or a remote SPARQL server.

Both implement `GraphStore`; `open_store` picks one from a location string and
imports only what that one needs, so `kg query` stays light.
"""

from __future__ import annotations

import os
from pathlib import Path
from dataclasses import dataclass, field
from typing import Protocol

DEFAULT_LOCATION = ".kg"

ENTITY_GRAPH = "https://w3id.org/ordos-kg/resource/graph/entities"


@dataclass
class Change:
    """What an ingest changes, all of it written in one transaction: the document graphs it
    replaces (dropped first), the entities no article mentions any more (taken out of the
    entity graph), the quads it adds; and the names index as it was with the entities whose
    names it gets (kg/store/names.py)."""

    graphs: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    quads: list = field(default_factory=list)
    index: object = None
    entities: list = field(default_factory=list)


def update_operations(change: Change) -> list[str]:
    """The SPARQL update operations of a Change: every IRI and literal is written by pyoxigraph
    (N-Triples syntax, escaped), never pasted from text."""
    from pyoxigraph import NamedNode

    ops = [f"DROP SILENT GRAPH {NamedNode(g)}" for g in change.graphs]
    ops += [f"DELETE WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ {NamedNode(e)} ?p ?o }} }}" for e in change.orphans]
    if change.quads:
        by_graph: dict[str, list[str]] = {}
        for q in change.quads:
            by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
        ops.append("INSERT DATA {\n" + "\n".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}"
                                                 for g, lines in by_graph.items()) + "\n}")
    return ops


def update_text(change: Change) -> str:
    return " ;\n".join(update_operations(change))


class GraphStore(Protocol):
    location: str

    def exists(self) -> bool: ...

    def query(self, sparql: str, bindings: dict | None = None, timeout: float | None = None): ...

    def pattern(self, subject=None, predicate=None, object=None, graph=None): ...

    def replace(self, quads, entities=None) -> None: ...

    def names(self): ...

    def apply(self, change: Change) -> None: ...


def store_location(explicit: str | None = None) -> str:
    """--store, else $KG_STORE, else .kg in the working directory."""
    return explicit or os.environ.get("KG_STORE") or DEFAULT_LOCATION


def open_store(location: str | None = None) -> GraphStore:
    loc = store_location(location)
    if loc.startswith(("http://", "https://")):
        from ..errors import StoreError
        from .remote import RemoteStore

        try:
            return RemoteStore(loc)
        except ValueError as e:
            raise StoreError(f"{loc} is not a usable store URL: {e}") from e
    from .embedded import EmbeddedStore

    return EmbeddedStore(Path(loc))
