"""Seeing the graph: interactive, offline HTML views drawn with vis-network (via pyvis's model).

    >>> from kg import KnowledgeGraph
    >>> from kg.view import view_graph, write_html, write_gallery
    >>> G = view_graph(KnowledgeGraph(), entity="准格尔旗", depth=2)   # a networkx MultiDiGraph
    >>> write_html(G, "zhungeer.html")
    >>> write_gallery(KnowledgeGraph(), "gallery/")

build.py cuts the view from kg.network's graph, html.py writes the page (template.html, viz.js,
viz.css and the vendored vis-network files), layout.py places large graphs,
gallery.py writes the standard views with an index.
"""

from __future__ import annotations

from .build import ViewError, view_graph, whole_view
from .gallery import write_gallery
from .html import render, write_html

__all__ = ["ViewError", "whole_view", "render", "view_graph", "write_gallery", "write_html"]
