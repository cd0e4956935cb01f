"""Analysing the graph: networkx rankings and communities, organisation ties (measures.py), the
banners compared (banners.py), charts that draw Chinese (charts.py); how entities connect comes
from kg/network.py, whose `to_networkx`, `connections` and `nearest` are here too.

Every function takes a KnowledgeGraph (or, for the network functions, the networkx
graph that `to_networkx` made from one, to avoid reading the store again):

    >>> from kg import KnowledgeGraph
    >>> from kg.analysis import to_networkx, centrality, communities, banner_table
    >>> G = to_networkx(KnowledgeGraph())
    >>> centrality(G, top=5)
    >>> [c.describe() for c in communities(G, min_size=2)]

networkx is imported only when a function needs it.
"""

from ..network import Connection, connections, nearest, to_networkx
from .banners import (
    SECTORS,
    BannerSummary,
    banner,
    banner_summaries,
    banner_table,
    classify,
    sector_leaders,
)
from .measures import Community, centrality, collaboration_network, collaboration_rows, communities

__all__ = [
    "SECTORS",
    "BannerSummary",
    "Community",
    "Connection",
    "banner",
    "banner_summaries",
    "banner_table",
    "centrality",
    "classify",
    "collaboration_network",
    "collaboration_rows",
    "communities",
    "connections",
    "nearest",
    "sector_leaders",
    "to_networkx",
]
