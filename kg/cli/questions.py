"""Asking without SPARQL: ready questions, and entities found by the names a person types."""

from __future__ import annotations

import json

import click

from ..vocab import RESOURCE
from . import _graph, fail_cleanly, main


def _short(iri: str | None) -> str:
    return "" if not iri else "res:" + iri[len(RESOURCE):] if iri.startswith(RESOURCE) else iri


def _safe_echo(text: str = "") -> None:
    """A line for the terminal: control and bidi characters from the graph shown as escapes."""
    from ..format import terminal_safe

    click.echo(terminal_safe(text))


def _json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=1))


@main.command()
@click.argument("name", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@fail_cleanly
def queries(name, fmt):
    """List the ready questions; with NAME, show one: what it asks, its parameters, its SPARQL.

    Run one with: kg query --name NAME [--param KEY=VALUE ...]

    \b
    Example:
      kg queries
      kg queries projects-in-banner
      kg query --name projects-in-banner --param banner=鄂托克旗
    """
    from ..format import table
    from ..sparql.questions import load, questions

    if name:
        q = load(name)
        if fmt == "json":
            _json(dict(q.as_dict(), sparql=q.sparql))
            return
        click.echo(f"{q.name}: {q.title_zh} / {q.title_en}")
        click.echo(q.description)
        if q.params:
            click.echo("\nParameters:")
            for p in q.params:
                need = "required" if p.required else (f"default {p.default}" if p.default is not None else "optional")
                kind = "one of " + ", ".join(p.choices) if p.kind == "choice" else p.kind
                click.echo(f"  {p.name} ({kind}; {need}): {p.description}")
        example = " ".join(f"--param {p.name}=..." for p in q.params if p.required)
        click.echo(f"\nRun it: kg query --name {q.name} {example}".rstrip())
        click.echo("\n" + q.sparql.rstrip())
        return
    qs = questions()
    if fmt == "json":
        _json([q.as_dict() for q in qs])
        return
    rows = [[q.name, q.title_zh, q.title_en, ", ".join(p.name for p in q.params)] for q in qs]
    click.echo(table(["name", "title_zh", "title_en", "parameters"], rows))


@main.command()
@click.argument("text")
@click.option("-t", "--type", "types", multiple=True, metavar="TYPE",
              help="Only entities of this type (Banner, Company, Project, ...); repeatable.")
@click.option("-l", "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="At most this many.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
@fail_cleanly
def search(ctx, text, types, limit, fmt):
    """Find entities by Chinese name, alias, pinyin (tones and spaces optional) or English.

    Best matches first: exact name, alias, start of a name, part of a name, then
    pinyin; ties go to the entity more articles mention.

    \b
    Example:
      kg search zhungeerqi
      kg search "zhun ge er qi"
      kg search Jungar
      kg search 鄂旗
      kg search 光伏 --type Project
    """
    from ..format import table
    from ..lookup import search as find

    found = find(_graph(ctx).store, text, set(types) or None, limit)
    if fmt == "json":
        _json([m.as_dict() for m in found])
        return
    if not found:
        click.echo(f"Nothing is called '{text}'.")
        return
    rows = [[m.label, m.type, m.matched, m.how, m.documents, _short(m.iri)] for m in found]
    click.echo(table(["entity", "type", "matched", "how", "articles", "iri"], rows))


@main.command()
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
@fail_cleanly
def describe(ctx, name, fmt):
    """Show one entity: its type, all its names, every fact about it with the sentence and article.

    NAME is a Chinese name, alias, pinyin, English name or IRI. When it could mean
    several entities, they are listed with their types.

    \b
    Example:
      kg describe 鄂旗
      kg describe "Jungar Banner"
      kg describe 年产60万吨磷酸铁锂项目 --format json
    """
    from ..lookup import describe as describe_entity

    d = describe_entity(_graph(ctx).store, name)
    if fmt == "json":
        _json(d.as_dict())
        return
    _safe_echo(f"{d.label}  ({d.type})")
    _safe_echo(f"  {d.iri}")
    names = []
    for n in d.names:
        other = "pinyin" if "latn" in n["lang"] else n["lang"]
        tag = "alias" if n["kind"] == "alias" else {"zh": "", "en": "English"}.get(n["lang"], other)
        names.append(f"{n['name']} ({tag})" if tag else n["name"])
    _safe_echo("Names: " + " · ".join(names))
    _safe_echo(f"\nArticles ({len(d.documents)}):")
    for doc in d.documents:
        _safe_echo(f"  {doc['document']}  {doc['title'] or ''}")
    if d.milestones:
        _safe_echo(f"\nMilestones ({len(d.milestones)}):")
        for ms in d.milestones:
            when = ms["date"] or (f"({ms['date_text']})" if ms["date_text"] else "(no date)")
            _safe_echo(f"  {when:<10}  {ms['stage_zh']} {ms['stage']}" + ("  (planned)" if ms["planned"] else ""))
            if ms["evidence"]:
                _safe_echo(f"      “{ms['evidence']}” [{ms['document']}]")
    _safe_echo(f"\nFacts ({len(d.facts)}):")
    for f in d.facts:
        arrow = "→" if f.direction == "out" else "←"
        rel = f"{f.predicate} {f.predicate_zh}".strip()
        kind = f" ({f.other_type})" if f.other_type else ""
        _safe_echo(f"  {arrow} {rel}: {f.other}{kind}")
        if f.evidence:
            _safe_echo(f"      “{f.evidence}”")
            _safe_echo(f"      — {f.title or ''} [{f.document}]")
        else:
            _safe_echo("      (reference data: administrative divisions)" if f.predicate in ("locatedIn", "divisionCode")
                       else "      (no evidence recorded)")


@main.command()
@click.argument("name")
@click.option("-d", "--depth", type=click.IntRange(min=1, max=6), default=1, show_default=True,
              help="How many steps out to go.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
@fail_cleanly
def neighbors(ctx, name, depth, fmt):
    """Show the relations around an entity, out to --depth steps, in either direction.

    \b
    Example:
      kg neighbors 乌审旗
      kg neighbors 磷酸铁锂 --depth 2
    """
    from ..format import table
    from ..lookup import neighbors as around

    edges = around(_graph(ctx).store, name, depth)
    if fmt == "json":
        _json([e.as_dict() for e in edges])
        return
    rows = [[e.depth, e.subject_label, e.predicate, e.object_label] for e in edges]
    click.echo(table(["depth", "subject", "relation", "object"], rows))


@main.command()
@click.argument("first")
@click.argument("second")
@click.option("--through-documents", is_flag=True,
              help="Also connect two entities through an article that mentions both.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
@fail_cleanly
def path(ctx, first, second, through_documents, fmt):
    """Show the shortest chain of relations that connects two entities.

    \b
    Example:
      kg path 磷酸铁锂 鄂尔多斯市
      kg path 卡尔动力 乌审旗 --through-documents
    """
    from ..network import path as connect

    steps = connect(_graph(ctx).store, first, second, through_documents)
    if fmt == "json":
        _json([s.as_dict() for s in steps])
        return
    if not steps:
        click.echo("They are the same entity.")
        return
    line = steps[0].source_label
    for s in steps:
        line += f" —{s.relation}→ " if s.forward else f" ←{s.relation}— "
        line += s.target_label
    click.echo(line)
    click.echo(f"({len(steps)} step{'s' if len(steps) != 1 else ''})")
