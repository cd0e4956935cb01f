"""The Python API: a KnowledgeGraph over a store, used by the CLI and the notebooks alike."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .dates import document_date, is_iso_day
from .errors import DocumentError, KGError, NoGraphError
from .store import open_store

TEXT_SUFFIXES = {".txt", ".md", ".text", ".html", ".htm"}
MANIFEST = "manifest.json"

Progress = Callable[..., None]  # progress(step, done, total), and the characters done while extracting in workers


@dataclass
class BuildReport:
    """What a build or ingest did: documents read, skipped (with why), and what came out."""

    documents: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    unchanged: list[tuple[str, str]] = field(default_factory=list)  # (path, id of the stored document with its text)
    entities: int = 0
    relations: int = 0
    quads: int = 0


def find_documents(paths: Iterable[str | Path]) -> list[Path]:
    """Files to read: each file given, and the text files in each directory given."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES
                              and not f.name.upper().startswith("README")))  # a folder's README is not an article
        else:
            out.append(p)
    return out


def read_manifest(paths: Iterable[Path]) -> dict[str, dict]:
    """Titles, sources, scripts and publication dates from a manifest.json beside the documents, by file name."""
    meta: dict[str, dict] = {}
    for folder in {p.parent for p in paths}:
        f = folder / MANIFEST
        if f.exists():
            try:
                data = json.loads(f.read_text(encoding="utf-8"))
            except (OSError, ValueError) as e:
                raise DocumentError(f"{f}: not a readable manifest ({e})") from e
            entries = data.get("documents") if isinstance(data, dict) else None
            if not isinstance(entries, list) or not all(isinstance(x, dict) and isinstance(x.get("file"), str) for x in entries):
                raise DocumentError(f'{f}: a manifest is {{"documents": [{{"file": ..., "title": ..., "source": ..., "script": ...}}]}}')
            for entry in entries:
                published = entry.get("published")
                if published is not None and not is_iso_day(published):
                    raise DocumentError(f"{f}: {entry['file']}: published must be a date written YYYY-MM-DD, "
                                        f"not {json.dumps(published, ensure_ascii=False)}")
                meta[str(folder / entry["file"])] = {
                    "title": entry.get("title"),
                    "source_line": entry.get("source"),
                    "script": entry.get("script"),
                    "published": published,
                }
    return meta


def read_one(path: str | Path, meta: dict | None = None):
    """One document with what its manifest entry says, and its publication date (DocumentError if unreadable)."""
    from .read import read_document

    from .stories import Fingerprint

    doc = read_document(path, doc_id=(meta or {}).get("id"), meta=meta)  # the id kg/identity.py gave it
    doc.published = document_date(doc, (meta or {}).get("published"))  # type: ignore[attr-defined]
    doc.fingerprint = Fingerprint(doc.text)  # type: ignore[attr-defined]  # to find reposts by
    return doc


def read_documents(paths: Iterable[str | Path], report: BuildReport, progress: Progress | None = None,
                   existing: dict[str, str] | None = None):
    """Read every document it can; name each one it cannot, with the reason, and go on.
    Ids never collide (kg/identity.py); `existing`: id -> source path of the documents in the graph."""
    from .identity import plan

    found = find_documents(paths)
    files, meta, skipped = plan(found, read_manifest(found), existing)
    report.skipped.extend(skipped)
    docs = []
    seen_ids: dict[str, str] = {}
    for i, f in enumerate(files):
        if progress:
            progress("read", i, len(files))
        try:
            doc = read_one(f, meta.get(str(f)))
        except DocumentError as e:
            report.skipped.append((str(f), str(e).split(": ", 1)[-1]))
            continue
        if doc.id in seen_ids:
            report.skipped.append((str(f), f"same document id '{doc.id}' as {seen_ids[doc.id]}"))
            continue
        seen_ids[doc.id] = str(f)
        docs.append(doc)
        report.documents.append(str(f))
    return docs


def extract(paths: Iterable[str | Path], progress: Progress | None = None, jobs: int | None = None,
            published: dict[str, str] | None = None):
    """Read and extract documents without touching any store: an Extraction (SPEC's JSON via .to_json()).
    Past a few batches of documents, `jobs` worker processes (default: one per core) read and extract.
    `published`: publication dates (YYYY-MM-DD) by document id, for documents whose manifest and text give none."""
    from .extraction import extract_documents
    from .parallel import BATCH, default_jobs, extract_files
    from .resolve import resolve
    from .stories import stories

    report = BuildReport()
    paths = list(paths)
    files = find_documents(paths)
    jobs = jobs or default_jobs()
    if jobs > 1 and len(files) > 2 * BATCH:
        from .identity import plan

        files, meta, skipped = plan(files, read_manifest(files))
        report.skipped.extend(skipped)
        for f in files if published else ():
            from .read import document_id

            if document_id(Path(f)) in published and not (meta.get(str(f)) or {}).get("published"):
                meta[str(f)] = {**(meta.get(str(f)) or {}), "published": published[document_id(Path(f))]}
        facts = extract_files(files, meta, report, min(jobs, len(files) // BATCH), progress)
    else:
        docs = read_documents(paths, report, progress)
        for d in docs if published else ():
            d.published = d.published or published.get(d.id)  # type: ignore[attr-defined]
        facts = extract_documents(docs, progress) if docs else []
    if not facts:
        raise DocumentError(_nothing_read(report))
    ex = resolve(facts)
    ex.stories = stories({df.doc.id: df.doc.fingerprint for df in facts})
    ex.report = report  # type: ignore[attr-defined]
    return ex


def _nothing_read(report: BuildReport) -> str:
    if not report.skipped:
        return "no documents found"
    return "no document could be read: " + "; ".join(f"{p}: {why}" for p, why in report.skipped)


class KnowledgeGraph:
    """The knowledge graph in one store: build it, grow it, ask it.

    >>> kg = KnowledgeGraph()                # .kg/ here, or $KG_STORE
    >>> kg.build(["seeds/"])
    >>> kg.rows("SELECT ?b WHERE { ?b a okg:Banner }")
    """

    def __init__(self, store: str | None = None):
        self.store = open_store(store)

    @property
    def location(self) -> str:
        return self.store.location

    # ------------------------------------------------------------ writing

    def build(self, paths: Iterable[str | Path], progress: Progress | None = None, jobs: int | None = None) -> BuildReport:
        """Replace the graph with one built from these documents, atomically (`jobs`: worker processes)."""
        from .graph import iter_quads
        from .ingest import all_entities

        with _writer(self.store):  # an ingest meanwhile would be lost when this graph replaces it
            ex = extract(paths, progress, jobs)
            quads = _Counted(iter_quads(ex))  # streamed into the store, never all in memory at once
            self.store.replace(quads, entities=all_entities(ex))
        return _report(ex, quads)

    def ingest(self, paths: Iterable[str | Path], progress: Progress | None = None) -> BuildReport:
        """Add documents to the graph, merging their entities into those already there; only what
        they change is written, in one transaction (kg/ingest.py). An article whose text the graph
        holds already is left alone (listed in the report's `unchanged`); one ingested again from
        its path with a new text replaces its earlier version."""
        from .ingest import ingest

        if not self.store.exists():
            raise NoGraphError(f"no graph at {self.location} to add to", hint="build one first: kg build DIR")
        with _writer(self.store):  # from reading the graph's entities to making the new graph current
            return ingest(self.store, paths, progress)

    # ------------------------------------------------------------ reading

    def query(self, sparql: str, **bindings):
        """Run SPARQL; values of `bindings` are bound to variables of the same name, safely."""
        from .sparql.terms import to_term

        return self.store.query(sparql, {k: to_term(v) for k, v in bindings.items()})

    def rows(self, sparql: str, **bindings) -> list[dict]:
        """SELECT results as a list of dicts of Python values."""
        from .sparql.terms import solutions_to_rows

        return solutions_to_rows(self.query(sparql, **bindings))

    def dataframe(self, sparql: str, **bindings):
        """SELECT results as a pandas DataFrame (numbers as numbers, labels as text)."""
        import pandas as pd

        return pd.DataFrame(self.rows(sparql, **bindings))

    def question(self, name: str, **params):
        """A ready question (`kg queries` lists them) as a DataFrame; parameters are bound safely.

        >>> kg.question("projects-in-banner", banner="鄂旗")
        """
        import pandas as pd

        from .sparql.questions import rows

        return pd.DataFrame(rows(self.store, name, **params))

    def stats(self) -> dict:
        from .sparql.questions import stats

        return stats(self.store)

    # ------------------------------------------------------------ analysis and views

    def to_networkx(self):
        """The graph as a networkx MultiDiGraph: nodes with labels and types, edges named by relation."""
        from .network import to_networkx

        return to_networkx(self)

    def banners(self):
        """Per-banner summary (projects, organisations, stated investment, sectors) as a DataFrame."""
        import pandas as pd

        from .analysis.banners import banner_table

        return pd.DataFrame(banner_table(self)).set_index("banner")

    def show(self, **view):
        """An interactive pyvis view for a notebook cell (offline): entity=, depth=, banner=, types=."""
        from .view.notebook import show

        return show(self, **view)


def _writer(store):
    """The store's writer lock for a whole build or ingest (one at a time; the second is told so)."""
    from contextlib import nullcontext

    writer = getattr(store, "writer", None)
    return writer() if writer else nullcontext()


class _Counted:
    """An iterator that counts what passes through it."""

    def __init__(self, items):
        self.items = iter(items)
        self.n = 0

    def __iter__(self):
        for x in self.items:
            self.n += 1
            yield x

    def __len__(self) -> int:
        return self.n


def _report(ex, quads) -> BuildReport:
    r: BuildReport = ex.report
    r.entities = len(ex.entities)
    r.relations = len(ex.relations)
    r.quads = len(quads)
    return r


__all__ = ["KnowledgeGraph", "BuildReport", "extract", "KGError"]
