"""Where the graph lives: an embedded Oxigraph store on disk, or a remote SPARQL server.

Both implement `GraphStore`; `open_store` picks one from a location string and
imports only what that one needs, so `kg query` stays light.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

DEFAULT_LOCATION = ".kg"

# Entities no article mentions any more (after an article is ingested again), unless the
# administrative tree still holds them.
# (Full IRIs, no PREFIX: it follows other operations in one request.)
DROP_ORPHANS = """
DELETE { GRAPH <https://w3id.org/ordos-kg/resource/graph/entities> { ?e ?p ?o } }
WHERE {
  GRAPH <https://w3id.org/ordos-kg/resource/graph/entities> { ?e a ?type ; ?p ?o }
  FILTER NOT EXISTS { GRAPH ?g { ?e <https://w3id.org/ordos-kg/ontology#mentionedIn> ?doc } }
  FILTER NOT EXISTS { GRAPH <https://w3id.org/ordos-kg/resource/graph/divisions> { { ?e ?x ?y } UNION { ?z ?w ?e } } }
}
"""


class GraphStore(Protocol):
    location: str

    def exists(self) -> bool: ...

    def query(self, sparql: str, bindings: dict | None = None, timeout: float | None = None): ...

    def replace(self, quads) -> None: ...

    def update_documents(self, doc_ids: list[str], quads) -> None: ...


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
