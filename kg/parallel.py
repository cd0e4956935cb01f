"""Reading and extraction in worker processes, for corpora larger than a handful of articles.

Files go to the workers in batches; each worker loads the tagger once and reads and extracts
its batch; results come back in the order of the files, so the graph is the same whatever the
number of workers. Resolution, which needs every article, stays in the calling process.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

from .errors import DocumentError

#: Documents per batch: big enough that the tagger's batches fill up, small enough for an even spread.
BATCH = 8


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _worker_start() -> None:
    """One ONNX Runtime thread per worker: the workers are the parallelism, and more threads than
    cores only make them wait for each other."""
    import onnxruntime as ort

    session = ort.InferenceSession

    def one_thread(*args, **kwargs):
        if len(args) < 2 and "sess_options" not in kwargs:
            options = ort.SessionOptions()
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            kwargs["sess_options"] = options
        return session(*args, **kwargs)

    ort.InferenceSession = one_thread


def _read_and_extract(batch: list[tuple[str, dict | None]]) -> list[tuple[str, object]]:
    """(path, DocumentFacts) for each file read, (path, the reason) for each that could not be."""
    from .api import read_one
    from .extraction import extract_documents

    docs, out = [], []
    for path, meta in batch:
        try:
            docs.append(read_one(path, meta))
            out.append((path, None))
        except DocumentError as e:
            out.append((path, str(e).split(": ", 1)[-1]))
    facts = iter(extract_documents(docs)) if docs else iter(())
    return [(path, why if why is not None else next(facts)) for path, why in out]


def extract_files(files: list[Path], meta: dict[str, dict], report, jobs: int, progress=None) -> list:
    """DocumentFacts of every file that can be read, in file order, extracted by `jobs` workers.
    Files that cannot be read, and second files with an id already taken, go to `report.skipped`.
    `progress(step, done, total, characters)` is told as batches come back."""
    tasks = [[(str(f), meta.get(str(f))) for f in files[i:i + BATCH]] for i in range(0, len(files), BATCH)]
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    out = []
    seen_ids: dict[str, str] = {}
    chars = 0
    with multiprocessing.get_context(method).Pool(jobs, initializer=_worker_start) as pool:
        for results in pool.imap(_read_and_extract, tasks):
            for path, r in results:
                if isinstance(r, str):
                    report.skipped.append((path, r))
                    continue
                if r.doc.id in seen_ids:
                    report.skipped.append((path, f"same document id '{r.doc.id}' as {seen_ids[r.doc.id]}"))
                    continue
                seen_ids[r.doc.id] = path
                report.documents.append(path)
                chars += len(r.doc.raw)
                out.append(r)
            if progress:
                done = len(report.documents) + len(report.skipped)
                progress("extracting", done, len(files), chars)
    return out
