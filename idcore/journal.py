"""The request journal: what every client sent and what it got back, for tests and for people.

It records method, path, query, body and status of each request outside ``/_control``, in a bounded deque per
app, so a suite can assert exactly what Entra would have sent.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import asdict, dataclass
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import RequestEntityTooLarge

from idcore.clock import isoformat
from idcore.runtime import clock

__all__ = ["Journal", "JournalEntry", "get_journal", "init_app"]

MAX_BODY = 64 * 1024


@dataclass(frozen=True)
class JournalEntry:
    """One request and the status it was answered with."""

    seq: int
    time: str
    method: str
    path: str
    query: str
    body: str
    status: int

    def to_dict(self) -> dict[str, Any]:
        """Return the entry as JSON-ready data."""
        return asdict(self)


class Journal:
    """A bounded, thread-safe list of journal entries."""

    def __init__(self, size: int = 10_000) -> None:
        self._entries: deque[JournalEntry] = deque(maxlen=size)
        self._lock = threading.Lock()
        self._seq = 0

    def record(self, **fields: Any) -> None:
        """Append one entry."""
        with self._lock:
            self._seq += 1
            self._entries.append(JournalEntry(seq=self._seq, **fields))

    def entries(self) -> list[JournalEntry]:
        """Return the entries, oldest first."""
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()


def init_app(app: Flask) -> Journal:
    """Record every non-control request of ``app``."""
    journal = Journal(int(app.config.get("JOURNAL_SIZE", 10_000)))
    app.extensions["idcore.journal"] = journal

    @app.after_request
    def _record(response: Response) -> Response:
        if not request.path.startswith("/_control"):
            body = _body_text()
            journal.record(
                time=isoformat(clock().now()),
                method=request.method,
                path=request.path,
                query=request.query_string.decode("latin-1"),
                body=body,
                status=response.status_code,
            )
        return response

    return journal


def _body_text() -> str:
    """Return the request body as text (empty when it was refused for its size)."""
    try:
        return request.get_data(cache=True)[:MAX_BODY].decode("utf-8", "replace")
    except RequestEntityTooLarge:
        return ""


def get_journal(app: Flask) -> Journal:
    """Return the journal of ``app``."""
    return app.extensions["idcore.journal"]
