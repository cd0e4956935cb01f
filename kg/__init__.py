"""Ordos KG: a knowledge graph of Ordos regional development, built from Chinese news articles."""

from .errors import DocumentError, GoldFormatError, KGError, NoGraphError, QueryError, StoreError

__all__ = [
    "KnowledgeGraph",
    "BuildReport",
    "extract",
    "KGError",
    "DocumentError",
    "StoreError",
    "NoGraphError",
    "QueryError",
    "GoldFormatError",
]
__version__ = "0.1.0"

_FROM_API = {"KnowledgeGraph", "BuildReport", "extract"}


def __getattr__(name: str):
    """The API's names, imported on first use: `kg query` and `kg.errors` need none of it."""
    if name in _FROM_API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
