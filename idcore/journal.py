"""The request journal: what every client sent and what it got back, for tests and for people.

It records method, path, query, body and status of each request outside ``/_control`` — only while the control
API is on (a ``CONTROL_TOKEN`` is set), since ``GET /_control/requests`` is its only reader. It is bounded: it keeps
the last ``JOURNAL_SIZE`` requests (default 1000) and the first ``JOURNAL_BODY_BYTES`` bytes (default 4096) of each
body, and records the body's full size in ``size`` (``truncated`` says when it was cut). Secrets never enter it:
``client_secret``, ``password``, ``client_assertion`` and token values in form bodies and query strings, any
``password``/``secret`` member of a JSON body (a SCIM password, a PATCH of ``password``, Graph's
``passwordProfile``), and WS-Security passwords in SOAP bodies are replaced by ``[REDACTED]``; request headers
(``Authorization``) are not recorded at all. See :mod:`idcore.redact`.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import asdict, dataclass
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import RequestEntityTooLarge

from idcore.clock import isoformat
from idcore.limits import DEFAULTS
from idcore.redact import redact_body, redact_query
from idcore.runtime import clock

__all__ = ["Journal", "JournalEntry", "get_journal", "init_app"]


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
    size: int = 0  # bytes of the whole body as received
    truncated: bool = False  # the body kept here is its first JOURNAL_BODY_BYTES bytes

    def to_dict(self) -> dict[str, Any]:
        """Return the entry as JSON-ready data."""
        return asdict(self)


class Journal:
    """A bounded, thread-safe list of journal entries."""

    def __init__(self, size: int = DEFAULTS["JOURNAL_SIZE"]) -> None:
        self._entries: deque[JournalEntry] = deque(maxlen=max(0, size))
        self._lock = threading.Lock()
        self._seq = 0

    def record(self, **fields: Any) -> None:
        """Append one entry (the oldest falls out when the journal is full)."""
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
    """Record every non-control request of ``app`` while its control API is on."""
    journal = Journal(int(app.config.get("JOURNAL_SIZE") or DEFAULTS["JOURNAL_SIZE"]))
    app.extensions["idcore.journal"] = journal

    @app.after_request
    def _record(response: Response) -> Response:
        if app.config.get("CONTROL_TOKEN") and not request.path.startswith("/_control"):
            limit = int(app.config.get("JOURNAL_BODY_BYTES") or DEFAULTS["JOURNAL_BODY_BYTES"])
            raw = _raw_body()
            redacted = redact_body(raw, request.mimetype)
            journal.record(
                time=isoformat(clock().now()),
                method=request.method,
                path=request.path,
                query=redact_query(request.query_string.decode("latin-1")),
                body=redacted[:limit].decode("utf-8", "replace"),
                status=response.status_code,
                size=len(raw),
                truncated=len(redacted) > limit,
            )
        return response

    return journal


def _raw_body() -> bytes:
    """Return the request body (empty when it was refused for its size)."""
    try:
        return request.get_data(cache=True)
    except RequestEntityTooLarge:
        return b""


def get_journal(app: Flask) -> Journal:
    """Return the journal of ``app``."""
    return app.extensions["idcore.journal"]
