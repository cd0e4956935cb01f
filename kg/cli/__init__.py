"""The `kg` command: a thin layer over the library. Each command calls one library
function and formats what comes back; errors become one `Error: …` line.

Commands live in modules by area (core, questions, ...); running a command imports only
its module (COMMAND_MODULES), so that `kg query` pays for nothing else."""

from __future__ import annotations

import functools
import importlib
import sys
import time

import click

from ..errors import KGError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def fail_cleanly(f):
    """Turn library errors into a message and an exit status, never a traceback."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except KGError as e:
            click.echo(f"Error: {e}", err=True)
            if e.hint:
                click.echo(f"  {e.hint}", err=True)
            sys.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted; the previous graph is unchanged.", err=True)
            sys.exit(130)
        except BrokenPipeError:  # the reader went away (kg … | head): stop quietly
            sys.stderr.close()
            sys.exit(141)
        except OSError as e:  # a file or folder the user named cannot be written or read
            where = f": {e.filename}" if e.filename else ""
            click.echo(f"Error: {e.strerror or e}{where}", err=True)
            sys.exit(1)

    return wrapper


#: The module of kg/cli/ that defines each command. A command missing here still runs (every module
#: is then imported); tests/test_scale.py checks that this matches the modules.
COMMAND_MODULES = {
    "build": "core", "ingest": "core", "extract": "core", "query": "core", "stats": "core", "validate": "core",
    "export": "core", "queries": "questions", "search": "questions", "describe": "questions",
    "neighbors": "questions", "path": "questions", "eval": "eval", "analyze": "analysis", "viz": "viz",
    "serve": "serve", "rules": "rules",
}
MODULES = ("core", "eval", "analysis", "viz", "serve", "questions", "rules")


def load_commands(*modules: str) -> None:
    for m in modules or MODULES:
        importlib.import_module(f"{__name__}.{m}")


class _LazyGroup(click.Group):
    """Commands imported when asked for: one module to run a command, all of them to list them."""

    def list_commands(self, ctx):
        load_commands()
        return super().list_commands(ctx)

    def get_command(self, ctx, name):
        if name not in self.commands:
            load_commands(*([COMMAND_MODULES[name]] if name in COMMAND_MODULES else []))
            if name not in self.commands:
                load_commands()
        return super().get_command(ctx, name)


@click.group(cls=_LazyGroup, context_settings=CONTEXT)
@click.option("--store", envvar="KG_STORE", default=None, metavar="PATH|URL",
              help="Where the graph lives: a directory (default .kg) or a SPARQL endpoint URL. Also $KG_STORE.")
@click.version_option(package_name="ordos-kg")
@click.pass_context
def main(ctx, store):
    """Ordos KG: a knowledge graph of Ordos regional development, built from Chinese news.

    \b
    Example:
      kg build seeds/
      kg query 'SELECT ?banner WHERE { ?banner a okg:Banner }'
    """
    ctx.obj = {"store": store}


def _graph(ctx):
    from ..api import KnowledgeGraph

    return KnowledgeGraph(ctx.obj["store"])


class _Bar:
    """A progress bar shown once a step has taken more than a second."""

    def __init__(self, label: str):
        self.label = label
        self.bar = None
        self.t0 = time.monotonic()
        self.done = 0
        self.step: str | None = None
        self.characters: int | None = None

    def __call__(self, step: str, i: int, n: int, characters: int | None = None) -> None:
        if self.step is not None and step != self.step:
            self.close()  # a new step gets a bar of its own
            self.done, self.t0 = 0, time.monotonic()
        self.step = step
        self.characters = characters
        if self.bar is None and time.monotonic() - self.t0 > 1.0 and sys.stderr.isatty():
            self.bar = click.progressbar(length=n, label=f"{self.label}: {step}", file=sys.stderr,
                                         item_show_func=self._rate)
            self.bar.__enter__()
            self.bar.update(i)
            self.done = i
        elif self.bar is not None:
            self.bar.update(i - self.done)
            self.done = i

    def _rate(self, _item=None) -> str:
        """Articles (and characters, where known) per second so far in this step."""
        seconds = max(time.monotonic() - self.t0, 1e-9)
        if self.step != "extracting":
            return ""
        chars = f", {self.characters / seconds:,.0f} characters/s" if self.characters is not None else ""
        return f"{self.done / seconds:.1f} articles/s{chars}"

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _print_report(report, verb: str, location: str, seconds: float) -> None:
    for path, why in report.skipped:
        click.echo(f"Skipped {path}: {why}", err=True)
    for path, doc_id in getattr(report, "unchanged", ()):
        click.echo(f"Unchanged {path}: the graph holds this text already (as {doc_id}); nothing written")
    if getattr(report, "unchanged", None) and not report.documents:
        return
    click.echo(
        f"{verb} {len(report.documents)} document{'s' if len(report.documents) != 1 else ''}: "
        f"{report.entities} entities, {report.relations} statements, {report.quads} triples "
        f"in {location} ({seconds:.1f} s)"
    )


