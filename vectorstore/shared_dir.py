"""One embedded Chroma folder used by several processes at once (`bitan serve` answering while
`bitan ingest`/`remove` run on the same --data-dir): a write lock and a change stamp.

Embedded Chroma keeps each collection's HNSW index, and its map from ids to index labels, in
the memory of every process that opened it, and never rereads what another process wrote. So
after another process writes, a long-running process misses the new passages in its vector
searches, and a filtered search that matches one fails with ``InternalError: Error finding id``.
Hence: a process writes only while it holds the lock, and leaves a new stamp when it starts and
when it is done; a process that finds a stamp other than the one it opened the folder with
opens a fresh client (``ChunkStore.refresh``), under the lock, so it never loads files that a
writer is halfway through.
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

log = logging.getLogger(__name__)

LOCK_FILE = "bitan-write.lock"
STAMP_FILE = "bitan-stamp"


class LockBusy(TimeoutError):
    """Another process held the write lock for longer than the caller would wait."""


class SharedDir:
    """The write lock and change stamp of one Chroma folder (kept inside it)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        # The file lock excludes other processes; the mutex, other threads of this one (and
        # makes the lock re-entrant: a writer may call another writer).
        self._file_lock = FileLock(path / LOCK_FILE, thread_local=False)
        self._mutex = threading.RLock()
        self._depth = 0
        self._stamp_file = path / STAMP_FILE

    def stamp(self) -> str:
        """The stamp the last writer left ("" before any)."""
        try:
            return self._stamp_file.read_text(encoding="ascii").strip()
        except OSError:
            return ""

    def new_stamp(self) -> str:
        """Leave a new stamp (call while holding the lock) and return it."""
        stamp = uuid.uuid4().hex
        tmp = self._stamp_file.with_name(f".{STAMP_FILE}-{os.getpid()}")
        tmp.write_text(stamp, encoding="ascii")
        os.replace(tmp, self._stamp_file)
        return stamp

    @contextmanager
    def holding(self, timeout: float | None = None) -> Iterator[bool]:
        """Hold the lock (waiting at most ``timeout`` seconds, else raise LockBusy); yields
        True for the outermost hold of this process, False for a nested one."""
        wait = -1 if timeout is None else timeout
        if not self._mutex.acquire(timeout=wait):
            raise LockBusy(f"another thread is writing to {self.path}")
        try:
            outermost = self._depth == 0
            if outermost:
                try:
                    self._file_lock.acquire(timeout=0.2 if timeout is None else timeout)
                except Timeout:
                    if timeout is not None:
                        raise LockBusy(f"another process is writing to {self.path}") from None
                    log.warning("waiting for another process writing to %s", self.path)
                    self._file_lock.acquire()
            self._depth += 1
            try:
                yield outermost
            finally:
                self._depth -= 1
                if outermost:
                    self._file_lock.release()
        finally:
            self._mutex.release()
