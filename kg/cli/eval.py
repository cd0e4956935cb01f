"""`kg eval`: extraction measured against gold annotations."""

from __future__ import annotations

import json

import click

from . import fail_cleanly, main


@main.command(name="eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--docs", "docs_dir", type=click.Path(exists=True, file_okay=False), default=None,
              help="Folder of the articles (default: the folder above the gold folder, then the gold's source path).")
@click.option("--show-errors", is_flag=True, help="List each miss and false positive with its sentence.")
@click.option("--by-rule", is_flag=True, help="Precision and recall of each rule of the extractor (kg rules) instead.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@fail_cleanly
def eval_command(gold, docs_dir, show_errors, fmt, by_rule):
    """Score extraction against gold annotations: P/R/F1 per entity type, relation and milestones.

    GOLD are gold files (SPEC.md's gold format) or folders of them. The articles
    they describe are extracted in one run and compared: entities strictly (label
    and type) and leniently (label only), aliases matched; relations with
    quantities right only when value and unit are; milestones right only when
    project, stage, date and planned flag are. Also counts gold entities split
    into several predicted ones or merged into one, and the investment amounts
    found. A malformed gold file stops with its file, place and problem (exit 2).

    \b
    Example:
      kg eval seeds/gold
      kg eval seeds/gold tests/data/unseen/gold --show-errors
      kg eval my/gold/*.json --docs news/ --format json
      kg eval benchmarks/realnews/batches/deva/gold --by-rule
    """
    from ..evaluate import evaluate

    result = evaluate(gold, docs_dir)
    if fmt == "json":
        data = result.to_json()
        if not show_errors:
            del data["problems"]
        if not by_rule:
            del data["by_rule"]
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    if by_rule:
        from .rules import render_by_rule

        click.echo(render_by_rule(result))
        return
    click.echo(render(result, show_errors))


def _num(x) -> str:
    return "—" if x is None else f"{x:.2f}"


def _n(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def grid(columns: list[str], rows: list[list], left: int = 1) -> str:
    """Columns lined up for Chinese text; the first `left` columns left-aligned, the others right-aligned."""
    from ..format import display_width

    cells = [[("" if v is None else str(v)) for v in r] for r in rows]
    widths = [max([display_width(c)] + [display_width(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(r):
        out = []
        for i, (v, w) in enumerate(zip(r, widths)):
            gap = " " * (w - display_width(v))
            out.append(v + gap if i < left else gap + v)
        return "  ".join(out).rstrip()

    return "\n".join([line(columns), "  ".join("─" * w for w in widths)] + [line(r) for r in cells])


def render(result, show_errors: bool = False) -> str:
    out = [f"{len(result.documents)} documents: " + ", ".join(d.id for d in result.documents), ""]

    strict, lenient = result.entities("strict"), result.entities("lenient")
    rows = []
    for t, c in strict.items():
        ln = lenient[t]
        rows.append([t, c.gold, c.predicted, _num(c.precision), _num(c.recall), _num(c.f1),
                     _num(ln.precision), _num(ln.recall), _num(ln.f1)])
    out.append("Entities (strict: label and type; lenient: label only)")
    out.append(grid(["type", "gold", "predicted", "strict P", "R", "F1", "lenient P", "R", "F1"], rows))
    out.append("")

    rows = [[p, c.gold, c.predicted, c.found, _num(c.precision), _num(c.recall), _num(c.f1)]
            for p, c in result.relations().items()]
    out.append("Relations (quantities right only with value and unit)")
    out.append(grid(["predicate", "gold", "predicted", "right", "P", "R", "F1"], rows))
    out.append("")

    m = result.milestones
    out.append("Milestones (stage, date and planned flag all right, per project)")
    out.append(grid(["", "gold", "predicted", "right", "P", "R", "F1"],
                    [["milestone", m.gold, m.predicted, m.found, _num(m.precision), _num(m.recall), _num(m.f1)]]))
    out.append("")

    rows = [[d.id, d.entities_strict.gold, d.entities_strict.predicted, _num(d.entities_strict.f1),
             _num(d.entities_lenient.f1), d.relations.gold, d.relations.predicted, _num(d.relations.f1),
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
