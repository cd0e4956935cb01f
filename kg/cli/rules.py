"""`kg rules` and `kg eval --by-rule`: the extractor's rules, and how well each one does."""

from __future__ import annotations

import json

import click

from . import fail_cleanly, main


def render_by_rule(result) -> str:
    """Precision and recall of each rule, the rules with the most wrong predictions first."""
    from ..evaluate.report import grid
    from ..evaluate.report import score as _num

    counts = result.by_rule()
    order = sorted(counts, key=lambda r: (-(counts[r].predicted - counts[r].right), r))
    rows = [[r, _kinds(sorted(result.rule_kinds[r])), counts[r].predicted, counts[r].right,
             counts[r].predicted - counts[r].right, _num(counts[r].precision), counts[r].gold, _num(counts[r].recall)]
            for r in order]
    out = [f"{len(result.documents)} documents; per rule of the extractor (kg rules), most wrong first", ""]
    out.append(grid(["rule", "makes", "predicted", "right", "wrong", "P", "gold of its kinds", "R"], rows, left=2))
    out += ["", "An entity counts for every rule with a mention of it in the document; a relation for the rule that "
                "stated it first (its \"rule\"). R is the share of the gold of the types and predicates the rule makes "
                "that it found."]
    return "\n".join(out)


@main.command(name="rules")
@click.argument("name", required=False)
@click.option("--stage", default=None, help="Only the rules of this stage.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@fail_cleanly
def rules_command(name, stage, fmt):
    """The extractor's rules, in the order they run: name, stage, purpose, examples.

    Every name and fact the extractor makes says which of these rules made it (the
    "rule" of `kg extract --format json`, prov:wasGeneratedBy in the graph), and
    `kg eval GOLD --by-rule` scores each one. NAME shows one rule with its examples.

    \b
    Example:
      kg rules
      kg rules --stage relations
      kg rules 'operatedBy/由X投资建设'
      kg rules --format json
    """
    from ..errors import KGError
    from ..extraction.catalogue import catalogue

    cat = catalogue()
    stages = [s.name for s in cat.stages]
    if stage is not None and stage not in stages:
        raise click.BadParameter(f"no stage {stage!r}; one of {', '.join(stages)}", param_hint="--stage")
    if name is not None:
        if name not in cat:
            import difflib

            names = [r.name for r in cat.rules()]
            close = difflib.get_close_matches(name, names, n=5, cutoff=0.5) or [
                n for n in names if n.split("/")[0] == name.split("/")[0]][:5]
            raise KGError(f"no rule named {name!r}" + (f"; did you mean {', '.join(close[:5])}?" if close else ""),
                          hint="kg rules lists them")
        rules = [cat.rule(name)]
    else:
        rules = [r for r in cat.rules() if stage is None or r.stage == stage]
    if fmt == "json":
        click.echo(json.dumps({"stages": [{"name": s.name, "purpose": s.purpose} for s in cat.stages if stage in (None, s.name)],
                               "rules": [r.to_json() for r in rules]}, ensure_ascii=False, indent=1))
        return
    if name is not None:
        click.echo(_one_rule(rules[0]))
        return
    from ..format import grid

    rows = [[r.name, r.stage, r.purpose, r.priority, len(r.examples) + len(r.not_on)] for r in rules]
    click.echo(grid(["rule", "stage", "purpose", "priority", "examples"], rows, left=3))
    click.echo(f"({len(rules)} rules; kg rules NAME shows one with its examples)")


def _kinds(kinds: list[str]) -> str:
    return ", ".join(kinds) if len(kinds) <= 3 else ", ".join(kinds[:2]) + f" and {len(kinds) - 2} more"


def _one_rule(r) -> str:
    from ..format import terminal_safe

    out = [f"{r.name}  ({r.stage}, priority {r.priority}{', mode ' + r.mode if r.mode != 'rules' else ''})", f"  {r.purpose}"] + ([f"  Note: {r.note}"] if r.note else []) + [""]
    for e in r.examples:
        out.append(f"  « {terminal_safe(e.text)} »")
        out += [f"      yields  {terminal_safe(y)}" for y in e.yields]
        out += [f"      removes {terminal_safe(y)}" for y in e.removes]
    for s in r.not_on:
        out.append(f"  « {terminal_safe(s)} »")
        out.append("      (nothing)")
    return "\n".join(out)
