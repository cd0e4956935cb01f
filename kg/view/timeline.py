"""The timeline view: projects as rows along time, each milestone a mark (`kg viz --timeline`).

    >>> from kg.view.timeline import timeline_rows, write_timeline
    >>> write_timeline(timeline_rows(KnowledgeGraph().store), "timeline.html")

A milestone dated to the day is a dot, to the month or the year a bar across that month or
year; done ones are filled, planned ones hollow and dashed. Hovering shows the stage, the date,
the sentence that states it and its article. The page filters by banner and sector. It is one
offline file made like the graph views (kg/view/html.py): data as escaped JSON, every text put in
with textContent, a Content-Security-Policy that allows no request and only its own script.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..vocab import STAGE_NAMES, STAGES
from .html import asset, fill

#: The colour each stage (kg/vocab.py) is drawn in.
STAGE_COLOURS = {
    "Signed": "#6a3d9a", "Approved": "#1f78b4", "ConstructionStarted": "#ff7f00", "Completed": "#33a02c",
    "InOperation": "#e31a1c", "GridConnected": "#17a2b8", "FullCapacity": "#8c564b",
}
#: Chinese and English names and the colour of each stage.
STAGE_STYLE = {k: (zh, en, STAGE_COLOURS[k]) for k, (zh, en) in STAGE_NAMES.items()}


def timeline_rows(store, banner: str | None = None) -> list[dict]:
    """One dict per project with milestones: label, banners, sectors and its milestones in order."""
    from pyoxigraph import NamedNode

    from ..sparql import query_text

    text = query_text("timeline")
    only = None
    if banner:
        from ..sparql.questions import resolve_entity

        only = NamedNode(resolve_entity(store, banner, "Banner"))
    projects: dict[str, dict] = {}
    seen: set[tuple] = set()
    for s in store.query(text):
        iri = s["p"].value
        p = projects.setdefault(iri, {
            "iri": iri, "label": s["project"].value,
            "banners": sorted(s["banners"].value.split("\u001f")) if s["banners"] else [],
            "sectors": sorted(s["sectors"].value.split("\u001f")) if s["sectors"] else [],
            "milestones": []})
        key = (iri, s["m"].value, s["doc"].value if s["doc"] else None)
        if key in seen:
            continue
        seen.add(key)
        p["milestones"].append({
            "stage": s["stage"].value,
            "date": s["date"].value if s["date"] else None,
            "dateText": s["date_text"].value if s["date_text"] else None,
            "planned": s["planned"].value == "true",
            "evidence": s["evidence"].value if s["evidence"] else None,
            "document": s["doc"].value.rsplit("/doc/", 1)[-1] if s["doc"] else None,
            "title": s["title"].value if s["title"] else None,
        })
    if only is not None:
        inside = {r["p"].value for r in store.query(
            "SELECT DISTINCT ?p WHERE { ?p okg:milestone ?m ; okg:locatedIn+ ?b }", {"b": only})}
        projects = {k: v for k, v in projects.items() if k in inside}
    for p in projects.values():
        p["milestones"].sort(key=lambda m: (m["date"] is None, m["date"] or "", STAGES.index(m["stage"])))
    return sorted(projects.values(), key=lambda p: (_first_date(p), p["label"]))


def _first_date(p: dict) -> str:
    return next((m["date"] for m in p["milestones"] if m["date"]), "9999")


def render_timeline(rows: list[dict], title: str | None = None) -> str:
    """The timeline page for these rows, as text."""
    data = {
        "title": title or "项目时间线 Project timeline",
        "projects": rows,
        "stages": [{"key": k, "zh": zh, "en": en, "color": c} for k, (zh, en, c) in STAGE_STYLE.items()],
        "generated": time.strftime("%Y-%m-%d %H:%M"),
    }
    n = sum(len(r["milestones"]) for r in rows)
    return fill("timeline.html", "kg viz --timeline", data["title"], f"{len(rows)} 个项目 projects · {n} 个节点 milestones",
                data, {"app_js": asset("timeline.js")}, {"css": asset("timeline.css")})


def write_timeline(rows: list[dict], path: str | Path, title: str | None = None) -> Path:
    """Write the timeline page to `path` as UTF-8; returns the path."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_timeline(rows, title), encoding="utf-8")
    return path


__all__ = ["STAGE_STYLE", "render_timeline", "timeline_rows", "write_timeline"]
