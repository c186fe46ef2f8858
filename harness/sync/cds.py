"""The connector data store as a cycle uses it: the job's links, written in batches, safe for parallel writers.

The per-object pipeline records a link on every create and match and forgets it on a delete
(``harness.pipeline.action``); a cycle of 100k objects must not pay one transaction per link. ``BufferedLinks``
has the ``LinkStore`` interface the pipeline calls (``record``, ``get``, ``forget``), keeps the writes in memory
under a lock and hands them to the store in one transaction per batch (``flush``, called by the cycle). A read
sees the buffered writes first. Scope markers (``mark_scope``) are buffered the same way.
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any

from harness.logs.links import Link, LinkStore
from harness.sync.state import SyncStore

__all__ = ["BufferedLinks"]

_FORGOTTEN = None


class BufferedLinks:
    """A write-behind view of a ``LinkStore`` (and of the sync store's scope markers) for one job."""

    def __init__(self, links: LinkStore, state: SyncStore, key: str, clock_now: Any) -> None:
        self.links = links
        self.state = state
        self.key = key
        self.now = clock_now
        self._lock = threading.Lock()
        self._writes: dict[tuple[str, str], Link | None] = {}
        self._scope: dict[tuple[str, str], bool] = {}
        self._read: dict[tuple[str, str], Link | None] = {}  # the links of the objects being worked on

    # -- the LinkStore interface the pipeline calls ----------------------------------------------------------

    def record(self, key: str, object_type: str, source_id: str, target_id: str, seen: datetime) -> None:
        """Buffer a link (``key`` is the job's; a cycle serves one job)."""
        with self._lock:
            self._writes[(object_type, source_id)] = Link(target_id, seen)

    def get(self, key: str, object_type: str, source_id: str) -> Link | None:
        """Return the link of ``source_id``: buffered writes first, then what ``prefetch`` read, then the store."""
        with self._lock:
            if (object_type, source_id) in self._writes:
                return self._writes[(object_type, source_id)]
            if (object_type, source_id) in self._read:
                return self._read[(object_type, source_id)]
        return self.links.get(self.key, object_type, source_id)

    def prefetch(self, object_type: str, source_ids: list[str]) -> None:
        """Read the links of the objects about to be worked on in one query (replacing the last page's)."""
        found = self.links.get_many(self.key, object_type, source_ids)
        with self._lock:
            self._read = {(object_type, s): found.get(s) for s in source_ids}

    def forget(self, key: str, object_type: str, source_id: str) -> None:
        """Buffer the removal of a link."""
        with self._lock:
            self._writes[(object_type, source_id)] = _FORGOTTEN

    # -- scope markers ---------------------------------------------------------------------------------------

    def mark_scope(self, object_type: str, source_id: str, in_scope: bool) -> None:
        """Buffer whether an object was found in scope."""
        with self._lock:
            self._scope[(object_type, source_id)] = in_scope

    def in_scope(self, object_type: str, source_ids: list[str]) -> set[str]:
        """Return which of ``source_ids`` are in scope (buffered markers first)."""
        self.flush()
        return self.state.in_scope(self.key, object_type, source_ids)

    def pending(self) -> int:
        """Return how many writes wait for the next flush."""
        with self._lock:
            return len(self._writes) + len(self._scope)

    def flush(self) -> None:
        """Write the buffered links and scope markers, one transaction per kind."""
        with self._lock:
            writes, self._writes = self._writes, {}
            scope, self._scope = self._scope, {}
            for slot in writes.keys() & self._read.keys():
                self._read[slot] = writes[slot]  # what was read before is stale once written
        for object_type in {t for t, _ in writes}:
            kept = {s: link.target_id for (t, s), link in writes.items() if t == object_type and link}
            gone = [s for (t, s), link in writes.items() if t == object_type and link is None]
            self.links.record_many(self.key, object_type, kept, self.now())
            if gone:
                self.links.forget_many(self.key, object_type, gone)
        self.state.set_scope(self.key, [(t, s, flag) for (t, s), flag in scope.items()])
