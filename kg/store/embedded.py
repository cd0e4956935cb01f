"""The embedded store: Oxigraph on disk, replaced atomically.

Layout of the store directory (.kg/ by default):

    current -> stores/<name>     the graph queries see (a symlink)
    stores/<name>/               Oxigraph (RocksDB) databases

    stores/<name>.names.sqlite   its names index (kg/store/names.py)

A build writes a whole new database beside the current one and then swings the
`current` link over with one rename, so a build that fails or is killed leaves
the previous graph as it was. An ingest does the same on a checkpoint of the
current database: RocksDB's files are immutable and the checkpoint hard-links
them, so it costs about the same at 100 articles as at 10,000; the ingest's change
is written into it in one transaction (one SPARQL update) and the link swung over.
Readers (`kg serve`) never see a database while it is written.
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
from . import Change, update_text


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

        The query is checked first (kg/sparql/check.py): updates, SERVICE and queries past the size
        and nesting bounds are refused. `timeout` is for remote stores; here the caller bounds the
        time (kg.sparql.sandbox.bounded), since an embedded query cannot be cancelled.
        """
        from ..sparql.check import check, syntax_message
        from ..sparql.substitute import substitute
        from ..sparql.text import bind
        from ..vocab import PREFIXES

        check(sparql)
        store = self._open_read()
        text = substitute(sparql, bindings or {}) or bind(sparql, bindings or {})  # constants where they mean the same
        try:
            return store.query(text, use_default_graph_as_union=True, prefixes=PREFIXES)
        except SyntaxError as e:
            raise QueryError(syntax_message(str(e), sparql)) from e
        except (OSError, RuntimeError) as e:
            raise self.read_error(e) from e

    def pattern(self, subject=None, predicate=None, object=None, graph=None):
        """The quads that match a pattern (None matches anything), read from the store's indexes."""
        try:
            yield from self._open_read().quads_for_pattern(subject, predicate, object, graph)
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
        from .names import index_path

        keep = keep.resolve()
        for d in (self.root / "stores").iterdir():
            if d.resolve() not in (keep, index_path(keep)):
                _remove(d)

    def names(self):
        """The names index of the current graph (kg/store/names.py): its file, read-only, or one
        made in memory from the graph when it has none."""
        from .names import NameIndex, index_from_graph, index_path

        path = index_path(self.current.resolve())
        if path.exists():
            return NameIndex(path, read_only=True)
        return index_from_graph(self)

    def replace(self, quads, entities=None) -> None:
        """Make a new graph of `quads` and make it current, atomically; `entities` (all of the
        graph's, kg.resolve.Entity) go into its names index."""
        from pyoxigraph import Store

        from .names import NameIndex, index_path

        self.close()
        with self._writing():
            new = self._new_dir("build")
            try:
                store = Store(str(new))
                store.bulk_extend(quads)
                store.flush()
                store.optimize()
                del store
                if entities is not None:
                    NameIndex.create(index_path(new), entities).close()
            except BaseException:
                _remove(new)
                _remove(index_path(new))
                raise
            self._swap(new)

    def apply(self, change: Change) -> None:
        """Write what an ingest changes (kg/store/__init__.py `Change`) into a checkpoint of the
        current graph in one transaction, update a copy of the names index, make both current."""
        from pyoxigraph import Store

        from .names import index_path

        with self._writing():
            old = self._open_read()
            new = self._new_dir("ingest")
            try:
                old.backup(str(new))
                self.close()
                store = Store(str(new))
                store.update(update_text(change))
                store.flush()
                del store
                if change.index is not None:
                    index = change.index.copy_to(index_path(new))
                    index.update(change.entities, change.orphans)
                    index.close()
            except BaseException:
                _remove(new)
                _remove(index_path(new))
                raise
            self._swap(new)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except OSError:
            pass
