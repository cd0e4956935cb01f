"""Measuring extraction against gold annotations (SPEC.md's gold section).

    >>> from kg.evaluate import evaluate
    >>> result = evaluate(["seeds/gold"])          # reads seeds/*.txt, extracts, scores
    >>> result.entities("strict")["all"].f1

Three steps, each usable alone: `load_gold` reads and checks one gold file (a
`GoldFormatError` names the file, the place and what is wrong); `score` compares
gold documents with an extraction's JSON; `evaluate` finds the documents the gold
describes, extracts them and scores.

Matching. A predicted entity matches a gold entity when one of its names (label or
alias) equals one of the gold entity's names, after folding width, whitespace,
quotes and case. Strict matching also wants the type (or one of the gold
`alt_types`); lenient matching only the name. Each gold entity is matched to at
most one predicted entity and the other way round (a maximum matching), so a gold
entity split into two predicted entities gives one hit and one false positive.
A predicted relation matches a gold one when the predicate is the same
(collaboratesWith either way round) and subject and object match as entities by
name; a quantity (investment, capacity) matches when value and unit are equal
once both are brought to one unit per dimension (GW, 万千瓦 → MW; 万吨/年 → t/a;
亿元 → CNY). Relations with predicates outside SPEC's core are not scored.

An extraction's entities belong to a document when they have a mention in it or
take part in one of its relations; documents are matched by id (the file stem).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import DocumentError
from .gold import (
    CORE_PREDICATES,
    CORE_TYPES,
    GoldDocument,
    GoldEntity,
    GoldRelation,
    find_document,
    gold_files,
    load_gold,
    load_golds,
    parse_gold,
)
from .names import format_quantity, normalize_name, normalize_unit, quantity_key
from .scoring import Counts, EvalResult, score


def evaluate(gold_paths: Iterable[str | Path], docs_dir: str | Path | None = None) -> EvalResult:
    """Load the gold, extract the documents it describes (all in one run, as a build does) and score."""
    from ..api import extract

    golds = load_golds(gold_paths)
    paths = [find_document(g, docs_dir) for g in golds]
    ex = extract(paths, published=published_beside(golds))
    for path, why in ex.report.skipped:
        raise DocumentError(f"{path}: cannot be evaluated: {why}")
    result = score(golds, ex.to_json(), documents=ex.documents)
    result.sources = {g.id: str(p) for g, p in zip(golds, paths)}
    return result


def published_beside(golds: Iterable[GoldDocument]) -> dict[str, str]:
    """Publication dates from a manifest.json beside each gold folder (benchmarks/realnews/batches/*/):
    entries {"id" or "file", "published": "YYYY-MM-DD"} under "articles" or "documents"."""
    import json

    from ..dates import is_iso_day

    out: dict[str, str] = {}
    for manifest in {g.path.parent.parent / "manifest.json" for g in golds}:
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # no manifest there (or not one of ours): dates come from the texts alone
        entries = (data.get("articles") or data.get("documents") or []) if isinstance(data, dict) else []
        for e in entries if isinstance(entries, list) else []:
            if not isinstance(e, dict) or not is_iso_day(e.get("published") or ""):
                continue
            key = e.get("id") or (Path(e["file"]).stem if isinstance(e.get("file"), str) else None)
            if isinstance(key, str):
                out[key] = e["published"]
    return out


__all__ = [
    "CORE_PREDICATES",
    "CORE_TYPES",
    "Counts",
    "EvalResult",
    "GoldDocument",
    "GoldEntity",
    "GoldRelation",
    "evaluate",
    "find_document",
    "format_quantity",
    "gold_files",
    "load_gold",
    "load_golds",
    "normalize_name",
    "normalize_unit",
    "parse_gold",
    "quantity_key",
    "score",
]
