"""Ordos KG: a knowledge graph of Ordos regional development, built from Chinese news articles."""

from .api import BuildReport, KnowledgeGraph, extract
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
