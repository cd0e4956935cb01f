"""The embedded store: Oxigraph on disk, replaced atomically.

Layout of the store directory (.kg/ by default):

    current -> stores/<name>     the graph queries see (a symlink)
    stores/<name>/               Oxigraph (RocksDB) databases

A build writes a whole new database beside the current one and then swings the
`current` link over with one rename, so a build that fails or is killed leaves
the previous graph as it was. An ingest does the same on a backup copy.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from ..errors import DamagedStoreError, NoGraphError, QueryError, StoreError
from . import DROP_ORPHANS


class EmbeddedStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.location = str(root)
        self._store = None
        self._lock = None

    # ------------------------------------------------------------ reading

    @property
    def current(self) -> Path:
        return self.root / "current"

    def exists(self) -> bool:
        return self.current.exists()

    def _open_read(self):
        if self._store is None:
            if not self.root.exists():
                raise NoGraphError(f"no graph at {self.root}/")
            if not self.current.exists():
                raise NoGraphError(f"{self.root}/ holds no graph (no finished build)")
            from pyoxigraph import Store

            try:
                self._store = Store.read_only(str(self.current.resolve()))
            except (OSError, RuntimeError) as e:
                raise self.read_error(e, f"{self.root}/ is not a readable Ordos KG store") from e
        return self._store

    def read_error(self, e: BaseException, what: str | None = None) -> StoreError:
        """The error to report for a failure reading the store: a damaged store says so and how to mend it."""
        text = " ".join(str(e).split())
        if "corrupt" in text.lower():
            why = ":".join(text.split(" The file ")[0].split(":")[:2]).strip()
            file = re.search(r"\b(\d+\.sst|\d+\.log|MANIFEST-\d+|CURRENT|OPTIONS-\d+)\b", text)
            return DamagedStoreError(f"the graph in {self.root}/ is damaged: {why}"
                                     + (f" (in {file.group(1)})" if file else ""))
        return StoreError(f"{what or f'cannot read the store at {self.root}/'}: {text}")

    def query(self, sparql: str, bindings: dict | None = None, timeout: float | None = None):
        """Run SPARQL over the union of all graphs. Returns pyoxigraph results.

        The query is checked first (kg/sparql_check.py): updates, SERVICE and queries past the size
        and nesting bounds are refused. `timeout` is for remote stores; here the caller bounds the
        time (kg.sandbox.bounded), since an embedded query cannot be cancelled.
        """
        from ..namespaces import PREFIXES
        from ..query import bind
        from ..sparql_check import check, syntax_message

        check(sparql)
        store = self._open_read()
        text = bind(sparql, bindings or {})
        try:
            return store.query(text, use_default_graph_as_union=True, prefixes=PREFIXES)
        except SyntaxError as e:
            raise QueryError(syntax_message(str(e), sparql)) from e
        except (OSError, RuntimeError) as e:
            raise self.read_error(e) from e

    def close(self) -> None:
        self._store = None

    # ------------------------------------------------------------ writing

    @contextmanager
    def writer(self):
        """Hold the store's writer lock: one build or ingest at a time, from its first read of the graph
        to its swap, so that none overwrites what another reported done. A second one is told so at
        once (a lock file with flock: a killed writer leaves no stale lock). Re-entrant."""
        if self._lock is not None:
            yield
            return
        try:
            (self.root / "stores").mkdir(parents=True, exist_ok=True)
            lock = open(self.root / ".lock", "w")
        except OSError as e:
            raise StoreError(f"cannot write a store at {self.root}: {e.strerror or e}") from e
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            raise StoreError(f"another build or ingest is writing to {self.root}/; nothing was changed",
                             hint="wait for it to finish, then run this again") from None
        self._lock = lock
        try:
            yield
        finally:
            self._lock = None
            fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()

    @contextmanager
    def _writing(self):
        with self.writer():
            try:
                yield
            except RuntimeError as e:  # pyoxigraph reports storage failures as RuntimeError
                raise StoreError(f"writing the store at {self.root}/ failed: {e}") from e

    def _new_dir(self, kind: str) -> Path:
        stores = self.root / "stores"
        return stores / f"{kind}-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"

    def _swap(self, new: Path) -> None:
        """Point `current` at `new` in one rename, then drop databases nobody points at."""
        link = self.root / f".current-{os.getpid()}"
        if link.is_symlink() or link.exists():
            link.unlink()
        os.symlink(os.path.relpath(new, self.root), link)
        os.replace(link, self.current)
        self._cleanup(keep=new)

    def _cleanup(self, keep: Path) -> None:
        stores = self.root / "stores"
        for d in stores.iterdir():
            if d.resolve() != keep.resolve():
                shutil.rmtree(d, ignore_errors=True)

    def replace(self, quads) -> None:
        """Make a new graph of `quads` and make it current, atomically."""
        from pyoxigraph import Store

        self.close()
        with self._writing():
            new = self._new_dir("build")
            try:
                store = Store(str(new))
                store.bulk_extend(quads)
                store.flush()
                store.optimize()
                del store
            except BaseException:
                shutil.rmtree(new, ignore_errors=True)
                raise
            self._swap(new)

    def update_documents(self, doc_ids: list[str], quads) -> None:
        """Copy the current graph, drop these documents' graphs, add `quads`, make it current."""
        from pyoxigraph import Store

        from ..graph import document_graph

        with self._writing():
            old = self._open_read()
            new = self._new_dir("ingest")
            try:
                old.backup(str(new))
                self.close()
                store = Store(str(new))
                for doc_id in doc_ids:
                    g = document_graph(doc_id)
                    if store.contains_named_graph(g):
                        store.remove_graph(g)
                store.extend(quads)
                store.update(DROP_ORPHANS)
                store.flush()
                del store
            except BaseException:
                shutil.rmtree(new, ignore_errors=True)
                raise
            self._swap(new)
