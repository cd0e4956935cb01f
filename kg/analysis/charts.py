"""Charts whose Chinese labels render as Chinese: matplotlib set up with an installed CJK font.

matplotlib's default font (DejaVu Sans) has no Chinese glyphs and draws empty
boxes. `use_cjk_font()` finds a CJK font that is installed (Noto Sans CJK from
Debian's fonts-noto-cjk, Source Han Sans, or WenQuanYi) and makes it the default;
the chart functions here call it, and return `matplotlib.figure.Figure` objects
(no pyplot state), which a notebook shows with `display(fig)` or as the cell's value.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import FontError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Font families tried in order; the first installed one is used.
CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Sans CJK JP", "Noto Sans CJK TC",
    "Noto Serif CJK SC",
)
#: File names of CJK fonts, to register them if matplotlib's font cache predates their install.
_CJK_FILES = ("notosanscjk", "notoserifcjk", "sourcehansans", "wqy", "notosanssc")

INSTALL_HINT = "install a CJK font: apt-get install fonts-noto-cjk (or fonts-wqy-zenhei)"


def cjk_font() -> str:
    """The family name of an installed CJK font; raises FontError if there is none."""
    from matplotlib import font_manager

    def installed() -> set[str]:
        return {f.name for f in font_manager.fontManager.ttflist}

    names = installed()
    for family in CJK_FONTS:
        if family in names:
            return family
    # matplotlib caches its font list: a font installed after the cache was made is not in it
    for path in font_manager.findSystemFonts():
        if any(k in Path(path).name.lower() for k in _CJK_FILES):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
    names = installed()
    for family in CJK_FONTS:
        if family in names:
            return family
    raise FontError("no font that can draw Chinese is installed, so chart labels would show as boxes",
                    hint=INSTALL_HINT)


def use_cjk_font() -> str:
    """Make an installed CJK font matplotlib's default sans-serif font; returns its family name."""
    import matplotlib

    family = cjk_font()
    rc = matplotlib.rcParams
    rest = [f for f in rc["font.sans-serif"] if f != family]
    rc["font.sans-serif"] = [family, *rest]
    rc["font.family"] = "sans-serif"
    rc["axes.unicode_minus"] = False  # the CJK fonts lack U+2212; use a hyphen for minus signs
    return family


def font_file(family: str | None = None) -> str:
    """The file matplotlib draws text with for this family (default: the configured sans-serif)."""
    from matplotlib import font_manager

    props = font_manager.FontProperties(family=[family or "sans-serif"])
    return font_manager.findfont(props, fallback_to_default=False)


def bar_chart(labels: Sequence[str], values: Sequence[float], title: str = "", xlabel: str = "",
              ylabel: str = "", path: str | Path | None = None, horizontal: bool = False) -> Figure:
    """A bar chart with Chinese labels; saved as PNG to `path` if given.

    >>> fig = bar_chart(["准格尔旗", "乌审旗"], [78.65, 15], title="总投资(亿元)", path="invest.png")
    """
    from matplotlib.figure import Figure

    use_cjk_font()
    fig = Figure(figsize=(8, max(3.0, 0.45 * len(labels) + 1.5)) if horizontal else (max(6.0, 0.9 * len(labels) + 2), 4.5))
    ax = fig.subplots()
    labels = list(labels)
    bars = ax.barh(labels[::-1], list(values)[::-1]) if horizontal else ax.bar(labels, list(values))
    ax.bar_label(bars, fmt="%g", padding=2)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if not horizontal and max((len(s) for s in labels), default=0) > 4:
        ax.tick_params(axis="x", labelrotation=30)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=120)
    return fig


def investment_chart(summaries, path: str | Path | None = None) -> Figure:
    """Stated investment per banner in 亿元, from `kg.analysis.banners.banner_summaries` (or a KnowledgeGraph)."""
    from .banners import YI, banner_summaries

    if hasattr(summaries, "rows"):
        summaries = banner_summaries(summaries)
    rows = sorted(summaries, key=lambda b: -b.investment)
    return bar_chart([b.banner for b in rows], [round(b.investment / YI, 2) for b in rows],
                     title="各旗区项目计划总投资(亿元)", ylabel="亿元", path=path)


def network_chart(G, title: str = "", path: str | Path | None = None, seed: int = 7) -> Figure:
    """A small networkx graph drawn with its nodes' Chinese `label`s (e.g. the collaboration network)."""
    import networkx as nx
    from matplotlib.figure import Figure

    use_cjk_font()
    fig = Figure(figsize=(9, 7))
    ax = fig.subplots()
    pos = nx.spring_layout(G, seed=seed, k=1.2 / max(1, len(G)) ** 0.5)
    types = sorted({t for _, t in G.nodes(data="type")})
    palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1"]
    colour = {t: palette[i % len(palette)] for i, t in enumerate(types)}
    widths = [1 + d.get("weight", 1) for _, _, d in G.edges(data=True)]
    nx.draw_networkx_edges(G, pos, ax=ax, width=widths, alpha=0.5)
    for t in types:
        nodes = [n for n, tt in G.nodes(data="type") if tt == t]
        nx.draw_networkx_nodes(G, pos, nodelist=nodes, node_color=colour[t], node_size=500, ax=ax, label=t)
    nx.draw_networkx_labels(G, pos, labels=dict(G.nodes(data="label")), font_size=9,
                            font_family=use_cjk_font(), ax=ax)
    ax.legend(loc="best", fontsize=8, markerscale=0.5)
    ax.set_title(title)
    ax.axis("off")
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=120)
    return fig
