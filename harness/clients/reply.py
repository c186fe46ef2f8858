"""What one exchange gave back: a ``Reply`` (status and body, or the transport error that replaced them).

Shared by the channel that sends (``harness.clients.http``), the retry rule that reads it
(``harness.clients.retry``) and every client; a failed source read raises ``ReadError`` carrying its reply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from harness.errors import RunError

__all__ = ["CONNECTION_ERROR", "TIMEOUT", "ReadError", "Reply"]

TIMEOUT = "Timeout"
CONNECTION_ERROR = "ConnectionError"


@dataclass
class Reply:
    """What came back from one exchange: a status and a parsed body, or the transport error that replaced them."""

    method: str
    url: str
    status: int | None
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)
    error: str | None = None
    text: str = ""

    @property
    def ok(self) -> bool:
        """Return True for a 2xx answer."""
        return self.status is not None and 200 <= self.status < 300

    @property
    def timed_out(self) -> bool:
        """Return True when no answer came in time."""
        return self.error == TIMEOUT

    @property
    def dropped(self) -> bool:
        """Return True when the connection failed or was dropped."""
        return self.error == CONNECTION_ERROR

    def header(self, name: str) -> str | None:
        """Return a response header, case-insensitively."""
        lowered = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == lowered), None)

    def detail(self) -> str:
        """Return the server's own explanation (SCIM ``detail``, Graph ``error.message``) or the raw text."""
        if self.error:
            return self.error
        body = self.body
        if isinstance(body, dict):
            if isinstance(body.get("detail"), str):
                return body["detail"]
            error = body.get("error")
            if isinstance(error, dict):
                message = error.get("message")
                if isinstance(message, dict):
                    message = message.get("value")
                if message:
                    return str(message)
        return self.text[:500]


class ReadError(RunError):
    """A read from a source system that failed; ``reply`` is the exchange."""

    def __init__(self, message: str, reply: Reply) -> None:
        super().__init__(message)
        self.reply = reply
