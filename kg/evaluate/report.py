"""The report of an evaluation as text: the tables `kg eval` prints."""

from __future__ import annotations

from ..format import grid


def score(x) -> str:
    """A score as the tables show it: two decimals, or a dash when there is none."""
    return "—" if x is None else f"{x:.2f}"


def _n(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def render_report(result, show_errors: bool = False) -> str:
    """The tables `kg eval` prints: entities, relations, milestones, per document, resolution,
    investments; with `show_errors`, each miss and false positive with its sentence."""
    out = [f"{len(result.documents)} documents: " + ", ".join(d.id for d in result.documents), ""]

    strict, lenient = result.entities("strict"), result.entities("lenient")
    rows = []
    for t, c in strict.items():
        ln = lenient[t]
        rows.append([t, c.gold, c.predicted, score(c.precision), score(c.recall), score(c.f1),
                     score(ln.precision), score(ln.recall), score(ln.f1)])
    out.append("Entities (strict: label and type; lenient: label only)")
    out.append(grid(["type", "gold", "predicted", "strict P", "R", "F1", "lenient P", "R", "F1"], rows))
    out.append("")

    rows = [[p, c.gold, c.predicted, c.found, score(c.precision), score(c.recall), score(c.f1)]
            for p, c in result.relations().items()]
    out.append("Relations (quantities right only with value and unit)")
    out.append(grid(["predicate", "gold", "predicted", "right", "P", "R", "F1"], rows))
    out.append("")

    m = result.milestones
    out.append("Milestones (stage, date and planned flag all right, per project)")
    out.append(grid(["", "gold", "predicted", "right", "P", "R", "F1"],
                    [["milestone", m.gold, m.predicted, m.found, score(m.precision), score(m.recall), score(m.f1)]]))
    out.append("")

    rows = [[d.id, d.entities_strict.gold, d.entities_strict.predicted, score(d.entities_strict.f1),
             score(d.entities_lenient.f1), d.relations.gold, d.relations.predicted, score(d.relations.f1),
             d.split, d.merged] for d in result.documents]
    out.append("Per document")
    out.append(grid(["document", "entities", "predicted", "strict F1", "lenient F1", "relations", "predicted",
                     "F1", "split", "merged"], rows))
    out.append("")

    res = result.resolution
    out.append(f"Entity resolution: {_n(res['gold_entities_split'], 'gold entity', 'gold entities')} split into "
               f"several predicted entities; {_n(res['gold_entities_merged'], 'gold entity', 'gold entities')} "
               f"merged into {_n(res['predicted_entities_merging'], 'predicted entity', 'predicted entities')}")
    got, total = result.investments_right
    out.append(f"Investment amounts right: {got}/{total}")
    for inv in result.investments:
        predicted = ", ".join(inv["predicted"]) or "nothing"
        out.append(f"  {'✓' if inv['right'] else '✗'} {inv['document']}  {inv['project']}  {inv['gold']}"
                   + ("" if inv["right"] else f"  (predicted {predicted})"))
    if result.unscored:
        out.append("Not scored (not core relations): "
                   + ", ".join(f"{p} {n}" for p, n in sorted(result.unscored.items())))

    if show_errors:
        out += ["", "Errors by kind"]
        kinds = result.problem_kinds().most_common()
        out.append(grid(["what", "kind", "count"], [[w, k, n] for (w, k), n in kinds], left=2))
        current = None
        for p in result.problems:
            if p.document != current:
                current = p.document
                out += ["", f"── {current} " + "─" * 40]
            line = f"{p.what} ({p.kind}): {p.item}"
            if p.detail:
                line += f" — {p.detail}"
            out.append(line)
            if p.sentence:
                out.append(f"    « {p.sentence} »")
    return "\n".join(out)
