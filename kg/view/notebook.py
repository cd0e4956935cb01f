"""An interactive view of the graph inline in a notebook cell, with nothing fetched.

The page is kg.view's (vis-network and its scripts inlined, a strict content
security policy, article text escaped); here it goes into an iframe's `srcdoc`,
which every notebook front end shows, sandboxed to scripts only.
"""

from __future__ import annotations

import html
from collections.abc import Iterable


def show(graph, entity: str | None = None, depth: int = 1, banner: str | None = None,
         types: Iterable[str] | None = None, title: str | None = None, height: int = 640):
    """The whole graph, or one view of it, as an IPython HTML object for a notebook cell.

    `entity`/`depth`, `banner` and `types` choose the view as `kg viz` does.
    >>> show(KnowledgeGraph(), entity="准格尔旗", depth=2)
    """
    from IPython.display import HTML

    from . import render, view_graph

    G = view_graph(graph, entity=entity, depth=depth, banner=banner, types=list(types) if types else None)
    return HTML(iframe(render(G, title), height))


def iframe(page: str, height: int = 640) -> str:
    """A whole HTML page as a sandboxed iframe element (the page escaped into `srcdoc`)."""
    return (f'<div><iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" '
            f'style="width:100%;height:{int(height)}px;border:0"></iframe></div>')
