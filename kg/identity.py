"""Which document is which: ids that stay readable and stable and never collide.

A document's id is its file name without the extension, made IRI-safe (`003_91b04151e7e4191c`),
as long as no other document has it: the seeds, the gold files and `kg extract` name documents
that way. Where two sources share that stem (`a/article.txt` and `b/article.txt`, or `x y.txt`
and `x_y.txt`, both `x_y`), the first keeps it and each later one gets the first eight hex
digits of the SHA-256 of its bytes as a suffix (`article-3f2a9c1e`). Identity comes from the
content: the same bytes read twice in one build are read once; an ingested text equal to one
already in the graph replaces it under its id; and an article ingested again from the path it
was first read from replaces its earlier version. The path is kept as data (okg:sourcePath).
See docs/rdf-model.md.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def stem_id(path: str | Path) -> str:
    from .read import document_id

    return document_id(Path(path))


def file_hash(path: str | Path) -> str:
    """SHA-256 of the file's bytes ('' when it cannot be read: the reader reports why)."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return ""
    return h.hexdigest()


def same_path(a: str, b: str) -> bool:
    return os.path.normpath(os.path.abspath(a)) == os.path.normpath(os.path.abspath(b))


def plan(files: list[Path], meta: dict[str, dict], existing: dict[str, str] | None = None):
    """(files to read, meta with an "id" for each, [(file, why skipped)]).

    `existing`: id -> source path of the documents already in the graph (for an ingest)."""
    existing = dict(existing or {})
    taken: dict[str, str] = dict(existing)
    hashes: dict[str, str] = {}
    keep, skipped = [], []
    meta = dict(meta)
    for f in files:
        key, h = str(f), file_hash(f)
        if h and h in hashes:
            skipped.append((key, f"the same text as {hashes[h]}"))
            continue
        if h:
            hashes[h] = key
        stem = stem_id(f)
        doc_id = stem
        if stem in taken and not (stem in existing and same_path(existing[stem], key)):
            doc_id = f"{stem}-{h[:8] or 'x'}"
            if doc_id in taken and not (doc_id in existing and same_path(existing[doc_id], key)):
                doc_id = f"{stem}-{h[:16]}"
        taken[doc_id] = key
        meta[key] = dict(meta.get(key) or {}, id=doc_id)
        keep.append(f)
    return keep, meta, skipped
