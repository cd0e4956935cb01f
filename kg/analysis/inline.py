"""A pyvis-style interactive view of (part of) the graph, inline in a notebook, with nothing fetched.

The vis-network script is read from the copy that the pyvis package ships and put
inside the page, so the view works offline; the page goes into an iframe's
`srcdoc`, which every notebook front end shows. Article text reaches the page only
as JSON inside a script (with `<`, `>` and `&` escaped) and vis-network shows
labels and tooltips as text, so no article text is ever read as HTML.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache
from importlib import resources

from .network import _graph

#: Colours per core type (the rest grey).
COLOURS = {
    "Region": "#9c755f", "City": "#9c755f", "Banner": "#e15759", "Town": "#ff9d9a", "Village": "#ffbeb2",
    "IndustrialPark": "#f28e2b", "Company": "#4e79a7", "ResearchInstitution": "#76b7b2",
    "GovernmentAgency": "#bab0ac", "Alliance": "#b07aa1", "Project": "#59a14f", "Technology": "#edc948",
    "Product": "#8cd17d", "Person": "#d37295", "Place": "#a0cbe8",
}


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """vis-network's script, from the pyvis package's own files (the newest version it ships)."""
    lib = resources.files("pyvis") / "templates" / "lib"
    versions = sorted((d for d in lib.iterdir() if d.name.startswith("vis-")),
                      key=lambda d: tuple(int(x) for x in d.name[4:].split(".") if x.isdigit()))
    if not versions:
        from ..errors import KGError

        raise KGError("the pyvis package has no vis-network script", hint="reinstall pyvis: pip install pyvis")
    return (versions[-1] / "vis-network.min.js").read_text(encoding="utf-8")


def _script_json(data) -> str:
    """JSON safe to place inside <script>: no '<', '>' or '&' can end the script or start a tag."""
    return (json.dumps(data, ensure_ascii=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def view_data(G, nodes=None) -> dict:
    """Nodes and edges for vis-network from a to_networkx graph (optionally only `nodes`)."""
    keep = set(G) if nodes is None else set(nodes)
    vis_nodes = []
    for n in sorted(keep):
        d = G.nodes[n]
        tip = f"{d['label']} ({d['type']})"
        if d.get("aliases"):
            tip += "\n又名: " + "、".join(d["aliases"])
        if d.get("investment"):
            tip += f"\n总投资: {d['investment'] / 1e8:g} 亿元"
        vis_nodes.append({"id": n, "label": d["label"], "title": tip, "group": d["type"],
                          "color": COLOURS.get(d["type"], "#cccccc"), "value": 1 + G.degree(n)})
    vis_edges = []
    for s, o, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        if s in keep and o in keep:
            ev = d.get("evidence") or []
            tip = k + ("\n" + ev[0]["text"] if ev else "\n(行政区划参考数据)")
            vis_edges.append({"from": s, "to": o, "label": k, "title": tip, "arrows": "to"})
    return {"nodes": vis_nodes, "edges": vis_edges}


def page(G, nodes=None, height: str = "600px") -> str:
    """A whole HTML page showing the graph with vis-network inlined."""
    data = view_data(G, nodes)
    options = {"nodes": {"shape": "dot", "font": {"size": 14}},
               "edges": {"font": {"size": 10, "align": "middle"}, "smooth": {"type": "dynamic"}},
               "physics": {"stabilization": {"iterations": 200}}, "interaction": {"hover": True}}
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><style>html,body{{margin:0}}#g{{height:{html.escape(height)};border:1px solid #ddd}}</style>
<script>{vis_network_js()}</script></head>
<body><div id="g"></div>
<script>
const data = {_script_json(data)};
new vis.Network(document.getElementById("g"),
  {{nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)}}, {_script_json(options)});
</script></body></html>"""


def neighbourhood(G, centre: str, radius: int = 2) -> set[str]:
    """The entities within `radius` relations of `centre` (a label, alias or IRI), either direction."""
    import networkx as nx

    from .network import find_entity

    return set(nx.ego_graph(G.to_undirected(as_view=True), find_entity(G, centre), radius=radius))


def inline_view(g, centre: str | None = None, radius: int = 2, connected_only: bool = True, height: str = "600px"):
    """An interactive view for a notebook cell (IPython HTML): the whole graph, or around `centre`.

    >>> inline_view(kg, centre="准格尔旗")
    """
    from IPython.display import HTML

    G = _graph(g)
    if centre is not None:
        nodes = neighbourhood(G, centre, radius)
    elif connected_only:
        nodes = {n for n in G if G.degree(n)}
    else:
        nodes = set(G)
    doc = page(G, nodes, height)
    px = int(height[:-2]) + 20 if height.endswith("px") and height[:-2].isdigit() else 620
    return HTML(f'<div><iframe srcdoc="{html.escape(doc, quote=True)}" style="width:100%;height:{px}px;border:0"'
                ' sandbox="allow-scripts"></iframe></div>')
