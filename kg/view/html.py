"""Writing the page: one self-contained, offline HTML file per view.

pyvis holds the node and edge model and the physics options; the page itself
comes from our own template.html, because pyvis's own templates fetch
vis-network, bootstrap and tom-select from CDNs (even with
``cdn_resources="in_line"``, pyvis issues #228 and #229), insert the heading
and select-menu values unescaped, and leave the file's encoding to the locale.
Here:

- vis-network (kg/view/vis-network.min.js, .css; see NOTICE) is inlined, and a
  Content-Security-Policy allows no request at all and only the page's own
  scripts (by hash), so an injected ``onerror=`` could not run either;
- the graph travels as JSON in a ``<script type="application/json">`` block
  with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, read with JSON.parse;
  the page builds every text from an article with ``textContent``, tooltips
  included (DOM elements, never HTML strings);
- the file is written as UTF-8 with ``<meta charset="utf-8">``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import time
from functools import cache
from importlib import resources
from pathlib import Path

from .build import TYPE_STYLE

#: Views with more nodes than this get positions from kg.view.layout and no physics.
LARGE = 1000
MAX_EVIDENCE = 6  # sentences kept per node or edge for its tooltip


@cache
def asset(name: str) -> str:
    return resources.files("kg.view").joinpath(name).read_text(encoding="utf-8")


@cache
def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def json_for_script(obj) -> str:
    """JSON that can sit inside a <script> block: no '<', '>', '&' or line separators left raw."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for raw, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, esc)
    return text


def _darker(hex_colour: str, f: float = 0.7) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"#{int(r * f):02x}{int(g * f):02x}{int(b * f):02x}"


def _names(G, key: str) -> tuple[str, str]:
    return tuple(G.graph.get("labels", {}).get(key, (key, key)))  # type: ignore[return-value]


def _evidence(G, evs: list[dict]) -> list[list[str]]:
    return [[e["text"], e["title"], _names(G, e["property"])[0]] for e in evs[:MAX_EVIDENCE]]


def options(large: bool, physics: bool = True) -> dict:
    """vis-network options: pyvis's physics model, tuned so a few hundred nodes settle in about a second.

    A large graph comes with its positions and is drawn without physics; so is one without edges."""
    from pyvis.network import Network

    net = Network(directed=True)
    if large or not physics:
        net.toggle_physics(False)
        net.set_edge_smooth("continuous")
    else:
        net.force_atlas_2based(gravity=-80, central_gravity=0.02, spring_length=100, spring_strength=0.06,
                               damping=0.55, overlap=0.4)
    opts = json.loads(net.options.to_json())
    opts.pop("configure", None)
    font = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"
    extra = {
        "nodes": {"font": {"face": font, "size": 14, "color": "#1d1d1d", "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "borderWidth": 1.5, "widthConstraint": {"maximum": 170}},
        "edges": {"color": {"color": "#9aa3ad", "highlight": "#333333", "hover": "#555555", "inherit": False},
                  "font": {"face": font, "size": 11, "color": "#5f6b76", "strokeWidth": 3, "strokeColor": "#ffffff",
                           "align": "middle"},
                  "width": 1.2, "selectionWidth": 2, "arrows": {"to": {"scaleFactor": 0.55}}},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "keyboard": False,
                        "hideEdgesOnDrag": large, "multiselect": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
    }
    if large:
        extra["edges"]["smooth"] = False
        # labels only once zoomed in far enough to read them (vis skips smaller text)
        extra["edges"]["scaling"] = {"label": {"drawThreshold": 9}}
        extra["nodes"]["scaling"] = {"label": {"drawThreshold": 8}}
    if not large and physics:
        extra["physics"] = {"stabilization": {"enabled": True, "iterations": 600, "updateInterval": 20, "fit": True},
                            "minVelocity": 1.5, "maxVelocity": 60, "timestep": 0.5}
    if not large:
        extra["edges"]["smooth"] = {"enabled": True, "type": "continuous", "roundness": 0.3}
    return _merge(opts, extra)


def _merge(a: dict, b: dict) -> dict:
    for k, v in b.items():
        a[k] = _merge(a.get(k, {}), v) if isinstance(v, dict) and isinstance(a.get(k), dict) else v
    return a


def page_data(G, title: str | None = None, links: list[tuple[str, str]] | None = None) -> dict:
    """Everything the page needs, as plain JSON-able data: vis nodes, edges and options, legend, sources."""
    from pyvis.network import Network

    large = len(G) > LARGE
    pos = {}
    if large:
        from .layout import spring_layout

        pos = spring_layout(G)
    net = Network(directed=True)
    deg = dict(G.degree())
    for n, d in G.nodes(data=True):
        colour, shape = TYPE_STYLE.get(d["type"], TYPE_STYLE["Other"])
        extra = {"x": pos[n][0], "y": pos[n][1]} if n in pos else {}
        if not large and deg[n] == 0:
            extra["physics"] = False  # laid out in a tidy grid below the rest once that has settled
        net.add_node(
            n, label=d["label"], shape=shape, size=round(9 + 5 * deg[n] ** 0.5, 1),
            color={"background": colour, "border": _darker(colour),
                   "highlight": {"background": colour, "border": "#111111"},
                   "hover": {"background": colour, "border": "#111111"}},
            kg={"type": d["type"], "pinyin": d.get("pinyin", ""), "en": d.get("en", ""),
                "aliases": list(d.get("aliases", [])),
                "facts": [[*_names(G, k), v] for k, v in d.get("facts", [])],
                "evidence": _evidence(G, d.get("evidence", [])), "nEvidence": len(d.get("evidence", [])),
                "degree": deg[n]},
            **extra,
        )
    for i, (u, v, p, d) in enumerate(G.edges(keys=True, data=True)):
        zh, en = _names(G, p)
        net.add_edge(u, v, id=f"e{i}", label=zh, arrows="" if p == "collaboratesWith" else "to",
                     kg={"p": p, "zh": zh, "en": en, "evidence": _evidence(G, d.get("evidence", [])),
                         "nEvidence": len(d.get("evidence", [])), "reference": not d.get("documents")})
    counts: dict[str, int] = {}
    for _, d in G.nodes(data=True):
        counts[d["type"]] = counts.get(d["type"], 0) + 1
    types = [{"name": t, "zh": _names(G, t)[0] if t != "Other" else "其他", "en": _names(G, t)[1] if t != "Other" else "Other",
              "color": c, "shape": s, "count": counts[t]} for t, (c, s) in TYPE_STYLE.items() if t in counts]
    used = _sources(G)
    docs = G.graph.get("documents", {})
    return {
        "title": title or G.graph.get("title") or "Ordos KG",
        "nodes": net.nodes, "edges": net.edges, "options": options(large, physics=G.number_of_edges() > 0), "large": large,
        "types": types,
        "documents": [[k, docs[k]] for k in sorted(used) if k in docs],
        "links": [[href, text] for href, text in (links or [])],
        "generated": time.strftime("%Y-%m-%d %H:%M"),
    }


FACTS = {"investment", "investmentCompleted", "capacity"}


def _sources(G) -> set[str]:
    """The articles the view's content comes from: those stating its relations and facts, and
    those mentioning the entities that have neither."""
    used: set[str] = set()
    for _, _, d in G.edges(data=True):
        used.update(d.get("documents", ()))
    for n, d in G.nodes(data=True):
        used.update(e["document"] for e in d.get("evidence", []) if e["property"] in FACTS)
        if G.degree(n) == 0:
            used.update(d.get("documents", ()))
    return used


def render(G, title: str | None = None, links: list[tuple[str, str]] | None = None) -> str:
    """The HTML page for a view graph, as text."""
    data = page_data(G, title, links)
    summary = f"{len(data['nodes'])} 个实体 entities · {len(data['edges'])} 条关系 relations"
    return fill("template.html", "kg viz", data["title"], summary, data,
                {"vis_js": asset("vis-network.min.js"), "app_js": asset("viz.js")},
                {"vis_css": asset("vis-network.css"), "css": asset("viz.css")})


def fill(template: str, generator: str, title: str, summary: str, data, scripts: dict[str, str],
         styles: dict[str, str]) -> str:
    """One of kg/view's pages: its template after the common head (head.html), with a
    Content-Security-Policy that allows no request and only these scripts (by hash); the title and
    summary escaped, the data as escaped JSON. One pass: text put in is never scanned for markers again."""
    csp = ("default-src 'none'; script-src " + " ".join(_sha256(s) for s in scripts.values())
           + "; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")
    parts = {"csp": html.escape(csp), "generator": html.escape(generator), "title": html.escape(title),
             "heading": html.escape(title), "summary": html.escape(summary), "data": json_for_script(data),
             **scripts, **styles}
    page = asset(template).replace("{{head}}", asset("head.html").rstrip("\n"), 1)
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], page)


def write_html(G, path: str | Path, title: str | None = None, links: list[tuple[str, str]] | None = None) -> Path:
    """Write the view to `path` as UTF-8; returns the path."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(G, title, links), encoding="utf-8")
    return path
