"""A gallery: the standard views written side by side, with an index page linking them."""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass
from pathlib import Path

from ..lookup import pinyin_key
from .build import (
    SECTORS,
    banner_view,
    organizations_view,
    sector_view,
    whole_view,
)


@dataclass
class GalleryPage:
    file: str | None  # relative to the gallery directory; None when the view is empty
    title: str
    section: str
    nodes: int
    edges: int


def _slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", pinyin_key(text)).strip("-") or "view"
    slug, i = base, 2
    while slug in taken:
        slug, i = f"{base}-{i}", i + 1
    taken.add(slug)
    return slug


def standard_views(G):
    """(section, file stem, graph) for each standard view; a sector may come out empty."""
    taken: set[str] = set()
    yield "全图 Whole graph", "whole", G
    banners = sorted((n for n, d in G.nodes(data=True) if d["type"] == "Banner"), key=lambda n: G.nodes[n]["label"])
    for b in banners:
        d = G.nodes[b]
        yield "旗区 Banners", "banner-" + _slug(d["pinyin"] or d["label"], taken), banner_view(G, b)
    for key in SECTORS:
        yield "产业 Sectors", "sector-" + key, sector_view(G, key)
    H = organizations_view(G)
    if len(H):
        yield "组织 Organisations", "organisations", H


def write_gallery(graph_or_store, directory: str | Path) -> list[GalleryPage]:
    """Write each standard view and an index.html linking them into `directory`; returns the pages."""
    from .html import write_html

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    G = whole_view(graph_or_store)
    pages = []
    back = [("index.html", "← 图集 Gallery")]
    for section, stem, H in standard_views(G):
        title = H.graph["title"] if stem != "whole" else "全图 Whole graph"
        if not len(H):
            pages.append(GalleryPage(None, title, section, 0, 0))
            continue
        write_html(H, out / f"{stem}.html", title=title, links=back)
        pages.append(GalleryPage(f"{stem}.html", title, section, H.number_of_nodes(), H.number_of_edges()))
    (out / "index.html").write_text(index_html(pages, G), encoding="utf-8")
    return pages


def index_html(pages: list[GalleryPage], G) -> str:
    e = html.escape
    sections: dict[str, list[GalleryPage]] = {}
    for p in pages:
        sections.setdefault(p.section, []).append(p)
    body = []
    for section, ps in sections.items():
        items = "\n".join(
            f'<li><a href="{e(p.file)}">{e(p.title)}</a> <span>{p.nodes} 个实体 · {p.edges} 条关系</span></li>'
            if p.file else f"<li>{e(p.title)} <span>本图中没有 · none in this graph</span></li>"
            for p in ps
        )
        body.append(f"<h2>{e(section)}</h2>\n<ul>\n{items}\n</ul>")
    docs = "\n".join(f"<li>{e(t)}</li>" for _, t in sorted(G.graph.get("documents", {}).items()))
    return f"""<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>鄂尔多斯知识图谱 图集 · Ordos KG gallery</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; max-width: 760px;
       margin: 24px auto; padding: 0 16px; color: #1d1d1d; line-height: 1.6; }}
h1 {{ font-size: 22px; }} h2 {{ font-size: 16px; margin-top: 22px; border-bottom: 1px solid #eee; }}
ul {{ padding-left: 20px; }} li span {{ color: #777; font-size: 13px; margin-left: 6px; }}
a {{ color: #1f5fa8; }} footer {{ color: #777; font-size: 13px; margin-top: 28px; }}
</style>
</head>
<body>
<h1>鄂尔多斯知识图谱 图集 · Ordos KG gallery</h1>
<p>每页是一个可交互的图：悬停查看原文证据，搜索中文名、拼音或别名，勾选类型以筛选。离线可用。<br>
Each page is an interactive graph: hover for evidence, search by name, pinyin or alias, tick types to filter. Works offline.</p>
{chr(10).join(body)}
<footer>
<details><summary>来源文章 Sources ({len(G.graph.get("documents", {}))})</summary><ol>
{docs}
</ol></details>
<p>kg viz --gallery · {e(time.strftime("%Y-%m-%d %H:%M"))}</p>
</footer>
</body>
</html>
"""
