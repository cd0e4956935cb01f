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
    from ..evaluate.report import render_report

    click.echo(render_report(result, show_errors))
